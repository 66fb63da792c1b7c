//! libphonenumber's `PhoneNumberMatcher`, ported step by step from Google's Java
//! (`PhoneNumberMatcher.java`, release 9.0.35): candidates found by its PATTERN (leading plus
//! or brackets, blocks of digits of any script with phone punctuation between them, an
//! extension), cut after a second number, rid of slash dates and time stamps, checked for
//! matching brackets and publication pages, then parsed and verified at the leniency; a
//! candidate that fails is searched for inner matches (after a slash, a bracket, a dash, a
//! dot, a space). STRICT_GROUPING checks the digit groups against the number's format and its
//! alternate formats. The regular expressions are written out as the small scanners below;
//! each names the Java constant it stands for.

use super::engine::{self, is_valid_punctuation, Parsed, Source, Style};
use super::find::Leniency;
use super::metadata::{self, Format, Territory};
use super::pattern::{Caps, Mode};

/// PhoneNumberMatcher's maxTries: Java's `findNumbers` passes Long.MAX_VALUE (the work is
/// linear in the text either way).
const MAX_TRIES: usize = usize::MAX;
/// Digits in one block: MAX_LENGTH_FOR_NSN + MAX_LENGTH_COUNTRY_CODE.
const DIGIT_BLOCK_LIMIT: usize = 20;

#[derive(Clone, Copy)]
struct Options {
    region: &'static Territory,
    leniency: Leniency,
    national_groups: bool,
}

/// A number found by the matcher: byte offsets in the text and the parsed number.
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub parsed: Parsed,
}

/// `\p{Nd}`: a decimal digit of any script (those [`super::digit_value`] knows).
#[inline]
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (c as u32 >= 0x0660 && super::digit_value(c).is_some())
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '\u{FF08}' | '\u{FF3B}')
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '\u{FF09}' | '\u{FF3D}')
}

/// LEAD_CLASS: opening brackets and plus signs.
fn is_lead(c: char) -> bool {
    is_opening(c) || matches!(c, '+' | '\u{FF0B}')
}

/// `\p{Z}`: space, line and paragraph separators.
fn is_z(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

/// isLatinLetter: a letter or combining mark of the Latin blocks.
fn is_latin_letter(c: char) -> bool {
    let mark = ('\u{0300}'..='\u{036F}').contains(&c);
    (c.is_alphabetic() || mark) && matches!(c, '\u{0000}'..='\u{024F}' | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
}

/// isInvalidPunctuationSymbol: `%` or a currency symbol (Unicode category Sc).
fn is_invalid_punctuation(c: char) -> bool {
    matches!(c,
        '%' | '$' | '\u{00A2}'..='\u{00A5}' | '\u{058F}' | '\u{060B}' | '\u{07FE}' | '\u{07FF}' | '\u{09F2}' | '\u{09F3}' | '\u{09FB}'
        | '\u{0AF1}' | '\u{0BF9}' | '\u{0E3F}' | '\u{17DB}' | '\u{20A0}'..='\u{20C0}' | '\u{A838}' | '\u{FDFC}' | '\u{FE69}' | '\u{FF04}'
        | '\u{FFE0}' | '\u{FFE1}' | '\u{FFE5}' | '\u{FFE6}')
}

/// Every number in `text` at `leniency`, as Google's matcher finds them. With
/// `national_groups`, STRICT_GROUPING also accepts a number written exactly in its own national
/// format (Contakt's deviation: Google checks the international groups only, and so refuses
/// Argentina's `011 15-2345-6451`).
pub fn find(text: &str, region: &'static Territory, leniency: Leniency, national_groups: bool) -> Vec<Found> {
    let options = Options { region, leniency, national_groups };
    let mut out = Vec::new();
    let mut tries = MAX_TRIES;
    let mut index = 0;
    while tries > 0 {
        let Some((start, end)) = next_candidate(text, index) else { break };
        let candidate = trim_second_number(&text[start..end]);
        if let Some(found) = extract_match(text, candidate, start, options, &mut tries) {
            index = found.end;
            out.push(found);
            continue;
        }
        index = start + candidate.len();
        tries = tries.saturating_sub(1);
    }
    out
}

/// PATTERN.find(index): the leftmost candidate at or after byte `index`.
fn next_candidate(text: &str, index: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = index;
    while i < bytes.len() {
        // Most of a page cannot start a candidate: skip ASCII that is not a digit or a lead,
        // eight bytes at a time.
        i = skip_prose(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        if b < 0x80 && !(b.is_ascii_digit() || matches!(b, b'+' | b'(' | b'[')) {
            i += 1;
            continue;
        }
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        if let Some(end) = pattern_at(text, i) {
            return Some((i, end));
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The first byte at or after `from` that is an ASCII digit, `+`, `(`, `[` or not ASCII,
/// eight bytes at a time.
fn skip_prose(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut i = from;
    while i + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
        let digits = w ^ (ONES * 0x30);
        let has_digit = digits.wrapping_sub(ONES * 10) & !digits & HIGH;
        let lead = zero_byte(w ^ (ONES * u64::from(b'+'))) | zero_byte(w ^ (ONES * u64::from(b'('))) | zero_byte(w ^ (ONES * u64::from(b'[')));
        if has_digit | lead | (w & HIGH) != 0 {
            break;
        }
        i += 8;
    }
    i
}

/// PATTERN matched at byte `i`: `(?:LEAD PUNCT{0,4}){0,2} DIGITS{1,20} (?:PUNCT{0,4}
/// DIGITS{1,20}){0,20} EXTENSION?`, greedy.
fn pattern_at(text: &str, i: usize) -> Option<usize> {
    // The lead: up to two groups of a lead character and up to four punctuation marks.
    let mut lead = ['\0'; 10];
    let mut leads = 0;
    let mut first_digit = None;
    for (k, c) in text[i..].char_indices() {
        if is_digit(c) {
            first_digit = Some(k);
            break;
        }
        if !(is_lead(c) || is_valid_punctuation(c)) || leads >= lead.len() {
            return None;
        }
        lead[leads] = c;
        leads += 1;
    }
    let first_digit = first_digit?;
    if !lead_is_valid(&lead[..leads]) {
        return None;
    }
    // Digit blocks: the first, then up to 20 more after at most four punctuation marks each.
    let mut end = i + first_digit;
    let mut blocks = 0;
    let mut pos = end;
    loop {
        let digits = text[pos..].chars().take_while(|&c| is_digit(c)).take(DIGIT_BLOCK_LIMIT).map(char::len_utf8).sum::<usize>();
        if digits == 0 {
            break;
        }
        pos += digits;
        end = pos;
        blocks += 1;
        if blocks > DIGIT_BLOCK_LIMIT {
            break;
        }
        let (mut marks, mut after) = (0, pos);
        for c in text[pos..].chars().take_while(|&c| is_valid_punctuation(c)).take(5) {
            marks += 1;
            after += c.len_utf8();
        }
        if marks > 4 {
            break;
        }
        if !text[after..].starts_with(is_digit) {
            break;
        }
        pos = after;
    }
    Some(end + extension_prefix(&text[end..]).unwrap_or(0))
}

/// `(?:LEAD PUNCT{0,4}){0,2}` over the characters before the first digit.
fn lead_is_valid(lead: &[char]) -> bool {
    if lead.is_empty() {
        return true;
    }
    if !is_lead(lead[0]) {
        return false;
    }
    let rest = &lead[1..];
    // One group: the rest is punctuation; two: punctuation, a lead, punctuation.
    if rest.len() <= 4 && rest.iter().all(|&c| is_valid_punctuation(c)) {
        return true;
    }
    (0..rest.len().min(5)).any(|k| {
        rest[..k].iter().all(|&c| is_valid_punctuation(c))
            && is_lead(rest[k])
            && rest.len() - k - 1 <= 4
            && rest[k + 1..].iter().all(|&c| is_valid_punctuation(c))
    })
}

/// EXTN_PATTERNS_FOR_MATCHING at the start of `s` (case-insensitive): how many bytes it takes.
fn extension_prefix(s: &str) -> Option<usize> {
    if let Some(after) = label(s, ";ext=") {
        if let Some(n) = digits_prefix(&s[after..], 20) {
            return Some(after + n);
        }
    }
    let seps = s.chars().take_while(|c| matches!(c, ' ' | '\u{00A0}' | '\t' | ',')).map(char::len_utf8).sum::<usize>();
    // Every label starts with a letter, `#` or `~` (most text after a number is a word or
    // punctuation, so this is checked first).
    let labelled = s[seps..].starts_with(|c: char| {
        matches!(c, 'e' | 'E' | 'x' | 'X' | 'a' | 'A' | 'i' | 'I' | 'д' | 'Д' | 'ｅ' | 'ｘ' | 'ｉ' | 'Ｅ' | 'Ｘ' | 'Ｉ' | '#' | '＃' | '~' | '～')
    });
    for (labels, max) in [(engine::EXPLICIT_EXTENSION_LABELS, 20), (engine::AMBIGUOUS_EXTENSION_LABELS, 9)].into_iter().filter(|_| labelled) {
        for l in labels {
            if let Some(after) = label(&s[seps..], l) {
                let at = seps + after;
                let mut k = at + s[at..].chars().next().filter(|c| matches!(c, ':' | '.' | '\u{FF0E}')).map_or(0, char::len_utf8);
                k += s[k..].chars().take_while(|c| matches!(c, ' ' | '\u{00A0}' | '\t' | ',' | '-')).map(char::len_utf8).sum::<usize>();
                if let Some(n) = digits_prefix(&s[k..], max) {
                    return Some(k + n + usize::from(s[k + n..].starts_with('#')));
                }
            }
        }
    }
    // American style: "- 503#".
    let dashes = s.chars().take_while(|c| matches!(c, '-' | ' ')).count();
    if dashes > 0 {
        if let Some(n) = digits_prefix(&s[dashes..], 6) {
            if s[dashes + n..].starts_with('#') {
                return Some(dashes + n + 1);
            }
        }
    }
    None
}

/// Where `l` (lower case) ends at the start of `s`, compared without case.
fn label(s: &str, l: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    for want in l.chars() {
        let (_, c) = chars.next()?;
        if c != want && !c.to_lowercase().eq(std::iter::once(want)) {
            return None;
        }
    }
    Some(chars.next().map_or(s.len(), |(k, _)| k))
}

/// 1 to `max` digits (any script) at the start of `s`, greedy: their length in bytes.
fn digits_prefix(s: &str, max: usize) -> Option<usize> {
    let n: usize = s.chars().take_while(|&c| is_digit(c)).take(max).map(char::len_utf8).sum();
    (n > 0).then_some(n)
}

/// trimAfterFirstMatch(SECOND_NUMBER_START_PATTERN `[\\/] *x`).
fn trim_second_number(candidate: &str) -> &str {
    for (k, c) in candidate.char_indices() {
        if (c == '/' || c == '\\') && candidate[k + 1..].trim_start_matches(' ').starts_with('x') {
            return &candidate[..k];
        }
    }
    candidate
}

/// trimAfterFirstMatch(UNWANTED_END_CHAR_PATTERN): trailing characters that are neither
/// numbers, letters nor `#`.
fn trim_unwanted_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| !(c.is_numeric() || c.is_alphabetic() || c == '#'))
}

/// A sequence of character classes with greedy quantifiers, matched with backtracking: enough
/// for the matcher's fixed patterns (dates, time stamps, publication pages).
type Item = (fn(char) -> bool, usize, usize);

fn seq_at(items: &[Item], s: &[char], i: usize) -> Option<usize> {
    let Some(&(class, min, max)) = items.first() else { return Some(i) };
    let mut n = 0;
    while n < max && s.get(i + n).is_some_and(|&c| class(c)) {
        n += 1;
    }
    while n >= min {
        if let Some(end) = seq_at(&items[1..], s, i + n) {
            return Some(end);
        }
        if n == 0 {
            break;
        }
        n -= 1;
    }
    None
}

fn seq_find(items: &[Item], s: &[char]) -> bool {
    (0..=s.len()).any(|i| seq_at(items, s, i).is_some())
}

fn ascii_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// SLASH_SEPARATED_DATES: `(?:[0-3]?\d/[01]?\d|[01]?\d/[0-3]?\d)/(?:[12]\d)?\d{2}`, found anywhere.
fn has_slash_date(s: &[char]) -> bool {
    if s.iter().filter(|&&c| c == '/').count() < 2 {
        return false;
    }
    let slash: fn(char) -> bool = |c| c == '/';
    let d03: fn(char) -> bool = |c| ('0'..='3').contains(&c);
    let d01: fn(char) -> bool = |c| c == '0' || c == '1';
    let d12: fn(char) -> bool = |c| c == '1' || c == '2';
    let year = |i: usize| {
        // (?:[12]\d)?\d{2}
        seq_at(&[(d12, 1, 1), (ascii_digit, 1, 1), (ascii_digit, 2, 2)], s, i).is_some() || seq_at(&[(ascii_digit, 2, 2)], s, i).is_some()
    };
    (0..s.len()).any(|i| {
        [[d03, d01], [d01, d03]].iter().any(|[a, b]| {
            // a?\d / b?\d /, each optional digit tried first (greedy) and then left out.
            [true, false].iter().any(|&first| {
                [true, false].iter().any(|&second| {
                    let mut items: Vec<Item> = Vec::new();
                    if first {
                        items.push((*a, 1, 1));
                    }
                    items.extend([(ascii_digit as fn(char) -> bool, 1, 1), (slash, 1, 1)]);
                    if second {
                        items.push((*b, 1, 1));
                    }
                    items.extend([(ascii_digit as fn(char) -> bool, 1, 1), (slash, 1, 1)]);
                    seq_at(&items, s, i).is_some_and(year)
                })
            })
        })
    })
}

/// TIME_STAMPS: `[12]\d{3}[-/]?[01]\d[-/]?[0-3]\d +[0-2]\d$`.
fn is_time_stamp(s: &[char]) -> bool {
    if s.len() < 11 || !s.contains(&' ') {
        return false;
    }
    let items: [Item; 9] = [
        (|c| c == '1' || c == '2', 1, 1),
        (ascii_digit, 3, 3),
        (|c| c == '-' || c == '/', 0, 1),
        (|c| c == '0' || c == '1', 1, 1),
        (ascii_digit, 1, 1),
        (|c| c == '-' || c == '/', 0, 1),
        (|c| ('0'..='3').contains(&c), 1, 1),
        (ascii_digit, 1, 1),
        (|c| c == ' ', 1, usize::MAX),
    ];
    (0..s.len()).any(|i| seq_at(&items, s, i).is_some_and(|e| seq_at(&[(|c| ('0'..='2').contains(&c), 1, 1), (ascii_digit, 1, 1)], s, e) == Some(s.len())))
}

/// PUB_PAGES: `\d{1,5}-+\d{1,5}\s{0,4}\(\d{1,4}`, found anywhere.
fn has_pub_pages(s: &[char]) -> bool {
    if !(s.contains(&'-') && s.contains(&'(')) {
        return false;
    }
    let items: [Item; 6] = [
        (ascii_digit, 1, 5),
        (|c| c == '-', 1, usize::MAX),
        (ascii_digit, 1, 5),
        (|c| matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r'), 0, 4),
        (|c| c == '(', 1, 1),
        (ascii_digit, 1, 4),
    ];
    seq_find(&items, s)
}

/// MATCHING_BRACKETS, the whole candidate: `O? (N+ C)? N+ (O N+ C){0,3} N*` over brackets O,
/// C and runs N of anything else.
fn brackets_match(s: &str) -> bool {
    #[derive(PartialEq, Clone, Copy)]
    enum T {
        O,
        C,
        N,
    }
    let mut t: Vec<T> = Vec::new();
    for c in s.chars() {
        let k = if is_opening(c) {
            T::O
        } else if is_closing(c) {
            T::C
        } else {
            T::N
        };
        if !(k == T::N && t.last() == Some(&T::N)) {
            t.push(k);
        }
    }
    let at = |i: usize| t.get(i).copied();
    let start = usize::from(at(0) == Some(T::O));
    let mut options = Vec::new();
    if at(start) == Some(T::N) && at(start + 1) == Some(T::C) {
        options.push(start + 2);
    }
    options.push(start);
    options.into_iter().any(|p| {
        if at(p) != Some(T::N) {
            return false;
        }
        let mut q = p + 1;
        let mut groups = 0;
        while groups < 3 && at(q) == Some(T::O) && at(q + 1) == Some(T::N) && at(q + 2) == Some(T::C) {
            q += 3;
            groups += 1;
        }
        q == t.len() || (at(q) == Some(T::N) && q + 1 == t.len())
    })
}

/// extractMatch.
fn extract_match(text: &str, candidate: &str, offset: usize, o: Options, tries: &mut usize) -> Option<Found> {
    let slashes = candidate.matches('/').count() >= 2;
    let spaced = candidate.len() >= 11 && candidate.contains(' ');
    let chars: Vec<char> = if slashes || spaced { candidate.chars().collect() } else { Vec::new() };
    if slashes && has_slash_date(&chars) {
        return None;
    }
    if spaced && is_time_stamp(&chars) {
        let following: Vec<char> = text[offset + candidate.len()..].chars().take(3).collect();
        if following.first() == Some(&':') && following.get(1).is_some_and(|c| ('0'..='5').contains(c)) && following.get(2).is_some_and(char::is_ascii_digit) {
            return None;
        }
    }
    parse_and_verify(text, candidate, offset, o).or_else(|| extract_inner_match(text, candidate, offset, o, tries))
}

/// INNER_MATCHES, in order, each as (match start, group start, group end) in `candidate`,
/// for every place it is found.
fn inner_matches(candidate: &str, c: &[(usize, char)], which: usize) -> Vec<(usize, usize, usize)> {
    let n = candidate.len();
    let pos = |k: usize| c.get(k).map_or(n, |&(b, _)| b);
    // `\p{Z}*(.+)` from `from`: the rest of the candidate after the spaces (the spaces give
    // one character back when nothing follows them).
    let rest_after_spaces = |k: usize, from: usize| {
        let mut e = from;
        while c.get(e).is_some_and(|&(_, x)| is_z(x)) {
            e += 1;
        }
        if e >= c.len() {
            (e > from).then(|| (k, c.len() - 1, c.len()))
        } else {
            Some((k, e, c.len()))
        }
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < c.len() {
        let ch = c[k].1;
        let found = match which {
            // "/+(.*)"
            0 if ch == '/' => {
                let mut e = k;
                while c.get(e).is_some_and(|&(_, x)| x == '/') {
                    e += 1;
                }
                Some((k, e, c.len()))
            }
            // "(\([^(]*)"
            1 if ch == '(' => {
                let mut e = k + 1;
                while c.get(e).is_some_and(|&(_, x)| x != '(') {
                    e += 1;
                }
                Some((k, k, e))
            }
            // "(?:\p{Z}-|-\p{Z})\p{Z}*(.+)"
            2 if (is_z(ch) && c.get(k + 1).is_some_and(|&(_, x)| x == '-')) || (ch == '-' && c.get(k + 1).is_some_and(|&(_, x)| is_z(x))) => {
                rest_after_spaces(k, k + 2)
            }
            // "[\u2012-\u2015\uFF0D]\p{Z}*(.+)"
            3 if matches!(ch, '\u{2012}'..='\u{2015}' | '\u{FF0D}') => rest_after_spaces(k, k + 1),
            // "\.+\p{Z}*([^.]+)"
            4 if ch == '.' => {
                let mut d = k;
                while c.get(d).is_some_and(|&(_, x)| x == '.') {
                    d += 1;
                }
                let mut e = d;
                while c.get(e).is_some_and(|&(_, x)| is_z(x)) {
                    e += 1;
                }
                // [^.]+ from e, or (spaces given back) from the first space after the dots.
                let g = if c.get(e).is_some_and(|&(_, x)| x != '.') { Some(e) } else { (e > d).then(|| e - 1) };
                g.map(|g| {
                    let mut f = g;
                    while c.get(f).is_some_and(|&(_, x)| x != '.') {
                        f += 1;
                    }
                    (k, g, f)
                })
            }
            // "\p{Z}+(\P{Z}+)"
            5 if is_z(ch) => {
                let mut e = k;
                while c.get(e).is_some_and(|&(_, x)| is_z(x)) {
                    e += 1;
                }
                (e < c.len()).then(|| {
                    let mut f = e;
                    while c.get(f).is_some_and(|&(_, x)| !is_z(x)) {
                        f += 1;
                    }
                    (k, e, f)
                })
            }
            _ => None,
        };
        match found {
            Some((s, g, e)) => {
                out.push((pos(s), pos(g), pos(e)));
                k = e.max(k + 1);
            }
            None => k += 1,
        }
    }
    out
}

/// extractInnerMatch.
fn extract_inner_match(text: &str, candidate: &str, offset: usize, o: Options, tries: &mut usize) -> Option<Found> {
    let chars: Vec<(usize, char)> = candidate.char_indices().collect();
    for which in 0..6 {
        let mut first = true;
        for (start, group_start, group_end) in inner_matches(candidate, &chars, which) {
            if *tries == 0 {
                break;
            }
            if first {
                let group = trim_unwanted_end(&candidate[..start]);
                if let Some(found) = parse_and_verify(text, group, offset, o) {
                    return Some(found);
                }
                *tries = tries.saturating_sub(1);
                first = false;
            }
            let group = trim_unwanted_end(&candidate[group_start..group_end]);
            if let Some(found) = parse_and_verify(text, group, offset + group_start, o) {
                return Some(found);
            }
            *tries = tries.saturating_sub(1);
        }
    }
    None
}

/// The digits of any script as ASCII, everything else kept (normalizeDigits with keep).
pub(super) fn normalize_digits(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().map(|c| super::digit_value(c).unwrap_or(c)).collect())
}

/// normalizeDigitsOnly.
fn digits_only(s: &str) -> String {
    s.chars().filter_map(super::digit_value).collect()
}

/// parseAndVerify.
fn parse_and_verify(text: &str, candidate: &str, offset: usize, o: Options) -> Option<Found> {
    // Fewer than two digits is never a number (MIN_LENGTH_FOR_NSN), and no valid number in any
    // region has fewer than four (Austria's shortest): the common case, answered cheaply.
    let needed = if o.leniency >= Leniency::Valid { 4 } else { 2 };
    if candidate.chars().filter(|&c| is_digit(c)).take(needed).count() < needed {
        return None;
    }
    let has_brackets = candidate.contains(|c: char| is_opening(c) || is_closing(c));
    if has_brackets && (!brackets_match(candidate) || has_pub_pages(&candidate.chars().collect::<Vec<_>>())) {
        return None;
    }
    if o.leniency >= Leniency::Valid {
        if offset > 0 && !candidate.starts_with(is_lead) {
            let previous = text[..offset].chars().next_back()?;
            if is_invalid_punctuation(previous) || is_latin_letter(previous) {
                return None;
            }
        }
        if let Some(next) = text[offset + candidate.len()..].chars().next() {
            if is_invalid_punctuation(next) || is_latin_letter(next) {
                return None;
            }
        }
    }
    // Digits of other scripts and full-width signs made ASCII for the engine (most pages need
    // nothing done).
    let cleaned = if candidate.is_ascii() { std::borrow::Cow::Borrowed(candidate) } else { std::borrow::Cow::Owned(super::clean_input(candidate).ok()?) };
    let parsed = engine::parse(&cleaned, Some(o.region)).ok()?;
    verify(&parsed, candidate, o).then(|| Found { start: offset, end: offset + candidate.len(), parsed })
}

/// Leniency.verify.
fn verify(p: &Parsed, candidate: &str, o: Options) -> bool {
    match o.leniency {
        Leniency::Possible => {
            metadata::main_for_code(p.cc).is_some_and(|t| matches!(engine::test_length(&p.nsn, t), engine::Length::Possible | engine::Length::LocalOnly))
        }
        Leniency::Valid => engine::is_valid(p.cc, &p.nsn) && only_valid_x_chars(p, candidate) && national_prefix_present_if_required(p, candidate),
        Leniency::StrictGrouping => {
            engine::is_valid(p.cc, &p.nsn)
                && only_valid_x_chars(p, candidate)
                && !more_than_one_slash_in_national_number(p, candidate)
                && national_prefix_present_if_required(p, candidate)
                && (number_grouping_is_valid(p, candidate) || (o.national_groups && in_national_groups(p, candidate)))
        }
    }
}

/// containsOnlyValidXChars: an `x` introduces the extension, or `xx` a second form of the
/// same number.
fn only_valid_x_chars(p: &Parsed, candidate: &str) -> bool {
    if !candidate.contains(['x', 'X']) {
        return true;
    }
    let chars: Vec<(usize, char)> = candidate.char_indices().collect();
    let extension = p.extension.as_deref().unwrap_or("");
    let mut i = 0;
    while i + 1 < chars.len() {
        let (at, c) = chars[i];
        if c == 'x' || c == 'X' {
            let next = chars[i + 1].1;
            if next == 'x' || next == 'X' {
                i += 1;
                // isNumberMatch(number, rest) == NSN_MATCH: the same national number (and
                // extension) written without a country code (with one it would be an exact match).
                let rest = &candidate[chars[i].0..];
                let same = super::clean_input(rest)
                    .ok()
                    .and_then(|r| engine::parse(&r, metadata::main_for_code(p.cc)).ok())
                    .is_some_and(|q| q.nsn == p.nsn && q.extension == p.extension && q.source == Source::Default);
                if !same {
                    return false;
                }
            } else if digits_only(&candidate[at..]) != extension {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// containsMoreThanOneSlashInNationalNumber.
fn more_than_one_slash_in_national_number(p: &Parsed, candidate: &str) -> bool {
    let Some(first) = candidate.find('/') else { return false };
    let Some(second) = candidate[first + 1..].find('/').map(|k| first + 1 + k) else { return false };
    let with_code = matches!(p.source, Source::Plus | Source::WithoutPlus);
    if with_code && digits_only(&candidate[..first]) == p.cc.to_string() {
        return candidate[second + 1..].contains('/');
    }
    true
}

/// isNationalPrefixPresentIfRequired.
fn national_prefix_present_if_required(p: &Parsed, candidate: &str) -> bool {
    if p.source != Source::Default {
        return true;
    }
    let Some(t) = metadata::main_for_code(p.cc) else { return true };
    let Some(f) = engine::choose_format(t.formats, &p.nsn) else { return true };
    let rule = f.national_prefix_rule;
    if rule.is_empty() || f.national_prefix_optional || matches!(rule, "$1" | "($1" | "$1)" | "($1)") {
        return true;
    }
    let mut raw = digits_only(candidate);
    engine::strip_national_prefix(&mut raw, t)
}

/// checkNumberGroupingIsValid with allNumberGroupsRemainGrouped: the groups of the number's
/// RFC 3966 form, or of one of its alternate formats, found in order in the candidate.
fn number_grouping_is_valid(p: &Parsed, candidate: &str) -> bool {
    let normalized = normalize_digits(candidate);
    let rfc = engine::format(p, Style::Rfc3966);
    let body = &rfc[rfc.find('-').map_or(rfc.len(), |k| k + 1)..rfc.find(';').unwrap_or(rfc.len())];
    let groups: Vec<&str> = body.split('-').collect();
    if groups_remain_grouped(p, &normalized, &groups) {
        return true;
    }
    for f in metadata::alternate_formats(p.cc) {
        if f.leading.first().is_some_and(|&ld| !metadata::looking_at(ld, &p.nsn)) {
            continue;
        }
        let formatted = format_nsn_rfc(&p.nsn, f);
        let groups: Vec<&str> = formatted.split('-').collect();
        if groups_remain_grouped(p, &normalized, &groups) {
            return true;
        }
    }
    false
}

/// Contakt's deviation: a number without its country code whose digit groups are exactly
/// those of its national format, or written with no separator at all.
fn in_national_groups(p: &Parsed, candidate: &str) -> bool {
    let groups = |s: &str| -> Vec<String> { s.split(|c: char| !c.is_ascii_digit()).filter(|g| !g.is_empty()).map(str::to_string).collect() };
    let national = groups(&engine::format(&Parsed { extension: None, ..p.clone() }, Style::National));
    let written = groups(&normalize_digits(candidate));
    p.source == Source::Default && (national == written || (written.len() == 1 && written[0] == national.concat()))
}

/// allNumberGroupsRemainGrouped.
fn groups_remain_grouped(p: &Parsed, normalized: &str, groups: &[&str]) -> bool {
    let mut from = 0;
    if p.source != Source::Default {
        let cc = p.cc.to_string();
        // Java's indexOf(-1) + length when the code is absent, kept as it is.
        from = normalized.find(&cc).map_or(cc.len().saturating_sub(1), |k| k + cc.len());
    }
    for (i, g) in groups.iter().enumerate() {
        let Some(at) = normalized.get(from..).and_then(|s| s.find(g)) else { return false };
        from += at + g.len();
        if i == 0 && from < normalized.len() {
            let has_ndd = metadata::main_for_code(p.cc).is_some_and(|t| !t.national_prefix.is_empty());
            if has_ndd && normalized[from..].starts_with(|c: char| c.is_ascii_digit()) {
                return normalized[from - g.len()..].starts_with(&p.nsn);
            }
        }
    }
    normalized.get(from..).is_some_and(|rest| rest.contains(p.extension.as_deref().unwrap_or("")))
}

/// formatNsnUsingPattern(nsn, format, RFC3966): every match of the pattern in the number
/// replaced by the format, then punctuation runs made dashes (leading ones dropped).
fn format_nsn_rfc(nsn: &str, f: &Format) -> String {
    let mut out = String::new();
    let mut at = 0;
    while at < nsn.len() {
        let mut caps: Caps = [u8::MAX; 16];
        match metadata::run(f.pattern, &nsn[at..], Mode::Prefix, &mut caps) {
            Some(end) if end > 0 => {
                out.push_str(&engine::expand(f.format, &caps, &nsn[at..]));
                at += end;
            }
            _ => {
                out.push_str(&nsn[at..at + 1]);
                at += 1;
            }
        }
    }
    engine::rfc3966_dashes(&out)
}
