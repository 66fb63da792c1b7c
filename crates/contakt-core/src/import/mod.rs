//! Reading contact files people really have (issue 6). Bytes in, never text: the readers
//! find the encoding themselves. Charsets the core does not carry (Shift_JIS, ISO-8859-2, …)
//! are decoded through [`Charsets`]: the browser's `TextDecoder` in the wasm facade,
//! `encoding_rs` in the tests.

pub mod charset;
pub mod csv;
pub mod plan;
pub mod vcard;

pub use charset::{Builtin, Charsets};

use crate::words::{Arg, Msg};

/// Several names as one message argument: `import_list` ("$1, $2") nested from the left
/// (`a, b, c` is `import_list(import_list(a, b), c)`), so the separator is the locale's, not
/// written here. One item is itself; none is an empty text.
pub fn list(items: impl IntoIterator<Item = Arg>) -> Arg {
    items.into_iter().reduce(|all, next| Msg::new("import_list").arg(all).arg(next).into()).unwrap_or_else(|| Arg::Text(String::new()))
}
