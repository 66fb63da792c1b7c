//! Any bytes through the CSV reader, the mapping and the import preview: no panic.
#![no_main]
use contakt_core::import::{csv, plan, Builtin};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let table = csv::read(data, &Builtin);
    assert_eq!(table.mapping.len() >= table.header.as_ref().map_or(0, Vec::len), true);
    for row in &table.rows {
        let _ = csv::contact_of(row, &table.mapping);
    }
    let _ = plan::preview(data, &[], "GB", None, &Builtin);
});
