//! History of sent messages: the newest first, at most [`HISTORY_LIMIT`] entries.

use serde::{Deserialize, Serialize};

use crate::links::Platform;

pub const HISTORY_LIMIT: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// A uuid given by the caller (the core makes no random numbers).
    pub id: String,
    pub e164: String,
    pub platform: Platform,
    pub text: String,
    /// Milliseconds since the Unix epoch, given by the caller (the core reads no clock).
    pub at: i64,
}

/// Adds `entry` in front; the oldest entries beyond the limit fall off.
pub fn push(history: &mut Vec<HistoryEntry>, entry: HistoryEntry) {
    history.insert(0, entry);
    history.truncate(HISTORY_LIMIT);
}

/// Reads stored history. Entries that do not fit the shape are counted, not hidden:
/// the caller can tell the user how many were unreadable.
pub fn from_stored(stored: &serde_json::Value) -> (Vec<HistoryEntry>, usize) {
    let (mut ok, bad) = crate::schema::read_list::<HistoryEntry>(stored, |_| true);
    ok.sort_by_key(|e| std::cmp::Reverse(e.at));
    ok.truncate(HISTORY_LIMIT);
    (ok, bad)
}
