//! A vCard reader for files as exporters write them: 2.1, 3.0 and 4.0, bytes in. It unfolds
//! lines on bytes (so a fold inside a multi-byte character heals), decodes quoted-printable and
//! per-property charsets, unescapes by version, skips binary properties, and reports what it
//! could not read per card instead of dropping it silently.

use super::charset::{self, Charsets};
use crate::msg;
use crate::words::Msg;

/// One property of a card, decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Property {
    /// Upper-case name, without group ("TEL").
    pub name: String,
    /// Parameters: upper-case name and its values (bare 2.1 parameters are TYPE values).
    pub params: Vec<(String, Vec<String>)>,
    /// The value, decoded and unescaped.
    pub value: String,
}

impl Property {
    pub fn param<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.params.iter().filter(move |(n, _)| n == name).flat_map(|(_, v)| v.iter().map(String::as_str))
    }

    /// TYPE values, lower-case ("cell", "work", …).
    pub fn types(&self) -> Vec<String> {
        self.param("TYPE").flat_map(|t| t.split(',')).map(|t| t.trim().to_ascii_lowercase()).filter(|t| !t.is_empty()).collect()
    }

    /// The value split at unescaped `;` (already unescaped: see [`Card`]); components trimmed.
    /// (A list value, CATEGORIES, has its unescaped commas as U+0002.)
    pub fn components(&self) -> Vec<String> {
        self.value.split('\u{1}').map(|c| c.trim().to_string()).collect()
    }
}

/// A card: its properties in order and what went wrong reading it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    pub version: String,
    pub properties: Vec<Property>,
    /// Lines that could not be read, properties skipped, charsets guessed (with line numbers).
    pub warnings: Vec<Msg>,
    /// The line the card starts on (1-based).
    pub line: usize,
}

impl Card {
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    /// FN, or "" when absent.
    pub fn formatted_name(&self) -> String {
        self.get("FN").map(|p| p.value.trim().to_string()).unwrap_or_default()
    }

    /// N's five parts (family, given, additional, prefixes, suffixes) padded to five; empty
    /// when the card has no N.
    pub fn name_parts(&self) -> Vec<String> {
        let Some(n) = self.get("N") else { return Vec::new() };
        let mut parts = n.components();
        parts.resize(parts.len().max(5), String::new());
        parts
    }
}

/// What reading a file gave: the cards, and problems outside any card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    pub cards: Vec<Card>,
    pub problems: Vec<Msg>,
}

/// Properties whose values are binary or large: skipped, with a warning.
const BINARY: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];
/// Properties whose values are structured (`;`-separated components).
const STRUCTURED: [&str; 4] = ["N", "ADR", "ORG", "GENDER"];

/// Splits into physical lines: LF ends a line; any CRs before it go (CRLF, CR CR LF). A lone
/// CR inside a line stays (Thunderbird writes them in values).
fn physical_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
        .into_iter()
        .map(|mut l| {
            while let [rest @ .., b'\r'] = l {
                l = rest;
            }
            l
        })
        .collect()
}

fn is_qp(head: &[u8]) -> bool {
    let upper = head.to_ascii_uppercase();
    upper.windows(16).any(|w| w == b"QUOTED-PRINTABLE")
}

fn is_base64(head: &[u8]) -> bool {
    let upper = head.to_ascii_uppercase();
    upper.windows(15).any(|w| w == b"ENCODING=BASE64") || upper.windows(10).any(|w| w == b"ENCODING=B") || upper.windows(7).any(|w| w == b";BASE64")
}

/// The part of a content line before its value's colon (outside quotes).
fn head_of(line: &[u8]) -> Option<&[u8]> {
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some(&line[..i]),
            _ => {}
        }
    }
    None
}

/// Logical lines with the number of the line they start on: RFC folds (a line starting with a
/// space or tab continues the previous one), quoted-printable soft breaks (`=` at the end), and
/// the unindented continuation lines of 2.1 base64 values. Comment lines (`#`) and blank lines
/// go, except inside those continuations.
fn logical_lines(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut in_qp = false;
    let mut in_b64 = false;
    for (i, line) in physical_lines(bytes).into_iter().enumerate() {
        if in_qp {
            let last = out.last_mut().expect("a soft break follows a line");
            last.1.pop(); // the '='
            last.1.extend_from_slice(line);
            in_qp = line.last() == Some(&b'=');
            continue;
        }
        if (line.first() == Some(&b' ') || line.first() == Some(&b'\t')) && !out.is_empty() {
            let last = out.last_mut().expect("checked");
            last.1.extend_from_slice(&line[1..]);
            in_qp = last.1.last() == Some(&b'=') && head_of(&last.1).is_some_and(is_qp);
            continue;
        }
        if in_b64 {
            if line.is_empty() {
                in_b64 = false;
                continue;
            }
            if head_of(line).is_none() {
                out.last_mut().expect("base64 follows a line").1.extend_from_slice(line);
                continue;
            }
            in_b64 = false;
        }
        if line.is_empty() || line.first() == Some(&b'#') {
            continue;
        }
        out.push((i + 1, line.to_vec()));
        let head = head_of(line);
        in_qp = line.last() == Some(&b'=') && head.is_some_and(is_qp);
        in_b64 = head.is_some_and(is_base64);
    }
    out
}

fn qp_decode(value: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'=' {
            if let (Some(h), Some(l)) = (value.get(i + 1).and_then(|&b| hex(b)), value.get(i + 2).and_then(|&b| hex(b))) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(value[i]);
        i += 1;
    }
    out
}

/// Parameters of a content line's head (after the name): `;A=b,c;BARE;B="x;y"`, with RFC 6868
/// caret escapes decoded.
fn params(head: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut parts = Vec::new();
    let (mut cur, mut quoted) = (String::new(), false);
    for c in head.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    for p in parts.into_iter().filter(|p| !p.trim().is_empty()) {
        let caret = |v: &str| v.replace("^n", "\n").replace("^'", "\"").replace("^^", "^");
        match p.split_once('=') {
            Some((k, v)) => out.push((k.trim().to_ascii_uppercase(), v.split(',').map(|v| caret(v.trim())).collect())),
            None => {
                let bare = p.trim().to_ascii_uppercase();
                match bare.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => out.push(("ENCODING".into(), vec![bare])),
                    _ => out.push(("TYPE".into(), vec![bare])),
                }
            }
        }
    }
    out
}

/// Unescapes a value: 3.0 and 4.0 `\n \, \; \\` (and `\:` that Gmail writes); 2.1 only `\;`
/// (a backslash is otherwise literal there). Structured values keep component breaks as
/// U+0001, so an escaped `;` stays inside its component.
fn unescape(value: &str, version: &str, structured: bool, list: bool) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    let modern = version != "2.1";
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek().copied() {
                Some(';') => {
                    out.push(';');
                    chars.next();
                }
                Some(n @ (',' | '\\' | ':' | '"')) if modern => {
                    out.push(n);
                    chars.next();
                }
                Some('n' | 'N') if modern => {
                    out.push('\n');
                    chars.next();
                }
                _ => out.push('\\'),
            },
            ';' if structured => out.push('\u{1}'),
            ',' if list => out.push('\u{2}'),
            _ => out.push(c),
        }
    }
    out
}

/// Reads every card in `bytes`. Never fails: unreadable lines and cards are reported.
pub fn read(bytes: &[u8], charsets: &dyn Charsets) -> Read {
    let bytes = charset::normalise(bytes);
    let mut read = Read::default();
    let mut card: Option<Card> = None;
    for (line_no, line) in logical_lines(&bytes) {
        let Some(head) = head_of(&line) else {
            match card.as_mut() {
                Some(c) => c.warnings.push(msg!("import_vcard_not_a_property", line_no)),
                None => read.problems.push(msg!("import_vcard_text_outside_card", line_no)),
            }
            continue;
        };
        let raw_value = &line[head.len() + 1..];
        let head_text = String::from_utf8_lossy(head).into_owned();
        let (name_part, param_part) = head_text.split_once(';').unwrap_or((&head_text, ""));
        let name = name_part.rsplit('.').next().unwrap_or(name_part).trim().to_ascii_uppercase();
        let value_ascii = String::from_utf8_lossy(raw_value).trim().to_ascii_uppercase();
        if name == "BEGIN" && value_ascii == "VCARD" {
            if let Some(open) = card.take() {
                let mut open = open;
                open.warnings.push(msg!("import_vcard_begin_before_end", line_no));
                read.cards.push(open);
            }
            card = Some(Card { version: String::new(), line: line_no, ..Default::default() });
            continue;
        }
        if name == "END" && value_ascii == "VCARD" {
            match card.take() {
                Some(c) => read.cards.push(c),
                None => read.problems.push(msg!("import_vcard_end_without_begin", line_no)),
            }
            continue;
        }
        let Some(c) = card.as_mut() else {
            read.problems.push(msg!("import_vcard_property_outside_card", line_no, name));
            continue;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            c.warnings.push(msg!("import_vcard_not_a_property_name", line_no, name));
            continue;
        }
        let params = params(param_part);
        if name == "VERSION" {
            c.version = String::from_utf8_lossy(raw_value).trim().to_string();
            continue;
        }
        let encoding = params.iter().filter(|(k, _)| k == "ENCODING").flat_map(|(_, v)| v).next().map(|e| e.to_ascii_uppercase());
        if BINARY.contains(&name.as_str()) || matches!(encoding.as_deref(), Some("BASE64" | "B")) {
            c.warnings.push(msg!("import_vcard_binary_skipped", line_no, name));
            continue;
        }
        let bytes = if encoding.as_deref() == Some("QUOTED-PRINTABLE") { qp_decode(raw_value) } else { raw_value.to_vec() };
        let charset = params.iter().find(|(k, _)| k == "CHARSET").and_then(|(_, v)| v.first()).map(String::as_str);
        let (text, guessed) = charset::decode_value(&bytes, charset, charsets);
        if guessed {
            c.warnings.push(match charset {
                Some(label) => msg!("import_vcard_charset_unknown", line_no, &name, label),
                None => msg!("import_vcard_charset_missing", line_no, &name),
            });
        }
        let version = if c.version.is_empty() { "3.0" } else { c.version.as_str() };
        let value = unescape(&text, version, STRUCTURED.contains(&name.as_str()), name == "CATEGORIES");
        c.properties.push(Property { name, params, value });
    }
    if let Some(mut open) = card {
        open.warnings.push(msg!("import_vcard_no_end"));
        read.cards.push(open);
    }
    read
}

fn label_of(types: &[String]) -> crate::contacts::NumberLabel {
    use crate::contacts::NumberLabel;
    if types.iter().any(|t| t == "cell" || t == "mobile" || t == "iphone") {
        NumberLabel::Mobile
    } else if types.iter().any(|t| t == "x-whatsapp" || t == "whatsapp") {
        NumberLabel::Whatsapp
    } else if types.iter().any(|t| t == "work") {
        NumberLabel::Work
    } else if types.iter().any(|t| t == "home") {
        NumberLabel::Home
    } else if types.is_empty() || types.iter().all(|t| t == "voice" || t == "pref") {
        NumberLabel::Mobile
    } else {
        NumberLabel::Other
    }
}

/// The contact a card describes (not yet normalised): FN, N (given and additional names as
/// the first name), TEL with its label, EMAIL, ORG, TITLE, ADR's city and country, NOTE,
/// CATEGORIES as tags, IMPP and X-SOCIALPROFILE as usernames; birthday, anniversary,
/// website, nickname, role and a full address go into the notes. The second value names
/// every other property of the card, which a contact has no place for: said, not lost
/// silently.
pub fn contact_of(card: &Card) -> (crate::contacts::Contact, Vec<Msg>) {
    use crate::contacts::{Contact, ContactNumber, Username};
    let mut c = Contact { display_name: card.formatted_name(), ..Default::default() };
    let parts = card.name_parts();
    if !parts.is_empty() {
        c.last_name = parts[0].clone();
        c.first_name = [parts[1].as_str(), parts[2].as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    }
    let mut extra: Vec<String> = Vec::new();
    let mut unkept: Vec<String> = Vec::new();
    for p in &card.properties {
        let v = p.value.trim();
        if v.is_empty() {
            continue;
        }
        let labelled = |label: &str| format!("{label}: {}", v.replace('\u{1}', " ").replace('\u{2}', ", "));
        match p.name.as_str() {
            "N" | "FN" => {}
            "BDAY" => extra.push(labelled("Birthday")),
            "ANNIVERSARY" => extra.push(labelled("Anniversary")),
            "URL" => extra.push(labelled("Website")),
            "NICKNAME" => extra.push(labelled("Nickname")),
            "ROLE" => extra.push(labelled("Role")),
            "TEL" => {
                let raw = v.strip_prefix("tel:").unwrap_or(v);
                c.numbers.push(ContactNumber { label: label_of(&p.types()), raw: raw.to_string(), e164: None });
            }
            "EMAIL" => c.emails.push(v.strip_prefix("mailto:").unwrap_or(v).to_string()),
            "ORG" if c.company.is_empty() => c.company = p.components().into_iter().find(|s| !s.is_empty()).unwrap_or_default(),
            "TITLE" if c.position.is_empty() => c.position = v.to_string(),
            "ADR" => {
                let parts = p.components();
                if c.city.is_empty() {
                    c.city = parts.get(3).cloned().unwrap_or_default();
                }
                if c.country.is_empty() {
                    c.country = parts.get(6).cloned().unwrap_or_default();
                }
                // More than a city and a country: the whole address goes into the notes.
                if [0, 1, 2, 4, 5].iter().any(|&i| parts.get(i).is_some_and(|s| !s.is_empty()))
                    || parts.get(3) != Some(&c.city)
                    || parts.get(6) != Some(&c.country)
                {
                    let all: Vec<&str> = parts.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect();
                    extra.push(format!("Address: {}", all.join(", ")));
                }
            }
            "NOTE" => {
                if !c.notes.is_empty() {
                    c.notes.push_str("\n\n");
                }
                c.notes.push_str(v);
            }
            "CATEGORIES" => c.tags.extend(v.split('\u{2}').map(str::trim).filter(|t| !t.is_empty()).map(String::from)),
            "IMPP" | "X-SOCIALPROFILE" => {
                let (service, handle) = match (p.param("TYPE").next(), v.split_once(':')) {
                    (Some(t), _) if p.name == "X-SOCIALPROFILE" => (t.to_ascii_lowercase(), v.to_string()),
                    (None, _) if p.name == "X-SOCIALPROFILE" => (String::new(), v.to_string()),
                    (_, Some((s, h))) => (s.to_ascii_lowercase(), h.to_string()),
                    _ => (String::new(), v.to_string()),
                };
                c.usernames.push(Username { service, handle });
            }
            "ORG" | "TITLE" => unkept.push(p.name.clone()),
            other => unkept.push(other.to_string()),
        }
    }
    if !extra.is_empty() {
        let block = extra.join("\n");
        c.notes = if c.notes.is_empty() { block } else { format!("{}\n\n{block}", c.notes) };
    }
    let mut seen = std::collections::HashSet::new();
    unkept.retain(|n| seen.insert(n.clone()));
    let warnings = match unkept.is_empty() {
        true => Vec::new(),
        false => vec![Msg::plural("import_vcard_not_kept", unkept.len()).arg(super::list(unkept.into_iter().map(Into::into)))],
    };
    (c, warnings)
}
