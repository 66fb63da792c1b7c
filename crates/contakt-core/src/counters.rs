//! Local usage counters: what the user did with Contakt (messages per platform, scheduled
//! messages, reminders by preset, templates used, contacts added, imports), shown as the Usage
//! charts in the options page. Kept on the device only (`chrome.storage.local`, `counters`),
//! in the backup, never sent; "Reset" clears them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::links::Platform;

/// The largest count kept: JavaScript counts exactly up to 2^53.
pub const MAX_COUNT: u64 = (1 << 53) - 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counters {
    /// Messages sent (chats opened), in all and per platform id.
    pub sent: u64,
    pub by_platform: BTreeMap<String, u64>,
    /// Scheduled messages created.
    pub scheduled: u64,
    /// Reminders created, per preset id (`custom`: a time the user chose).
    pub reminders: BTreeMap<String, u64>,
    /// Messages sent with a template.
    pub templates_used: u64,
    /// Contacts added by hand or by an import.
    pub contacts_added: u64,
    /// Imports made.
    pub imports: u64,
}

fn bump(n: &mut u64, by: u64) {
    *n = n.saturating_add(by).min(MAX_COUNT);
}

impl Counters {
    /// Stored counters read back; anything unreadable counts as zero.
    pub fn from_stored(stored: &serde_json::Value) -> Counters {
        serde_json::from_value(stored.clone()).unwrap_or_default()
    }

    /// One more message sent on `platform`.
    pub fn record(mut self, platform: Platform) -> Counters {
        bump(&mut self.sent, 1);
        bump(self.by_platform.entry(platform.id().to_string()).or_default(), 1);
        self
    }

    pub fn scheduled(mut self) -> Counters {
        bump(&mut self.scheduled, 1);
        self
    }

    /// A reminder created with `preset` (`None`: at a time the user chose).
    pub fn reminder(mut self, preset: Option<&str>) -> Counters {
        bump(self.reminders.entry(preset.unwrap_or("custom").to_string()).or_default(), 1);
        self
    }

    pub fn template_used(mut self) -> Counters {
        bump(&mut self.templates_used, 1);
        self
    }

    pub fn contacts_added(mut self, n: u64) -> Counters {
        bump(&mut self.contacts_added, n);
        self
    }

    pub fn imported(mut self) -> Counters {
        bump(&mut self.imports, 1);
        self
    }

    /// Both counts added up (a backup merged), never past [`MAX_COUNT`].
    pub fn plus(mut self, other: Counters) -> Counters {
        bump(&mut self.sent, other.sent);
        for (k, n) in other.by_platform {
            bump(self.by_platform.entry(k).or_default(), n);
        }
        bump(&mut self.scheduled, other.scheduled);
        for (k, n) in other.reminders {
            bump(self.reminders.entry(k).or_default(), n);
        }
        bump(&mut self.templates_used, other.templates_used);
        bump(&mut self.contacts_added, other.contacts_added);
        bump(&mut self.imports, other.imports);
        self
    }
}
