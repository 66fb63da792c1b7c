//! Phone parsing as people write numbers: one row per behaviour, across 50 regions.
//! Expected values agree with Google's libphonenumber (checked with libphonenumber-js max).

use contakt_core::phone::{self, NumberKind, PhoneError};

/// (input, default region, expected E.164)
const VALID: &[(&str, &str, &str)] = &[
    ("(201) 555-0123", "US", "+12015550123"),
    ("(416) 555-0123", "CA", "+14165550123"),
    ("020 7946 0958", "GB", "+442079460958"),
    ("07400 123456", "GB", "+447400123456"),
    ("030 123456", "DE", "+4930123456"),
    ("01512 3456789", "DE", "+4915123456789"),
    ("01 23 45 67 89", "FR", "+33123456789"),
    ("06 12 34 56 78", "FR", "+33612345678"),
    ("02 1234 5678", "IT", "+390212345678"),
    ("312 345 6789", "IT", "+393123456789"),
    ("612 34 56 78", "ES", "+34612345678"),
    ("06 12345678", "NL", "+31612345678"),
    ("0470 12 34 56", "BE", "+32470123456"),
    ("021 234 56 78", "CH", "+41212345678"),
    ("0664 123456", "AT", "+43664123456"),
    ("070-123 45 67", "SE", "+46701234567"),
    ("412 34 567", "NO", "+4741234567"),
    ("20 12 34 56", "DK", "+4520123456"),
    ("041 2345678", "FI", "+358412345678"),
    ("512 345 678", "PL", "+48512345678"),
    ("912 345 678", "PT", "+351912345678"),
    ("8 (912) 345-67-89", "RU", "+79123456789"),
    ("050 123 4567", "UA", "+380501234567"),
    ("0532 123 45 67", "TR", "+905321234567"),
    ("050-234-5678", "IL", "+972502345678"),
    ("050 123 4567", "AE", "+971501234567"),
    ("98765 43210", "IN", "+919876543210"),
    ("0300 1234567", "PK", "+923001234567"),
    ("090-1234-5678", "JP", "+819012345678"),
    ("010-1234-5678", "KR", "+821012345678"),
    ("131 2345 6789", "CN", "+8613123456789"),
    ("0912 345 678", "VN", "+84912345678"),
    ("081 234 5678", "TH", "+66812345678"),
    ("0812-3456-789", "ID", "+628123456789"),
    ("0917 123 4567", "PH", "+639171234567"),
    ("012-345 6789", "MY", "+60123456789"),
    ("9123 4567", "SG", "+6591234567"),
    ("0412 345 678", "AU", "+61412345678"),
    ("021 123 4567", "NZ", "+64211234567"),
    ("(11) 96123-4567", "BR", "+5511961234567"),
    ("55 1234 5678", "MX", "+525512345678"),
    ("9 6123 4567", "CL", "+56961234567"),
    ("300 1234567", "CO", "+573001234567"),
    ("0802 123 4567", "NG", "+2348021234567"),
    ("082 123 4567", "ZA", "+27821234567"),
    ("0100 123 4567", "EG", "+201001234567"),
    ("0712 345678", "KE", "+254712345678"),
    ("0612-345678", "MA", "+212612345678"),
    ("6123 4567", "HK", "+85261234567"),
    ("0912 345 678", "TW", "+886912345678"),
    // International forms, whatever the default region.
    ("+44 20 7946 0958", "US", "+442079460958"),
    ("+44 (0)20 7946 0958", "US", "+442079460958"),
    ("+44(0)2079460958", "DE", "+442079460958"),
    ("0044 20 7946 0958", "FR", "+442079460958"),
    ("00 49 30 123456", "FR", "+4930123456"),
    ("011 44 20 7946 0958", "US", "+442079460958"),
    ("0011 44 20 7946 0958", "AU", "+442079460958"),
    ("+33.6.12.34.56.78", "JP", "+33612345678"),
    ("+1 (201) 555-0123", "IN", "+12015550123"),
    // Italian leading zero is part of the number.
    ("+39 02 1234 5678", "US", "+390212345678"),
    // tel: URIs, Unicode digits, surrounding text.
    ("tel:+1-201-555-0123", "GB", "+12015550123"),
    ("TEL:+16135551212", "US", "+16135551212"),
    ("１２０１５５５０１２３", "US", "+12015550123"),
    ("＋４４ ２０ ７９４６ ０９５８", "US", "+442079460958"),
    ("٠٥٠١٢٣٤٥٦٧", "AE", "+971501234567"),
    ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR", "+989123456789"),
    ("Call me at +33 6 12 34 56 78 tomorrow", "US", "+33612345678"),
    ("phone: (201) 555-0123.", "US", "+12015550123"),
    ("  +49 30 123456  ", "US", "+4930123456"),
    ("201\u{2011}555\u{2011}0123", "US", "+12015550123"),
];

#[test]
fn valid_numbers_parse_to_e164() {
    let mut failures = Vec::new();
    for &(input, region, e164) in VALID {
        match phone::parse(input, region) {
            Ok(n) if n.e164 == e164 => {}
            other => failures.push(format!("{input:?} in {region}: want {e164}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn regions_kinds_and_formats() {
    let n = phone::parse("020 7946 0958", "GB").unwrap();
    assert_eq!(n.region.as_deref(), Some("GB"));
    assert_eq!(n.country_code, 44);
    assert_eq!(n.kind, NumberKind::FixedLine);
    assert_eq!(n.international, "+44 20 7946 0958");
    assert_eq!(n.national, "020 7946 0958");
    assert_eq!(n.rfc3966, "tel:+44-20-7946-0958");

    let m = phone::parse("06 12 34 56 78", "FR").unwrap();
    assert_eq!(m.kind, NumberKind::Mobile);
    assert_eq!(m.international, "+33 6 12 34 56 78");

    let us = phone::parse("+1 201 555 0123", "DE").unwrap();
    assert_eq!(us.region.as_deref(), Some("US"));
    assert_eq!(us.kind, NumberKind::FixedLineOrMobile);
    assert_eq!(us.national, "(201) 555-0123");
}

#[test]
fn extensions_are_kept_apart_from_the_number() {
    let n = phone::parse("tel:+1-201-555-0123;ext=42", "US").unwrap();
    assert_eq!(n.e164, "+12015550123");
    assert_eq!(n.extension.as_deref(), Some("42"));
    let m = phone::parse("201-555-0123 ext. 7", "US").unwrap();
    assert_eq!(m.e164, "+12015550123");
    assert_eq!(m.extension.as_deref(), Some("7"));
}

#[test]
fn every_error_kind_has_its_reason() {
    let cases: &[(&str, &str, PhoneError)] = &[
        ("", "US", PhoneError::Empty),
        ("   ", "US", PhoneError::Empty),
        ("hello", "US", PhoneError::NotANumber),
        ("call me maybe", "GB", PhoneError::NotANumber),
        ("5", "US", PhoneError::NotANumber),
        ("12", "US", PhoneError::TooShort),
        ("201 555", "US", PhoneError::TooShort),
        ("+44 20", "US", PhoneError::TooShort),
        ("201 555 0123 4567 8901 2345", "US", PhoneError::TooLong),
        ("+999 1234 5678", "US", PhoneError::UnknownCountryCode),
        ("+49 30 1234567890123456", "DE", PhoneError::TooLong),
        ("(201) 555-0123", "XX", PhoneError::UnknownRegion("XX".into())),
        ("+49 30 123456789012345", "US", PhoneError::TooLong),
        ("+7 23456789012", "US", PhoneError::InvalidLength),
        ("555-0123", "US", PhoneError::LocalOnly),
        ("(201) 055-0123", "US", PhoneError::NotAssigned { region: Some("US".into()) }),
        ("+1 201 155 0123", "GB", PhoneError::NotAssigned { region: Some("US".into()) }),
    ];
    let mut failures = Vec::new();
    for (input, region, want) in cases {
        let got = phone::parse(input, region);
        if got.as_ref().err() != Some(want) {
            failures.push(format!("{input:?} in {region}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each kind has its own human message.
    let mut messages: Vec<&str> = cases.iter().map(|(_, _, e)| e.msg().key).collect();
    messages.sort();
    messages.dedup();
    assert!(messages.len() >= 8, "{messages:?}");
    assert_eq!(PhoneError::NotAssigned { region: Some("US".into()) }.msg().texts(), ["US"]);
}

#[test]
fn absurd_input_is_refused_not_panicked() {
    let long = "1".repeat(10_000);
    assert_eq!(phone::parse(&long, "US"), Err(PhoneError::NotANumber));
    for input in ["+", "++", "+-", "(0)", "+(0)", "tel:", "tel:;ext=", "0", "00", "+0", "\u{0}", "☎", "𝟎𝟏𝟐"] {
        assert!(phone::parse(input, "US").is_err(), "{input:?}");
    }
}

#[test]
fn region_from_locale_reads_browser_locales() {
    for (locale, region) in [
        ("en-US", "US"),
        ("en-GB", "GB"),
        ("pt_BR", "BR"),
        ("zh-Hant-TW", "TW"),
        ("de", "DE"),
        ("fr-CA", "CA"),
        ("ja", "JP"),
        ("es-419", "ES"),
        ("", "US"),
        ("xx", "US"),
        ("en-ZZ", "US"),
    ] {
        assert_eq!(phone::region_from_locale(locale), region, "{locale}");
    }
}

#[test]
fn region_list_covers_the_world() {
    let all = phone::regions();
    assert!(all.len() > 240, "{}", all.len());
    assert!(all.contains(&("DE".to_string(), 49)));
    assert!(all.contains(&("US".to_string(), 1)));
    assert!(all.iter().all(|(r, _)| r.len() == 2));
}

#[test]
fn another_regions_international_prefix_is_offered_as_the_international_reading() {
    let reading = |input: &str, region: &str| contakt_core::phone::international_reading(input, region).map(|n| n.international);
    // Outside the 00 regions, 00 is not the way out; outside North America, 011 is not.
    assert_eq!(reading("0044 20 7946 0958", "US").as_deref(), Some("+44 20 7946 0958"));
    assert_eq!(reading("00 49 30 1234567", "JP").as_deref(), Some("+49 30 1234567"));
    assert_eq!(reading("011 44 20 7946 0958", "GB").as_deref(), Some("+44 20 7946 0958"));
    assert_eq!(reading("(011) 33 6 12 34 56 78", "DE").as_deref(), Some("+33 6 12 34 56 78"));
    // A number that reads as it is, or whose international reading is no number: nothing offered.
    assert_eq!(reading("0044 20 7946 0958", "DE"), None, "00 is Germany's own prefix");
    assert_eq!(reading("011 44 20 7946 0958", "US"), None, "011 is North America's own prefix");
    assert_eq!(reading("020 7946 0958", "GB"), None);
    assert_eq!(reading("0099 1234", "US"), None);
    assert_eq!(reading("", "US"), None);
}
