//! Any text: the matcher returns in bounded time, without panicking, with matches that are
//! in order, inside the text and on character boundaries.
#![no_main]
use contakt_core::phone::{find_numbers, Leniency};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for leniency in [Leniency::Possible, Leniency::Valid, Leniency::StrictGrouping] {
        let found = find_numbers(&text, "US", leniency);
        let mut last = 0;
        for f in &found {
            assert!(f.start >= last && f.start < f.end && f.end <= text.len());
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            assert!(f.start_utf16 <= f.end_utf16);
            last = f.end;
        }
    }
});
