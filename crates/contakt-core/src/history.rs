//! History of sent messages: the newest first, at most [`HISTORY_LIMIT`] entries.

use serde::{Deserialize, Serialize};

use crate::links::Platform;
use crate::words::Msg;

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
    /// What became of it: opened (none), or marked sent or failed in a campaign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EntryStatus>,
    /// The campaign's name, when it was opened from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
}

/// A history entry's status beyond "opened".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Sent,
    Failed,
}

impl HistoryEntry {
    pub fn new(id: String, e164: &str, platform: Platform, text: &str, at: i64) -> HistoryEntry {
        HistoryEntry { id, e164: e164.into(), platform, text: text.into(), at, status: None, campaign: None }
    }

    /// Whether it matches a search: a number as typed (international or national, spaces and
    /// punctuation ignored) in its number, or every word of `query` in its number as shown,
    /// its platform's name, its text or its campaign.
    pub fn matches(&self, query: &str, shown_number: &str) -> bool {
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let hay_digits = digits(&self.e164);
        let typed = digits(query);
        if !typed.is_empty() && query.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
            let national = typed.trim_start_matches('0');
            return hay_digits.contains(&typed) || (!national.is_empty() && hay_digits.contains(national));
        }
        let hay = format!("{} {} {} {}", shown_number, self.platform.name(), self.text, self.campaign.as_deref().unwrap_or("")).to_lowercase();
        query.split_whitespace().all(|w| hay.contains(&w.to_lowercase()))
    }
}

/// What can stop a chat from opening as expected on `platform`, each with its fix: the
/// "Didn't work?" help of a history entry.
pub fn trouble(platform: Platform) -> Vec<Msg> {
    use Platform::*;
    match platform {
        Whatsapp | WhatsappBusiness => vec![
            crate::msg!("trouble_whatsapp_no_account"),
            crate::msg!("trouble_whatsapp_web_signed_out"),
            crate::msg!("trouble_whatsapp_no_app"),
            crate::msg!("trouble_country_code"),
        ],
        Telegram => vec![crate::msg!("trouble_telegram_privacy"), crate::msg!("trouble_telegram_no_account"), crate::msg!("trouble_telegram_no_app")],
        Signal => vec![crate::msg!("trouble_signal_no_app"), crate::msg!("trouble_signal_no_account")],
        Viber => vec![crate::msg!("trouble_viber_no_app"), crate::msg!("trouble_viber_no_account")],
        Wechat => vec![crate::msg!("trouble_wechat_search"), crate::msg!("trouble_wechat_no_app")],
        Line => vec![crate::msg!("trouble_line_search"), crate::msg!("trouble_line_no_app")],
        Kakaotalk => vec![crate::msg!("trouble_kakaotalk_search"), crate::msg!("trouble_kakaotalk_no_app")],
        Zalo => vec![crate::msg!("trouble_zalo_no_account"), crate::msg!("trouble_zalo_signed_out")],
        Sms => vec![crate::msg!("trouble_sms_no_handler"), crate::msg!("trouble_sms_phone_link")],
    }
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
        HistoryEntry::new(format!("{at}"), e164, platform, "", at)
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

    #[test]
    fn search_matches_every_word_in_number_platform_text_or_campaign() {
        let mut e = HistoryEntry::new("x".into(), "+442079460958", Platform::Telegram, "Spring offer for you", 1);
        e.campaign = Some("Clients".into());
        let shown = "+44 20 7946 0958";
        for yes in ["", "7946", "+44 20 7946", "020 7946 0958", "telegram", "OFFER spring", "clients", "0958 offer"] {
            assert!(e.matches(yes, shown), "{yes}");
        }
        for no in ["whatsapp", "7947", "offer autumn", "44-x"] {
            assert!(!e.matches(no, shown), "{no}");
        }
    }

    #[test]
    fn every_platform_has_help_when_a_chat_did_not_work() {
        for p in Platform::ALL {
            assert!(trouble(p).len() >= 2, "{p:?}");
        }
        assert_eq!(trouble(Platform::Whatsapp)[0].key, "trouble_whatsapp_no_account");
    }
}
