//! Any input, any region: parse, as-you-type formatting and E.164 answer without panicking,
//! and a number that parses formats back to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (region, input) = text.split_at(text.char_indices().nth(2).map(|(i, _)| i).unwrap_or(text.len()));
    for r in [region, "US", "DE"] {
        if let Ok(n) = contakt_core::phone::parse(input, r) {
            let again = contakt_core::phone::parse(&n.e164, "US").expect("E.164 of a valid number parses");
            assert_eq!(again.e164, n.e164);
        }
        let _ = contakt_core::phone::e164(input, r);
        let _ = contakt_core::phone::format_as_you_type(input, r);
    }
});
