//! Phone numbers: the one door through which the rest of Contakt understands a number.
//!
//! The API is deliberately small — [`parse`], [`validate`], [`PhoneNumber`]'s formats,
//! [`regions`] and [`region_from_locale`] — so the engine behind it can be replaced without
//! touching anything else. Today the engine is the `phonenumber` crate; the input clean-up
//! (`tel:` URIs, Unicode digits, "(0)", surrounding text) is ours and stays with any engine.

use phonenumber::metadata::DATABASE;
use phonenumber::{country, Mode, Type};
use serde::{Deserialize, Serialize};

/// Longest input we try to read as a phone number (libphonenumber uses the same bound).
pub const MAX_INPUT_CHARS: usize = 250;

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

/// Why an input is not a usable phone number. `code()` is stable; `message()` is for people.
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
    /// The length is right but no number range of the country is assigned to it.
    NotAssigned { region: Option<String> },
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
            PhoneError::NotAssigned { .. } => "not_assigned",
        }
    }

    pub fn message(&self) -> String {
        match self {
            PhoneError::Empty => "Enter a phone number.".into(),
            PhoneError::NotANumber => "This doesn't look like a phone number.".into(),
            PhoneError::UnknownRegion(r) => format!("'{r}' is not a country Contakt knows."),
            PhoneError::UnknownCountryCode => {
                "Unknown country calling code: check the digits after '+'.".into()
            }
            PhoneError::TooShort => "Too short: a digit or more is missing.".into(),
            PhoneError::TooLong => "Too long: there are more digits than any number here has.".into(),
            PhoneError::InvalidLength => {
                "Wrong length: no number in this country has this many digits.".into()
            }
            PhoneError::NotAssigned { region: Some(r) } => format!(
                "Looks like a number, but no {r} number starts like this: it is not assigned."
            ),
            PhoneError::NotAssigned { region: None } => {
                "Looks like a number, but it is not assigned to anyone.".into()
            }
        }
    }
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PhoneError {}

/// Reads `input` as a phone number and requires it to be valid.
/// `default_region` (ISO 3166, any case) is used for numbers written without a country code.
pub fn parse(input: &str, default_region: &str) -> Result<PhoneNumber, PhoneError> {
    engine_ready();
    let region = region_id(default_region)?;
    let cleaned = clean_input(input)?;
    // An explicitly international number is read without the default region: the crate
    // would otherwise strip that region's national prefix from it (+385 1… with US loses
    // the 1).
    let context = if cleaned.starts_with('+') { None } else { Some(region) };
    let number = phonenumber::parse(context, &cleaned).map_err(map_parse_error)?;
    check(&number)?;
    Ok(describe(&number))
}

/// `true` when `input` is a valid number for `default_region`.
pub fn validate(input: &str, default_region: &str) -> bool {
    parse(input, default_region).is_ok()
}

/// Every region the metadata knows, with its country calling code, sorted by region.
pub fn regions() -> Vec<(String, u16)> {
    let mut all: Vec<(String, u16)> = DATABASE
        .iter()
        .filter(|m| m.id().len() == 2 && m.id() != "001")
        .map(|m| (m.id().to_string(), m.country_code()))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// `true` when `region` is an ISO 3166 region the metadata knows.
pub fn is_region(region: &str) -> bool {
    region_id(region).is_ok()
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
        ("ar", "EG"), ("bg", "BG"), ("bn", "BD"), ("cs", "CZ"), ("da", "DK"), ("de", "DE"),
        ("el", "GR"), ("en", "US"), ("es", "ES"), ("et", "EE"), ("fa", "IR"), ("fi", "FI"),
        ("fil", "PH"), ("fr", "FR"), ("he", "IL"), ("hi", "IN"), ("hr", "HR"), ("hu", "HU"),
        ("id", "ID"), ("it", "IT"), ("ja", "JP"), ("kk", "KZ"), ("ko", "KR"), ("lt", "LT"),
        ("lv", "LV"), ("ms", "MY"), ("nb", "NO"), ("nl", "NL"), ("no", "NO"), ("pl", "PL"),
        ("pt", "BR"), ("ro", "RO"), ("ru", "RU"), ("sk", "SK"), ("sl", "SI"), ("sr", "RS"),
        ("sv", "SE"), ("sw", "KE"), ("th", "TH"), ("tr", "TR"), ("uk", "UA"), ("ur", "PK"),
        ("vi", "VN"), ("zh", "CN"),
    ];
    LIKELY
        .iter()
        .find(|(l, _)| *l == language)
        .map(|(_, r)| r.to_string())
        .unwrap_or_else(|| "US".to_string())
}

/// The `phonenumber` crate shares one LRU cache of 100 compiled regexes across all regions;
/// a mix of regions evicts what the next parse needs and recompiles it (measured: about
/// 5 ms per parse on 30 regions). Replacing the cache behind the shared handle with one
/// that holds every pattern makes each compile once.
fn engine_ready() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(mut cache) = DATABASE.cache().lock() {
            *cache = regex_cache::RegexCache::new(10_000);
        }
    });
}

fn region_id(region: &str) -> Result<country::Id, PhoneError> {
    let upper = region.trim().to_ascii_uppercase();
    let known = upper.len() == 2
        && upper.parse::<country::Id>().is_ok()
        && DATABASE.by_id(upper.as_str()).is_some();
    if known {
        upper.parse().map_err(|_| PhoneError::UnknownRegion(region.to_string()))
    } else {
        Err(PhoneError::UnknownRegion(region.to_string()))
    }
}

/// ASCII for any Unicode decimal digit we expect people to paste (the zero of each block).
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
    0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xAA50, 0xABF0, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6,
];

fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let cp = c as u32;
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| cp >= zero && cp < zero + 10)
        .and_then(|&zero| char::from_digit(cp - zero, 10))
}

/// Turns what a person typed or pasted into the plain text the engine reads: ASCII digits,
/// `+`, separators and an `ext.` marker; `tel:` URIs unpacked; "(0)" after a country code
/// dropped; words around the number cut off.
pub(crate) fn clean_input(input: &str) -> Result<String, PhoneError> {
    if input.trim().is_empty() {
        return Err(PhoneError::Empty);
    }
    if input.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::NotANumber);
    }
    // Unicode digits and plus signs to ASCII; other characters as they are.
    let mut text: String = input
        .chars()
        .map(|c| match c {
            '\u{FF0B}' | '\u{2795}' => '+',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF0D}' => '-',
            '\u{FF08}' => '(',
            '\u{FF09}' => ')',
            '\u{3000}' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => ' ',
            c => ascii_digit(c).unwrap_or(c),
        })
        .collect();

    // tel: URI (RFC 3966): number, then ;ext= and ;phone-context= parameters.
    let trimmed = text.trim();
    if trimmed.get(..4).is_some_and(|scheme| scheme.eq_ignore_ascii_case("tel:")) {
        let rest = trimmed[4..].trim_start_matches('/');
        let mut params = rest.split(';');
        let mut number = params.next().unwrap_or("").to_string();
        let mut ext = None;
        for param in params {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            if key.eq_ignore_ascii_case("ext") {
                ext = Some(value.to_string());
            } else if key.eq_ignore_ascii_case("phone-context")
                && value.starts_with('+')
                && !number.starts_with('+')
            {
                number = format!("{value}{number}");
            }
        }
        text = match ext {
            Some(e) if !e.is_empty() => format!("{number} ext. {e}"),
            _ => number,
        };
    }

    // Cut surrounding words: from the first '+' or digit to the last digit.
    let start = text.find(|c: char| c == '+' || c.is_ascii_digit());
    let end = text.rfind(|c: char| c.is_ascii_digit());
    let mut core = match (start, end) {
        (Some(s), Some(e)) if s <= e => text[s..=e].to_string(),
        _ => return Err(PhoneError::NotANumber),
    };
    // A '+' must be followed by digits: "+x1 …" is not a number.
    if core.starts_with('+')
        && !core[1..].trim_start_matches([' ', '-', '.', '(', ')', '/']).starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(PhoneError::NotANumber);
    }
    // Only a leading '+' means anything; any later one is dropped.
    if core[1..].contains('+') {
        let lead = core.starts_with('+');
        core = core.replace('+', "");
        if lead {
            core.insert(0, '+');
        }
    }

    // "(0)" is the trunk prefix some countries show after the country code: drop it when
    // the number is written internationally.
    if core.starts_with('+') || core.starts_with("00") {
        let compact: String = core.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(pos) = compact.find("(0)") {
            let (head, tail) = compact.split_at(pos);
            core = format!("{head} {}", &tail[3..]);
        }
    }

    if core.chars().filter(|c| c.is_ascii_digit()).count() < 2 {
        return Err(PhoneError::TooShort);
    }
    Ok(core)
}

fn map_parse_error(error: phonenumber::ParseError) -> PhoneError {
    use phonenumber::ParseError as P;
    match error {
        P::NoNumber | P::MalformedInteger(_) => PhoneError::NotANumber,
        P::InvalidCountryCode => PhoneError::UnknownCountryCode,
        P::TooShortAfterIdd | P::TooShortNsn => PhoneError::TooShort,
        P::TooLong => PhoneError::TooLong,
    }
}

/// Validity with a reason: length first (too short/long), then assignment.
fn check(number: &phonenumber::PhoneNumber) -> Result<(), PhoneError> {
    let code = number.code().value();
    let metas = DATABASE.by_code(&code).ok_or(PhoneError::UnknownCountryCode)?;
    let national = number.national().to_string();
    let len = national.len() as u16;
    let mut lengths: Vec<u16> = Vec::new();
    for meta in &metas {
        let d = meta.descriptors();
        let kinds = [
            Some(d.general()), d.fixed_line(), d.mobile(), d.toll_free(), d.premium_rate(),
            d.shared_cost(), d.personal_number(), d.voip(), d.pager(), d.uan(), d.voicemail(),
        ];
        for desc in kinds.into_iter().flatten() {
            lengths.extend_from_slice(desc.possible_length());
        }
    }
    lengths.sort_unstable();
    lengths.dedup();
    if let (Some(&min), Some(&max)) = (lengths.first(), lengths.last()) {
        if len < min {
            return Err(PhoneError::TooShort);
        }
        if len > max {
            return Err(PhoneError::TooLong);
        }
        if !lengths.contains(&len) {
            return Err(PhoneError::InvalidLength);
        }
    }
    // The crate's own validity check misses non-geographic numbers (+800, +882, …);
    // a number whose type the metadata recognises is valid.
    if number.is_valid() || number.number_type(&DATABASE) != Type::Unknown {
        Ok(())
    } else {
        let region = number.country().id().map(|id| id.as_ref().to_string()).or_else(|| {
            metas.first().map(|m| m.id().to_string()).filter(|id| id.len() == 2 && id != "00")
        });
        Err(PhoneError::NotAssigned { region })
    }
}

fn describe(number: &phonenumber::PhoneNumber) -> PhoneNumber {
    let kind = match number.number_type(&DATABASE) {
        Type::FixedLine => NumberKind::FixedLine,
        Type::Mobile => NumberKind::Mobile,
        Type::FixedLineOrMobile => NumberKind::FixedLineOrMobile,
        Type::TollFree => NumberKind::TollFree,
        Type::PremiumRate => NumberKind::PremiumRate,
        Type::SharedCost => NumberKind::SharedCost,
        Type::PersonalNumber => NumberKind::PersonalNumber,
        Type::Voip => NumberKind::Voip,
        Type::Pager => NumberKind::Pager,
        Type::Uan => NumberKind::Uan,
        Type::Voicemail => NumberKind::Voicemail,
        _ => NumberKind::Unknown,
    };
    let e164 = number.format().mode(Mode::E164).to_string();
    PhoneNumber {
        e164,
        country_code: number.code().value(),
        region: number.country().id().map(|id| id.as_ref().to_string()),
        kind,
        international: number.format().mode(Mode::International).to_string(),
        national: number.format().mode(Mode::National).to_string(),
        rfc3966: number.format().mode(Mode::Rfc3966).to_string(),
        extension: number.extension().map(|e| e.to_string()).filter(|e| !e.is_empty()),
    }
}
