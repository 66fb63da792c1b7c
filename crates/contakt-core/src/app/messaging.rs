//! Sending: from the popup, again from the history, from a page (menu, shortcut, in-page
//! controls), and the notification that offers the other numbers of a selection.

use serde_json::{json, Value};

use super::{settings, writable, Effect, Env, Failure, Handled, Outcome, Stored};
use crate::history::{self, HistoryEntry};
use crate::links::Platform;
use crate::send::{self, SendPlan};
use crate::words::Msg;
use crate::{contacts, msg, phone};

/// The notification ids the worker shows (replacing an earlier one with the same id).
pub const NOTE_NO_NUMBER: &str = "contakt-no-number";
pub const NOTE_MORE: &str = "contakt-more";
pub const NOTE_PENDING: &str = "contakt-pending";
/// How many of a selection's other numbers the notification offers as buttons (Chrome shows two).
const OFFERED: usize = 2;

pub fn platform_of(id: &str) -> Result<Platform, Failure> {
    Platform::from_id(id).ok_or_else(|| Failure::new("unknown_platform", msg!("unknown_platform", id)).on("platform"))
}

/// Plans a send with the stored settings (no page is trusted to have planned it).
pub fn plan(stored: &Stored, env: &dyn Env, number: &str, platform: Platform, text: &str) -> Result<SendPlan, Failure> {
    send::plan(number, platform, text, &settings(stored, env)).map_err(|e| Failure::new(e.code(), e.msg()).on(e.field()))
}

/// Records a planned send (history, counters, the contact's last use) into `out` and opens
/// its link. The page has copied what the link cannot carry.
pub fn record(stored: &Stored, env: &mut dyn Env, out: &mut Outcome, plan: &SendPlan, contact_id: Option<&str>) {
    let now = env.now();
    record_history(stored, env, out, HistoryEntry::new(String::new(), &plan.number.e164, plan.link.platform, &plan.text, now));
    super::usage::note(stored, env, out, super::usage::Happened::Sent { platform: plan.link.platform, e164: &plan.number.e164 });
    if let Some(id) = contact_id.filter(|id| !id.is_empty()) {
        let mut list = contacts::from_stored(out.writes.local_set.get("contacts").unwrap_or_else(|| stored.local("contacts"))).0;
        if contacts::touch(&mut list, id, now) {
            out.writes.local("contacts", &list);
        }
    }
    if let Some(url) = &plan.link.url {
        out.effects.push(Effect::OpenTab { url: url.clone() });
    }
}

/// Adds `entry` (given a new id) to the history, unless the user keeps none. Returns its id.
pub fn record_history(stored: &Stored, env: &mut dyn Env, out: &mut Outcome, mut entry: HistoryEntry) -> Option<String> {
    if !settings(stored, env).keep_history {
        return None;
    }
    let (mut entries, _) = match out.writes.local_set.get("history") {
        Some(v) => history::from_stored(v),
        None => history::from_stored(stored.local("history")),
    };
    entry.id = env.new_id();
    let id = entry.id.clone();
    history::push(&mut entries, entry);
    out.writes.local("history", &entries);
    Some(id)
}

/// "Send" in the popup.
pub fn send_request(stored: &Stored, env: &mut dyn Env, number: &str, platform: &str, text: &str, contact_id: Option<&str>) -> Handled {
    writable(stored)?;
    let platform = platform_of(platform)?;
    let plan = plan(stored, env, number, platform, text)?;
    let mut out = Outcome::reply(&plan);
    record(stored, env, &mut out, &plan, contact_id);
    Ok(out)
}

/// "Resend" on a history entry.
pub fn resend(stored: &Stored, env: &mut dyn Env, id: &str) -> Handled {
    let (entries, _) = history::from_stored(stored.local("history"));
    let entry = entries.into_iter().find(|e| e.id == id).ok_or_else(|| Failure::new("not_found", msg!("history_gone")))?;
    send_request(stored, env, &entry.e164, entry.platform.id(), &entry.text, None)
}

/// A send for a platform that needs the clipboard, which a worker cannot write: handed to
/// the popup (session storage), opened if the browser lets us, else a notification says so.
pub fn hand_to_popup(out: &mut Outcome, international: &str, platform: Platform, text: &str) {
    out.writes.session("pending", json!({ "number": international, "platform": platform, "text": text }));
    out.effects.push(Effect::OpenPopup {
        otherwise: Box::new(Effect::Notify {
            id: NOTE_PENDING.into(),
            title: msg!("pending_title", international),
            message: msg!("pending_body"),
            buttons: Vec::new(),
        }),
    });
}

/// Why there is nothing to message, said in a notification (the action came from a page).
fn no_number(title: Msg, why: Msg, code: &'static str) -> Outcome {
    let mut out = Outcome::fail(Failure::new(code, why.clone()));
    out.effects.push(Effect::Notify { id: NOTE_NO_NUMBER.into(), title, message: why, buttons: Vec::new() });
    out
}

/// Messages the first number in `text` (a selection, a `tel:` link, a number on a page) on
/// `platform` (by default the settings'), and offers the others in a notification.
pub fn from_page(stored: &Stored, env: &mut dyn Env, text: &str, platform: Option<&str>) -> Handled {
    if let Err(f) = writable(stored) {
        return Ok(failure_notified(f));
    }
    let settings = settings(stored, env);
    let found = match phone::numbers_in_selection(text, &settings.default_region) {
        Ok(found) => found,
        Err(e) => return Ok(no_number(msg!("no_number_to_message"), e.msg(), e.code())),
    };
    let platform = match platform {
        Some(p) => platform_of(p)?,
        None => settings.default_platform,
    };
    let Some((first, rest)) = found.split_first() else {
        return Ok(no_number(msg!("no_number_to_message"), phone::PhoneError::NotANumber.msg(), "not_a_number"));
    };
    let plan = plan(stored, env, &first.e164, platform, "")?;
    let mut out;
    if plan.link.clipboard.is_some() {
        out = Outcome::reply(json!({ "popup": true }));
        hand_to_popup(&mut out, &first.international, platform, "");
    } else {
        out = Outcome::reply(&plan);
        record(stored, env, &mut out, &plan, None);
    }
    if !rest.is_empty() {
        let shown: Vec<&phone::PhoneNumber> = rest.iter().take(OFFERED).collect();
        out.writes.session("offer", json!({ "numbers": shown.iter().map(|n| &n.e164).collect::<Vec<_>>(), "platform": platform }));
        out.effects.push(Effect::Notify {
            id: NOTE_MORE.into(),
            title: Msg::plural("more_in_selection", rest.len()),
            message: msg!("number_list", rest.iter().map(|n| n.international.as_str()).collect::<Vec<_>>().join(", ")),
            buttons: shown.iter().map(|n| msg!("message_number", &n.international)).collect(),
        });
    }
    Ok(out)
}

/// A failure from a menu, shortcut or notification: there is no page to show it, so it is
/// also a notification.
pub fn failure_notified(f: Failure) -> Outcome {
    let mut out = Outcome::fail(f.clone());
    out.effects.push(Effect::Notify { id: "contakt-failed".into(), title: msg!("action_failed"), message: f.msg, buttons: Vec::new() });
    out
}

/// The text a menu click is about: a `tel:` link's number, else the selection.
fn clicked_text(selection: Option<String>, link: Option<String>) -> String {
    match link.filter(|l| l.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("tel:"))) {
        Some(l) => crate::links::decode(&l).unwrap_or(l),
        None => selection.unwrap_or_default(),
    }
}

pub fn menu_click(stored: &Stored, env: &mut dyn Env, item: &str, selection: Option<String>, link: Option<String>) -> Handled {
    let text = clicked_text(selection, link);
    if item == "save-contact" {
        let settings = settings(stored, env);
        return match phone::numbers_in_selection(&text, &settings.default_region) {
            Ok(found) if !found.is_empty() => super::contacts::save_number(stored, env, &found[0].e164),
            Ok(_) => Ok(no_number(msg!("no_number_to_save"), phone::PhoneError::NotANumber.msg(), "not_a_number")),
            Err(e) => Ok(no_number(msg!("no_number_to_save"), e.msg(), e.code())),
        };
    }
    if item == "message" {
        return from_page(stored, env, &text, None);
    }
    match item.strip_prefix("message-on:") {
        Some(p) => from_page(stored, env, &text, Some(p)),
        None => Ok(Outcome::reply(Value::Null)),
    }
}

pub fn command(stored: &Stored, env: &mut dyn Env, command: &str, selection: Option<String>) -> Handled {
    if command != "message-selection" {
        return Ok(Outcome::reply(Value::Null));
    }
    match selection {
        Some(text) => from_page(stored, env, &text, None),
        None => Ok(no_number(msg!("no_number_to_message"), msg!("select_then_shortcut"), "no_page")),
    }
}

/// The button of the "also in the selection" notification: message that number.
pub fn offered(stored: &Stored, env: &mut dyn Env, index: usize) -> Handled {
    let offer = stored.session("offer");
    let Some(number) = offer["numbers"].get(index).and_then(Value::as_str) else { return Ok(Outcome::reply(Value::Null)) };
    let platform = offer["platform"].as_str().unwrap_or("");
    let mut out = match send_request(stored, env, number, platform, "", None) {
        Ok(out) => out,
        Err(f) => failure_notified(f),
    };
    out.effects.insert(0, Effect::ClearNotification { id: NOTE_MORE.into() });
    Ok(out)
}
