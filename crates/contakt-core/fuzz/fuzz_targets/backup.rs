//! Any bytes as a backup file: restore answers with writes or an error, never panics, and
//! what it accepts restores again to the same writes (checked whole, deterministic).
#![no_main]
use contakt_core::{backup, crypto};
use libfuzzer_sys::fuzz_target;
use serde_json::Map;

fuzz_target!(|data: &[u8]| {
    let _ = crypto::is_encrypted(data);
    for mode in [backup::Mode::Replace, backup::Mode::Merge] {
        if let Ok(r) = backup::restore(data, mode, &Map::new(), &Map::new()) {
            let again = backup::restore(data, mode, &Map::new(), &Map::new()).expect("accepted once, accepted again");
            assert_eq!(r, again);
        }
    }
});
