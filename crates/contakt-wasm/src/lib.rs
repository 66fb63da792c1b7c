//! The wasm-bindgen facade over `contakt-core`: converts values between JavaScript and Rust
//! and maps errors to `{ ok: false, code, message }`. It holds no rule of its own; the only
//! things it adds are what the core refuses to touch: random ids (uuid v4).
//!
//! Every function returns a plain object: `{ ok: true, value }` or
//! `{ ok: false, code, message, field? }`, where `code` is stable and `message` is for people.

use contakt_core::contacts::{self, Contact, ContactForm, Sort};
use contakt_core::tags::{self, TagChange};
use contakt_core::schema;
use contakt_core::{backup, crypto, import};
use wasm_bindgen::JsCast;
use contakt_core::schedule::{self, Draft, Reminder};
use contakt_core::history::{self, HistoryEntry};
use contakt_core::links::Platform;
use contakt_core::settings::Settings;
use contakt_core::templates::{self, Template};
use contakt_core::{phone, send};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
#[serde(untagged)]
enum Reply<T: Serialize> {
    Ok { ok: bool, value: T },
    Err { ok: bool, code: String, message: String, #[serde(skip_serializing_if = "Option::is_none")] field: Option<String> },
}

fn ok<T: Serialize>(value: T) -> JsValue {
    to_js(&Reply::Ok { ok: true, value })
}

fn err(code: &str, message: String, field: Option<&str>) -> JsValue {
    to_js(&Reply::<()>::Err { ok: false, code: code.into(), message, field: field.map(Into::into) })
}

fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|e| JsValue::from_str(&format!("serialisation failed: {e}")))
}

fn from_js(value: JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(value).unwrap_or(serde_json::Value::Null)
}

/// Parses a number typed or pasted by the user: `{ ok, value: PhoneNumber }` or the reason.
#[wasm_bindgen(js_name = parseNumber)]
pub fn parse_number(input: &str, region: &str) -> JsValue {
    match phone::parse(input, region) {
        Ok(n) => ok(n),
        Err(e) => err(e.code(), e.message(), None),
    }
}

/// E.164 of a valid number, or `undefined`: the cheapest question (the matcher and the
/// benchmark use it).
#[wasm_bindgen]
pub fn e164(input: &str, region: &str) -> Option<String> {
    phone::e164(input, region)
}

#[derive(Serialize)]
struct FoundJs {
    /// UTF-16 offsets: indices into the JavaScript string.
    start: usize,
    end: usize,
    e164: String,
    text: String,
}

/// Phone numbers in a text given as UTF-8 bytes (`new TextEncoder().encode(text)`: the
/// browser's encoder is several times faster than wasm-bindgen's copy of a long string),
/// with strict grouping: `[{ start, end, e164, text }]`, `start`/`end` being indices into
/// the JavaScript string.
#[wasm_bindgen(js_name = findNumbers)]
pub fn find_numbers(utf8: &[u8], region: &str) -> JsValue {
    json_to_js(&found(&String::from_utf8_lossy(utf8), region))
}

fn found(text: &str, region: &str) -> Vec<FoundJs> {
    phone::find_numbers(text, region, phone::Leniency::StrictGrouping)
        .into_iter()
        .map(|f| FoundJs { start: f.start_utf16, end: f.end_utf16, e164: f.e164, text: f.text })
        .collect()
}

/// Many small objects built by one JSON.parse in one crossing of the boundary: several times
/// faster than setting each field from wasm on pages with many numbers.
fn json_to_js<T: Serialize>(value: &T) -> JsValue {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "[]".into());
    js_sys::JSON::parse(&json).unwrap_or_else(|_| js_sys::Array::new().into())
}

/// The numbers in a selection or `tel:` link, first one first: `{ ok, value: [PhoneNumber] }`
/// or why there is none.
#[wasm_bindgen(js_name = numbersInSelection)]
pub fn numbers_in_selection(text: &str, region: &str) -> JsValue {
    match phone::numbers_in_selection(text, region) {
        Ok(list) => ok(list),
        Err(e) => err(e.code(), e.message(), None),
    }
}

/// Numbers in several texts at once (the text nodes a content script collected), strict
/// grouping: one list of `{ start, end, e164, text }` per text, offsets in JavaScript indices.
#[wasm_bindgen(js_name = findNumbersInTexts)]
pub fn find_numbers_in_texts(texts: JsValue, region: &str) -> JsValue {
    let texts: Vec<String> = serde_wasm_bindgen::from_value(texts).unwrap_or_default();
    json_to_js(&texts.iter().map(|t| found(t, region)).collect::<Vec<_>>())
}

/// Whether numbers may be looked for on a page of `host` with these settings.
#[wasm_bindgen(js_name = detectionAllowed)]
pub fn detection_allowed(settings: JsValue, host: &str) -> bool {
    Settings::from_stored(&from_js(settings), "en-US").detection_allowed(host)
}

/// The settings with `host`'s site excluded from (or allowed again for) number detection.
#[wasm_bindgen(js_name = withSiteExcluded)]
pub fn with_site_excluded(settings: JsValue, host: &str, exclude: bool) -> JsValue {
    to_js(&Settings::from_stored(&from_js(settings), "en-US").with_site_excluded(host, exclude))
}

/// A contact the user entered, normalised (numbers parsed with `region`, unparseable ones
/// kept), with a new uuid when it has none and `now` as its update time:
/// `{ ok, value: Contact }` or the field and reason.
#[wasm_bindgen(js_name = normaliseContact)]
pub fn normalise_contact(input: JsValue, region: &str, now: f64) -> JsValue {
    match serde_wasm_bindgen::from_value(input) {
        Ok(c) => finish_contact(c, region, now),
        Err(e) => err("bad_contact", format!("This contact cannot be read: {e}"), None),
    }
}

/// The contact the edit form's text describes, on top of `previous` (the stored contact
/// being edited, or null), normalised like [`normalise_contact`].
#[wasm_bindgen(js_name = contactFromForm)]
pub fn contact_from_form(form: JsValue, previous: JsValue, region: &str, now: f64) -> JsValue {
    let form: ContactForm = match serde_wasm_bindgen::from_value(form) {
        Ok(f) => f,
        Err(e) => return err("bad_contact", format!("This form cannot be read: {e}"), None),
    };
    let previous: Option<Contact> = serde_wasm_bindgen::from_value(previous).ok().flatten();
    finish_contact(Contact::from_form(&form, previous.as_ref()), region, now)
}

/// The edit form's text for a contact.
#[wasm_bindgen(js_name = contactForm)]
pub fn contact_form(contact: JsValue) -> JsValue {
    let contact: Contact = serde_wasm_bindgen::from_value(contact).unwrap_or_default();
    to_js(&contact.to_form())
}

fn finish_contact(mut contact: Contact, region: &str, now: f64) -> JsValue {
    if contact.id.is_empty() {
        contact.id = uuid::Uuid::new_v4().to_string();
        contact.created = now as i64;
    }
    contact.updated = now as i64;
    match contact.normalised(region) {
        Ok(c) => ok(c),
        Err(e) => err("invalid_contact", e.message, Some(e.field)),
    }
}

/// Stored contacts read back (entries that do not fit the shape are counted):
/// `{ contacts, unreadable }`.
#[wasm_bindgen(js_name = contactsFromStored)]
pub fn contacts_from_stored(stored: JsValue) -> JsValue {
    let (list, unreadable) = contacts::from_stored(&from_js(stored));
    #[derive(Serialize)]
    struct C {
        contacts: Vec<Contact>,
        unreadable: usize,
    }
    to_js(&C { contacts: list, unreadable })
}

/// The contacts prepared for search once (an opaque handle kept by the page), so each
/// keystroke only scans: `new AddressBook(contacts).search(query, tag)` gives the indices of
/// the matching contacts, best first.
#[wasm_bindgen]
pub struct AddressBook {
    index: contacts::SearchIndex,
}

#[wasm_bindgen]
impl AddressBook {
    #[wasm_bindgen(constructor)]
    pub fn new(stored: JsValue) -> AddressBook {
        let list: Vec<Contact> = serde_wasm_bindgen::from_value(stored).unwrap_or_default();
        AddressBook { index: contacts::SearchIndex::new(&list) }
    }

    /// `sort`: "relevance" (default), "name" or "recent".
    pub fn search(&self, query: &str, tag: Option<String>, sort: Option<String>) -> Vec<u32> {
        let sort = Sort::from_name(sort.as_deref().unwrap_or(""));
        self.index.search(query, tag.as_deref(), sort).into_iter().map(|i| i as u32).collect()
    }
}

/// Groups of contacts sharing a normalised number: `[[index, …], …]`.
#[wasm_bindgen(js_name = duplicateGroups)]
pub fn duplicate_groups(stored: JsValue) -> JsValue {
    to_js(&contacts::duplicates(&stored_contacts(stored)))
}

/// Merges the contacts with `ids` into the first: `{ ok, value: { contacts, merged } }`.
#[wasm_bindgen(js_name = mergeContacts)]
pub fn merge_contacts(stored: JsValue, ids: Vec<String>, now: f64) -> JsValue {
    let mut list = stored_contacts(stored);
    #[derive(Serialize)]
    struct M {
        contacts: Vec<Contact>,
        merged: Contact,
    }
    match contacts::merge_ids(&mut list, &ids, now as i64) {
        Ok(merged) => ok(M { contacts: list, merged }),
        Err(message) => err("not_found", message, None),
    }
}

/// The contacts with `id` marked as used at `now`, or `undefined` when there is no such contact.
#[wasm_bindgen(js_name = touchContact)]
pub fn touch_contact(stored: JsValue, id: &str, now: f64) -> JsValue {
    let mut list = stored_contacts(stored);
    match contacts::touch(&mut list, id, now as i64) {
        true => to_js(&list),
        false => JsValue::UNDEFINED,
    }
}

/// The tag colours, in order.
#[wasm_bindgen(js_name = tagColours)]
pub fn tag_colours() -> JsValue {
    to_js(&tags::COLOURS)
}

/// Every tag (registry and contacts) with its colour and count, by name.
#[wasm_bindgen(js_name = tagList)]
pub fn tag_list(registry: JsValue, stored_contacts: JsValue) -> JsValue {
    let list = self::stored_contacts(stored_contacts);
    to_js(&tags::list(&tags::registry_from_stored(&from_js(registry)), &list))
}

/// Applies a tag change (`{ op: "create"|"rename"|"delete"|"colour", name, to?, colour? }`):
/// `{ ok, value: { registry, contacts, changed } }` or the reason (nothing changed).
#[wasm_bindgen(js_name = applyTagChange)]
pub fn apply_tag_change(registry: JsValue, stored_contacts: JsValue, change: JsValue, now: f64) -> JsValue {
    let change: TagChange = match serde_wasm_bindgen::from_value(change) {
        Ok(c) => c,
        Err(e) => return err("bad_change", format!("This tag change cannot be read: {e}"), None),
    };
    let mut list = self::stored_contacts(stored_contacts);
    #[derive(Serialize)]
    struct A {
        registry: Vec<tags::Tag>,
        contacts: Vec<Contact>,
        changed: usize,
    }
    match tags::apply(&tags::registry_from_stored(&from_js(registry)), &mut list, &change, now as i64) {
        Ok(done) => ok(A { registry: done.registry, contacts: list, changed: done.contacts_changed }),
        Err(e) => err("invalid_tag", e.message, Some(e.field)),
    }
}

/// Brings stored data (an object of `chrome.storage.local` keys) up to the current schema:
/// `{ ok, value: { changed, data } }` (write `data` back when `changed`) or why not.
#[wasm_bindgen(js_name = migrateStored)]
pub fn migrate_stored(data: JsValue) -> JsValue {
    let mut map = match from_js(data) {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    #[derive(Serialize)]
    struct Mig {
        changed: bool,
        data: serde_json::Map<String, serde_json::Value>,
    }
    match schema::migrate(&mut map) {
        Ok(changed) => ok(Mig { changed, data: map }),
        Err(e) => err("schema", e.message(), None),
    }
}

/// A template the user wrote, checked (a new uuid when it has none, `now` as its time):
/// `{ ok, value: { template, key } }` or the field and reason.
#[wasm_bindgen(js_name = validateTemplate)]
pub fn validate_template(input: JsValue, now: f64) -> JsValue {
    let mut t: Template = match serde_wasm_bindgen::from_value(input) {
        Ok(t) => t,
        Err(e) => return err("bad_template", format!("This template cannot be read: {e}"), None),
    };
    if t.id.is_empty() {
        t.id = uuid::Uuid::new_v4().to_string();
    }
    t.updated = now as i64;
    match t.validated() {
        Ok(t) => {
            #[derive(Serialize)]
            struct V {
                key: String,
                template: Template,
            }
            ok(V { key: t.key(), template: t })
        }
        Err(e) => err("invalid_template", e.message, Some(e.field)),
    }
}

/// Fills a template for a contact (or none): `{ text, unknown, empty }`.
#[wasm_bindgen(js_name = renderTemplate)]
pub fn render_template(body: &str, contact: JsValue, my_number: &str, date: &str) -> JsValue {
    let contact: Option<Contact> = serde_wasm_bindgen::from_value(contact).ok();
    to_js(&templates::render(body, contact.as_ref(), my_number, date))
}

/// The number typed so far, formatted for the input field ("+4420794" → "+44 20 794").
#[wasm_bindgen(js_name = formatAsYouType)]
pub fn format_as_you_type(input: &str, region: &str) -> String {
    phone::format_as_you_type(input, region)
}

/// Plans a send: the parsed number, the link to open, what to copy and what to tell the user.
#[wasm_bindgen(js_name = planSend)]
pub fn plan_send(input: &str, platform: &str, text: &str, settings: JsValue) -> JsValue {
    let Some(platform) = Platform::from_id(platform) else {
        return err("unknown_platform", format!("'{platform}' is not a platform Contakt knows."), Some("platform"));
    };
    let settings = Settings::from_stored(&from_js(settings), "en-US");
    match send::plan(input, platform, text, &settings) {
        Ok(plan) => ok(plan),
        Err(e) => err(e.code(), e.message(), Some(if e.code() == "text_too_long" { "text" } else { "number" })),
    }
}

#[derive(Serialize)]
struct PlatformInfo {
    id: &'static str,
    name: &'static str,
    notice: &'static str,
    opens_chat: bool,
    prefills_text: bool,
}

/// Every platform with what Send will do on it.
#[wasm_bindgen]
pub fn platforms() -> JsValue {
    let all: Vec<PlatformInfo> = Platform::ALL
        .into_iter()
        .map(|p| PlatformInfo {
            id: p.id(),
            name: p.name(),
            notice: p.notice(),
            opens_chat: p.capability().opens_chat,
            prefills_text: p.capability().prefills_text,
        })
        .collect();
    to_js(&all)
}

/// `[[region, callingCode], …]` sorted by region.
#[wasm_bindgen]
pub fn regions() -> JsValue {
    to_js(&phone::regions())
}

/// Settings as stored (anything, even nothing) read into usable settings for `locale`.
#[wasm_bindgen(js_name = settingsFromStored)]
pub fn settings_from_stored(stored: JsValue, locale: &str) -> JsValue {
    to_js(&Settings::from_stored(&from_js(stored), locale))
}

/// Checks settings the user entered: `{ ok, value: Settings }` or the field and reason.
#[wasm_bindgen(js_name = validateSettings)]
pub fn validate_settings(input: JsValue) -> JsValue {
    let settings: Settings = match serde_wasm_bindgen::from_value(input) {
        Ok(s) => s,
        Err(e) => return err("bad_settings", format!("These settings cannot be read: {e}"), None),
    };
    match settings.validated() {
        Ok(s) => ok(s),
        Err(e) => err("invalid_setting", e.message, Some(e.field)),
    }
}

/// Stored history read back: `{ entries, unreadable }`.
#[wasm_bindgen(js_name = historyFromStored)]
pub fn history_from_stored(stored: JsValue) -> JsValue {
    let (entries, unreadable) = history::from_stored(&from_js(stored));
    #[derive(Serialize)]
    struct H {
        entries: Vec<HistoryEntry>,
        unreadable: usize,
    }
    to_js(&H { entries, unreadable })
}

/// The history with a new entry in front (a fresh uuid, time `at` in ms since the epoch).
#[wasm_bindgen(js_name = historyPush)]
pub fn history_push(stored: JsValue, e164: &str, platform: &str, text: &str, at: f64) -> JsValue {
    let Some(platform) = Platform::from_id(platform) else {
        return err("unknown_platform", format!("'{platform}' is not a platform Contakt knows."), None);
    };
    let (mut entries, _) = history::from_stored(&from_js(stored));
    let entry = HistoryEntry {
        id: uuid::Uuid::new_v4().to_string(),
        e164: e164.to_string(),
        platform,
        text: text.to_string(),
        at: at as i64,
    };
    history::push(&mut entries, entry);
    ok(entries)
}

// ---- Reminders and scheduled messages. The zone's offsets come from the browser's Intl
// (the one thing about time the core does not know); the rules are the core's.

/// An IANA time zone through `Intl.DateTimeFormat`; an unknown name acts as UTC.
struct IntlZone {
    format: Option<js_sys::Intl::DateTimeFormat>,
}

impl IntlZone {
    fn new(name: &str) -> IntlZone {
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| js_sys::Reflect::set(&options, &k.into(), &v.into());
        let _ = set("timeZone", name);
        let _ = set("hourCycle", "h23");
        for k in ["year", "month", "day", "hour", "minute", "second"] {
            let _ = set(k, "numeric");
        }
        let args = js_sys::Array::of2(&js_sys::Array::of1(&"en-US".into()), &options);
        // Constructed through Reflect so that an unknown zone (RangeError) is caught.
        let constructor = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|intl| js_sys::Reflect::get(&intl, &"DateTimeFormat".into()))
            .ok()
            .map(wasm_bindgen::JsCast::unchecked_into::<js_sys::Function>);
        let format = constructor
            .and_then(|c| js_sys::Reflect::construct(&c, &args).ok())
            .map(wasm_bindgen::JsCast::unchecked_into);
        IntlZone { format }
    }
}

impl schedule::Zone for IntlZone {
    fn offset_ms(&self, utc: i64) -> i64 {
        let Some(format) = &self.format else { return 0 };
        let seconds = utc.div_euclid(1000) * 1000;
        let parts = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(seconds as f64)));
        let mut v = [0i64; 6];
        for part in parts.iter() {
            let kind = js_sys::Reflect::get(&part, &"type".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
            let value: i64 = js_sys::Reflect::get(&part, &"value".into()).ok().and_then(|t| t.as_string()).and_then(|t| t.parse().ok()).unwrap_or(0);
            let at = ["year", "month", "day", "hour", "minute", "second"].iter().position(|k| *k == kind);
            if let Some(i) = at {
                v[i] = value;
            }
        }
        let wall = js_sys::Date::utc(v[0] as f64, (v[1] - 1) as f64) as i64 + (v[2] - 1) * schedule::DAY + (v[3] % 24) * schedule::HOUR + v[4] * schedule::MINUTE + v[5] * 1000;
        wall - seconds
    }
}

fn zones(name: &str) -> Box<dyn schedule::Zone> {
    Box::new(IntlZone::new(name))
}

fn reminders_of(stored: JsValue) -> Vec<Reminder> {
    schedule::from_stored(&from_js(stored)).0
}

#[derive(Serialize)]
struct RemindersView {
    reminders: Vec<Reminder>,
    /// Indices in upcoming order (due first).
    order: Vec<usize>,
    due: usize,
    unreadable: usize,
}

/// Stored reminders read back, with their upcoming order and how many are due.
#[wasm_bindgen(js_name = remindersFromStored)]
pub fn reminders_from_stored(stored: JsValue) -> JsValue {
    let (reminders, unreadable) = schedule::from_stored(&from_js(stored));
    to_js(&RemindersView { order: schedule::upcoming(&reminders), due: schedule::due_count(&reminders), reminders, unreadable })
}

/// The presets: `[{ id, label }]`.
#[wasm_bindgen(js_name = reminderPresets)]
pub fn reminder_presets() -> JsValue {
    #[derive(Serialize)]
    struct P {
        id: schedule::Preset,
        label: &'static str,
    }
    to_js(&schedule::Preset::ALL.iter().map(|&p| P { id: p, label: p.label() }).collect::<Vec<_>>())
}

/// Adds or replaces (same id) a reminder from the user's draft, in time zone `zone` (IANA):
/// `{ ok, value: { reminders, reminder } }` or the field and reason.
#[wasm_bindgen(js_name = saveReminder)]
pub fn save_reminder(stored: JsValue, draft: JsValue, zone: &str, now: f64) -> JsValue {
    let mut draft: Draft = match serde_wasm_bindgen::from_value(draft) {
        Ok(d) => d,
        Err(e) => return err("bad_reminder", format!("This reminder cannot be read: {e}"), None),
    };
    let mut list = reminders_of(stored);
    let at = list.iter().position(|r| !draft.id.is_empty() && r.id == draft.id);
    if at.is_none() {
        if !draft.id.is_empty() {
            return err("not_found", "This reminder no longer exists; nothing was saved.".into(), None);
        }
        draft.id = uuid::Uuid::new_v4().to_string();
    }
    let reminder = match Reminder::from_draft(draft, at.map(|i| &list[i]), zone, &IntlZone::new(zone), now as i64) {
        Ok(r) => r,
        Err(e) => return err("invalid_reminder", e.message, Some(e.field)),
    };
    match at {
        Some(i) => list[i] = reminder.clone(),
        None => list.push(reminder.clone()),
    }
    #[derive(Serialize)]
    struct S {
        reminders: Vec<Reminder>,
        reminder: Reminder,
    }
    ok(S { reminders: list, reminder })
}

/// Fires what is due at `now`: `{ reminders, fired: [{ id, at, missed, reminder, open }] }`,
/// `open` telling whether its chat opens directly (`open_directly`: the user's setting) or a
/// notification is shown.
#[wasm_bindgen(js_name = fireDue)]
pub fn fire_due(stored: JsValue, now: f64, open_directly: bool) -> JsValue {
    let mut list = reminders_of(stored);
    #[derive(Serialize)]
    struct Shown {
        #[serde(flatten)]
        fired: schedule::Fired,
        reminder: Reminder,
        open: bool,
    }
    let fired: Vec<Shown> = schedule::fire_due(&mut list, now as i64, &zones)
        .into_iter()
        .filter_map(|f| {
            let reminder = list.iter().find(|r| r.id == f.id)?.clone();
            Some(Shown { open: reminder.opens_directly(open_directly), fired: f, reminder })
        })
        .collect();
    #[derive(Serialize)]
    struct F {
        reminders: Vec<Reminder>,
        fired: Vec<Shown>,
    }
    to_js(&F { reminders: list, fired })
}

/// What "Open chat" sends for a reminder: `{ ok, value: { e164, platform, text } }`.
#[wasm_bindgen(js_name = reminderMessage)]
pub fn reminder_message(reminder: JsValue, default_platform: &str) -> JsValue {
    let Ok(reminder) = serde_wasm_bindgen::from_value::<Reminder>(reminder) else {
        return err("bad_reminder", "This reminder cannot be read.".into(), None);
    };
    #[derive(Serialize)]
    struct M {
        e164: String,
        platform: Platform,
        text: String,
    }
    match reminder.message(Platform::from_id(default_platform).unwrap_or(Platform::Whatsapp)) {
        Ok((e164, platform, text)) => ok(M { e164, platform, text }),
        Err(e) => err("no_number", e.message, Some(e.field)),
    }
}

/// `action`: "done", "cancel", or "snooze" (with `minutes`): `{ ok, value: reminders }`.
#[wasm_bindgen(js_name = updateReminder)]
pub fn update_reminder(stored: JsValue, id: &str, action: &str, minutes: f64, now: f64) -> JsValue {
    let mut list = reminders_of(stored);
    let Some(at) = list.iter().position(|r| r.id == id) else {
        return err("not_found", "This reminder no longer exists.".into(), None);
    };
    let now = now as i64;
    match action {
        "done" => {
            if !schedule::done(&mut list[at], now) {
                list.remove(at);
            }
        }
        "cancel" => {
            list.remove(at);
        }
        "snooze" => {
            if let Err(e) = schedule::snooze(&mut list[at], now, minutes as i64) {
                return err("invalid_reminder", e.message, Some(e.field));
            }
        }
        _ => return err("bad_action", format!("'{action}' is not something a reminder can do."), None),
    }
    ok(list)
}

/// The alarms the worker must have: `[[name, when], …]`.
#[wasm_bindgen(js_name = reminderAlarms)]
pub fn reminder_alarms(stored: JsValue) -> JsValue {
    to_js(&schedule::alarms(&reminders_of(stored)))
}

/// A deleted contact's reminders removed, or kept with their number (`keep`):
/// `{ reminders, affected }`.
#[wasm_bindgen(js_name = remindersOnContactDeleted)]
pub fn reminders_on_contact_deleted(stored: JsValue, contact_id: &str, keep: bool) -> JsValue {
    let mut list = reminders_of(stored);
    let affected = schedule::on_contact_deleted(&mut list, contact_id, keep);
    #[derive(Serialize)]
    struct D {
        reminders: Vec<Reminder>,
        affected: usize,
    }
    to_js(&D { reminders: list, affected })
}

/// How many reminders refer to a contact.
#[wasm_bindgen(js_name = remindersForContact)]
pub fn reminders_for_contact(stored: JsValue, contact_id: &str) -> usize {
    reminders_of(stored).iter().filter(|r| r.contact_id.as_deref() == Some(contact_id)).count()
}

/// A wall time as `<input type="datetime-local">` writes it, of an instant in `zone`.
#[wasm_bindgen(js_name = localInput)]
pub fn local_input(at: f64, zone: &str) -> String {
    schedule::local_of(at as i64, &IntlZone::new(zone)).to_input()
}

// ---- Import, export and backup (issue 6). Files cross as bytes (Uint8Array); charsets the
// core does not carry are decoded by the browser's TextDecoder.

/// The browser's `TextDecoder` for a charset label; `None` when the browser does not know it.
struct BrowserCharsets;

impl import::Charsets for BrowserCharsets {
    fn decode(&self, label: &str, bytes: &[u8]) -> Option<String> {
        let constructor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"TextDecoder".into()).ok()?.dyn_into().ok()?;
        let decoder = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&label.into())).ok()?;
        let decode: js_sys::Function = js_sys::Reflect::get(&decoder, &"decode".into()).ok()?.dyn_into().ok()?;
        decode.call1(&decoder, &js_sys::Uint8Array::from(bytes)).ok()?.as_string()
    }
}

fn stored_contacts(v: JsValue) -> Vec<Contact> {
    contacts::from_stored(&from_js(v)).0
}

fn mapping_of(v: JsValue) -> Option<Vec<import::csv::Field>> {
    serde_wasm_bindgen::from_value::<Option<Vec<import::csv::Field>>>(v).ok().flatten()
}

#[derive(Serialize)]
struct MatchView {
    index: usize,
    source: String,
    name: String,
    existing: String,
    by: &'static str,
}

#[derive(Serialize)]
struct PreviewView {
    kind: import::plan::Kind,
    total: usize,
    new: usize,
    matching: usize,
    matches: Vec<MatchView>,
    problems: Vec<String>,
    /// "source: warning", at most 200.
    warnings: Vec<String>,
    warning_count: usize,
    /// The first contacts' names.
    sample: Vec<String>,
    table: Option<import::plan::CsvInfo>,
}

/// What importing `bytes` would do against the stored contacts: counts, matches (for the
/// per-contact choice), problems and warnings; `mapping` replaces a CSV file's guessed one.
#[wasm_bindgen(js_name = importPreview)]
pub fn import_preview(bytes: &[u8], existing: JsValue, region: &str, mapping: JsValue) -> JsValue {
    let existing = stored_contacts(existing);
    let mapping = mapping_of(mapping);
    let p = import::plan::preview(bytes, &existing, region, mapping.as_deref(), &BrowserCharsets);
    let warnings: Vec<String> = p.items.iter().flat_map(|i| i.warnings.iter().map(move |w| format!("{}: {w}", i.source))).collect();
    to_js(&PreviewView {
        kind: p.kind,
        total: p.items.len(),
        new: p.new,
        matching: p.matching,
        matches: p
            .items
            .iter()
            .enumerate()
            .filter_map(|(index, i)| i.matches.as_ref().map(|m| MatchView { index, source: i.source.clone(), name: i.contact.display_name.clone(), existing: m.name.clone(), by: m.by }))
            .collect(),
        problems: p.problems,
        warning_count: warnings.len(),
        warnings: warnings.into_iter().take(200).collect(),
        sample: p.items.iter().take(20).map(|i| i.contact.display_name.clone()).collect(),
        table: p.table,
    })
}

/// The address book after importing `bytes` with `choice` ("merge", "skip", "replace",
/// "keep_both") and per-item `overrides` (`[[index, choice], …]`): `{ ok, value: { contacts,
/// added, total } }`. Nothing is stored here.
#[wasm_bindgen(js_name = importApply)]
pub fn import_apply(bytes: &[u8], existing: JsValue, region: &str, mapping: JsValue, choice: JsValue, overrides: JsValue, now: f64) -> JsValue {
    let existing = stored_contacts(existing);
    let mapping = mapping_of(mapping);
    let Ok(choice) = serde_wasm_bindgen::from_value::<import::plan::Choice>(choice) else {
        return err("bad_choice", "Choose what to do with contacts that are already there.".into(), Some("choice"));
    };
    let overrides: Vec<(usize, import::plan::Choice)> = serde_wasm_bindgen::from_value(overrides).unwrap_or_default();
    let p = import::plan::preview(bytes, &existing, region, mapping.as_deref(), &BrowserCharsets);
    if p.items.is_empty() {
        return err("nothing", "There is no contact in this file to import.".into(), None);
    }
    let list = import::plan::apply(&existing, &p, choice, &overrides, &mut || uuid::Uuid::new_v4().to_string(), now as i64);
    #[derive(Serialize)]
    struct A {
        added: usize,
        total: usize,
        contacts: Vec<Contact>,
    }
    ok(A { added: list.len() - existing.len(), total: p.items.len(), contacts: list })
}

/// The contacts as a vCard file ("3.0" or "4.0").
#[wasm_bindgen(js_name = exportVcard)]
pub fn export_vcard(stored: JsValue, version: &str) -> String {
    import::export::to_vcard(&stored_contacts(stored), version)
}

/// The contacts as a Google-compatible CSV file.
#[wasm_bindgen(js_name = exportCsv)]
pub fn export_csv(stored: JsValue) -> String {
    import::export::to_csv(&stored_contacts(stored))
}

fn object_of(v: JsValue) -> serde_json::Map<String, serde_json::Value> {
    match from_js(v) {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

fn random<const N: usize>() -> Option<[u8; N]> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let fill: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into()).ok()?.dyn_into().ok()?;
    let buf = js_sys::Uint8Array::new_with_length(N as u32);
    fill.call1(&crypto, &buf).ok()?;
    let mut out = [0u8; N];
    buf.copy_to(&mut out);
    Some(out)
}

/// The backup file of everything stored (`sync`, `local`: all keys of each area), encrypted
/// when `passphrase` is not empty: `{ ok, value: text }`.
#[wasm_bindgen(js_name = makeBackup)]
pub fn make_backup(sync: JsValue, local: JsValue, now: f64, app_version: &str, passphrase: &str) -> JsValue {
    let plain = backup::make(&object_of(sync), &object_of(local), now as i64, app_version);
    if passphrase.is_empty() {
        return ok(plain);
    }
    let (Some(salt), Some(nonce)) = (random::<16>(), random::<12>()) else {
        return err("no_random", "The browser gave no random numbers; the backup was not encrypted.".into(), None);
    };
    match crypto::encrypt(plain.as_bytes(), passphrase, salt, nonce, crypto::COST) {
        Ok(text) => ok(text),
        Err(e) => err(e.code, e.message, Some("passphrase")),
    }
}

/// Whether a file is an encrypted backup (the page then asks for the passphrase).
#[wasm_bindgen(js_name = isEncryptedBackup)]
pub fn is_encrypted_backup(bytes: &[u8]) -> bool {
    crypto::is_encrypted(bytes)
}

/// Checks a backup file whole and gives the writes that restore it (`mode` "replace" or
/// "merge"): `{ ok, value: { sync_set, sync_remove, local_set, contacts, … } }` or why not.
#[wasm_bindgen(js_name = restoreBackup)]
pub fn restore_backup(bytes: &[u8], passphrase: &str, mode: JsValue, current_sync: JsValue, current_local: JsValue) -> JsValue {
    let Ok(mode) = serde_wasm_bindgen::from_value::<backup::Mode>(mode) else {
        return err("bad_mode", "Choose to replace or to merge.".into(), Some("mode"));
    };
    let plain;
    let bytes = if crypto::is_encrypted(bytes) {
        if passphrase.is_empty() {
            return err("encrypted", "This backup is encrypted: enter its passphrase. Nothing was changed.".into(), Some("passphrase"));
        }
        plain = match crypto::decrypt(bytes, passphrase) {
            Ok(p) => p,
            Err(e) => return err(e.code, e.message, Some("passphrase")),
        };
        &plain[..]
    } else {
        bytes
    };
    match backup::restore(bytes, mode, &object_of(current_sync), &object_of(current_local)) {
        Ok(r) => ok(r),
        Err(e) => err(e.code, e.message, None),
    }
}

/// The usage counters after one more message on `platform` (stored counters in, new out).
#[wasm_bindgen(js_name = countSend)]
pub fn count_send(stored: JsValue, platform: &str) -> JsValue {
    let counters = contakt_core::counters::Counters::from_stored(&from_js(stored));
    match Platform::from_id(platform) {
        Some(p) => to_js(&counters.record(p)),
        None => to_js(&counters),
    }
}

/// Stored usage counters read back.
#[wasm_bindgen(js_name = countersFromStored)]
pub fn counters_from_stored(stored: JsValue) -> JsValue {
    to_js(&contakt_core::counters::Counters::from_stored(&from_js(stored)))
}
