//! As-you-type formatting: each keystroke of a number gives a stable, readable prefix of its
//! final format, and the digits are never changed.

use contakt_core::phone::{self, format_as_you_type as ayt};

#[test]
fn typing_international_numbers() {
    let steps = [
        ("+", "+"),
        ("+4", "+4"),
        ("+44", "+44 "),
        ("+442", "+44 2"),
        ("+4420", "+44 20"),
        ("+44207", "+44 20 7"),
        ("+4420794", "+44 20 794"),
        ("+442079460", "+44 20 7946 0"),
        ("+442079460958", "+44 20 7946 0958"),
    ];
    for (typed, shown) in steps {
        assert_eq!(ayt(typed, "US"), shown, "{typed}");
    }
}

#[test]
fn typing_national_numbers() {
    // As Google's AsYouTypeFormatter: the seven-digit local format until the eighth digit.
    assert_eq!(ayt("2015", "US"), "201-5");
    assert_eq!(ayt("2015550", "US"), "201-5550");
    assert_eq!(ayt("20155501", "US"), "(201) 555-01");
    assert_eq!(ayt("2015550123", "US"), "(201) 555-0123");
    assert_eq!(ayt("020794", "GB"), "020 794");
    assert_eq!(ayt("02079460958", "GB"), "020 7946 0958");
    assert_eq!(ayt("0612", "FR"), "06 12");
    assert_eq!(ayt("0612345678", "FR"), "06 12 34 56 78");
    assert_eq!(ayt("011447", "US"), "011 44 7");
}

#[test]
fn what_google_cannot_format_keeps_the_users_own_separators() {
    // Google's formatter gives "030123456" back for a US user; the field keeps what was typed.
    assert_eq!(ayt("030 123456", "US"), "030 123456");
    assert_eq!(ayt("030123456", "US"), "030123456");
}

#[test]
fn the_full_number_formats_like_the_national_format() {
    for (input, region) in [("2015550123", "US"), ("02079460958", "GB"), ("0612345678", "FR"), ("030123456", "DE"), ("09012345678", "JP")] {
        let n = phone::parse(input, region).unwrap();
        assert_eq!(ayt(input, region), n.national, "{input} {region}");
        assert_eq!(ayt(&n.e164, region), n.international, "{} {region}", n.e164);
    }
}

#[test]
fn digits_are_never_changed_and_nothing_panics() {
    let inputs = ["", " ", "+", "++", "(", "0", "00", "000000000000000000000000", "+999", "+1 (", "abc", "1-800-FLOWERS", "٠٥٠١٢٣"];
    for i in inputs {
        let out = ayt(i, "US");
        let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
        if !i.chars().any(char::is_alphabetic) && i.is_ascii() {
            assert_eq!(digits(&out), digits(i), "{i:?} -> {out:?}");
        }
    }
    // Every prefix of many numbers keeps its digits.
    for full in ["+5491187654321", "+819012345678", "+78121234567", "011 15 8765 4321"] {
        for end in 1..=full.len() {
            let typed = &full[..end];
            let out = ayt(typed, "AR");
            let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
            assert_eq!(digits(&out), digits(typed), "{typed:?} -> {out:?}");
        }
    }
}
