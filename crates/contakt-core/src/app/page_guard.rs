//! What a web page may make Contakt do, and how often. The content script runs in pages
//! Contakt does not control: a page can script clicks on its controls, so the requests that
//! act (open a chat, save a number) are rate-limited, and a number is never saved from a
//! page: the options page shows it in a new contact's form and the user saves it there.

use serde_json::{json, Value};

use super::{settings, Effect, Env, Outcome, Stored};
use crate::msg;

/// Session key: when the page actions of the last minute were admitted (ms, oldest first).
pub const PAGE_ACTIONS: &str = "page_actions";
/// Session key: the number a page asked to save, waiting for the options page.
pub const PAGE_SAVE: &str = "page_save";

/// At most this many actions from pages in [`BURST_MS`]…
pub const BURST: usize = 3;
pub const BURST_MS: i64 = 10_000;
/// …and this many in a minute. A person clicking numbers stays well below both.
pub const PER_MINUTE: usize = 10;
const MINUTE_MS: i64 = 60_000;

/// The page where the user confirms a number from a page (the contacts section).
pub const CONFIRM_PAGE: &str = "options.html#contacts";

/// An admitted action: its time is recorded with the action's own writes.
pub struct Admitted {
    times: Vec<i64>,
}

impl Admitted {
    /// The action's outcome with the admission recorded (also when the action failed: a
    /// page's failed attempts count too).
    pub fn into(self, mut out: Outcome) -> Outcome {
        out.writes.session(PAGE_ACTIONS, &self.times);
        out
    }
}

/// Admits one more action from a page, or refuses it (said in a notification).
pub fn admit(stored: &Stored, env: &dyn Env) -> Result<Admitted, super::Failure> {
    let now = env.now();
    let mut times: Vec<i64> = match stored.session(PAGE_ACTIONS) {
        Value::Array(list) => list.iter().filter_map(Value::as_i64).filter(|t| *t <= now && now - t < MINUTE_MS).collect(),
        _ => Vec::new(),
    };
    let recent = times.iter().filter(|t| now - **t < BURST_MS).count();
    if recent >= BURST || times.len() >= PER_MINUTE {
        return Err(super::Failure::new("page_rate", msg!("page_rate_limited")));
    }
    times.push(now);
    Ok(Admitted { times })
}

/// A page's "Save as contact": the number waits in session storage and the options page
/// opens on the contacts; nothing is saved until the user presses Save there.
pub fn save_from_page(stored: &Stored, env: &dyn Env, e164: &str, host: &str) -> Outcome {
    let region = settings(stored, env).default_region;
    match crate::phone::parse(e164, &region) {
        Ok(n) => {
            let mut out = Outcome::reply(Value::Null);
            out.writes.session(PAGE_SAVE, json!({ "international": n.international, "host": host }));
            out.effects.push(Effect::OpenTab { url: CONFIRM_PAGE.into() });
            out
        }
        Err(e) => super::messaging::failure_notified(super::Failure::new(e.code(), e.msg())),
    }
}

/// The number waiting for the options page (taken once), with what to say above the form.
pub fn take_save(stored: &Stored) -> Outcome {
    let waiting = stored.session(PAGE_SAVE);
    let Some(number) = waiting.get("international").and_then(Value::as_str) else { return Outcome::reply(Value::Null) };
    let host = waiting.get("host").and_then(Value::as_str).unwrap_or_default();
    let mut out = Outcome::reply(json!({
        "number": number,
        "msg": if host.is_empty() { msg!("page_save_confirm", number) } else { msg!("page_save_confirm_from", number, host) },
    }));
    out.writes.session_remove.push(PAGE_SAVE.into());
    out
}
