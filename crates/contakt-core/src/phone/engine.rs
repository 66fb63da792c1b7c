//! The phone-number engine: libphonenumber's parsing, validation and formatting rules
//! (`PhoneNumberUtil`), over the compiled metadata of `metadata.rs`.
//!
//! Inputs reaching here have ASCII digits (the caller maps other Unicode digits). Numbers are
//! kept as (country calling code, national significant number as digits), so leading zeros
//! (Italy) need no flags.

use super::metadata::{self, full_match, looking_at, DescKind, Format, Territory};
use super::pattern::{self, Caps, Mode};
use super::NumberKind as Kind;

pub const MAX_INPUT: usize = 250;
const MIN_NSN: usize = 2;
const MAX_NSN: usize = 17;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    NotANumber,
    InvalidCountryCode,
    TooShortAfterIdd,
    TooShortNsn,
    TooLong,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub cc: u16,
    /// National significant number: digits, leading zeros included.
    pub nsn: String,
    pub extension: Option<String>,
    /// How the country code was found (Google's CountryCodeSource).
    pub source: Source,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // Google's names (ValidationResult)
pub enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    InvalidLength,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    International,
    National,
    Rfc3966,
}

/// Characters libphonenumber accepts between digits (its VALID_PUNCTUATION, plus `*`).
pub fn is_punctuation(c: char) -> bool {
    matches!(c,
        '-' | 'x' | 'X' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF0D}'..='\u{FF0F}'
        | ' ' | '\u{00A0}' | '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{3000}' | '(' | ')'
        | '\u{FF08}' | '\u{FF09}' | '\u{FF3B}' | '\u{FF3D}' | '.' | '[' | ']' | '/' | '~'
        | '\u{2053}' | '\u{223C}' | '\u{FF5E}' | '*')
}

fn is_plus(c: char) -> bool {
    c == '+' || c == '\u{FF0B}'
}

/// From the first character that can start a number (a plus or digit) to the last one that
/// can end it; cut before a second number written after "/ x" or "\ x".
pub fn extract_possible_number(text: &str) -> &str {
    let Some(start) = text.find(|c: char| is_plus(c) || c.is_ascii_digit()) else { return "" };
    let mut s = &text[start..];
    // Trailing characters that are neither letters, digits nor '#'.
    s = s.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '#'));
    // A second number: "[\\/] *x".
    for (i, c) in s.char_indices() {
        if c == '/' || c == '\\' {
            let rest = s[i + 1..].trim_start_matches(' ');
            if rest.starts_with('x') {
                s = &s[..i];
                break;
            }
        }
    }
    s
}

/// libphonenumber's VALID_PHONE_NUMBER (after the extension has been removed): optional
/// pluses, at least three digits with punctuation between them, then digits, punctuation and
/// letters; or exactly two digits.
pub fn is_viable(number: &str) -> bool {
    let digits = number.chars().filter(|c| c.is_ascii_digit()).count();
    if number.chars().count() == 2 && digits == 2 {
        return true;
    }
    let body = number.trim_start_matches(is_plus);
    let mut seen = 0;
    for c in body.chars() {
        if seen < 3 {
            if c.is_ascii_digit() {
                seen += 1;
            } else if !is_punctuation(c) {
                return false;
            }
        } else if !(c.is_ascii_digit() || is_punctuation(c) || c.is_ascii_alphabetic()) {
            return false;
        }
    }
    seen >= 3
}

/// Splits a trailing extension off `number`, as libphonenumber's maybeStripExtension with its
/// extension pattern for parsing (createExtnPattern): the leftmost place from which one of
/// its five forms reaches the end ("ext. 12", ";ext=12", "x12", "- 503#", ",,12" …), if what
/// is before it is viable. The input is the cleaned text (ASCII digits).
pub fn strip_extension(number: &str) -> (String, Option<String>) {
    // Every form has a label (a letter, `#`, `~`, `;`, `,,`) and ends in digits (and `#`):
    // most numbers are answered here.
    let ends_in_digits = number.trim_end_matches('#').ends_with(|c: char| c.is_ascii_digit());
    if !ends_in_digits || !number.contains(|c: char| c.is_alphabetic() || matches!(c, '#' | '＃' | '~' | '～' | ';' | ',')) {
        return (number.to_string(), None);
    }
    let chars: Vec<(usize, char)> = number.char_indices().collect();
    let text: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    for (i, &(at, _)) in chars.iter().enumerate() {
        if let Some(ext) = extension_from(&text[i..]) {
            let before = &number[..at];
            if is_viable(before) {
                return (before.to_string(), Some(ext));
            }
            return (number.to_string(), None);
        }
    }
    (number.to_string(), None)
}

/// createExtnPattern's explicit labels (`e?xt(?:ensi(?:o\u0301?|ó))?n?`, full-width `ｅｘｔｎ`,
/// `доб`, `anexo`), lower case, in the order its regular expression tries them.
pub const EXPLICIT_EXTENSION_LABELS: &[&str] = &[
    "extensio\u{301}n",
    "extensio\u{301}",
    "extension",
    "extensio",
    "extensión",
    "extensió",
    "extn",
    "ext",
    "xtensio\u{301}n",
    "xtensio\u{301}",
    "xtension",
    "xtensio",
    "xtensión",
    "xtensió",
    "xtn",
    "xt",
    "ｅｘｔｎ",
    "ｅｘｔ",
    "ｘｔｎ",
    "ｘｔ",
    "доб",
    "anexo",
];
/// Its ambiguous labels: one character, or `int`.
pub const AMBIGUOUS_EXTENSION_LABELS: &[&str] = &["x", "ｘ", "#", "＃", "~", "～", "int", "ｉｎｔ"];

/// libphonenumber's VALID_PUNCTUATION: [`is_punctuation`] without the star.
pub fn is_valid_punctuation(c: char) -> bool {
    c != '*' && is_punctuation(c)
}

/// A formatted number as RFC 3966 writes it: leading punctuation dropped, every run of
/// punctuation one dash (PhoneNumberUtil's SEPARATOR_PATTERN).
pub fn rfc3966_dashes(formatted: &str) -> String {
    let trimmed = formatted.trim_start_matches(is_valid_punctuation);
    let mut dashed = String::with_capacity(trimmed.len());
    let mut in_separator = false;
    for c in trimmed.chars() {
        if is_valid_punctuation(c) {
            if !in_separator {
                dashed.push('-');
            }
            in_separator = true;
        } else {
            dashed.push(c);
            in_separator = false;
        }
    }
    dashed
}

/// The extension digits when `rest` (to the end of the text) is one of the extension forms,
/// tried in libphonenumber's order.
fn extension_from(text: &[char]) -> Option<String> {
    let sep = |c: char| matches!(c, ' ' | '\u{00A0}' | '\t' | ',');
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    // Every form starts with a separator, `;`, `-` or a label's first letter: most places in a
    // text are refused here.
    let label_start = |c: char| matches!(lower(c), 'e' | 'x' | 'ｅ' | 'ｘ' | 'д' | 'a' | '#' | '＃' | '~' | '～' | 'i' | 'ｉ');
    let first = *text.first()?;
    if !(sep(first) || first == ';' || first == '-' || label_start(first)) {
        return None;
    }
    // ";ext=" and digits.
    if let Some(after) = label_at(text, 0, ";ext=") {
        if let Some(d) = digits_to_end(&text[after..], 20, false) {
            return Some(d);
        }
    }
    let lead = text.iter().take_while(|&&c| sep(c)).count();
    let at_label = text.get(lead).map(|&c| lower(c));
    for (labels, max) in [(EXPLICIT_EXTENSION_LABELS, 20), (AMBIGUOUS_EXTENSION_LABELS, 9)].into_iter().filter(|_| at_label.is_some_and(label_start)) {
        for label in labels.iter().filter(|l| l.chars().next() == at_label) {
            if let Some(after) = label_at(text, lead, label) {
                if let Some(d) = after_label(&text[after..], max) {
                    return Some(d);
                }
            }
        }
    }
    // American style: "- 503#".
    let dashes = text.iter().take_while(|&&c| c == '-' || c == ' ').count();
    if dashes > 0 && text.last() == Some(&'#') {
        if let Some(d) = digits_to_end(&text[dashes..text.len() - 1], 6, false) {
            return Some(d);
        }
    }
    // Auto-dialling: ",," or ";".
    let spaces = text.iter().take_while(|&&c| matches!(c, ' ' | '\u{00A0}' | '\t')).count();
    for label in [",,", ";"] {
        if let Some(after) = label_at(text, spaces, label) {
            if let Some(d) = after_label(&text[after..], 15) {
                return Some(d);
            }
        }
    }
    // Commas only (onlyCommasExtn): ",123", " , 45".
    let commas = text[spaces..].iter().take_while(|&&c| c == ',').count();
    if commas > 0 {
        return after_label(&text[spaces + commas..], 9);
    }
    None
}

/// Where `label` (lower case) ends when it is at `at` in `text`, compared without case.
fn label_at(text: &[char], at: usize, label: &str) -> Option<usize> {
    let mut i = at;
    for l in label.chars() {
        let c = *text.get(i)?;
        if c != l && !c.to_lowercase().eq(std::iter::once(l)) {
            return None;
        }
        i += 1;
    }
    Some(i)
}

/// After a label: an optional `:` or `.`, separators, then 1 to `max` digits and an optional `#`.
fn after_label(text: &[char], max: usize) -> Option<String> {
    let mut i = usize::from(matches!(text.first(), Some(':' | '.' | '\u{FF0E}')));
    while matches!(text.get(i), Some(' ' | '\u{00A0}' | '\t' | ',' | '-')) {
        i += 1;
    }
    digits_to_end(&text[i..], max, true)
}

fn digits_to_end(text: &[char], max: usize, hash: bool) -> Option<String> {
    let body = if hash && text.last() == Some(&'#') { &text[..text.len() - 1] } else { text };
    (!body.is_empty() && body.len() <= max && body.iter().all(char::is_ascii_digit)).then(|| body.iter().collect())
}

/// Digits only; letters become keypad digits when there are at least three (vanity numbers
/// such as 1-800-FLOWERS), otherwise everything but digits is dropped.
pub fn normalize(number: &str) -> String {
    let letters = number.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let mut out = String::with_capacity(number.len());
    out.extend(number.chars().filter_map(|c| match c {
        '0'..='9' => Some(c),
        c if letters >= 3 && c.is_ascii_alphabetic() => Some(keypad(c)),
        _ => None,
    }));
    out
}

fn keypad(c: char) -> char {
    match c.to_ascii_uppercase() {
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        _ => '9',
    }
}

/// Parses `input` (ASCII digits) with an optional default territory, as libphonenumber does.
pub fn parse(input: &str, default: Option<&'static Territory>) -> Result<Parsed, ParseError> {
    if input.chars().count() > MAX_INPUT {
        return Err(ParseError::NotANumber);
    }
    let national = national_number_for_parsing(input)?;
    let (national, extension) = strip_extension(&national);
    if !is_viable(&national) {
        return Err(ParseError::NotANumber);
    }
    if default.is_none() && !national.starts_with(is_plus) {
        return Err(ParseError::InvalidCountryCode);
    }

    // A number without a country code takes the default territory's rules; one with a code
    // takes the rules of the code's main territory.
    let (cc, mut nsn, meta, source) = match extract_country_code_with_retry(&national, default)? {
        (0, normalized, _) => (default.map(|t| t.cc).unwrap_or(0), normalized, default, Source::Default),
        (cc, rest, source) => (cc, rest, metadata::main_for_code(cc), source),
    };
    if nsn.len() < MIN_NSN {
        return Err(ParseError::TooShortNsn);
    }
    if let Some(t) = meta {
        let mut potential = nsn.clone();
        strip_national_prefix(&mut potential, t);
        let kept = matches!(test_length(&potential, t), Length::TooShort | Length::LocalOnly | Length::InvalidLength);
        if !kept {
            nsn = potential;
        }
    }
    if nsn.len() < MIN_NSN {
        return Err(ParseError::TooShortNsn);
    }
    if nsn.len() > MAX_NSN {
        return Err(ParseError::TooLong);
    }
    Ok(Parsed { cc, nsn, extension, source })
}

/// `tel:` URIs with a `phone-context` become a global number; anything else is cut to the
/// possible number. ISDN sub-addresses are dropped.
fn national_number_for_parsing(input: &str) -> Result<String, ParseError> {
    const CONTEXT: &str = ";phone-context=";
    if !input.contains(';') {
        return Ok(extract_possible_number(input).to_string());
    }
    let lower = input.to_ascii_lowercase();
    let mut national = if let Some(at) = lower.find(CONTEXT) {
        let ctx_start = at + CONTEXT.len();
        let ctx_end = input[ctx_start..].find(';').map(|e| ctx_start + e).unwrap_or(input.len());
        let ctx = &input[ctx_start..ctx_end];
        if ctx.is_empty() {
            return Err(ParseError::NotANumber);
        }
        let mut n = String::new();
        if ctx.starts_with('+') {
            n.push_str(ctx);
        }
        let start = lower.find("tel:").map(|i| i + 4).unwrap_or(0);
        if start <= at {
            n.push_str(&input[start..at]);
        }
        n
    } else {
        extract_possible_number(input).to_string()
    };
    if let Some(at) = national.to_ascii_lowercase().find(";isub=") {
        national.truncate(at);
    }
    Ok(national)
}

fn extract_country_code_with_retry(national: &str, default: Option<&'static Territory>) -> Result<(u16, String, Source), ParseError> {
    match extract_country_code(national, default) {
        Err(ParseError::InvalidCountryCode) if national.starts_with(is_plus) => {
            // "+" followed by the region's own international prefix ("+011 44 …").
            let stripped = national.trim_start_matches(is_plus);
            match extract_country_code(stripped, default)? {
                (0, _, _) => Err(ParseError::InvalidCountryCode),
                found => Ok(found),
            }
        }
        other => other,
    }
}

/// Where a number's country code came from (Google's CountryCodeSource).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `+44 …`
    Plus,
    /// `0044 …`, after the default region's international prefix.
    Idd,
    /// `44 …` in Britain: the default region's code written without a plus.
    WithoutPlus,
    /// No code: the default region's.
    Default,
}

/// libphonenumber's maybeExtractCountryCode: returns (0, normalized) when the number carries
/// no country code.
fn extract_country_code(number: &str, default: Option<&'static Territory>) -> Result<(u16, String, Source), ParseError> {
    if number.is_empty() {
        return Ok((0, String::new(), Source::Default));
    }
    let (source, full) = strip_international_prefix(number, default.and_then(|t| t.international_prefix));
    if source != Source::Default {
        if full.len() <= MIN_NSN {
            return Err(ParseError::TooShortAfterIdd);
        }
        return match split_country_code(&full) {
            Some((cc, rest)) => Ok((cc, rest.to_string(), source)),
            None => Err(ParseError::InvalidCountryCode),
        };
    }
    if let Some(t) = default {
        let (buf, len) = cc_digits(t.cc);
        let prefix = std::str::from_utf8(&buf[..len]).unwrap_or("");
        if let Some(rest) = full.strip_prefix(prefix) {
            let mut potential = rest.to_string();
            strip_national_prefix(&mut potential, t);
            let general = t.desc(DescKind::General).pattern;
            let fits = |s: &str| general.is_some_and(|p| full_match(p, s));
            if (!fits(&full) && fits(&potential)) || test_length(&full, t) == Length::TooLong {
                return Ok((t.cc, potential, Source::WithoutPlus));
            }
        }
    }
    Ok((0, full, Source::Default))
}

fn strip_international_prefix(number: &str, idd: Option<metadata::Pat>) -> (Source, String) {
    if number.starts_with(is_plus) {
        return (Source::Plus, normalize(number.trim_start_matches(is_plus)));
    }
    let n = normalize(number);
    if let Some(idd) = idd {
        let mut caps = [u8::MAX; 16];
        if let Some(end) = metadata::run(idd, &n, Mode::Prefix, &mut caps) {
            // Country codes never start with 0.
            if !n[end..].starts_with('0') {
                return (Source::Idd, n[end..].to_string());
            }
        }
    }
    (Source::Default, n)
}

/// A country calling code's digits without allocating.
pub fn cc_digits(cc: u16) -> ([u8; 3], usize) {
    let mut buf = [0u8; 3];
    let len = if cc >= 100 {
        3
    } else if cc >= 10 {
        2
    } else {
        1
    };
    let mut n = cc;
    for i in (0..len).rev() {
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    (buf, len)
}

/// The leading 1–3 digits that are a known country calling code, and the rest.
pub fn split_country_code(full: &str) -> Option<(u16, &str)> {
    if full.is_empty() || full.starts_with('0') {
        return None;
    }
    (1..=3.min(full.len())).find_map(|i| {
        let cc: u16 = full[..i].parse().ok()?;
        metadata::is_country_code(cc).then(|| (cc, &full[i..]))
    })
}

/// libphonenumber's maybeStripNationalPrefixAndCarrierCode (without keeping the carrier).
pub fn strip_national_prefix(number: &mut String, t: &Territory) -> bool {
    let Some(npfp) = t.national_prefix_for_parsing else { return false };
    if number.is_empty() {
        return false;
    }
    let mut caps: Caps = [u8::MAX; 16];
    let Some(end) = metadata::run(npfp, number, Mode::Prefix, &mut caps) else { return false };
    let general = t.desc(DescKind::General).pattern;
    let fits = |s: &str| general.is_some_and(|p| full_match(p, s));
    let viable_before = fits(number);
    let groups = pattern::groups(metadata::program(npfp));
    let last_group = if groups > 0 { pattern::group(&caps, number, groups) } else { None };
    let rule = t.national_prefix_transform_rule;
    if rule.is_empty() || last_group.is_none() {
        if viable_before && !fits(&number[end..]) {
            return false;
        }
        number.replace_range(..end, "");
    } else {
        let transformed = format!("{}{}", expand(rule, &caps, number), &number[end..]);
        if viable_before && !fits(&transformed) {
            return false;
        }
        *number = transformed;
    }
    true
}

/// `$1`…`$9` in `template` replaced by the groups of a match on `input`.
pub fn expand(template: &str, caps: &Caps, input: &str) -> String {
    let mut out = String::with_capacity(template.len() + input.len());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' {
            if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                chars.next();
                out.push_str(pattern::group(caps, input, d as usize).unwrap_or(""));
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// libphonenumber's testNumberLength against the territory's general lengths.
pub fn test_length(nsn: &str, t: &Territory) -> Length {
    let general = t.desc(DescKind::General);
    let lengths = general.lengths;
    if lengths == 0 {
        return Length::InvalidLength;
    }
    let len = nsn.len() as u32;
    if len >= 32 {
        return Length::TooLong;
    }
    if general.local & (1 << len) != 0 {
        return Length::LocalOnly;
    }
    let min = lengths.trailing_zeros();
    let max = 31 - lengths.leading_zeros();
    if len < min {
        Length::TooShort
    } else if len > max {
        Length::TooLong
    } else if lengths & (1 << len) != 0 {
        Length::Possible
    } else {
        Length::InvalidLength
    }
}

fn matches_desc(nsn: &str, t: &Territory, kind: DescKind) -> bool {
    let d = t.desc(kind);
    let Some(p) = d.pattern else { return false };
    let len = nsn.len() as u32;
    if d.lengths != 0 && (len >= 32 || d.lengths & (1 << len) == 0) {
        return false;
    }
    full_match(p, nsn)
}

/// What kind of number `nsn` is in territory `t`.
pub fn number_kind(nsn: &str, t: &Territory) -> Kind {
    use DescKind as D;
    if !matches_desc(nsn, t, D::General) {
        return Kind::Unknown;
    }
    for (d, k) in [
        (D::PremiumRate, Kind::PremiumRate),
        (D::TollFree, Kind::TollFree),
        (D::SharedCost, Kind::SharedCost),
        (D::Voip, Kind::Voip),
        (D::PersonalNumber, Kind::PersonalNumber),
        (D::Pager, Kind::Pager),
        (D::Uan, Kind::Uan),
        (D::Voicemail, Kind::Voicemail),
    ] {
        if matches_desc(nsn, t, d) {
            return k;
        }
    }
    if matches_desc(nsn, t, D::FixedLine) {
        if t.same_mobile_and_fixed_line || matches_desc(nsn, t, D::Mobile) {
            return Kind::FixedLineOrMobile;
        }
        return Kind::FixedLine;
    }
    if !t.same_mobile_and_fixed_line && matches_desc(nsn, t, D::Mobile) {
        return Kind::Mobile;
    }
    Kind::Unknown
}

/// The territory a number belongs to (for shared codes: by leading digits or by type).
pub fn territory_for(cc: u16, nsn: &str) -> Option<&'static Territory> {
    let mut all = metadata::by_code(cc).peekable();
    let first = all.next()?;
    if all.peek().is_none() {
        return Some(first);
    }
    std::iter::once(first).chain(all).find(|t| match t.leading_digits {
        Some(ld) => looking_at(ld, nsn),
        None => number_kind(nsn, t) != Kind::Unknown,
    })
}

pub fn is_valid(cc: u16, nsn: &str) -> bool {
    territory_for(cc, nsn).is_some_and(|t| is_valid_in(nsn, t))
}

/// `number_kind(nsn, t) != Kind::Unknown`, checking the commonest kinds first.
pub fn is_valid_in(nsn: &str, t: &Territory) -> bool {
    use DescKind as D;
    if matches_desc(nsn, t, D::FixedLine) || matches_desc(nsn, t, D::Mobile) {
        return matches_desc(nsn, t, D::General);
    }
    matches_desc(nsn, t, D::General)
        && [D::PremiumRate, D::TollFree, D::SharedCost, D::Voip, D::PersonalNumber, D::Pager, D::Uan, D::Voicemail].into_iter().any(|d| matches_desc(nsn, t, d))
}

/// The first format whose last leading-digits pattern starts `nsn` and whose pattern matches it.
pub fn choose_format(formats: &'static [Format], nsn: &str) -> Option<&'static Format> {
    formats.iter().find(|f| f.leading.last().is_none_or(|&ld| looking_at(ld, nsn)) && full_match(f.pattern, nsn))
}

/// Formats a parsed number in `style`.
pub fn format(p: &Parsed, style: Style) -> String {
    // As libphonenumber: the formats (and extension prefix) of the calling code's main region,
    // whichever region of a shared code the number is in (Canada's formats are the US ones).
    let t = metadata::main_for_code(p.cc);
    let national = match t {
        Some(t) => format_nsn(&p.nsn, t, style),
        None => p.nsn.clone(),
    };
    let ext = p.extension.as_deref().filter(|e| !e.is_empty());
    match style {
        Style::National => match ext {
            Some(e) => format!("{national}{}{e}", t.map(|t| t.preferred_extension_prefix).filter(|p| !p.is_empty()).unwrap_or(" ext. ")),
            None => national,
        },
        Style::International => match ext {
            Some(e) => format!("+{} {national}{}{e}", p.cc, t.map(|t| t.preferred_extension_prefix).filter(|p| !p.is_empty()).unwrap_or(" ext. ")),
            None => format!("+{} {national}", p.cc),
        },
        Style::Rfc3966 => match ext {
            Some(e) => format!("tel:+{}-{national};ext={e}", p.cc),
            None => format!("tel:+{}-{national}", p.cc),
        },
    }
}

/// The format with its national prefix formatting rule put on the first group reference
/// ("$1 $2" with rule "0$1" → "0$1 $2"); the format unchanged without a rule.
fn with_prefix_rule(f: &Format) -> String {
    let mut rule = f.format.to_string();
    if let Some(at) = rule.find('$').filter(|_| !f.national_prefix_rule.is_empty()) {
        let group = rule[at..at + 2].to_string();
        rule.replace_range(at..at + 2, &f.national_prefix_rule.replacen("$1", &group, 1));
    }
    rule
}

fn format_nsn(nsn: &str, t: &'static Territory, style: Style) -> String {
    let formats = if t.intl_formats.is_empty() || style == Style::National { t.formats } else { t.intl_formats };
    let Some(f) = choose_format(formats, nsn) else { return nsn.to_string() };
    let mut caps: Caps = [u8::MAX; 16];
    if metadata::run(f.pattern, nsn, Mode::Full, &mut caps).is_none() {
        return nsn.to_string();
    }
    let rule = if style == Style::National { with_prefix_rule(f) } else { f.format.to_string() };
    let out = expand(&rule, &caps, nsn);
    if style == Style::Rfc3966 {
        return rfc3966_dashes(&out);
    }
    out
}
