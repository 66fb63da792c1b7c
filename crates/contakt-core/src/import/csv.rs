//! CSV contact files: Google (legacy and current headers, ` ::: ` multi-values), Outlook
//! (English and localised headers such as German), Thunderbird, LinkedIn, and any other CSV
//! through a column mapping (guessed here, changeable by the user). Bytes in: the encoding and
//! the delimiter are found here; quoting is the `csv` crate's.

use serde::{Deserialize, Serialize};

use super::charset::{self, Charsets, FileEncoding};
use crate::contacts::{Contact, ContactNumber, NumberLabel};
use crate::msg;
use crate::words::Msg;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "field")]
pub enum Field {
    Ignore,
    FirstName,
    MiddleName,
    LastName,
    DisplayName,
    Prefix,
    Suffix,
    Company,
    Position,
    Email,
    /// A phone number; `typed_by`: the column holding its label (Google's "Phone 1 - Type").
    Phone {
        label: NumberLabel,
        typed_by: Option<usize>,
    },
    City,
    Country,
    Notes,
    Tags,
}

/// A CSV file read: rows of text, and what was found out about it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    /// "utf-8", "utf-16le", "windows-1252", "shift_jis", …
    pub encoding: String,
    pub delimiter: char,
    /// The header row, if the file has one.
    pub header: Option<Vec<String>>,
    pub rows: Vec<Vec<String>>,
    /// The guessed mapping, one entry per column.
    pub mapping: Vec<Field>,
    /// Rows with a different number of fields, lines re-split with another delimiter, a
    /// guessed encoding: reported, not fatal.
    pub problems: Vec<Msg>,
}

/// The file's text: BOM or UTF-16 sniffing, then UTF-8 when valid, then Shift_JIS when the
/// bytes read as Japanese, else Windows-1252 (what Excel writes in Western Europe).
pub fn decode(bytes: &[u8], charsets: &dyn Charsets) -> (String, String) {
    match charset::sniff(bytes) {
        (FileEncoding::Utf16Le, skip) => return (charset::utf16(&bytes[skip..], false), "utf-16le".into()),
        (FileEncoding::Utf16Be, skip) => return (charset::utf16(&bytes[skip..], true), "utf-16be".into()),
        (FileEncoding::Utf8, skip) => return (String::from_utf8_lossy(&bytes[skip..]).into_owned(), "utf-8".into()),
        (FileEncoding::Bytes, _) => {}
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), "utf-8".into());
    }
    if looks_like_shift_jis(bytes) {
        if let Some(text) = charsets.decode("shift_jis", bytes).filter(|t| !t.contains('\u{FFFD}')) {
            return (text, "shift_jis".into());
        }
    }
    (charset::windows_1252(bytes), "windows-1252".into())
}

/// Shift_JIS writes Japanese as pairs of high bytes; Windows-1252 text has its accented
/// letters one at a time between ASCII letters. Most high bytes in pairs: Shift_JIS.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let (mut paired, mut single) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 {
            let lead = matches!(b, 0x81..=0x9F | 0xE0..=0xFC);
            let trail = bytes.get(i + 1).copied().filter(|&t| matches!(t, 0x40..=0x7E | 0x80..=0xFC));
            // An ASCII "trail" followed by more ASCII text is Windows-1252's next letter
            // ("M\xFCller"), not the second byte of a Japanese character.
            let ascii_run = bytes.get(i + 2).is_some_and(|n| (0x41..0x80).contains(n));
            if lead && trail.is_some_and(|t| t >= 0x80 || !ascii_run) {
                paired += 1;
                i += 2;
                continue;
            }
            single += 1;
        }
        i += 1;
    }
    paired > 0 && paired >= 3 * single
}

/// The delimiter used by most records: `,`, `;` or TAB, counted outside quotes (a quoted
/// field may hold newlines and delimiters of its own).
fn sniff_delimiter(text: &str) -> char {
    let mut votes = [0usize; 3];
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut records = 0;
    let mut vote = |counts: &mut [usize; 3]| {
        if let Some((best, _)) = counts.iter().enumerate().filter(|(_, &n)| n > 0).max_by_key(|(_, &n)| n) {
            votes[best] += 1;
        }
        *counts = [0; 3];
    };
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            '\n' if !quoted => {
                vote(&mut counts);
                records += 1;
                if records == 200 {
                    break;
                }
            }
            _ => {}
        }
    }
    vote(&mut counts);
    [',', ';', '\t'][votes.iter().enumerate().max_by_key(|(i, &n)| (n, usize::MAX - i)).map_or(0, |(i, _)| i)]
}

fn parse_rows(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    reader.records().filter_map(Result::ok).map(|r| r.iter().map(unguard).collect()).collect()
}

/// Takes off the `'` that exporters (ours included) put before a cell a spreadsheet would run
/// as a formula.
fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn phone_label(h: &str) -> NumberLabel {
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["whatsapp"]) {
        NumberLabel::Whatsapp
    } else if has(&["mobile", "mobil", "cell", "handy"]) {
        NumberLabel::Mobile
    } else if has(&["business", "work", "geschäft", "company", "firma", "büro"]) {
        NumberLabel::Work
    } else if has(&["home", "privat"]) {
        NumberLabel::Home
    } else {
        NumberLabel::Other
    }
}

/// What a header names, from the exports' column names (English, German, Google's numbered
/// groups). Unknown columns are ignored (the user can map them).
fn field_of(header: &str, all: &[String]) -> Field {
    let h = norm(header);
    let exact = |names: &[&str]| names.contains(&h.as_str());
    if exact(&["first name", "given name", "vorname", "firstname", "first"]) {
        return Field::FirstName;
    }
    if exact(&["middle name", "additional name", "weitere vornamen", "second name"]) {
        return Field::MiddleName;
    }
    if exact(&["last name", "family name", "nachname", "surname", "lastname", "last"]) {
        return Field::LastName;
    }
    if exact(&["name", "display name", "full name", "anzeigename", "formatted name"]) {
        return Field::DisplayName;
    }
    if exact(&["name prefix", "title", "anrede", "prefix"]) {
        return Field::Prefix;
    }
    if exact(&["name suffix", "suffix", "namenszusatz"]) {
        return Field::Suffix;
    }
    if exact(&["company", "organization name", "organization 1 - name", "firma", "organization", "company name", "organisation"]) {
        return Field::Company;
    }
    if exact(&["job title", "organization title", "organization 1 - title", "position", "jobtitle"]) {
        return Field::Position;
    }
    if exact(&["notes", "notizen", "note", "notes 1"]) {
        return Field::Notes;
    }
    if exact(&["group membership", "labels", "categories", "kategorien", "groups", "group"]) {
        return Field::Tags;
    }
    let has = |w: &str| h.contains(w);
    if has("mail") && !has("type") && !has("typ") && !has("display") && !has("angezeigt") && !has("label") {
        return Field::Email;
    }
    if (has("city") || h.starts_with("ort ") || h == "ort" || has("weiterer ort")) && !has("type") {
        return Field::City;
    }
    if (has("country") || h.starts_with("land/region") || h.starts_with("weiteres/e land") || h == "land") && !has("type") {
        return Field::Country;
    }
    if ["phone", "telefon", "mobile", "mobil", "handy", "pager", "fax", "number", "tel"].iter().any(|w| has(w))
        && !has("type")
        && !has("label")
        && !has("telex")
    {
        // Google's "Phone 2 - Value" takes its label from "Phone 2 - Type" (or "- Label").
        if let Some(group) = h.strip_suffix(" - value") {
            let typed_by = all.iter().position(|o| {
                let o = norm(o);
                o == format!("{group} - type") || o == format!("{group} - label")
            });
            return Field::Phone { label: NumberLabel::Mobile, typed_by };
        }
        return Field::Phone { label: phone_label(&h), typed_by: None };
    }
    Field::Ignore
}

/// A mapping for a file without a header, from what its cells look like: e-mail addresses,
/// phone numbers, then names for the first text columns.
fn guess_from_content(rows: &[Vec<String>]) -> Vec<Field> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut text_columns = 0;
    (0..width)
        .map(|c| {
            let cells: Vec<&str> = rows.iter().filter_map(|r| r.get(c)).map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
            if cells.is_empty() {
                return Field::Ignore;
            }
            if cells.iter().filter(|s| s.contains('@')).count() * 2 > cells.len() {
                return Field::Email;
            }
            let phoneish = |s: &&str| s.chars().filter(char::is_ascii_digit).count() >= 6 && s.chars().all(|ch| ch.is_ascii_digit() || " +-().".contains(ch));
            if cells.iter().filter(|s| phoneish(s)).count() * 2 > cells.len() {
                return Field::Phone { label: NumberLabel::Mobile, typed_by: None };
            }
            text_columns += 1;
            match text_columns {
                1 => Field::FirstName,
                2 => Field::LastName,
                3 => Field::DisplayName,
                _ => Field::Ignore,
            }
        })
        .collect()
}

/// A delimiter as people read it (`','`, `';'`, a tab).
fn delimiter_name(d: char) -> Msg {
    match d {
        ';' => Msg::new("import_csv_delimiter_semicolon"),
        '\t' => Msg::new("import_csv_delimiter_tab"),
        _ => Msg::new("import_csv_delimiter_comma"),
    }
}

/// Reads a CSV file. Never fails: what it could not read is in `problems`.
pub fn read(bytes: &[u8], charsets: &dyn Charsets) -> Table {
    let (text, encoding) = decode(bytes, charsets);
    let delimiter = sniff_delimiter(&text);
    let mut rows = parse_rows(&text, delimiter as u8);
    let mut problems = Vec::new();
    if encoding == "windows-1252" {
        problems.push(msg!("import_csv_not_utf8"));
    }
    // A line with none of the file's delimiter but another one (Thunderbird's mixed files).
    for (i, row) in rows.iter_mut().enumerate() {
        if row.len() == 1 {
            for other in [',', ';', '\t'].into_iter().filter(|&d| d != delimiter) {
                if row[0].contains(other) {
                    let resplit = parse_rows(&row[0], other as u8);
                    if let Some(first) = resplit.into_iter().next() {
                        *row = first;
                        problems.push(msg!("import_csv_other_delimiter", i + 1, delimiter_name(other), delimiter_name(delimiter)));
                    }
                    break;
                }
            }
        }
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    let first_mapping: Vec<Field> = rows.first().map(|h| h.iter().map(|c| field_of(c, h)).collect()).unwrap_or_default();
    let known = first_mapping.iter().filter(|f| **f != Field::Ignore).count();
    let has_header = rows.first().is_some_and(|h| known >= 2 || (known >= 1 && h.iter().all(|c| !c.contains('@'))));
    let (header, mapping) = if has_header {
        let header = rows.remove(0);
        (Some(header), first_mapping)
    } else {
        problems.push(msg!("import_csv_no_header"));
        (None, guess_from_content(&rows))
    };
    let width = header.as_ref().map_or_else(|| rows.iter().map(Vec::len).max().unwrap_or(0), Vec::len);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != width {
            problems.push(Msg::plural("import_csv_row_fields", row.len()).arg(i + 1 + usize::from(header.is_some())).arg(width));
        }
    }
    Table { encoding, delimiter, header, rows, mapping, problems }
}

fn multi(value: &str) -> impl Iterator<Item = &str> {
    value.split(":::").map(str::trim).filter(|v| !v.is_empty())
}

/// The contact a row describes under `mapping` (not yet normalised), or `None` for a row with
/// nothing mapped in it.
pub fn contact_of(row: &[String], mapping: &[Field]) -> Option<Contact> {
    let mut c = Contact::default();
    let mut middle = String::new();
    let (mut prefix, mut suffix) = (String::new(), String::new());
    let mut any = false;
    for (i, field) in mapping.iter().enumerate() {
        let Some(value) = row.get(i).map(|v| v.trim()).filter(|v| !v.is_empty()) else { continue };
        any |= *field != Field::Ignore;
        let set = |slot: &mut String| {
            if slot.is_empty() {
                *slot = value.to_string();
            }
        };
        match *field {
            Field::Ignore => {}
            Field::FirstName => set(&mut c.first_name),
            Field::MiddleName => set(&mut middle),
            Field::LastName => set(&mut c.last_name),
            Field::DisplayName => set(&mut c.display_name),
            Field::Prefix => set(&mut prefix),
            Field::Suffix => set(&mut suffix),
            Field::Company => set(&mut c.company),
            Field::Position => set(&mut c.position),
            Field::City => set(&mut c.city),
            Field::Country => set(&mut c.country),
            Field::Email => c.emails.extend(multi(value).map(String::from)),
            Field::Notes => {
                if !c.notes.is_empty() {
                    c.notes.push_str("\n\n");
                }
                c.notes.push_str(value);
            }
            Field::Tags => c.tags.extend(
                multi(value)
                    .map(|t| t.trim_start_matches("* ").trim())
                    .filter(|t| !t.eq_ignore_ascii_case("my contacts") && !t.eq_ignore_ascii_case("mycontacts") && !t.is_empty())
                    .map(String::from),
            ),
            Field::Phone { label, typed_by } => {
                let label = typed_by.and_then(|t| row.get(t)).map(|t| phone_label(&norm(t))).filter(|l| *l != NumberLabel::Other).unwrap_or(match typed_by {
                    Some(t) if row.get(t).is_some_and(|t| !t.trim().is_empty()) => NumberLabel::Other,
                    _ => label,
                });
                c.numbers.extend(multi(value).map(|raw| ContactNumber { label, raw: raw.to_string(), e164: None }));
            }
        }
    }
    if !middle.is_empty() {
        c.first_name = format!("{} {middle}", c.first_name).trim().to_string();
    }
    let has_name = !c.first_name.is_empty() || !c.last_name.is_empty();
    if c.display_name.is_empty() && (!prefix.is_empty() || !suffix.is_empty()) && has_name {
        c.display_name = [prefix.as_str(), c.first_name.as_str(), c.last_name.as_str(), suffix.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
    }
    any.then_some(c)
}
