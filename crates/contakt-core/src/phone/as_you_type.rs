//! libphonenumber's `AsYouTypeFormatter`, ported step by step from Google's Java
//! (`AsYouTypeFormatter.java`, release 9.0.35) over Contakt's compiled metadata. Its state
//! machine is kept whole, so each keystroke gives what Google's formatter gives; the
//! method names in comments are Google's, to read the two side by side.

use super::engine::{expand, is_valid_punctuation};
use super::metadata::{self, Format, Pat, Territory};
use super::pattern::{Caps, Mode};

/// Where a digit goes in a formatting template (Java's DIGIT_PLACEHOLDER).
const PLACEHOLDER: char = '\u{2008}';
/// Leading digits needed before a format is chosen.
const MIN_LEADING_DIGITS: usize = 3;
const SEPARATOR: char = ' ';

/// ELIGIBLE_FORMAT_PATTERN: punctuation, `$1`, then only group references and punctuation.
fn is_eligible(format: &str) -> bool {
    let mut rest = format.trim_start_matches(is_valid_punctuation);
    let Some(after) = rest.strip_prefix("$1") else { return false };
    rest = after;
    loop {
        rest = rest.trim_start_matches(is_valid_punctuation);
        if rest.is_empty() {
            return true;
        }
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some('$'), Some(d)) if d.is_ascii_digit() => rest = &rest[2..],
            _ => return false,
        }
    }
}

/// PhoneNumberUtil.formattingRuleHasFirstGroupOnly: empty, or `\(?\$1\)?`.
fn rule_has_first_group_only(rule: &str) -> bool {
    matches!(rule, "" | "$1" | "($1" | "$1)" | "($1)")
}

/// NATIONAL_PREFIX_SEPARATORS_PATTERN found in the rule.
fn space_after_prefix(f: &Format) -> bool {
    f.national_prefix_rule.contains(['-', ' '])
}

/// The metadata the formatter starts from: the main region of `t`'s calling code.
fn main_of(t: &'static Territory) -> &'static Territory {
    metadata::main_for_code(t.cc).unwrap_or(t)
}

struct Formatter {
    template: Vec<char>,
    current_pattern: Option<Pat>,
    accrued_input: String,
    /// accruedInputWithoutFormatting: the plus and the digits.
    accrued_digits: String,
    able_to_format: bool,
    input_has_formatting: bool,
    is_complete_number: bool,
    expecting_country_code: bool,
    metadata: &'static Territory,
    last_match_position: usize,
    prefix: String,
    space_after_national_prefix: bool,
    extracted_national_prefix: String,
    national: String,
    possible: Vec<&'static Format>,
    /// The user's region (Java's defaultCountry).
    region: &'static str,
}

impl Formatter {
    fn new(region: &'static Territory) -> Self {
        Formatter {
            template: Vec::new(),
            current_pattern: None,
            accrued_input: String::new(),
            accrued_digits: String::new(),
            able_to_format: true,
            input_has_formatting: false,
            is_complete_number: false,
            expecting_country_code: false,
            metadata: main_of(region),
            last_match_position: 0,
            prefix: String::new(),
            space_after_national_prefix: false,
            extracted_national_prefix: String::new(),
            national: String::new(),
            possible: Vec::new(),
            region: region.id,
        }
    }

    /// inputDigitWithOptionToRememberPosition (without remembering).
    fn input(&mut self, c: char) -> String {
        self.accrued_input.push(c);
        let leading_plus = c == '+' && self.accrued_input.chars().count() == 1;
        if !(c.is_ascii_digit() || leading_plus) {
            self.able_to_format = false;
            self.input_has_formatting = true;
        } else {
            self.accrued_digits.push(c);
            if c != '+' {
                self.national.push(c);
            }
        }
        if !self.able_to_format {
            if self.input_has_formatting {
                return self.accrued_input.clone();
            } else if self.extract_idd() {
                if self.extract_country_code() {
                    return self.choose_pattern_with_prefix_extracted();
                }
            } else if self.able_to_extract_longer_ndd() {
                self.prefix.push(SEPARATOR);
                return self.choose_pattern_with_prefix_extracted();
            }
            return self.accrued_input.clone();
        }
        match self.accrued_digits.len() {
            0..=2 => return self.accrued_input.clone(),
            3 => {
                if self.extract_idd() {
                    self.expecting_country_code = true;
                } else {
                    self.extracted_national_prefix = self.remove_national_prefix();
                    return self.choose_formatting_pattern();
                }
            }
            _ => {}
        }
        if self.expecting_country_code {
            if self.extract_country_code() {
                self.expecting_country_code = false;
            }
            return format!("{}{}", self.prefix, self.national);
        }
        if self.possible.is_empty() {
            return self.choose_formatting_pattern();
        }
        let temp = self.input_digit_helper(c);
        let formatted = self.format_accrued_digits();
        if !formatted.is_empty() {
            return formatted;
        }
        let national = self.national.clone();
        self.narrow_down_possible_formats(&national);
        if self.maybe_create_new_template() {
            return self.input_accrued_national_number();
        }
        if self.able_to_format {
            self.append_national_number(&temp)
        } else {
            self.accrued_input.clone()
        }
    }

    fn choose_pattern_with_prefix_extracted(&mut self) -> String {
        self.able_to_format = true;
        self.expecting_country_code = false;
        self.possible.clear();
        self.last_match_position = 0;
        self.template.clear();
        self.current_pattern = None;
        self.choose_formatting_pattern()
    }

    /// ableToExtractLongerNdd.
    fn able_to_extract_longer_ndd(&mut self) -> bool {
        if !self.extracted_national_prefix.is_empty() {
            self.national.insert_str(0, &self.extracted_national_prefix);
            if let Some(at) = self.prefix.rfind(&self.extracted_national_prefix) {
                self.prefix.truncate(at);
            }
        }
        let removed = self.remove_national_prefix();
        self.extracted_national_prefix != removed
    }

    /// maybeCreateNewTemplate.
    fn maybe_create_new_template(&mut self) -> bool {
        // A format that gives no template is dropped and the next one tried.
        while let Some(&f) = self.possible.first() {
            if self.current_pattern == Some(f.pattern) {
                return false;
            }
            if let Some(template) = self.formatting_template(f) {
                self.template = template;
                self.current_pattern = Some(f.pattern);
                self.space_after_national_prefix = space_after_prefix(f);
                self.last_match_position = 0;
                return true;
            }
            self.possible.remove(0);
        }
        self.able_to_format = false;
        false
    }

    /// getAvailableFormats.
    fn get_available_formats(&mut self, leading: &str) {
        let international = self.is_complete_number && self.extracted_national_prefix.is_empty();
        let list = if international && !self.metadata.intl_formats.is_empty() { self.metadata.intl_formats } else { self.metadata.formats };
        for f in list {
            let first_only = rule_has_first_group_only(f.national_prefix_rule);
            if !self.extracted_national_prefix.is_empty() && first_only && !f.national_prefix_optional && !f.carrier_rule {
                continue;
            }
            if self.extracted_national_prefix.is_empty() && !self.is_complete_number && !first_only && !f.national_prefix_optional {
                continue;
            }
            if is_eligible(f.format) {
                self.possible.push(f);
            }
        }
        self.narrow_down_possible_formats(leading);
    }

    /// narrowDownPossibleFormats.
    fn narrow_down_possible_formats(&mut self, leading: &str) {
        let index = leading.len().saturating_sub(MIN_LEADING_DIGITS);
        self.possible.retain(|f| match f.leading.len() {
            0 => true,
            n => metadata::looking_at(f.leading[index.min(n - 1)], leading),
        });
    }

    /// getFormattingTemplate: the format applied to the longest number its pattern matches
    /// in "999999999999999", the nines made placeholders; `None` when the digits typed are
    /// already more than it holds.
    fn formatting_template(&self, f: &Format) -> Option<Vec<char>> {
        const NINES: &str = "999999999999999";
        let mut caps: Caps = [u8::MAX; 16];
        let end = metadata::run(f.pattern, NINES, Mode::Prefix, &mut caps)?;
        let number = &NINES[..end];
        if number.len() < self.national.len() {
            return None;
        }
        let template = expand(f.format, &caps, number);
        (!template.is_empty()).then(|| template.chars().map(|c| if c == '9' { PLACEHOLDER } else { c }).collect())
    }

    /// attemptToFormatAccruedDigits.
    fn format_accrued_digits(&mut self) -> String {
        for f in self.possible.clone() {
            let mut caps: Caps = [u8::MAX; 16];
            if metadata::run(f.pattern, &self.national, Mode::Full, &mut caps).is_none() {
                continue;
            }
            self.space_after_national_prefix = space_after_prefix(f);
            let formatted = expand(f.format, &caps, &self.national);
            let full = self.append_national_number(&formatted);
            let diallable: String = full.chars().filter(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '#')).collect();
            if diallable == self.accrued_digits {
                return full;
            }
        }
        String::new()
    }

    /// appendNationalNumber.
    fn append_national_number(&self, national: &str) -> String {
        if self.space_after_national_prefix && !self.prefix.is_empty() && !self.prefix.ends_with(SEPARATOR) {
            format!("{}{SEPARATOR}{national}", self.prefix)
        } else {
            format!("{}{national}", self.prefix)
        }
    }

    /// attemptToChooseFormattingPattern.
    fn choose_formatting_pattern(&mut self) -> String {
        if self.national.len() < MIN_LEADING_DIGITS {
            return self.append_national_number(&self.national);
        }
        let national = self.national.clone();
        self.get_available_formats(&national);
        let formatted = self.format_accrued_digits();
        if !formatted.is_empty() {
            return formatted;
        }
        if self.maybe_create_new_template() {
            self.input_accrued_national_number()
        } else {
            self.accrued_input.clone()
        }
    }

    /// inputAccruedNationalNumber.
    fn input_accrued_national_number(&mut self) -> String {
        if self.national.is_empty() {
            return self.prefix.clone();
        }
        let mut temp = String::new();
        for c in self.national.clone().chars() {
            temp = self.input_digit_helper(c);
        }
        if self.able_to_format {
            self.append_national_number(&temp)
        } else {
            self.accrued_input.clone()
        }
    }

    /// isNanpaNumberWithNationalPrefix.
    fn is_nanpa_with_national_prefix(&self) -> bool {
        let b = self.national.as_bytes();
        self.metadata.cc == 1 && b.first() == Some(&b'1') && b.get(1).is_some_and(|&d| d != b'0' && d != b'1')
    }

    /// removeNationalPrefixFromNationalNumber.
    fn remove_national_prefix(&mut self) -> String {
        let mut start = 0;
        if self.is_nanpa_with_national_prefix() {
            start = 1;
            self.prefix.push('1');
            self.prefix.push(SEPARATOR);
            self.is_complete_number = true;
        } else if let Some(npfp) = self.metadata.national_prefix_for_parsing {
            if let Some(end) = metadata::run(npfp, &self.national, Mode::Prefix, &mut [u8::MAX; 16]).filter(|&e| e > 0) {
                self.is_complete_number = true;
                start = end;
                self.prefix.push_str(&self.national[..end]);
            }
        }
        self.national.drain(..start).collect()
    }

    /// attemptToExtractIdd: a plus, or the international prefix of the current metadata.
    fn extract_idd(&mut self) -> bool {
        let end = if self.accrued_digits.starts_with('+') {
            Some(1)
        } else {
            self.metadata.international_prefix.and_then(|p| metadata::run(p, &self.accrued_digits, Mode::Prefix, &mut [u8::MAX; 16]))
        };
        let Some(end) = end else { return false };
        self.is_complete_number = true;
        self.national = self.accrued_digits[end..].to_string();
        self.prefix = self.accrued_digits[..end].to_string();
        if !self.accrued_digits.starts_with('+') {
            self.prefix.push(SEPARATOR);
        }
        true
    }

    /// attemptToExtractCountryCallingCode.
    fn extract_country_code(&mut self) -> bool {
        if self.national.is_empty() || self.national.starts_with('0') {
            return false;
        }
        let found = (1..=3.min(self.national.len())).find_map(|i| {
            let cc: u16 = self.national[..i].parse().ok()?;
            metadata::is_country_code(cc).then_some((cc, i))
        });
        let Some((cc, i)) = found else { return false };
        self.national.drain(..i);
        // As Google's: the metadata changes unless the code's main region is the user's own
        // (so after "011 677 …" then "01 1 …" in the United States, Solomon Islands' stays).
        if let Some(t) = metadata::main_for_code(cc).filter(|t| t.id.len() != 2 || t.id != self.region) {
            self.metadata = t;
        }
        self.prefix.push_str(&cc.to_string());
        self.prefix.push(SEPARATOR);
        self.extracted_national_prefix.clear();
        true
    }

    /// inputDigitHelper: the digit into the template's next place.
    fn input_digit_helper(&mut self, c: char) -> String {
        let next = self.template.iter().skip(self.last_match_position).position(|&t| t == PLACEHOLDER);
        match next {
            Some(offset) => {
                let at = self.last_match_position + offset;
                self.template[at] = c;
                self.last_match_position = at;
                self.template[..=at].iter().collect()
            }
            None => {
                if self.possible.len() == 1 {
                    self.able_to_format = false;
                }
                self.current_pattern = None;
                self.accrued_input.clone()
            }
        }
    }
}

/// What Google's formatter shows after the keys of `typed` (a leading plus and digits; other
/// characters are the formatting shown before and are skipped), for a user in `region`.
pub fn format(typed: &str, region: &'static Territory) -> Option<String> {
    let mut f = Formatter::new(region);
    let mut out = None;
    for c in typed.chars() {
        if c.is_ascii_digit() || (c == '+' && f.accrued_input.is_empty()) {
            out = Some(f.input(c));
        }
    }
    out
}
