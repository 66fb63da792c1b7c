//! libphonenumber's documented behaviours (PhoneNumberUtilTest.java), as table rows on the
//! real metadata. Expected values agree with Google's library; where libphonenumber-js
//! differs (marked), Google's behaviour is the reference.

use contakt_core::phone;

/// (input, default region, E.164, international, national, extension)
type Row = (&'static str, &'static str, &'static str, &'static str, &'static str, Option<&'static str>);
const ROWS: &[Row] = &[
    // National prefix transforms: Argentina's mobile "15" becomes "9" after the country code.
    ("011 15 8765-4321", "AR", "+5491187654321", "+54 9 11 8765-4321", "011 15-8765-4321", None),
    ("+54 9 11 8765 4321", "US", "+5491187654321", "+54 9 11 8765-4321", "011 15-8765-4321", None),
    ("0343 15-555-1212", "AR", "+5493435551212", "+54 9 3435 55-1212", "03435 15-55-1212", None),
    ("33 1234 5678", "MX", "+523312345678", "+52 33 1234 5678", "33 1234 5678", None),
    // Italian leading zero is part of the number.
    ("02 3661 8300", "IT", "+390236618300", "+39 02 3661 8300", "02 3661 8300", None),
    ("+39 02 3661 8300", "US", "+390236618300", "+39 02 3661 8300", "02 3661 8300", None),
    // "(0)" after a country code is the national prefix written in brackets.
    ("+44 (0) 20 7031 3000", "US", "+442070313000", "+44 20 7031 3000", "020 7031 3000", None),
    ("+91 (0)81234 54249", "US", "+918123454249", "+91 81234 54249", "081234 54249", None),
    // International prefixes of the default region.
    ("011 44 7912 345 678", "US", "+447912345678", "+44 7912 345678", "07912 345678", None),
    ("0011 54 9 11 8765 4321", "AU", "+5491187654321", "+54 9 11 8765-4321", "011 15-8765-4321", None),
    ("00 1 650 253 0000", "GB", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    // "+" then the region's own international prefix (libphonenumber-js refuses this).
    ("+011 44 7912 345 678", "US", "+447912345678", "+44 7912 345678", "07912 345678", None),
    // Extensions.
    ("+1 650 253 0000 ext 4567", "US", "+16502530000", "+1 650-253-0000 ext. 4567", "(650) 253-0000 ext. 4567", Some("4567")),
    ("650 253 0000;ext=4567", "US", "+16502530000", "+1 650-253-0000 ext. 4567", "(650) 253-0000 ext. 4567", Some("4567")),
    ("650-253-0000 x4567", "US", "+16502530000", "+1 650-253-0000 ext. 4567", "(650) 253-0000 ext. 4567", Some("4567")),
    ("03 331 6005 ext 3456", "NZ", "+6433316005", "+64 3 331 6005 ext. 3456", "03 331 6005 ext. 3456", Some("3456")),
    // Vanity numbers (libphonenumber-js cuts at the first letter).
    ("1-800-SIX-FLAG", "US", "+18007493524", "+1 800-749-3524", "(800) 749-3524", None),
    // Punctuation as people write it.
    ("[650] 253-0000", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    ("650/253/0000", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    ("650.253.0000", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    ("(650) 253\u{2013}0000", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    // RFC 3966 with a phone context, and ISDN sub-addresses.
    ("tel:253-0000;phone-context=+1-650", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    ("tel:+1-650-253-0000;isub=12345", "US", "+16502530000", "+1 650-253-0000", "(650) 253-0000", None),
    // Formats with the national prefix and punctuation of each country.
    ("030 1234567", "DE", "+49301234567", "+49 30 1234567", "030 1234567", None),
    ("8 812 123-45-67", "RU", "+78121234567", "+7 812 123-45-67", "8 (812) 123-45-67", None),
    ("010 1234 5678", "CN", "+861012345678", "+86 10 1234 5678", "010 1234 5678", None),
    ("(02) 3661 8300", "AU", "+61236618300", "+61 2 3661 8300", "(02) 3661 8300", None),
    ("090-1234-5678", "JP", "+819012345678", "+81 90-1234-5678", "090-1234-5678", None),
    // Regions sharing a calling code take the formats of its main region (issue 17).
    ("+1 506 234 5678", "US", "+15062345678", "+1 506-234-5678", "(506) 234-5678", None),
    ("+1 268 460 1234", "GB", "+12684601234", "+1 268-460-1234", "(268) 460-1234", None),
    ("07797 712345", "JE", "+447797712345", "+44 7797 712345", "07797 712345", None),
    ("8 7710 009 998", "KZ", "+77710009998", "+7 771 000 9998", "8 (771) 000 9998", None),
    // Auto-dialling and American-style extensions (createExtnPattern for parsing).
    ("650 253 0000,,4567", "US", "+16502530000", "+1 650-253-0000 ext. 4567", "(650) 253-0000 ext. 4567", Some("4567")),
    ("650-253-0000 - 503#", "US", "+16502530000", "+1 650-253-0000 ext. 503", "(650) 253-0000 ext. 503", Some("503")),
    ("650 253 0000, 45", "US", "+16502530000", "+1 650-253-0000 ext. 45", "(650) 253-0000 ext. 45", Some("45")),
];

#[test]
fn documented_behaviours() {
    let mut failures = Vec::new();
    for &(input, region, e164, intl, national, ext) in ROWS {
        match phone::parse(input, region) {
            Ok(n) => {
                let got = (n.e164.as_str(), n.international.as_str(), n.national.as_str(), n.extension.as_deref());
                if got != (e164, intl, national, ext) {
                    failures.push(format!("{input:?} ({region}): got {got:?}"));
                }
            }
            Err(e) => failures.push(format!("{input:?} ({region}): {e:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rfc3966_is_dashed_with_its_extension() {
    let n = phone::parse("+1 650 253 0000 ext 4567", "US").unwrap();
    assert_eq!(n.rfc3966, "tel:+1-650-253-0000;ext=4567");
    let de = phone::parse("030 1234567", "DE").unwrap();
    assert_eq!(de.rfc3966, "tel:+49-30-1234567");
}
