//! The only anonymous usage events Contakt can send when the user turns on "Help improve
//! Contakt" (off by default), and the only fields they carry. One whitelist, enforced twice:
//! the extension's core builds every event through [`Event::new`], and the server that
//! receives them re-checks every batch with [`read_batch`] before it stores anything.
//!
//! Every value is a closed choice (an event name, a platform, an ISO region, a reminder preset,
//! an import format or duplicate action), a bucketed count, an hour, or the random cohort id:
//! no text a user typed (a name, a number, a note, a tag, a template, a message) has a field
//! that could hold it. `PRIVACY.md`'s field table is checked against [`FIELDS`] both ways.

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The events, and nothing else.
pub const EVENTS: [&str; 6] = ["message_sent", "message_scheduled", "reminder_created", "template_used", "contact_added", "contacts_imported"];

/// Contakt's platforms (the core's `Platform` ids; a core test keeps them equal).
pub const PLATFORMS: [&str; 10] = ["whatsapp", "whatsapp_business", "telegram", "signal", "viber", "wechat", "line", "kakaotalk", "zalo", "sms"];

/// The ISO 3166 regions of the phone metadata Contakt ships (libphonenumber 9.0.35).
pub const REGIONS: [&str; 245] = [
    "AC", "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL",
    "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW",
    "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE",
    "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GT", "GU", "GW", "GY", "HK", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ",
    "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT",
    "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
    "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PR", "PS", "PT", "PW", "PY",
    "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY",
    "SZ", "TA", "TC", "TD", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "US", "UY", "UZ", "VA", "VC", "VE", "VG",
    "VI", "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// What an import did with a contact that was already there.
pub const DUPLICATE_ACTIONS: [&str; 4] = ["merge", "skip", "replace", "keep_both"];

/// The reminder presets (the core's `Preset` ids); a reminder at a time the user chose has none.
pub const REMINDER_PRESETS: [&str; 6] = ["in15_minutes", "in1_hour", "in3_hours", "this_evening", "tomorrow9", "next_monday9"];

/// The file an import read.
pub const IMPORT_FORMATS: [&str; 2] = ["vcard", "csv"];

/// How many contacts an import added, rounded up to one of these (an exact count could tell
/// one address book from another).
pub const IMPORT_COUNTS: [u64; 6] = [1, 10, 100, 1_000, 10_000, 100_000];

/// Times are whole hours (milliseconds since the epoch): the minute of a send is not sent.
pub const HOUR_MS: i64 = 3_600_000;

/// At most this many events in one batch (Analytics Engine takes 250 data points per request).
pub const MAX_BATCH: usize = 100;

/// A batch body larger than this is refused before it is read.
pub const MAX_BODY_BYTES: usize = 32 * 1024;

/// What a field may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// One of these counts ([`bucket`] rounds a count up to one).
    Bucket(&'static [u64]),
    /// 16 lowercase hexadecimal characters: the cohort id, random, rotated by Reset.
    Cohort,
    /// A whole hour in milliseconds since the epoch.
    Hour,
}

/// A field: its name in the payload, what it holds, on which events it may appear and on
/// which it must.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub on: &'static [&'static str],
    pub required_on: &'static [&'static str],
}

const ALL: &[&str] = &EVENTS;
const WITH_PLATFORM: &[&str] = &["message_sent", "message_scheduled", "template_used"];
const WITH_COUNTRY: &[&str] = &["message_sent", "message_scheduled", "contact_added"];
const IMPORTED: &[&str] = &["contacts_imported"];

/// The fields, and nothing else.
pub const FIELDS: [Field; 9] = [
    Field { name: "event", kind: Kind::OneOf(&EVENTS), on: ALL, required_on: ALL },
    Field { name: "platform", kind: Kind::OneOf(&PLATFORMS), on: WITH_PLATFORM, required_on: WITH_PLATFORM },
    Field { name: "country", kind: Kind::OneOf(&REGIONS), on: WITH_COUNTRY, required_on: &[] },
    Field { name: "duplicateAction", kind: Kind::OneOf(&DUPLICATE_ACTIONS), on: &["contact_added"], required_on: &[] },
    Field { name: "reminderPreset", kind: Kind::OneOf(&REMINDER_PRESETS), on: &["reminder_created"], required_on: &[] },
    Field { name: "importFormat", kind: Kind::OneOf(&IMPORT_FORMATS), on: IMPORTED, required_on: IMPORTED },
    Field { name: "importCount", kind: Kind::Bucket(&IMPORT_COUNTS), on: IMPORTED, required_on: IMPORTED },
    Field { name: "id", kind: Kind::Cohort, on: ALL, required_on: ALL },
    Field { name: "ts", kind: Kind::Hour, on: ALL, required_on: ALL },
];

/// A field by name.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Why an event or a batch was refused: the HTTP status the server answers, a stable code and
/// the field concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub status: u16,
    pub code: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub field: String,
}

impl Refusal {
    fn new(status: u16, code: &'static str, field: &str) -> Refusal {
        Refusal { status, code, field: field.to_string() }
    }
}

/// One whitelisted event: only known fields, each with an allowed value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event(BTreeMap<&'static str, Value>);

/// A count rounded up to its bucket (0 stays out: nothing was added).
pub fn bucket(count: u64) -> Option<u64> {
    if count == 0 {
        return None;
    }
    Some(IMPORT_COUNTS.iter().copied().find(|b| count <= *b).unwrap_or(IMPORT_COUNTS[IMPORT_COUNTS.len() - 1]))
}

/// A cohort id is 16 lowercase hexadecimal characters.
pub fn is_cohort(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn allowed(kind: Kind, value: &Value) -> bool {
    match kind {
        Kind::OneOf(choices) => value.as_str().is_some_and(|s| choices.contains(&s)),
        Kind::Bucket(counts) => value.as_u64().is_some_and(|n| counts.contains(&n)),
        Kind::Cohort => value.as_str().is_some_and(is_cohort),
        Kind::Hour => value.as_i64().is_some_and(|t| t >= 0 && t % HOUR_MS == 0),
    }
}

impl Event {
    /// The event `name` with `fields` (by name), stamped with the cohort `id` and the hour of
    /// `now_ms`. Refused unless every field is one this event may carry, with an allowed value,
    /// and every field it must carry is there.
    pub fn new(name: &str, fields: &[(&str, Value)], id: &str, now_ms: i64) -> Result<Event, Refusal> {
        let mut all = Map::new();
        all.insert("event".into(), Value::from(name));
        for (k, v) in fields {
            all.insert((*k).to_string(), v.clone());
        }
        all.insert("id".into(), Value::from(id));
        all.insert("ts".into(), Value::from(now_ms.div_euclid(HOUR_MS) * HOUR_MS));
        match Event::read(&all, false)? {
            Some(event) => Ok(event),
            None => Err(Refusal::new(400, "unknown_event", "event")),
        }
    }

    /// Reads one event as received. `Ok(None)`: not an event Contakt sends (dropped, never
    /// stored). With `lenient`, fields outside the whitelist are dropped; without, refused.
    fn read(object: &Map<String, Value>, lenient: bool) -> Result<Option<Event>, Refusal> {
        let Some(name) = object.get("event").and_then(Value::as_str) else { return Err(Refusal::new(400, "bad_event", "event")) };
        let Some(name) = EVENTS.iter().copied().find(|e| *e == name) else { return Ok(None) };
        let mut out = BTreeMap::new();
        for (key, value) in object {
            match field(key).filter(|f| f.on.contains(&name)) {
                Some(f) if allowed(f.kind, value) => {
                    out.insert(f.name, value.clone());
                }
                Some(f) => return Err(Refusal::new(400, "bad_value", f.name)),
                None if lenient => {}
                None => return Err(Refusal::new(400, "unknown_field", key)),
            }
        }
        if let Some(missing) = FIELDS.iter().find(|f| f.required_on.contains(&name) && !out.contains_key(f.name)) {
            return Err(Refusal::new(400, "missing_field", missing.name));
        }
        Ok(Some(Event(out)))
    }

    /// The value of a field, if the event has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The field names this event carries.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }

    /// As one Analytics Engine data point: the cohort id as the index (sampling key); blobs
    /// event, platform, country, duplicateAction, reminderPreset, importFormat ("" when
    /// absent); doubles importCount (0 when absent) and ts.
    pub fn data_point(&self) -> DataPoint {
        let text = |k: &str| self.0.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        DataPoint {
            index: text("id"),
            blobs: ["event", "platform", "country", "duplicateAction", "reminderPreset", "importFormat"].iter().map(|k| text(k)).collect(),
            doubles: vec![self.0.get("importCount").and_then(Value::as_f64).unwrap_or(0.0), self.0.get("ts").and_then(Value::as_f64).unwrap_or(0.0)],
        }
    }
}

/// What the server writes for one event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataPoint {
    pub index: String,
    pub blobs: Vec<String>,
    pub doubles: Vec<f64>,
}

/// A batch as the server accepted it: the events to store, and how many it dropped (events
/// Contakt does not send) and how many fields it dropped (outside the whitelist).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Accepted {
    pub events: Vec<Event>,
    pub dropped_events: usize,
    pub dropped_fields: usize,
}

/// The batch the extension sends.
pub fn batch(events: &[Event]) -> Value {
    serde_json::json!({ "events": events })
}

/// Reads a batch body (`{"events": [...]}`) as the server receives it. Refused whole when it is
/// too large, not JSON, not of that shape, has too many events, or any whitelisted field has a
/// value of the wrong type or outside its choices (413 or 400, with the field). Unknown events
/// and fields outside the whitelist are dropped, never kept.
pub fn read_batch(body: &[u8]) -> Result<Accepted, Refusal> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Refusal::new(413, "too_large", ""));
    }
    let value: Value = serde_json::from_slice(body).map_err(|_| Refusal::new(400, "not_json", ""))?;
    let Some(list) = value.as_object().and_then(|o| o.get("events")).and_then(Value::as_array) else {
        return Err(Refusal::new(400, "no_events", "events"));
    };
    if list.len() > MAX_BATCH {
        return Err(Refusal::new(413, "too_many_events", "events"));
    }
    let mut accepted = Accepted { events: Vec::new(), dropped_events: 0, dropped_fields: 0 };
    for item in list {
        let Some(object) = item.as_object() else { return Err(Refusal::new(400, "bad_event", "events")) };
        match Event::read(object, true)? {
            Some(event) => {
                accepted.dropped_fields += object.len() - event.0.len();
                accepted.events.push(event);
            }
            None => accepted.dropped_events += 1,
        }
    }
    Ok(accepted)
}
