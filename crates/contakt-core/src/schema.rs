//! The version of what Contakt stores on the device, and the migrations from every earlier
//! version. `chrome.storage.local` holds `schema` (a number) beside the data; the worker
//! brings the data up to [`CURRENT`] before it answers anything, and backups (which carry
//! their own version) go through the same steps.
//!
//! Versions:
//! 1. The first release: no `schema` key. A contact's messenger usernames were
//!    `[service, handle]` pairs.
//! 2. Usernames are objects `{ service, handle }`; `schema` is written.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::msg;
use crate::words::Msg;

/// A stored list read back item by item: the items that fit `T` and pass `keep`, and how many
/// did not (a stored value that is not a list at all counts as one), so the caller can tell
/// the user instead of hiding them.
pub fn read_list<T: DeserializeOwned>(stored: &Value, keep: impl Fn(&T) -> bool) -> (Vec<T>, usize) {
    let Some(items) = stored.as_array() else {
        return (Vec::new(), usize::from(!stored.is_null()));
    };
    let mut list = Vec::with_capacity(items.len());
    let mut unreadable = 0;
    for item in items {
        // Read in place (a clone of every item doubled the memory of a large list).
        match T::deserialize(item) {
            Ok(t) if keep(&t) => list.push(t),
            _ => unreadable += 1,
        }
    }
    (list, unreadable)
}

pub const CURRENT: u64 = 2;

/// Why stored data cannot be brought up to date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaError {
    /// Written by a newer Contakt: left untouched.
    Newer(u64),
    /// The version is not a number.
    Unreadable,
}

impl SchemaError {
    /// What to tell the user.
    pub fn msg(&self) -> Msg {
        match self {
            SchemaError::Newer(v) => msg!("schema_newer", *v, CURRENT),
            SchemaError::Unreadable => msg!("schema_unreadable"),
        }
    }
}

/// Each step takes the data from version `i + 1` to `i + 2`.
const STEPS: [fn(&mut Map<String, Value>); (CURRENT - 1) as usize] = [v1_to_v2];

fn v1_to_v2(data: &mut Map<String, Value>) {
    for contact in data.get_mut("contacts").and_then(Value::as_array_mut).into_iter().flatten() {
        let Some(names) = contact.get_mut("usernames").and_then(Value::as_array_mut) else { continue };
        for u in names.iter_mut() {
            if let Some([service, handle]) = u.as_array().map(Vec::as_slice) {
                *u = serde_json::json!({ "service": service, "handle": handle });
            }
        }
    }
}

/// The version `data` (an object of stored keys) was written in: its `schema` key, or 1.
pub fn version_of(data: &Map<String, Value>) -> Result<u64, SchemaError> {
    match data.get("schema") {
        None | Some(Value::Null) => Ok(1),
        Some(v) => v.as_u64().filter(|v| *v >= 1).ok_or(SchemaError::Unreadable),
    }
}

/// Brings `data` up to [`CURRENT`] in place. `Ok(true)`: it changed and must be written
/// back (with `schema` set); `Ok(false)`: it was current.
pub fn migrate(data: &mut Map<String, Value>) -> Result<bool, SchemaError> {
    let from = version_of(data)?;
    if from > CURRENT {
        return Err(SchemaError::Newer(from));
    }
    if from == CURRENT {
        return Ok(false);
    }
    for step in &STEPS[(from - 1) as usize..] {
        step(data);
    }
    data.insert("schema".into(), Value::from(CURRENT));
    Ok(true)
}
