//! What the user did, counted on the device (the Usage charts) and, only while "Help improve
//! Contakt" is on, queued as anonymous events for the telemetry server. Every event is built
//! through the shared whitelist (`contakt_telemetry::Event::new`): closed choices, whole hours
//! and the cohort id, never a name, number, note, tag, template or message.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{writable, Effect, Env, Handled, Outcome, Stored};
use crate::counters::Counters;
use crate::links::Platform;

/// Local key: the telemetry switch, cohort id, queue and retry state.
pub const TELEMETRY: &str = "telemetry";
/// Local key: the usage counters.
pub const COUNTERS: &str = "counters";
/// The alarm that sends the queue.
pub const FLUSH_ALARM: &str = "telemetry";
/// Events wait this long to go in one batch.
pub const FLUSH_DELAY_MS: i64 = 60_000;
/// At most this many events wait; past it the oldest are dropped.
pub const QUEUE_MAX: usize = 500;
/// A failed send is retried after 1, 2, 4 … minutes, at most this long.
pub const RETRY_MAX_MS: i64 = 6 * 3_600_000;

/// The telemetry state kept on this device.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Telemetry {
    pub on: bool,
    /// 16 hexadecimal characters, minted at the first opt-in, rotated by Reset.
    pub cohort: String,
    /// Events waiting to be sent (whitelisted, as sent).
    pub queue: Vec<Value>,
    /// The number of the queue's first event: every event gets the next number, never reused,
    /// so the server's answer about a batch removes exactly that batch, even if the queue was
    /// trimmed, discarded or refilled while it was on its way.
    pub first: u64,
    /// Sends failed in a row (the retry waits longer each time).
    pub failures: u32,
}

impl Telemetry {
    fn read(stored: &Stored, out: &Outcome) -> Telemetry {
        let v = out.writes.local_set.get(TELEMETRY).unwrap_or_else(|| stored.local(TELEMETRY));
        serde_json::from_value(v.clone()).unwrap_or_default()
    }
}

/// What happened, as counted.
pub enum Happened<'a> {
    Sent { platform: Platform, e164: &'a str },
    Scheduled { platform: Platform, e164: Option<&'a str> },
    Reminder { preset: Option<&'a str> },
    Template { platform: Platform },
    ContactAdded { e164: Option<&'a str>, duplicate: Option<&'a str> },
    Imported { format: &'a str, added: u64 },
}

/// The region of an E.164 number (its `+` makes the default region irrelevant).
fn region(e164: Option<&str>) -> Option<String> {
    e164.filter(|e| e.starts_with('+')).and_then(|e| crate::phone::parse(e, "US").ok()).and_then(|n| n.region)
}

/// Counts what happened into `out` and, while telemetry is on, queues its event (and the send
/// of the queue in a minute, unless one is already due).
pub fn note(stored: &Stored, env: &dyn Env, out: &mut Outcome, what: Happened) {
    let counters = Counters::from_stored(out.writes.local_set.get(COUNTERS).unwrap_or_else(|| stored.local(COUNTERS)));
    let counters = match &what {
        Happened::Sent { platform, .. } => counters.record(*platform),
        Happened::Scheduled { .. } => counters.scheduled(),
        Happened::Reminder { preset } => counters.reminder(*preset),
        Happened::Template { .. } => counters.template_used(),
        Happened::ContactAdded { duplicate: None, .. } => counters.contacts_added(1),
        Happened::ContactAdded { .. } => counters,
        Happened::Imported { added, .. } => counters.imported().contacts_added(*added),
    };
    out.writes.local(COUNTERS, &counters);

    let mut t = Telemetry::read(stored, out);
    if !t.on || !contakt_telemetry::is_cohort(&t.cohort) {
        return;
    }
    let (name, fields): (&str, Vec<(&str, Value)>) = match what {
        Happened::Sent { platform, e164 } => ("message_sent", with_country(vec![("platform", json!(platform.id()))], Some(e164))),
        Happened::Scheduled { platform, e164 } => ("message_scheduled", with_country(vec![("platform", json!(platform.id()))], e164)),
        Happened::Reminder { preset } => ("reminder_created", preset.map(|p| vec![("reminderPreset", json!(p))]).unwrap_or_default()),
        Happened::Template { platform } => ("template_used", vec![("platform", json!(platform.id()))]),
        Happened::ContactAdded { e164, duplicate } => {
            ("contact_added", with_country(duplicate.map(|d| vec![("duplicateAction", json!(d))]).unwrap_or_default(), e164))
        }
        Happened::Imported { format, added } => match contakt_telemetry::bucket(added) {
            Some(count) => ("contacts_imported", vec![("importFormat", json!(format)), ("importCount", json!(count))]),
            None => return,
        },
    };
    // Built through the whitelist: anything it refuses is not queued.
    let Ok(event) = contakt_telemetry::Event::new(name, &fields, &t.cohort, env.now()) else { return };
    let was_empty = t.queue.is_empty();
    t.queue.push(serde_json::to_value(event).unwrap_or_default());
    if t.queue.len() > QUEUE_MAX {
        let extra = t.queue.len() - QUEUE_MAX;
        t.queue.drain(..extra);
        t.first += extra as u64;
    }
    if was_empty && t.failures == 0 {
        out.effects.push(flush_at(env.now() + FLUSH_DELAY_MS));
    }
    out.writes.local(TELEMETRY, &t);
}

fn with_country<'a>(mut fields: Vec<(&'a str, Value)>, e164: Option<&str>) -> Vec<(&'a str, Value)> {
    if let Some(r) = region(e164).filter(|r| contakt_telemetry::REGIONS.contains(&r.as_str())) {
        fields.push(("country", json!(r)));
    }
    fields
}

fn flush_at(when: i64) -> Effect {
    Effect::Alarms { prefix: FLUSH_ALARM, alarms: vec![(FLUSH_ALARM.to_string(), when)] }
}

fn no_flush() -> Effect {
    Effect::Alarms { prefix: FLUSH_ALARM, alarms: Vec::new() }
}

/// A new cohort id from the browser's cryptographic random source.
fn new_cohort(env: &mut dyn Env) -> Option<String> {
    let mut bytes = [0u8; 8];
    env.random(&mut bytes).then(|| bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the Usage page shows: the counters, the reminder presets' names, the telemetry switch.
pub fn view(stored: &Stored) -> Value {
    let t: Telemetry = serde_json::from_value(stored.local(TELEMETRY).clone()).unwrap_or_default();
    let presets: Vec<Value> = crate::schedule::Preset::ALL.iter().map(|p| json!({ "id": p, "label": p.label() })).collect();
    json!({
        "counters": Counters::from_stored(stored.local(COUNTERS)),
        "presets": presets,
        "telemetry": { "on": t.on, "queued": t.queue.len() },
    })
}

/// "Help improve Contakt" on (a cohort id minted the first time) or off (the queue discarded
/// at once, the send cancelled, the access to the server given back).
pub fn set_telemetry(stored: &Stored, env: &mut dyn Env, on: bool) -> Handled {
    writable(stored)?;
    let mut t: Telemetry = serde_json::from_value(stored.local(TELEMETRY).clone()).unwrap_or_default();
    let mut out = Outcome::reply(Value::Null);
    if on {
        if !contakt_telemetry::is_cohort(&t.cohort) {
            t.cohort = new_cohort(env).ok_or_else(|| super::Failure::new("no_random", crate::msg!("no_random")))?;
        }
        t.on = true;
    } else {
        t = Telemetry { on: false, cohort: t.cohort, first: t.first + t.queue.len() as u64, queue: Vec::new(), failures: 0 };
        out.effects.push(no_flush());
        out.effects.push(Effect::TelemetryAccess { release: true });
    }
    out.writes.local(TELEMETRY, &t);
    let mut shown = stored.clone();
    shown.local.insert(TELEMETRY.into(), serde_json::to_value(&t).unwrap_or_default());
    out.reply = Ok(view(&shown));
    Ok(out)
}

/// "Reset": the counters cleared, the cohort id rotated (and what was queued under the old
/// one discarded).
pub fn reset(stored: &Stored, env: &mut dyn Env) -> Handled {
    writable(stored)?;
    let mut t: Telemetry = serde_json::from_value(stored.local(TELEMETRY).clone()).unwrap_or_default();
    let mut out = Outcome::reply(Value::Null);
    if !t.cohort.is_empty() {
        t.cohort = new_cohort(env).ok_or_else(|| super::Failure::new("no_random", crate::msg!("no_random")))?;
    }
    t.first += t.queue.len() as u64;
    t.queue.clear();
    t.failures = 0;
    out.writes.local(TELEMETRY, &t);
    out.writes.local(COUNTERS, Counters::default());
    out.effects.push(no_flush());
    let mut shown = stored.clone();
    shown.local.insert(TELEMETRY.into(), serde_json::to_value(&t).unwrap_or_default());
    shown.local.insert(COUNTERS.into(), json!({}));
    out.reply = Ok(view(&shown));
    Ok(out)
}

/// At the worker's start: the send alarm again when events wait (in a minute).
pub fn resume(stored: &Stored, env: &dyn Env) -> Option<Effect> {
    let t: Telemetry = serde_json::from_value(stored.local(TELEMETRY).clone()).unwrap_or_default();
    (t.on && !t.queue.is_empty()).then(|| flush_at(env.now() + FLUSH_DELAY_MS))
}

/// The send alarm: the oldest batch of the queue goes to the server (the worker posts it and
/// answers with [`sent`]).
pub fn flush(stored: &Stored) -> Outcome {
    let t: Telemetry = serde_json::from_value(stored.local(TELEMETRY).clone()).unwrap_or_default();
    let mut out = Outcome::reply(Value::Null);
    if t.on && !t.queue.is_empty() {
        let events: Vec<Value> = t.queue.iter().take(contakt_telemetry::MAX_BATCH).cloned().collect();
        let through = t.first + events.len() as u64;
        out.effects.push(Effect::SendTelemetry { count: events.len(), through, batch: json!({ "events": events }) });
    }
    out
}

/// The server answered the batch of the events numbered below `through` with `status` (0: no
/// answer). Accepted (2xx) or refused for good (4xx but 408 and 429): those of them still
/// queued leave it, and the rest goes next. Otherwise they stay and the send is retried later,
/// waiting twice as long each time.
pub fn sent(stored: &Stored, env: &dyn Env, through: u64, status: u16) -> Outcome {
    let mut t: Telemetry = serde_json::from_value(stored.local(TELEMETRY).clone()).unwrap_or_default();
    let mut out = Outcome::reply(Value::Null);
    if !t.on || writable(stored).is_err() {
        return out; // opted out meanwhile (the queue is gone already), or data of a newer Contakt
    }
    let done = (200..300).contains(&status) || ((400..500).contains(&status) && status != 408 && status != 429);
    if done {
        let n = (through.saturating_sub(t.first) as usize).min(t.queue.len());
        t.queue.drain(..n);
        t.first += n as u64;
        t.failures = 0;
        if !t.queue.is_empty() {
            out.effects.push(flush_at(env.now() + 1_000));
        }
    } else {
        t.failures = t.failures.saturating_add(1);
        let wait = (60_000i64 << t.failures.min(20).saturating_sub(1)).min(RETRY_MAX_MS);
        out.effects.push(flush_at(env.now() + wait));
    }
    out.writes.local(TELEMETRY, &t);
    out
}
