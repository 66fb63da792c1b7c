//! Finding phone numbers in text (web pages, selections), after libphonenumber's
//! `PhoneNumberMatcher`: candidates are runs of digits and phone punctuation; each is parsed
//! with the default region and kept if it passes the leniency. On top of Google's rules we
//! refuse the decoys pages are full of (dates, times, prices, IP addresses, ISBNs, card and
//! order numbers, versions) by their shape and by the word in front of them.

use super::engine::{self, Parsed, Style};
use super::metadata::{self, Format, Territory};

/// How sure a match must be (Google's leniency levels, strictest last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Leniency {
    /// The number has a possible length.
    Possible,
    /// The number is valid, and written with its national prefix where one is required.
    Valid,
    /// Valid, and no group of digits the number's format keeps together is split.
    StrictGrouping,
}

/// A number found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Byte offsets in the text.
    pub start: usize,
    pub end: usize,
    pub parsed: Parsed,
}

const MAX_DIGITS: usize = 20;
const MAX_PUNCTUATION_RUN: usize = 4;

fn is_candidate_punctuation(c: char) -> bool {
    matches!(
        c,
        ' ' | '-' | '.' | '/' | '(' | ')' | '[' | ']' | '~' | '\u{00A0}' | '\u{2009}' | '\u{202F}' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{3000}' | '\u{FF08}' | '\u{FF09}' | '\u{FF0D}'
    )
}

/// Every number in `text` that passes `leniency`, in order, not overlapping.
pub fn find(text: &str, default: &'static Territory, leniency: Leniency) -> Vec<Match> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Fast skip to the next ASCII digit or '+'; non-ASCII digits are rare on pages and
        // are handled by the caller's normalisation of selections.
        let Some(found_at) = next_digit_or_plus(bytes, i) else { break };
        let mut start = found_at;
        // Take a plus and one opening bracket right before the first digit.
        if start > 0 && bytes[start - 1] == b'+' {
            start -= 1;
        }
        if start > 0 && matches!(bytes[start - 1], b'(' | b'[') {
            start -= 1;
        }
        let (end, digits) = candidate_end(text, start);
        // Always move past what was found, whatever the candidate was.
        let next = end.max(found_at + 1);
        if digits >= 3 {
            if let Some(m) = check(text, start, end, default, leniency) {
                out.push(m);
            }
        }
        i = next;
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out
}

/// The next ASCII digit or '+' at or after `from`, eight bytes at a time (most of a page is
/// prose: this loop is where the matcher spends its time there).
fn next_digit_or_plus(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap());
        let digits = w ^ (ONES * 0x30); // '0'..'9' become 0..9
        let plus = w ^ (ONES * 0x2B); // '+' becomes 0
        let has_digit = digits.wrapping_sub(ONES * 10) & !digits & HIGH;
        let has_plus = plus.wrapping_sub(ONES) & !plus & HIGH;
        if has_digit | has_plus != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b.is_ascii_digit() || b == b'+').map(|p| i + p)
}

/// The end of the run of digits and punctuation starting at `start`, and its digit count.
fn candidate_end(text: &str, start: usize) -> (usize, usize) {
    let mut digits = 0;
    let mut punct = 0;
    let mut end = start;
    let mut last_digit_end = start;
    for (k, c) in text[start..].char_indices() {
        let at = start + k;
        if c.is_ascii_digit() {
            digits += 1;
            punct = 0;
            last_digit_end = at + 1;
            if digits > MAX_DIGITS {
                // Too long to be a number: swallow the whole run so no part of it matches.
                let rest = text[at..].find(|c: char| !(c.is_ascii_digit() || is_candidate_punctuation(c))).map(|r| at + r).unwrap_or(text.len());
                return (rest, 0);
            }
        } else if (c == '+' && digits == 0) || is_candidate_punctuation(c) {
            punct += 1;
            if punct > MAX_PUNCTUATION_RUN {
                break;
            }
        } else {
            break;
        }
        end = at + c.len_utf8();
    }
    let _ = end;
    // A closing bracket right after the last digit belongs to the number only if it closes one.
    (last_digit_end, digits)
}

fn check(text: &str, start: usize, end: usize, default: &'static Territory, leniency: Leniency) -> Option<Match> {
    let mut start = start;
    let mut candidate = &text[start..end];
    // An opening bracket that is never closed is not part of the number.
    if candidate.starts_with(['(', '[']) && !candidate.contains([')', ']']) {
        start += 1;
        candidate = &text[start..end];
    }
    if !brackets_pair(candidate) {
        // "(8 (912) 345-62-82)": the outer bracket belongs to the sentence.
        if candidate.starts_with(['(', '[']) && brackets_pair(&candidate[1..]) {
            start += 1;
            candidate = &text[start..end];
        } else {
            return None;
        }
    }
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    // Glued to letters or other digits, or next to currency and percent signs: not a number.
    if before.is_some_and(|c| c.is_alphanumeric() || is_money(c) || c == '_' || c == '#' || c == '@')
        || after.is_some_and(|c| c.is_alphanumeric() || is_money(c) || c == '%' || c == '_' || c == '@')
    {
        return None;
    }
    // "12.5.2024", "1.299,00", "192.168.1.1", "10:30": shapes of other things.
    if after.is_some_and(|c| c == ':' || c == ',') && text[end..].chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if before.is_some_and(|c| c == '.' || c == ',' || c == ':' || c == '/' || c == '-')
        && text[..start].chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    if looks_like_other_thing(candidate) {
        return None;
    }
    let parsed = engine::parse(candidate, Some(default)).ok()?;
    let main = metadata::main_for_code(parsed.cc)?;
    if leniency == Leniency::Possible {
        if engine::test_length(&parsed.nsn, main) != engine::Length::Possible {
            return None;
        }
    } else {
        let t = engine::territory_for(parsed.cc, &parsed.nsn)?;
        if !engine::is_valid_in(&parsed.nsn, t) {
            return None;
        }
        // The national format is chosen once for both checks below.
        let format = engine::choose_format(t.formats, &parsed.nsn);
        if !national_prefix_present_if_required(candidate, &parsed, default, format) {
            return None;
        }
        if leniency == Leniency::StrictGrouping && !groups_kept(candidate, &parsed, t, format) {
            return None;
        }
    }
    if labelled_as_other_thing(&text[..start]) {
        return None;
    }
    Some(Match { start, end, parsed })
}

fn is_money(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '₺' | '₫' | '₱' | '฿' | '¢' | '₪' | '₴' | '₦')
}

fn brackets_pair(s: &str) -> bool {
    let mut open = false;
    for c in s.chars() {
        match c {
            '(' | '[' | '\u{FF08}' => {
                if open {
                    return false;
                }
                open = true;
            }
            ')' | ']' | '\u{FF09}' => {
                if !open {
                    return false;
                }
                open = false;
            }
            _ => {}
        }
    }
    !open
}

/// Digit groups of a candidate ("020 7946-0958" → ["020", "7946", "0958"]).
fn groups(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).collect()
}

/// Dates, IP addresses, ISBNs, card numbers, page ranges and versions, by shape.
fn looks_like_other_thing(candidate: &str) -> bool {
    let g = groups(candidate);
    let seps: Vec<char> = candidate.chars().filter(|c| !c.is_ascii_digit() && *c != ' ').collect();
    let lens: Vec<usize> = g.iter().map(|x| x.len()).collect();
    let only = |ch: char| !seps.is_empty() && seps.iter().all(|&c| c == ch);
    // Dates: 2024-03-15, 15.03.2024, 03/15/2024, 15/3/24.
    let date = g.len() == 3 && (lens == [4, 2, 2] || (lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 4 || lens[2] == 2))) && (only('-') || only('.') || only('/'));
    // IPv4 addresses (phone numbers written with dots start with 0 or have other groups).
    let dotted =
        only('.') && g.len() == 4 && lens.iter().all(|&l| l <= 3) && !g[0].starts_with('0') && g.iter().all(|x| x.parse::<u16>().is_ok_and(|n| n <= 255));
    // Slashes: dates and fractions.
    let slashes = seps.iter().filter(|&&c| c == '/').count() >= 2;
    // Card numbers: four groups of four, or 13–19 digits in groups of 4–6.
    let card = g.len() >= 4 && lens.iter().all(|&l| l == 4);
    // Year and page ranges: 1999-2004, 120-125 (2009).
    let range = g.len() == 2 && only('-') && lens[0] == lens[1] && lens[0] <= 4 && candidate.len() <= 11;
    date || dotted || slashes || card || range
}

/// Words right before the candidate that say it is something else ("Order #", "ISBN",
/// "Invoice no.", "Version"). "Number" and "No." count only after a word that qualifies them,
/// so "Phone number:" still introduces a phone number.
fn labelled_as_other_thing(before: &str) -> bool {
    let mut words = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).take(2);
    let Some(last) = words.next() else { return false };
    // Only words right before the number: nothing but separators between them.
    // `last` is a suffix-side slice of `before`: its end is where the gap begins.
    let gap = &before[last.as_ptr() as usize - before.as_ptr() as usize + last.len()..];
    if gap.chars().any(|c| c.is_alphanumeric()) || gap.chars().count() > 3 {
        return false;
    }
    let is = |list: &[&str], w: &str| list.iter().any(|l| l.eq_ignore_ascii_case(w));
    const ALONE: &[&str] = &[
        "order",
        "invoice",
        "inv",
        "ref",
        "reference",
        "ticket",
        "tracking",
        "sku",
        "isbn",
        "isbn-10",
        "isbn-13",
        "issn",
        "id",
        "account",
        "acct",
        "iban",
        "bic",
        "serial",
        "item",
        "case",
        "version",
        "ver",
        "build",
        "v",
        "art",
        "policy",
        "booking",
        "confirmation",
        "pnr",
        "vat",
        "ein",
        "ssn",
        "zip",
        "postcode",
        "price",
        "total",
        "amount",
        "usd",
        "eur",
        "gbp",
        "rs",
        "inr",
        "card",
        "page",
        "pages",
        "pp",
        "orders",
        "invoices",
        "receipt",
        "transaction",
    ];
    const QUALIFIED: &[&str] = &["number", "no", "nr", "num", "nº", "numero", "nummer"];
    const QUALIFIERS: &[&str] = &[
        "order",
        "invoice",
        "tracking",
        "account",
        "customer",
        "case",
        "serial",
        "part",
        "item",
        "reference",
        "ticket",
        "booking",
        "confirmation",
        "policy",
        "card",
        "transaction",
        "vat",
        "tax",
    ];
    if is(ALONE, last) {
        return true;
    }
    if is(QUALIFIED, last) {
        if let Some(prev) = words.next() {
            return is(QUALIFIERS, prev);
        }
    }
    false
}

/// Google's isNationalPrefixPresentIfRequired: a number written without its country code,
/// in a country whose format shows a mandatory national prefix, must carry that prefix.
fn national_prefix_present_if_required(candidate: &str, p: &Parsed, default: &'static Territory, format: Option<&'static Format>) -> bool {
    if !p.from_default {
        return true;
    }
    let Some(format) = format else { return true };
    let rule = format.national_prefix_rule;
    if rule.is_empty() || format.national_prefix_optional || default.national_prefix.is_empty() {
        return true;
    }
    // A rule that only brackets the first group ("($1)") carries no prefix.
    if rule.trim_start_matches(['(', '$', '1', ')', ' ']).is_empty() {
        return true;
    }
    let mut digits = engine::normalize(candidate);
    engine::strip_national_prefix(&mut digits, default)
}

/// Google's STRICT_GROUPING: each digit group of the number's format appears unbroken in the
/// candidate, in order (candidate groups may join format groups). A number written in its
/// national format (Argentina's "011 15-2345-6789", whose international groups differ) passes
/// when its groups are those of the national format.
fn groups_kept(candidate: &str, p: &Parsed, t: &'static Territory, format: Option<&'static Format>) -> bool {
    if rfc_groups_kept(candidate, p, t, format) {
        return true;
    }
    p.from_default && {
        let national = engine::format(&Parsed { extension: None, ..p.clone() }, Style::National);
        groups(&national) == groups(candidate)
    }
}

fn rfc_groups_kept(candidate: &str, p: &Parsed, t: &'static Territory, format: Option<&'static Format>) -> bool {
    let Some(wanted) = engine::format_groups(p, t, format) else { return true };
    // Groups are digits only, so they can be looked for in the candidate as written.
    let normalized = candidate;
    let mut from = 0;
    if !p.from_default {
        let (buf, len) = engine::cc_digits(p.cc);
        let cc = std::str::from_utf8(&buf[..len]).unwrap_or("");
        match find_bytes(normalized.as_bytes(), cc.as_bytes()) {
            Some(at) => from = at + cc.len(),
            None => return false,
        }
    }
    let has_ndd = metadata::main_for_code(p.cc).is_some_and(|t| !t.national_prefix.is_empty());
    for (i, group) in wanted.iter().enumerate() {
        match find_bytes(&normalized.as_bytes()[from..], group.as_bytes()) {
            Some(at) => from += at + group.len(),
            None => return false,
        }
        if i == 0 && from < normalized.len() && has_ndd && normalized.as_bytes()[from].is_ascii_digit() {
            // No separator after the area code: accept only a number with no grouping at all.
            return normalized[from - group.len()..].starts_with(&p.nsn);
        }
    }
    true
}

/// The first position of a short `needle` in `hay`.
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}
