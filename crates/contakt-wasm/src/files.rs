//! The options page's second module: what an import would do (the file read, its preview and
//! the people an import sends), export, and backup encryption. Importing and restoring
//! themselves are requests to the worker, which holds none of this.

use contakt_core::contacts::{self, Contact};
use contakt_core::import;
use wasm_bindgen::prelude::*;

use crate::env::{random, BrowserCharsets};
use crate::{answer, from_js, ok};

fn contacts_of(v: &JsValue) -> Vec<Contact> {
    contacts::from_stored(&from_js(v)).0
}

/// What importing `bytes` would do against the stored contacts; `mapping` replaces a CSV
/// file's guessed one.
#[wasm_bindgen(js_name = importPreview)]
pub fn import_preview(bytes: &[u8], existing: JsValue, region: &str, mapping: JsValue) -> JsValue {
    let mapping: Option<Vec<import::csv::Field>> = serde_json::from_value(from_js(&mapping)).ok().flatten();
    answer(contakt_core::app::import_preview(bytes, &contacts_of(&existing), region, mapping.as_deref(), &BrowserCharsets))
}

/// The contacts as a vCard file ("3.0" or "4.0").
#[wasm_bindgen(js_name = exportVcard)]
pub fn export_vcard(stored: JsValue, version: &str) -> JsValue {
    ok(contakt_core::export::to_vcard(&contacts_of(&stored), version))
}

/// The contacts as a Google-compatible CSV file.
#[wasm_bindgen(js_name = exportCsv)]
pub fn export_csv(stored: JsValue) -> JsValue {
    ok(contakt_core::export::to_csv(&contacts_of(&stored)))
}

/// Whether a backup file of `size` bytes can be restored (refused before it is read or sent).
#[wasm_bindgen(js_name = checkBackupSize)]
pub fn check_backup_size(size: f64) -> JsValue {
    let size = if size.is_finite() && size > 0.0 { size as usize } else { 0 };
    answer(contakt_core::backup::check_size(size).map_err(|m| contakt_core::app::Failure::new("too_large", m).on("file")))
}

/// Whether a file is an encrypted backup (the page then asks for the passphrase).
#[wasm_bindgen(js_name = isEncryptedBackup)]
pub fn is_encrypted_backup(bytes: &[u8]) -> JsValue {
    ok(contakt_core::crypto::is_encrypted(bytes))
}

/// The backup (JSON text, from the worker) encrypted with `passphrase`.
#[wasm_bindgen(js_name = encryptBackup)]
pub fn encrypt_backup(plain: &str, passphrase: &str) -> JsValue {
    answer(contakt_core::app::encrypt_backup(plain, passphrase, &mut random))
}

/// A backup file as the worker's restore takes it: decrypted with `passphrase` when it is
/// encrypted.
#[wasm_bindgen(js_name = decryptBackup)]
pub fn decrypt_backup(bytes: &[u8], passphrase: &str) -> JsValue {
    answer(contakt_core::app::decrypt_backup(bytes, passphrase).map(|b| String::from_utf8_lossy(&b).into_owned()))
}
