//! The wasm-bindgen facade over `contakt-core`: it converts values between JavaScript and
//! Rust, and holds no rule and no wording. Every export answers with one envelope:
//! `{ ok: true, value }` or `{ ok: false, code, field?, msg }`, where `code` is stable and
//! `msg` a message code with arguments (`{ key, args?, count? }`) for the extension's locales.
//!
//! - [`app`]: the service worker's one entry, `handle(request, stored, env)`, and `needs`.
//! - [`phone`]: what the pages ask as the user types (parse, format, plan a send, regions).
//! - [`book`]: the address book's search index, the edit form, duplicates, templates.
//! - [`files`]: import preview, export, and backup encryption: the options page's second
//!   module (built with the `files` feature alone; everything else is the `core` feature).
//! - [`env`]: what the core borrows from the browser: `Intl` time zones, `TextDecoder`
//!   charsets, `crypto.getRandomValues` and uuids.

// A build of one module alone leaves some of the shared helpers (the environment, the
// envelope readers) unused.
#![cfg_attr(not(all(feature = "core", feature = "files")), allow(dead_code))]

#[cfg(feature = "core")]
mod app;
#[cfg(feature = "core")]
mod book;
mod env;
#[cfg(feature = "files")]
mod files;
#[cfg(feature = "core")]
mod phone;

#[cfg(feature = "core")]
pub use app::{handle, needs};
#[cfg(feature = "core")]
pub use book::{contact_form, duplicate_groups, AddressBook};
#[cfg(feature = "files")]
pub use files::{check_backup_size, decrypt_backup, encrypt_backup, export_csv, export_vcard, import_preview, is_encrypted_backup};
#[cfg(feature = "core")]
pub use phone::{
    check_message, detection_allowed, e164, find_numbers, format_as_you_type, international_reading, local_input, parse_number, plan_send, platforms,
    qr_for_send, regions, render_template,
};

use contakt_core::app::Failure;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The envelope every export answers with.
#[derive(Serialize)]
#[serde(untagged)]
enum Envelope<T: Serialize> {
    Ok {
        ok: bool,
        value: T,
    },
    Err {
        ok: bool,
        #[serde(flatten)]
        failure: Failure,
    },
}

/// `{ ok: true, value }`, built by one `JSON.parse` (several times faster than setting each
/// field from wasm when the value is large).
pub(crate) fn ok<T: Serialize>(value: T) -> JsValue {
    json_to_js(&Envelope::Ok { ok: true, value })
}

/// `{ ok: false, code, field?, msg }`.
pub(crate) fn fail(failure: Failure) -> JsValue {
    json_to_js(&Envelope::<()>::Err { ok: false, failure })
}

pub(crate) fn answer<T: Serialize>(r: Result<T, Failure>) -> JsValue {
    match r {
        Ok(v) => ok(v),
        Err(f) => fail(f),
    }
}

fn json_to_js<T: Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(json) => js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        Err(e) => js_sys::JSON::parse(&format!(
            "{{\"ok\":false,\"code\":\"internal\",\"msg\":{{\"key\":\"internal_error\",\"args\":[{}]}}}}",
            serde_json::Value::from(e.to_string())
        ))
        .unwrap_or(JsValue::NULL),
    }
}

/// A JavaScript value read as JSON (`JSON.stringify` then serde: faster than walking large
/// objects from wasm). `undefined` and unserialisable values read as `null`.
pub(crate) fn from_js(value: &JsValue) -> serde_json::Value {
    if value.is_undefined() {
        return serde_json::Value::Null;
    }
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(serde_json::Value::Null)
}

/// A JavaScript value read as `T`, or the core's refusal naming what could not be read.
pub(crate) fn read<T: serde::de::DeserializeOwned>(value: &JsValue, what: contakt_core::words::Msg) -> Result<T, Failure> {
    serde_json::from_value(from_js(value)).map_err(|e| Failure::new("refused", contakt_core::msg!("unreadable", what, e.to_string())))
}
