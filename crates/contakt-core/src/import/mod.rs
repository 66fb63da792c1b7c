//! Reading contact files people really have (issue 6). Bytes in, never text: the readers
//! find the encoding themselves. Charsets the core does not carry (Shift_JIS, ISO-8859-2, …)
//! are decoded through [`Charsets`]: the browser's `TextDecoder` in the wasm facade,
//! `encoding_rs` in the tests.

pub mod charset;
pub mod csv;
pub mod export;
pub mod plan;
pub mod vcard;

pub use charset::{Builtin, Charsets};
