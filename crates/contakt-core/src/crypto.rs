//! The passphrase-protected backup: the backup file encrypted with AES-256-GCM under a key
//! derived from the passphrase with Argon2id (64 MiB, 3 passes). The salt and nonce are
//! arguments (the core makes no random numbers; the facade takes them from the browser's
//! `crypto.getRandomValues`). The parameters travel in the file, so a future cost change
//! still opens older files.

use crate::words::Msg;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "contakt-backup-encrypted";
pub const VERSION: u64 = 1;

/// Argon2id cost: memory in KiB, passes, lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

/// What new files use: OWASP's first Argon2id choice is 46 MiB / 1 pass; this is more.
pub const COST: Cost = Cost { memory_kib: 64 * 1024, passes: 3, lanes: 1 };

/// The most a backup may ask for: what Contakt writes (a crafted file could otherwise demand
/// 1 GiB and 64 passes and freeze the worker for minutes). One more pass and lane leave room
/// for files written by a later version on a faster machine.
pub const MAX_COST: Cost = Cost { memory_kib: 64 * 1024, passes: 4, lanes: 2 };

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u64,
    kdf: String,
    cost: Cost,
    salt: String,
    cipher: String,
    nonce: String,
    data: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CryptoError {
    pub code: &'static str,
    pub msg: Msg,
}

fn error(code: &'static str, msg: Msg) -> CryptoError {
    CryptoError { code, msg: crate::msg!("nothing_changed", msg) }
}

fn key(passphrase: &str, salt: &[u8], cost: Cost) -> Result<[u8; 32], CryptoError> {
    let params = argon2::Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(32)).map_err(|_| error("damaged", Msg::new("crypto_bad_parameters")))?;
    let mut out = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .map_err(|_| error("damaged", Msg::new("crypto_no_key")))?;
    Ok(out)
}

/// Encrypts a backup file (`plain`) with `passphrase`. `salt`: 16 random bytes; `nonce`: 12.
pub fn encrypt(plain: &[u8], passphrase: &str, salt: [u8; 16], nonce: [u8; 12], cost: Cost) -> Result<String, CryptoError> {
    if passphrase.chars().count() < 8 {
        return Err(CryptoError { code: "weak", msg: crate::msg!("crypto_weak", 8usize) });
    }
    let key = key(passphrase, &salt, cost)?;
    let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| error("internal", Msg::new("crypto_no_cipher")))?;
    let data = cipher.encrypt(Nonce::from_slice(&nonce), plain).map_err(|_| error("internal", Msg::new("crypto_failed")))?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let env = Envelope {
        format: FORMAT.into(),
        version: VERSION,
        kdf: "argon2id".into(),
        cost,
        salt: b64.encode(salt),
        cipher: "aes-256-gcm".into(),
        nonce: b64.encode(nonce),
        data: b64.encode(data),
    };
    Ok(serde_json::to_string_pretty(&env).unwrap_or_default())
}

/// Whether a file is an encrypted backup (so the page can ask for the passphrase).
pub fn is_encrypted(file: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(file).ok().and_then(|v| v.get("format").and_then(|f| f.as_str().map(|f| f == FORMAT))).unwrap_or(false)
}

/// The backup file inside an encrypted one. A wrong passphrase and a damaged file both fail
/// the authentication tag: the message says which is likely.
pub fn decrypt(file: &[u8], passphrase: &str) -> Result<Vec<u8>, CryptoError> {
    let env: Envelope = serde_json::from_slice(file).map_err(|_| error("damaged", Msg::new("crypto_damaged_or_short")))?;
    if env.format != FORMAT {
        return Err(error("not_backup", Msg::new("crypto_not_backup")));
    }
    if env.version > VERSION || env.kdf != "argon2id" || env.cipher != "aes-256-gcm" {
        return Err(error("newer", Msg::new("crypto_newer")));
    }
    if env.cost.memory_kib > MAX_COST.memory_kib || env.cost.passes > MAX_COST.passes || env.cost.lanes > MAX_COST.lanes {
        return Err(error("damaged", Msg::new("crypto_cost")));
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    let bad = |_| error("damaged", Msg::new("crypto_damaged"));
    let salt = b64.decode(&env.salt).map_err(bad)?;
    let nonce = b64.decode(&env.nonce).map_err(bad)?;
    let data = b64.decode(&env.data).map_err(bad)?;
    if nonce.len() != 12 || salt.len() < 8 {
        return Err(error("damaged", Msg::new("crypto_damaged")));
    }
    let key = key(passphrase, &salt, env.cost)?;
    let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| error("internal", Msg::new("crypto_no_cipher")))?;
    cipher.decrypt(Nonce::from_slice(&nonce), data.as_ref()).map_err(|_| error("wrong_passphrase", Msg::new("crypto_wrong_passphrase")))
}
