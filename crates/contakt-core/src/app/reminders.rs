//! Requests about reminders and scheduled messages, their alarms, notifications and badge,
//! and what the worker does at every start.

use serde::Serialize;
use serde_json::{json, Value};

use super::messaging::{self, hand_to_popup, record};
use super::{read, settings, writable, Effect, Env, Failure, Handled, Outcome, Stored};
use crate::msg;
use crate::schedule::{self, Draft, Kind, Preset, Reminder};
use crate::words::Msg;

/// How long "Snooze" puts a due reminder off, in the notification and in the popup alike.
pub const SNOOZE_MINUTES: i64 = 10;
/// The badge's colour (the count of due reminders).
const BADGE_COLOUR: &str = "#b3261e";

fn stored_reminders(stored: &Stored) -> Vec<Reminder> {
    schedule::from_stored(stored.local("reminders")).0
}

/// The alarms the reminders need and the badge counting those due.
pub fn alarms_and_badge(list: &[Reminder]) -> Vec<Effect> {
    let due = schedule::due_count(list);
    vec![
        Effect::Alarms { prefix: "reminder:", alarms: schedule::alarms(list) },
        Effect::Badge { text: if due > 0 { due.to_string() } else { String::new() }, colour: BADGE_COLOUR },
    ]
}

/// Reminders in upcoming order, with the presets, the zone they are made in and the snooze.
pub fn list(stored: &Stored, env: &dyn Env) -> Outcome {
    let (reminders, unreadable) = schedule::from_stored(stored.local("reminders"));
    #[derive(Serialize)]
    struct P {
        id: Preset,
        label: Msg,
    }
    let presets: Vec<P> = Preset::ALL.iter().map(|&p| P { id: p, label: p.label() }).collect();
    let shown: Vec<Value> = reminders.iter().map(|r| json!({ "reminder": r, "who": who(r), "actions": actions(r) })).collect();
    Outcome::reply(json!({
        "reminders": reminders,
        "shown": shown,
        "order": schedule::upcoming(&reminders),
        "due": schedule::due_count(&reminders),
        "unreadable": unreadable,
        "presets": presets,
        "zone": env.zone_name(),
        "snooze": Msg::plural("snooze_for", SNOOZE_MINUTES as usize),
    }))
}

/// Whom a reminder is for, as the lists say it: its label, or "you" when it names nobody.
fn who(r: &Reminder) -> Msg {
    match r.label.is_empty() {
        true => msg!("reminder_for_you"),
        false => msg!("plain", &r.label),
    }
}

/// What the popup offers on a reminder: open its chat (it has a number), done and snooze
/// (it is due), edit and cancel.
fn actions(r: &Reminder) -> Vec<&'static str> {
    let mut a = Vec::new();
    if r.e164.is_some() {
        a.push("open");
    }
    if r.due.is_some() {
        a.extend(["done", "snooze"]);
    }
    a.extend(["edit", "cancel"]);
    a
}

/// The reminder list and its alarms and badge after a change.
fn changed(out: &mut Outcome, list: &[Reminder]) {
    out.writes.local("reminders", list);
    out.effects.extend(alarms_and_badge(list));
}

/// Adds (no id) or replaces (same id) a reminder from the user's draft, in the user's zone.
pub fn save(stored: &Stored, env: &mut dyn Env, draft: Value) -> Handled {
    writable(stored)?;
    let mut draft: Draft = read(draft, "bad_reminder", Msg::new("what_reminder"))?;
    let mut list = stored_reminders(stored);
    let at = list.iter().position(|r| !draft.id.is_empty() && r.id == draft.id);
    if at.is_none() {
        if !draft.id.is_empty() {
            return Err(Failure::new("not_found", msg!("reminder_gone_not_saved")));
        }
        draft.id = env.new_id();
    }
    // Whom it is for: editing with the same number keeps its contact and name; otherwise the
    // chosen contact's name, or the number as written internationally.
    if let Some(prev) = at.map(|i| &list[i]).filter(|p| p.e164 == draft.e164 && (draft.contact_id.is_none() || draft.contact_id == p.contact_id)) {
        if draft.contact_id.is_none() {
            draft.contact_id = prev.contact_id.clone();
        }
        if draft.label.trim().is_empty() {
            draft.label = prev.label.clone();
        }
    }
    if draft.label.trim().is_empty() {
        let contacts = crate::contacts::from_stored(stored.local("contacts")).0;
        let named = draft.contact_id.as_ref().and_then(|id| contacts.iter().find(|c| &c.id == id)).map(|c| c.display_name.clone());
        let region = settings(stored, env).default_region;
        let number = draft.e164.as_ref().and_then(|e| crate::phone::parse(e, &region).ok()).map(|n| n.international);
        draft.label = named.or(number).unwrap_or_default();
    }
    // The preset counts only when it chose the time (an explicit time overrides it).
    let chose_time = draft.when.is_some() || draft.custom.as_deref().is_some_and(|c| !c.trim().is_empty());
    let preset = draft.preset.filter(|_| !chose_time).and_then(|p| serde_json::to_value(p).ok()).and_then(|v| v.as_str().map(str::to_string));
    let zone_name = env.zone_name().to_string();
    let zone = env.zone(&zone_name);
    let reminder = Reminder::from_draft(draft, at.map(|i| &list[i]), &zone_name, zone.as_ref(), env.now())
        .map_err(|e| Failure::new("invalid_reminder", e.msg).on(e.field))?;
    match at {
        Some(i) => list[i] = reminder.clone(),
        None => list.push(reminder.clone()),
    }
    let said = match reminder.kind {
        Kind::Message => msg!("scheduled_message", who(&reminder), crate::words::time(reminder.next.unwrap_or_default())),
        Kind::Reminder => msg!("reminder_set", who(&reminder), crate::words::time(reminder.next.unwrap_or_default())),
    };
    // The reply is the reminder, with what to say about it.
    let mut reply = serde_json::to_value(&reminder).unwrap_or_default();
    reply["msg"] = serde_json::to_value(said).unwrap_or_default();
    let mut out = Outcome::reply(reply);
    changed(&mut out, &list);
    if at.is_none() {
        let happened = match reminder.kind {
            Kind::Message => super::usage::Happened::Scheduled {
                platform: reminder.platform.unwrap_or(settings(stored, env).default_platform),
                e164: reminder.e164.as_deref(),
            },
            Kind::Reminder => super::usage::Happened::Reminder { preset: preset.as_deref() },
        };
        super::usage::note(stored, env, &mut out, happened);
    }
    Ok(out)
}

/// Marks the due occurrence done (a one-off is then removed).
fn mark_done(list: &mut Vec<Reminder>, at: usize, now: i64) {
    if !schedule::done(&mut list[at], now) {
        list.remove(at);
    }
}

/// "done", "cancel" or "snooze" (`minutes`, by default [`SNOOZE_MINUTES`]).
pub fn update(stored: &Stored, env: &dyn Env, id: &str, action: &str, minutes: Option<i64>) -> Handled {
    writable(stored)?;
    let mut list = stored_reminders(stored);
    let at = list.iter().position(|r| r.id == id).ok_or_else(|| Failure::new("not_found", msg!("reminder_gone")))?;
    let now = env.now();
    match action {
        "done" => mark_done(&mut list, at, now),
        "cancel" => {
            list.remove(at);
        }
        "snooze" => schedule::snooze(&mut list[at], now, minutes.unwrap_or(SNOOZE_MINUTES)).map_err(|e| Failure::new("invalid_reminder", e.msg).on(e.field))?,
        _ => return Err(Failure::new("bad_action", msg!("reminder_bad_action", action))),
    }
    let mut out = Outcome::reply(Value::Null);
    out.effects.push(Effect::ClearNotification { id: format!("reminder:{id}") });
    changed(&mut out, &list);
    Ok(out)
}

/// "Open chat": the deep link with the text (recorded in the history), and the occurrence
/// done. `list` is the reminders as they are now (they may have just fired).
fn open_in(stored: &Stored, env: &mut dyn Env, out: &mut Outcome, list: &mut Vec<Reminder>, id: &str) -> Result<Value, Failure> {
    let at = list.iter().position(|r| r.id == id).ok_or_else(|| Failure::new("not_found", msg!("reminder_gone")))?;
    let r = list[at].clone();
    let settings = settings(stored, env);
    let (e164, platform, text) = r.message(settings.default_platform).map_err(|e| Failure::new("no_number", e.msg).on(e.field))?;
    let plan = messaging::plan(stored, env, &e164, platform, &text)?;
    let reply = if plan.link.clipboard.is_some() {
        hand_to_popup(out, &plan.number.international, platform, &text);
        json!({ "popup": true, "msg": msg!("chat_opened_with", who(&r)) })
    } else {
        record(stored, env, out, &plan, r.contact_id.as_deref());
        json!({ "plan": &plan, "msg": msg!("chat_opened_with", who(&r)) })
    };
    mark_done(list, at, env.now());
    out.effects.push(Effect::ClearNotification { id: format!("reminder:{id}") });
    Ok(reply)
}

pub fn open(stored: &Stored, env: &mut dyn Env, id: &str) -> Handled {
    writable(stored)?;
    let mut list = stored_reminders(stored);
    let mut out = Outcome::reply(Value::Null);
    out.reply = Ok(open_in(stored, env, &mut out, &mut list, id)?);
    changed(&mut out, &list);
    Ok(out)
}

/// The notification of a reminder that fired.
fn notification(r: &Reminder, missed: bool) -> Effect {
    let title = match (r.kind, r.label.is_empty()) {
        (Kind::Message, _) => msg!("reminder_message_ready", who(r)),
        (Kind::Reminder, false) => msg!("reminder_title", who(r)),
        (Kind::Reminder, true) => msg!("reminder_title_alone"),
    };
    let body = match (r.text.is_empty(), r.kind) {
        (false, _) => msg!("plain", &r.text),
        (true, Kind::Message) => msg!("reminder_no_text"),
        (true, Kind::Reminder) => msg!("reminder_get_in_touch"),
    };
    let message = match missed {
        true => msg!("reminder_missed", body),
        false => body,
    };
    let first = match r.e164.is_some() {
        true => msg!("open_chat"),
        false => msg!("done"),
    };
    Effect::Notify { id: format!("reminder:{}", r.id), title, message, buttons: vec![first, Msg::plural("snooze_for", SNOOZE_MINUTES as usize)] }
}

/// Fires what is due, in one write (an occurrence fires once, whatever races): a
/// notification each, or the chat opened directly when the settings say so; then the alarms
/// and badge. `list`: the reminders to work on; the reply lists what fired.
fn fire(stored: &Stored, env: &mut dyn Env, out: &mut Outcome, mut list: Vec<Reminder>) -> Result<(), Failure> {
    let open_directly = settings(stored, env).open_scheduled_directly;
    let now = env.now();
    let fired = {
        let zones = |name: &str| env.zone(name);
        schedule::fire_due(&mut list, now, &zones)
    };
    let mut fired_out = Vec::new();
    for f in &fired {
        let Some(r) = list.iter().find(|r| r.id == f.id).cloned() else { continue };
        if r.opens_directly(open_directly) && open_in(stored, env, out, &mut list, &f.id).is_ok() {
            // Opened: recorded in the history and done.
        } else {
            out.effects.push(notification(&r, f.missed));
        }
        fired_out.push(f);
    }
    out.reply = Ok(serde_json::to_value(&fired_out).unwrap_or(Value::Null));
    if !fired.is_empty() {
        out.writes.local("reminders", &list);
    }
    out.effects.extend(alarms_and_badge(&list));
    Ok(())
}

/// An alarm rang: fire what is due.
pub fn process_due(stored: &Stored, env: &mut dyn Env) -> Handled {
    if let Err(f) = writable(stored) {
        return Ok(Outcome::fail(f));
    }
    let mut out = Outcome::reply(Value::Null);
    fire(stored, env, &mut out, stored_reminders(stored))?;
    Ok(out)
}

/// The worker started: bring stored data up to the current schema (data from a newer
/// Contakt is left untouched), fire what came due while it was stopped (once, marked missed
/// when late), rebuild the alarms and badge, and keep the popup's first view ready.
pub fn started(stored: &Stored, env: &mut dyn Env) -> Handled {
    let mut out = Outcome::reply(Value::Null);
    let migrated = match super::data::migrated(&stored.local) {
        Ok(m) => m,
        Err(f) => {
            out.reply = Err(f);
            out.writes.session("view", super::data::view_of(stored, env));
            return Ok(out);
        }
    };
    let current = Stored { local: migrated.clone().unwrap_or_else(|| stored.local.clone()), ..stored.clone() };
    if let Some(mut data) = migrated {
        // The worker's journal is its own (settled before this request): never written back.
        data.remove("journal");
        out.writes.local_set = data;
    }
    fire(&current, env, &mut out, stored_reminders(&current))?;
    out.writes.session("view", super::data::view_of(&current, env));
    out.effects.push(super::data::detection(&current, env));
    out.effects.push(super::campaigns::stored_alarms(&current));
    // Events waiting to be sent go again: the browser may have dropped the alarm (an update, a
    // restart in Firefox, a worker stopped while a batch was on its way).
    out.effects.extend(super::usage::resume(&current, env));
    Ok(out)
}

/// A reminder notification's button: Open chat (or Done, without a number), or Snooze.
/// The other notification with buttons offers a selection's other numbers.
pub fn notification_button(stored: &Stored, env: &mut dyn Env, id: &str, index: usize) -> Handled {
    if id == messaging::NOTE_MORE {
        return messaging::offered(stored, env, index);
    }
    let Some(rid) = id.strip_prefix("reminder:") else { return Ok(Outcome::reply(Value::Null)) };
    if let Err(f) = writable(stored) {
        return Ok(messaging::failure_notified(f));
    }
    let list = stored_reminders(stored);
    let Some(r) = list.iter().find(|r| r.id == rid) else {
        let mut out = Outcome::reply(Value::Null);
        out.effects.push(Effect::ClearNotification { id: id.into() });
        return Ok(out);
    };
    let done = match (index, r.e164.is_some()) {
        (1, _) => update(stored, env, rid, "snooze", None),
        (_, true) => open(stored, env, rid),
        (_, false) => update(stored, env, rid, "done", None),
    };
    // A button that could not be done says why; its notification goes either way.
    Ok(done.unwrap_or_else(|f| {
        let mut out = messaging::failure_notified(f);
        out.effects.insert(0, Effect::ClearNotification { id: id.into() });
        out
    }))
}
