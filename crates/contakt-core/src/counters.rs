//! Local usage counters: how many messages were sent with Contakt, in all and per platform.
//! Kept on the device only (`chrome.storage.local`, `counters`), in the backup, never sent.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::links::Platform;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counters {
    pub sent: u64,
    pub by_platform: BTreeMap<String, u64>,
}

impl Counters {
    /// Stored counters read back; anything unreadable counts as zero.
    pub fn from_stored(stored: &serde_json::Value) -> Counters {
        serde_json::from_value(stored.clone()).unwrap_or_default()
    }

    /// One more message sent on `platform`.
    pub fn record(mut self, platform: Platform) -> Counters {
        self.sent = self.sent.saturating_add(1);
        let n = self.by_platform.entry(platform.id().to_string()).or_default();
        *n = n.saturating_add(1);
        self
    }
}
