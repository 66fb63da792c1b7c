//! Reading the numbers out of a selection or a tel: link (the context menu and the
//! keyboard command).

use contakt_core::phone::{numbers_in_selection, PhoneError};

fn e164s(text: &str, region: &str) -> Result<Vec<String>, PhoneError> {
    numbers_in_selection(text, region).map(|v| v.into_iter().map(|n| n.e164).collect())
}

#[test]
fn one_number_in_a_sentence() {
    assert_eq!(e164s("Call our office on 020 7946 0958 today", "GB").unwrap(), ["+442079460958"]);
    assert_eq!(e164s("(201) 555-0123", "US").unwrap(), ["+12015550123"]);
    assert_eq!(e164s("tel:+1-201-555-0123", "DE").unwrap(), ["+12015550123"]);
    assert_eq!(e164s("０２０ ７９４６ ０９５８", "GB").unwrap(), ["+442079460958"]);
}

#[test]
fn several_numbers_first_first_without_repeats() {
    let text = "Sales +44 20 7946 0958, support (201) 555-0123, sales again +44 20 7946 0958";
    assert_eq!(e164s(text, "US").unwrap(), ["+442079460958", "+12015550123"]);
}

#[test]
fn no_number_says_why() {
    assert_eq!(e164s("", "US"), Err(PhoneError::Empty));
    assert_eq!(e164s("hello there", "US"), Err(PhoneError::NotANumber));
    assert_eq!(e164s("call 201 555", "US"), Err(PhoneError::TooShort));
    assert!(e164s("on 2024-03-15 at 10:30", "US").is_err());
    assert!(matches!(e164s("(201) 055-0123", "US"), Err(PhoneError::NotAssigned { .. })));
    assert!(e164s("+44 20 7946 0958", "XX").is_err());
}

#[test]
fn huge_selections_are_cut_not_refused() {
    let text = format!("+44 20 7946 0958 {}", "lorem ipsum ".repeat(10_000));
    assert_eq!(e164s(&text, "US").unwrap(), ["+442079460958"]);
}
