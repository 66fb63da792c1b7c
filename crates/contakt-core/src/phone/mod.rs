//! Phone numbers: the one door through which the rest of Contakt understands a number.
//!
//! The API is deliberately small — [`parse`], [`validate`], [`PhoneNumber`]'s formats,
//! [`regions`] and [`region_from_locale`] — so the engine behind it can change without
//! touching anything else. The engine is our own port of libphonenumber's rules
//! (`engine.rs`) over Google's metadata compiled at build time (`metadata.rs`,
//! `pattern.rs`): no regex engine, nothing decoded at start-up.

mod as_you_type;
mod engine;
mod find;
mod matcher;
mod metadata;
mod opcodes;
mod pattern;

pub use find::Leniency;

use crate::msg;
use crate::words::Msg;
use serde::{Deserialize, Serialize};

/// Longest input we try to read as a phone number (libphonenumber uses the same bound).
pub const MAX_INPUT_CHARS: usize = engine::MAX_INPUT;

/// What kind of line a number is, where the metadata can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    FixedLine,
    Mobile,
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    PersonalNumber,
    Voip,
    Pager,
    Uan,
    Voicemail,
    Unknown,
}

/// A parsed, valid phone number with its display forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// `+` and digits, e.g. `+14155551234`.
    pub e164: String,
    pub country_code: u16,
    /// ISO 3166 region, e.g. `US`; `None` for non-geographic numbers (+800, +882, …).
    pub region: Option<String>,
    pub kind: NumberKind,
    pub international: String,
    pub national: String,
    pub rfc3966: String,
    pub extension: Option<String>,
}

/// Why an input is not a usable phone number. `code()` is stable; `msg()` is for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    NotANumber,
    UnknownRegion(String),
    UnknownCountryCode,
    TooShort,
    TooLong,
    /// Between the shortest and longest lengths of the country, but no number has this length.
    InvalidLength,
    /// A number that can only be dialled inside its area: the area code is missing.
    LocalOnly,
    /// The length is right but no number range of the country is assigned to it.
    NotAssigned {
        region: Option<String>,
    },
}

impl PhoneError {
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "empty",
            PhoneError::NotANumber => "not_a_number",
            PhoneError::UnknownRegion(_) => "unknown_region",
            PhoneError::UnknownCountryCode => "unknown_country_code",
            PhoneError::TooShort => "too_short",
            PhoneError::TooLong => "too_long",
            PhoneError::InvalidLength => "invalid_length",
            PhoneError::LocalOnly => "local_only",
            PhoneError::NotAssigned { .. } => "not_assigned",
        }
    }

    /// What to tell the user (a key of the locales' messages).
    pub fn msg(&self) -> Msg {
        match self {
            PhoneError::Empty => msg!("phone_empty"),
            PhoneError::NotANumber => msg!("phone_not_a_number"),
            PhoneError::UnknownRegion(r) => msg!("phone_unknown_region", r),
            PhoneError::UnknownCountryCode => msg!("phone_unknown_country_code"),
            PhoneError::TooShort => msg!("phone_too_short"),
            PhoneError::TooLong => msg!("phone_too_long"),
            PhoneError::InvalidLength => msg!("phone_invalid_length"),
            PhoneError::LocalOnly => msg!("phone_local_only"),
            PhoneError::NotAssigned { region: Some(r) } => msg!("phone_not_assigned_in", r),
            PhoneError::NotAssigned { region: None } => msg!("phone_not_assigned"),
        }
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.msg())
    }
}

impl std::error::Error for PhoneError {}

/// Reads `input` as a phone number and requires it to be valid.
/// `default_region` (ISO 3166, any case) is used for numbers written without a country code.
pub fn parse(input: &str, default_region: &str) -> Result<PhoneNumber, PhoneError> {
    let territory = territory(default_region)?;
    let cleaned = clean_input(input)?;
    let parsed = parse_with_words_cut(&cleaned, territory).map_err(|e| match e {
        engine::ParseError::NotANumber => PhoneError::NotANumber,
        engine::ParseError::InvalidCountryCode => PhoneError::UnknownCountryCode,
        engine::ParseError::TooShortAfterIdd | engine::ParseError::TooShortNsn => PhoneError::TooShort,
        engine::ParseError::TooLong => PhoneError::TooLong,
    })?;
    check(&parsed)?;
    Ok(describe(parsed))
}

/// What a number refused in `default_region` most likely meant when it starts with another
/// region's international prefix (`00`, or North America's `011`): a user in the United States
/// who types `0044 20 7946 0958`, or one in Britain who types `011 44 20 7946 0958`, is offered
/// the international reading (`+44 20 7946 0958`). `None` when the number reads as it is, or
/// the international reading is not a valid number either.
pub fn international_reading(input: &str, default_region: &str) -> Option<PhoneNumber> {
    if parse(input, default_region).is_ok() {
        return None;
    }
    let cleaned = clean_input(input).ok()?;
    let digits = cleaned.trim_start().strip_prefix('(').unwrap_or(cleaned.trim_start());
    if !digits.starts_with('0') {
        return None;
    }
    let only: String = digits.chars().take_while(|c| c.is_ascii_digit() || " -.()/".contains(*c)).filter(char::is_ascii_digit).collect();
    let rest = ["011", "00"].iter().find_map(|p| only.strip_prefix(p))?;
    parse(&format!("+{rest}"), default_region).ok()
}

/// Everything Google's libphonenumber answers about `input`, in its own terms: the parse outcome
/// (`Err` with its error name), and for a parsed number its E.164, validity, possibility with
/// its reason, type, region, extension and formats, valid or not. [`parse`] is what Contakt
/// uses; this is the same engine without Contakt's deliberate deviations (words cut after a
/// number), for the oracle test that holds the engine to Google's (tests/oracle.rs).
pub fn inspect(input: &str, default_region: &str) -> Result<Inspection, &'static str> {
    let territory = territory(default_region).map_err(|_| "INVALID_COUNTRY_CODE")?;
    let cleaned = clean_input(input).map_err(|_| "NOT_A_NUMBER")?;
    let p = engine::parse(&cleaned, Some(territory)).map_err(|e| match e {
        engine::ParseError::NotANumber => "NOT_A_NUMBER",
        engine::ParseError::InvalidCountryCode => "INVALID_COUNTRY_CODE",
        engine::ParseError::TooShortAfterIdd => "TOO_SHORT_AFTER_IDD",
        engine::ParseError::TooShortNsn => "TOO_SHORT_NSN",
        engine::ParseError::TooLong => "TOO_LONG",
    })?;
    let possible = match metadata::main_for_code(p.cc) {
        None => "INVALID_COUNTRY_CODE",
        Some(main) => match engine::test_length(&p.nsn, main) {
            engine::Length::Possible => "IS_POSSIBLE",
            engine::Length::LocalOnly => "IS_POSSIBLE_LOCAL_ONLY",
            engine::Length::TooShort => "TOO_SHORT",
            engine::Length::TooLong => "TOO_LONG",
            engine::Length::InvalidLength => "INVALID_LENGTH",
        },
    };
    let territory = engine::territory_for(p.cc, &p.nsn);
    Ok(Inspection {
        e164: format!("+{}{}", p.cc, p.nsn),
        valid: engine::is_valid(p.cc, &p.nsn),
        possible,
        kind: territory.map(|t| engine::number_kind(&p.nsn, t)).unwrap_or(NumberKind::Unknown),
        region: territory.map(|t| t.id),
        international: engine::format(&p, engine::Style::International),
        national: engine::format(&p, engine::Style::National),
        rfc3966: engine::format(&p, engine::Style::Rfc3966),
        extension: p.extension,
    })
}

/// What [`inspect`] answers for a parsed number (Google's names for the reasons).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inspection {
    pub e164: String,
    pub valid: bool,
    pub possible: &'static str,
    pub kind: NumberKind,
    /// `001` for a non-geographic calling code; `None` where no region's rules fit.
    pub region: Option<&'static str>,
    pub international: String,
    pub national: String,
    pub rfc3966: String,
    pub extension: Option<String>,
}

/// E.164 of a valid number, or `None`: the fastest question the engine answers.
pub fn e164(input: &str, default_region: &str) -> Option<String> {
    let territory = territory(default_region).ok()?;
    let cleaned = clean_input(input).ok()?;
    let p = parse_with_words_cut(&cleaned, territory).ok()?;
    if !engine::is_valid(p.cc, &p.nsn) {
        return None;
    }
    let mut out = String::with_capacity(p.nsn.len() + 4);
    out.push('+');
    let (cc, len) = engine::cc_digits(p.cc);
    out.push_str(std::str::from_utf8(&cc[..len]).unwrap_or(""));
    out.push_str(&p.nsn);
    Some(out)
}

/// libphonenumber reads letters after a number as part of it (vanity numbers), so
/// "+33 6 12 34 56 78 tomorrow" is too long. When the whole text gives no valid number, the
/// text is read again up to the first word that follows the digits after a space.
fn parse_with_words_cut(text: &str, territory: &'static metadata::Territory) -> Result<engine::Parsed, engine::ParseError> {
    let first = engine::parse(text, Some(territory));
    if matches!(&first, Ok(p) if engine::is_valid(p.cc, &p.nsn)) {
        return first;
    }
    let mut digits = 0;
    let mut prev_space = false;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c.is_alphabetic() && prev_space && digits >= 3 {
            let lower = text[i..].to_lowercase();
            let extension = ["ext", "x", "anexo", "доб", "int"].iter().any(|l| lower.starts_with(l));
            if !extension {
                if let Ok(p) = engine::parse(&text[..i], Some(territory)) {
                    return Ok(p);
                }
            }
            break;
        }
        prev_space = c.is_whitespace();
    }
    first
}

/// A phone number found in text: where it is (byte offsets and UTF-16 offsets, for
/// JavaScript strings) and what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub start_utf16: usize,
    pub end_utf16: usize,
    pub text: String,
    /// The number in E.164; `parse(&e164, …)` gives its formats when they are needed.
    pub e164: String,
}

/// Every phone number in `text`, in order. Numbers without a country code are read with
/// `default_region`. An unknown region finds nothing.
pub fn find_numbers(text: &str, default_region: &str, leniency: Leniency) -> Vec<Found> {
    let Ok(territory) = territory(default_region) else { return Vec::new() };
    let matches = find::find(text, territory, leniency);
    found(text, matches.into_iter().map(|m| (m.start, m.end, m.parsed)))
}

/// [`find_numbers`] without Contakt's deliberate deviations (the decoys it refuses): Google's
/// `PhoneNumberMatcher` as ported, for the oracle test.
pub fn find_numbers_as_google(text: &str, default_region: &str, leniency: Leniency) -> Vec<Found> {
    let Ok(territory) = territory(default_region) else { return Vec::new() };
    found(text, matcher::find(text, territory, leniency, false).into_iter().map(|m| (m.start, m.end, m.parsed)))
}

fn found(text: &str, matches: impl Iterator<Item = (usize, usize, engine::Parsed)>) -> Vec<Found> {
    let mut out = Vec::new();
    // UTF-16 offsets, counted once along the text.
    let (mut byte, mut unit) = (0usize, 0usize);
    let mut advance = |to: usize| {
        // One UTF-16 unit per character, two for those outside the BMP (4-byte UTF-8).
        unit += text.as_bytes()[byte..to].iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum::<usize>();
        byte = to;
        unit
    };
    for (start, end, parsed) in matches {
        let start_utf16 = advance(start);
        let end_utf16 = advance(end);
        out.push(Found { start, end, start_utf16, end_utf16, text: text[start..end].to_string(), e164: format!("+{}{}", parsed.cc, parsed.nsn) });
    }
    out
}

/// The longest selection read for numbers; longer ones are cut (a selection is a sentence or
/// a table cell, not a book).
pub const MAX_SELECTION_CHARS: usize = 5_000;

/// The phone numbers in text the user selected (or a `tel:` link), first one first. When
/// there is none, the error says why the text is not a number.
pub fn numbers_in_selection(text: &str, default_region: &str) -> Result<Vec<PhoneNumber>, PhoneError> {
    territory(default_region)?;
    let text = match text.char_indices().nth(MAX_SELECTION_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    if text.trim().is_empty() {
        return Err(PhoneError::Empty);
    }
    if text.trim_start().get(..4).is_some_and(|s| s.eq_ignore_ascii_case("tel:")) {
        return parse(text.trim(), default_region).map(|n| vec![n]);
    }
    let cleaned = clean_input(text).unwrap_or_else(|_| text.to_string());
    let found = find_numbers(&cleaned, default_region, Leniency::Valid);
    if found.is_empty() {
        // One number written loosely ("call 0049-30-123456 now") is still one number.
        return parse(text, default_region).map(|n| vec![n]);
    }
    let mut out: Vec<PhoneNumber> = Vec::new();
    for f in found {
        let text = &cleaned[f.start..f.end];
        if let Ok(n) = parse(text, default_region) {
            if !out.iter().any(|o| o.e164 == n.e164) {
                out.push(n);
            }
        }
    }
    Ok(out)
}

/// The number typed so far, formatted for display as the user types ("+4420794" →
/// "+44 20 794"). Never fails: input it cannot format comes back unchanged.
pub fn format_as_you_type(input: &str, default_region: &str) -> String {
    let (Ok(territory), Ok(cleaned)) = (territory(default_region), clean_input(input)) else {
        return input.to_string();
    };
    if cleaned.chars().any(char::is_alphabetic) {
        return input.to_string();
    }
    // Where Google's formatter gives the digits back unformatted, what the user typed (their
    // own spaces and dashes) is kept.
    let keys: String = cleaned.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    match as_you_type::format(&cleaned, territory) {
        Some(out) if out != keys => out,
        _ => input.trim().to_string(),
    }
}

/// `true` when `input` is a valid number for `default_region`.
pub fn validate(input: &str, default_region: &str) -> bool {
    parse(input, default_region).is_ok()
}

/// Every region the metadata knows, with its country calling code, sorted by region.
pub fn regions() -> Vec<(String, u16)> {
    let mut all: Vec<(String, u16)> = metadata::territories().iter().filter(|t| t.id.len() == 2).map(|t| (t.id.to_string(), t.cc)).collect();
    all.sort();
    all
}

/// `true` when `region` is an ISO 3166 region the metadata knows.
pub fn is_region(region: &str) -> bool {
    territory(region).is_ok()
}

/// The default region for a browser locale such as `en-US`, `pt_BR`, `zh-Hant-TW` or `de`.
/// A locale without a region gets the region most speakers of the language live in; anything
/// unreadable gets `US`.
pub fn region_from_locale(locale: &str) -> String {
    let mut parts = locale.split(['-', '_']).filter(|p| !p.is_empty());
    let language = parts.next().unwrap_or("").to_ascii_lowercase();
    for part in parts {
        if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            let region = part.to_ascii_uppercase();
            if is_region(&region) {
                return region;
            }
        }
    }
    const LIKELY: &[(&str, &str)] = &[
        ("ar", "EG"),
        ("bg", "BG"),
        ("bn", "BD"),
        ("cs", "CZ"),
        ("da", "DK"),
        ("de", "DE"),
        ("el", "GR"),
        ("en", "US"),
        ("es", "ES"),
        ("et", "EE"),
        ("fa", "IR"),
        ("fi", "FI"),
        ("fil", "PH"),
        ("fr", "FR"),
        ("he", "IL"),
        ("hi", "IN"),
        ("hr", "HR"),
        ("hu", "HU"),
        ("id", "ID"),
        ("it", "IT"),
        ("ja", "JP"),
        ("kk", "KZ"),
        ("ko", "KR"),
        ("lt", "LT"),
        ("lv", "LV"),
        ("ms", "MY"),
        ("nb", "NO"),
        ("nl", "NL"),
        ("no", "NO"),
        ("pl", "PL"),
        ("pt", "BR"),
        ("ro", "RO"),
        ("ru", "RU"),
        ("sk", "SK"),
        ("sl", "SI"),
        ("sr", "RS"),
        ("sv", "SE"),
        ("sw", "KE"),
        ("th", "TH"),
        ("tr", "TR"),
        ("uk", "UA"),
        ("ur", "PK"),
        ("vi", "VN"),
        ("zh", "CN"),
    ];
    LIKELY.iter().find(|(l, _)| *l == language).map(|(_, r)| r.to_string()).unwrap_or_else(|| "US".to_string())
}

fn territory(region: &str) -> Result<&'static metadata::Territory, PhoneError> {
    let upper = region.trim().to_ascii_uppercase();
    if upper.len() != 2 {
        return Err(PhoneError::UnknownRegion(region.to_string()));
    }
    metadata::by_region(&upper).ok_or_else(|| PhoneError::UnknownRegion(region.to_string()))
}

/// ASCII for any Unicode decimal digit we expect people to paste (the zero of each block).
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0,
    0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x16A60, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
    0x1E950, 0x10D30, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16AC0, 0x1E140, 0x1E2F0, 0x1FBF0,
];

/// The ASCII digit of a decimal digit of any script we expect people to paste.
#[inline]
pub(super) fn digit_value(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let cp = c as u32;
    // No decimal digits below Arabic-Indic: most text is answered here.
    if cp < 0x0660 {
        return None;
    }
    DIGIT_ZEROS.iter().find(|&&zero| cp >= zero && cp < zero + 10).and_then(|&zero| char::from_digit(cp - zero, 10))
}

/// Maps what a person typed or pasted to what the engine reads: every Unicode decimal digit
/// to ASCII, full-width plus and brackets and the various dashes and spaces to their ASCII
/// forms. Refuses empty and absurdly long input.
pub(crate) fn clean_input(input: &str) -> Result<String, PhoneError> {
    if input.trim().is_empty() {
        return Err(PhoneError::Empty);
    }
    if input.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::NotANumber);
    }
    let text: String = input
        .chars()
        .map(|c| match c {
            '\u{FF0B}' | '\u{2795}' => '+',
            '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{FF0D}' => '-',
            '\u{FF08}' => '(',
            '\u{FF09}' => ')',
            '\u{3000}' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => ' ',
            c => digit_value(c).unwrap_or(c),
        })
        .collect();
    // A '+' must be followed by digits: "+x1 …" is a typo, not a number (libphonenumber
    // would read the x as punctuation).
    if let Some(i) = text.find(|c: char| c == '+' || c.is_ascii_digit()) {
        let after = text[i..].trim_start_matches(['+', ' ', '(', '-', '.']);
        if text[i..].starts_with('+') && !after.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(PhoneError::NotANumber);
        }
    }
    Ok(text)
}

/// Validity with a reason: length first (too short/long, local only), then assignment.
fn check(p: &engine::Parsed) -> Result<(), PhoneError> {
    let main = metadata::main_for_code(p.cc).ok_or(PhoneError::UnknownCountryCode)?;
    match engine::test_length(&p.nsn, main) {
        engine::Length::TooShort => return Err(PhoneError::TooShort),
        engine::Length::TooLong => return Err(PhoneError::TooLong),
        engine::Length::InvalidLength => return Err(PhoneError::InvalidLength),
        engine::Length::LocalOnly => return Err(PhoneError::LocalOnly),
        engine::Length::Possible => {}
    }
    if engine::is_valid(p.cc, &p.nsn) {
        return Ok(());
    }
    let region = engine::territory_for(p.cc, &p.nsn).unwrap_or(main).id;
    Err(PhoneError::NotAssigned { region: (region.len() == 2).then(|| region.to_string()) })
}

fn describe(p: engine::Parsed) -> PhoneNumber {
    let territory = engine::territory_for(p.cc, &p.nsn);
    let kind = territory.map(|t| engine::number_kind(&p.nsn, t)).unwrap_or(NumberKind::Unknown);
    PhoneNumber {
        e164: format!("+{}{}", p.cc, p.nsn),
        country_code: p.cc,
        region: territory.map(|t| t.id).filter(|id| id.len() == 2).map(str::to_string),
        kind,
        international: engine::format(&p, engine::Style::International),
        national: engine::format(&p, engine::Style::National),
        rfc3966: engine::format(&p, engine::Style::Rfc3966),
        extension: p.extension.clone(),
    }
}
