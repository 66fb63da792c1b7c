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

/// The first `n` entries (newest first) that open a different chat: one per number and
/// platform. Returns their indices.
pub fn recent<'a>(entries: impl IntoIterator<Item = &'a HistoryEntry>, n: usize) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    entries.into_iter().enumerate().filter(|(_, e)| seen.insert((e.e164.as_str(), e.platform))).map(|(i, _)| i).take(n).collect()
}

/// Reads stored history. Entries that do not fit the shape are counted, not hidden:
/// the caller can tell the user how many were unreadable.
pub fn from_stored(stored: &serde_json::Value) -> (Vec<HistoryEntry>, usize) {
    let (mut ok, bad) = crate::schema::read_list::<HistoryEntry>(stored, |_| true);
    ok.sort_by_key(|e| std::cmp::Reverse(e.at));
    ok.truncate(HISTORY_LIMIT);
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(e164: &str, platform: Platform, at: i64) -> HistoryEntry {
        HistoryEntry { id: format!("{at}"), e164: e164.into(), platform, text: String::new(), at }
    }

    #[test]
    fn recent_chats_are_distinct_by_number_and_platform_newest_first() {
        let h = [
            entry("+1", Platform::Whatsapp, 9),
            entry("+1", Platform::Whatsapp, 8),
            entry("+1", Platform::Telegram, 7),
            entry("+2", Platform::Whatsapp, 6),
            entry("+1", Platform::Whatsapp, 5),
            entry("+3", Platform::Sms, 4),
            entry("+4", Platform::Sms, 3),
        ];
        assert_eq!(recent(&h, 4), [0, 2, 3, 5]);
        assert_eq!(recent(&h, 10), [0, 2, 3, 5, 6]);
        assert!(recent(&[], 4).is_empty());
    }
}
