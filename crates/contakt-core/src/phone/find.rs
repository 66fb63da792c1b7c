//! Finding phone numbers in text (web pages, selections): Google's `PhoneNumberMatcher`
//! (`matcher.rs`), and on top of Google's rules the decoys pages are full of refused (dates,
//! times, prices, IP addresses, ISBNs, card and order numbers, versions) by their shape, their
//! neighbours and the word in front of them.

use super::engine::Parsed;
use super::matcher;
use super::metadata::Territory;

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

/// Every number in `text` that passes `leniency`, in order, not overlapping: Google's
/// matcher (`matcher.rs`) with numbers written in their own national format accepted, less
/// the decoys it accepts (the deliberate deviations).
pub fn find(text: &str, default: &'static Territory, leniency: Leniency) -> Vec<Match> {
    matcher::find(text, default, leniency, true)
        .into_iter()
        .filter(|m| !is_decoy(text, m.start, m.end))
        .map(|m| Match { start: m.start, end: m.end, parsed: m.parsed })
        .collect()
}

/// What pages are full of that Google's matcher takes for numbers: dates, times, prices, IP
/// addresses, ISBNs, card and order numbers, versions; by their shape, their neighbours and
/// the word in front of them.
fn is_decoy(text: &str, start: usize, end: usize) -> bool {
    let candidate = matcher::normalize_digits(&text[start..end]);
    let before = text[..start].chars().next_back();
    let mut following = text[end..].chars();
    let after = following.next();
    // Next to currency and percent signs, handles and hashes.
    if before.is_some_and(|c| is_money(c) || c == '_' || c == '#' || c == '@') || after.is_some_and(|c| is_money(c) || c == '%' || c == '_' || c == '@') {
        return true;
    }
    // "10:30", "1,299": a time or a decimal follows (a list "…0958,020 7946 …" does not).
    if let Some(sep @ (':' | ',')) = after {
        let digits = following.clone().take_while(|c| c.is_ascii_digit()).count();
        let more = following.nth(digits).is_some_and(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.'));
        if digits > 0 && (sep == ':' || digits <= 3) && !more {
            return true;
        }
    }
    // "12.5.2024", "192.168.1.1": the candidate continues another number (a comma before it
    // is a list: "+4915123456351,+4915123456098").
    if before.is_some_and(|c| matches!(c, '.' | ':' | '-')) && text[..start].chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    // The words right before it: a short look back, cut at a character boundary (text glued
    // to the number, as in CJK, must not make this a scan to the start of the page).
    let mut from = start.saturating_sub(64);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    looks_like_other_thing(&candidate) || labelled_as_other_thing(&text[from..start])
}

fn is_money(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '₺' | '₫' | '₱' | '฿' | '¢' | '₪' | '₴' | '₦')
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
    // Year and page ranges: 1999-2004, 120-125 (2009); "2212-3456" stays a number (Honduras).
    let year = |x: &str| x.len() == 4 && x.parse::<u16>().is_ok_and(|y| (1900..=2099).contains(&y));
    let range = g.len() == 2 && only('-') && lens[0] == lens[1] && (lens[0] <= 3 || (year(g[0]) && year(g[1]) && g[0] <= g[1])) && candidate.len() <= 11;
    // Decimals and coordinates: 48.8566.
    let decimal = g.len() == 2 && only('.') && lens[0] <= 3 && lens[1] >= 4 && !g[0].starts_with('0');
    date || dotted || slashes || card || range || decimal
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
