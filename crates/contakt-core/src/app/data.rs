//! Requests about settings, the popup's view, templates, pages, import and backup.

use base64::Engine as _;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::Env;
use super::{read, settings, to_value, writable, Effect, Failure, Handled, MenuItem, Outcome, Stored};
use crate::contacts::{self, Contact};
use crate::links::Platform;
use crate::settings::Settings;
use crate::templates::Template;
use crate::words::Msg;
use crate::{backup, crypto, history, import, msg, phone, schema};

/// A platform as the pages show it.
#[derive(Serialize)]
pub struct PlatformInfo {
    pub id: &'static str,
    pub name: &'static str,
    pub notice: Msg,
    pub opens_chat: bool,
    pub prefills_text: bool,
}

/// Every platform with what Send will do on it.
pub fn platforms() -> Vec<PlatformInfo> {
    Platform::ALL
        .into_iter()
        .map(|p| PlatformInfo {
            id: p.id(),
            name: p.name(),
            notice: p.notice(),
            opens_chat: p.capability().opens_chat,
            prefills_text: p.capability().prefills_text,
        })
        .collect()
}

/// How many recent chats the popup offers one click away.
pub const RECENT_CHATS: usize = 4;

/// A history entry as shown: with its number formatted.
#[derive(Serialize)]
struct ShownEntry {
    #[serde(flatten)]
    entry: history::HistoryEntry,
    international: String,
}

/// What the pages render first: settings, platforms, history (numbers formatted), and why
/// nothing can be saved when the data is from a newer Contakt.
#[derive(Serialize)]
struct View {
    settings: Settings,
    platforms: Vec<PlatformInfo>,
    history: Vec<ShownEntry>,
    /// The last few chats (indices into `history`), one per number and platform.
    recent: Vec<usize>,
    unreadable_history: usize,
    schema_error: Option<Msg>,
}

/// The view of the stored data (see [`View`]).
pub fn view_of(stored: &Stored, env: &dyn Env) -> impl Serialize {
    view(stored, env)
}

fn view(stored: &Stored, env: &dyn Env) -> View {
    let settings = settings(stored, env);
    let (entries, unreadable_history) = history::from_stored(stored.local("history"));
    let history = entries
        .into_iter()
        .map(|entry| {
            let international = phone::parse(&entry.e164, &settings.default_region).map_or_else(|_| entry.e164.clone(), |n| n.international);
            ShownEntry { entry, international }
        })
        .collect::<Vec<ShownEntry>>();
    let recent = history::recent(history.iter().map(|s| &s.entry), RECENT_CHATS);
    let schema_error = writable(stored).err().map(|f| f.msg);
    View { settings, platforms: platforms(), history, recent, unreadable_history, schema_error }
}

/// The history entries matching a search (all of them for an empty one), as the view shows them.
pub fn search_history(stored: &Stored, env: &dyn Env, query: &str) -> Handled {
    let v = view(stored, env);
    let found: Vec<ShownEntry> = v.history.into_iter().filter(|s| s.entry.matches(query, &s.international)).collect();
    Ok(Outcome::reply(found))
}

/// Deletes one history entry.
pub fn delete_history(stored: &Stored, id: &str) -> Handled {
    writable(stored)?;
    let (mut entries, _) = history::from_stored(stored.local("history"));
    let before = entries.len();
    entries.retain(|e| e.id != id);
    if entries.len() == before {
        return Err(Failure::new("not_found", msg!("history_gone")));
    }
    let mut out = Outcome::reply(Value::Null);
    out.writes.local("history", &entries);
    Ok(out)
}

/// "Didn't work?" on a history entry: what can stop that platform's chat from opening, and
/// the other ways to reach the number (another platform, the number to copy, a QR code).
pub fn trouble(stored: &Stored, env: &dyn Env, id: &str) -> Handled {
    let v = view(stored, env);
    let s = v.history.iter().find(|s| s.entry.id == id).ok_or_else(|| Failure::new("not_found", msg!("history_gone")))?;
    let others: Vec<&PlatformInfo> = v.platforms.iter().filter(|p| p.id != s.entry.platform.id()).collect();
    Ok(Outcome::reply(json!({
        "platform": s.entry.platform, "number": s.international, "e164": s.entry.e164, "text": s.entry.text,
        "causes": history::trouble(s.entry.platform), "others": others,
    })))
}

/// The view (and, for the popup, the pending send, taken).
pub fn state(stored: &Stored, env: &dyn Env, take: bool) -> Handled {
    let mut value = to_value(view(stored, env));
    if !take {
        return Ok(Outcome::reply(value));
    }
    let pending = stored.session("pending").clone();
    value["pending"] = pending.clone();
    let mut out = Outcome::reply(value);
    if !pending.is_null() {
        out.writes.session_remove.push("pending".into());
    }
    Ok(out)
}

/// The popup's first view, kept in session storage.
pub fn refresh_view(stored: &Stored, env: &dyn Env) -> Handled {
    let mut out = Outcome::reply(Value::Null);
    out.writes.session("view", view(stored, env));
    Ok(out)
}

pub fn take_pending(stored: &Stored) -> Handled {
    let pending = stored.session("pending").clone();
    let mut out = Outcome::reply(&pending);
    if !pending.is_null() {
        out.writes.session_remove.push("pending".into());
    }
    Ok(out)
}

/// Saves settings; `was_detecting`: detection was on before (turning it off gives back the
/// access to pages).
fn saved_settings(settings: Settings, was_detecting: bool) -> Handled {
    let settings = settings.validated().map_err(|e| Failure::new("invalid_setting", e.msg).on(e.field))?;
    let mut out = Outcome::reply(&settings);
    out.writes.sync("settings", &settings);
    out.effects.push(Effect::Detection { on: settings.detect_numbers, release: was_detecting && !settings.detect_numbers });
    Ok(out)
}

/// Number detection as the settings have it: the content script exists only while it is on.
pub fn detection(stored: &Stored, env: &dyn Env) -> Effect {
    Effect::Detection { on: settings(stored, env).detect_numbers, release: false }
}

/// Session key: when the user last asked for detection while the browser asked them for access
/// to pages (milliseconds since the epoch).
pub const DETECTION_WANTED: &str = "detection_wanted";
/// How long that wish waits for the access: a prompt left open longer is forgotten.
pub const DETECTION_WAIT_MS: i64 = 10 * 60 * 1000;

pub fn want_detection(stored: &Stored, env: &dyn Env, wanted: bool) -> Handled {
    writable(stored)?;
    let mut out = Outcome::reply(Value::Null);
    if wanted {
        out.writes.session(DETECTION_WANTED, env.now());
    } else {
        out.writes.session_remove.push(DETECTION_WANTED.into());
    }
    Ok(out)
}

/// An optional permission granted or withdrawn: detection follows the settings again, and
/// turns on when access to pages came while the user's wish for it was waiting.
pub fn access_changed(stored: &Stored, env: &dyn Env, pages: bool) -> Handled {
    let wished = stored.session(DETECTION_WANTED).as_i64().is_some_and(|at| (0..=DETECTION_WAIT_MS).contains(&(env.now() - at)));
    let s = settings(stored, env);
    if pages && wished && !s.detect_numbers && writable(stored).is_ok() {
        let mut out = saved_settings(Settings { detect_numbers: true, ..s }, false)?;
        out.writes.session_remove.push(DETECTION_WANTED.into());
        return Ok(out);
    }
    let mut out = Outcome::reply(Value::Null);
    out.effects.push(Effect::Detection { on: s.detect_numbers, release: false });
    if pages && !stored.session(DETECTION_WANTED).is_null() {
        out.writes.session_remove.push(DETECTION_WANTED.into());
    }
    Ok(out)
}

/// Saved settings, and the wish for detection answered.
fn settled(out: Handled, stored: &Stored) -> Handled {
    let mut out = out?;
    if !stored.session(DETECTION_WANTED).is_null() {
        out.writes.session_remove.push(DETECTION_WANTED.into());
    }
    Ok(out)
}

pub fn save_settings(stored: &Stored, env: &dyn Env, settings: Value) -> Handled {
    writable(stored)?;
    let was = self::settings(stored, env).detect_numbers;
    settled(saved_settings(read::<Settings>(settings, "bad_settings", Msg::new("what_settings"))?, was), stored)
}

pub fn set_detection(stored: &Stored, env: &dyn Env, enabled: Option<bool>, host: Option<String>, exclude: bool) -> Handled {
    writable(stored)?;
    let mut s = settings(stored, env);
    let was = s.detect_numbers;
    if let Some(on) = enabled {
        s.detect_numbers = on;
    }
    if let Some(host) = host.filter(|h| !h.is_empty()) {
        s = s.with_site_excluded(&host, exclude);
    }
    settled(saved_settings(s, was), stored)
}

/// Every template (one synced item each, `template:<id>`), by title.
pub fn templates(stored: &Stored) -> Vec<Template> {
    let mut list: Vec<Template> =
        stored.sync.iter().filter(|(k, _)| k.starts_with("template:")).filter_map(|(_, v)| serde_json::from_value(v.clone()).ok()).collect();
    list.sort_by(|a, b| a.title.to_lowercase().cmp(&b.title.to_lowercase()).then_with(|| a.title.cmp(&b.title)));
    list
}

pub fn save_template(stored: &Stored, env: &mut dyn Env, template: Value) -> Handled {
    writable(stored)?;
    let mut t: Template = read(template, "bad_template", Msg::new("what_template"))?;
    if t.id.is_empty() {
        t.id = env.new_id();
    }
    t.updated = env.now();
    let t = t.validated().map_err(|e| Failure::new("invalid_template", e.msg).on(e.field))?;
    let mut out = Outcome::reply(&t);
    out.writes.sync(&t.key(), &t);
    Ok(out)
}

/// The right-click menu: message (default platform), message on ▸ each platform, save.
fn menus() -> Vec<MenuItem> {
    let item = |id: String, parent: Option<&str>, title: Msg| MenuItem {
        id,
        parent_id: parent.map(String::from),
        title,
        contexts: vec!["selection", "link"],
        target_url_patterns: vec!["tel:*"],
    };
    let mut items = vec![item("message".into(), None, msg!("menu_message")), item("message-on".into(), None, msg!("menu_message_on"))];
    items.extend(Platform::ALL.iter().map(|p| item(format!("message-on:{}", p.id()), Some("message-on"), msg!("platform_name", p.name()))));
    items.push(item("save-contact".into(), None, msg!("menu_save")));
    items
}

/// The page that welcomes a new user (it stores nothing until they confirm).
pub const ONBOARDING_PAGE: &str = "onboarding.html";

/// Installed or updated: the menus; on a first install (not an update), the onboarding page.
/// Nothing is stored: until the user confirms there, settings follow the browser's language.
pub fn installed(stored: &Stored, env: &dyn Env, reason: &str) -> Outcome {
    let mut out = Outcome::reply(Value::Null);
    out.effects.push(Effect::Menus { items: menus() });
    out.effects.push(detection(stored, env));
    if reason == "install" && stored.sync("settings").is_null() {
        out.effects.push(Effect::OpenTab { url: ONBOARDING_PAGE.into() });
    }
    out
}

/// What the content script of a page on `host` may do: detection on or off, and the platforms.
pub fn page_config(stored: &Stored, env: &dyn Env, host: &str) -> Outcome {
    let enabled = settings(stored, env).detection_allowed(host);
    #[derive(Serialize)]
    struct P {
        id: &'static str,
        name: &'static str,
    }
    let platforms: Vec<P> = match enabled {
        true => Platform::ALL.iter().map(|p| P { id: p.id(), name: p.name() }).collect(),
        false => Vec::new(),
    };
    Outcome::reply(json!({ "enabled": enabled, "platforms": platforms }))
}

/// How many text nodes a page may send at once, and how long each may be.
pub const PAGE_BATCH: usize = 500;
pub const PAGE_TEXT_CHARS: usize = 20_000;

/// A number found on a page: JavaScript string offsets.
#[derive(Serialize)]
pub struct FoundOnPage {
    start: usize,
    end: usize,
    e164: String,
    text: String,
}

/// The numbers in a page's texts (strict grouping), when detection is allowed there.
pub fn find_in_page(stored: &Stored, env: &dyn Env, host: &str, texts: Vec<String>) -> Handled {
    let settings = settings(stored, env);
    if !settings.detection_allowed(host) {
        return Err(Failure::new("disabled", msg!("detection_off_here")));
    }
    let found: Vec<Vec<FoundOnPage>> = texts
        .iter()
        .take(PAGE_BATCH)
        .map(|t| {
            let t = match t.char_indices().nth(PAGE_TEXT_CHARS) {
                Some((cut, _)) => &t[..cut],
                None => t,
            };
            find_on_page(t, &settings.default_region)
        })
        .collect();
    Ok(Outcome::reply(found))
}

/// The numbers Contakt marks in a page's text: strict grouping (a number written the way its
/// country groups it), plus the matcher's decoy rejection.
pub fn find_on_page(text: &str, region: &str) -> Vec<FoundOnPage> {
    phone::find_numbers(text, region, phone::Leniency::StrictGrouping)
        .into_iter()
        .map(|f| FoundOnPage { start: f.start_utf16, end: f.end_utf16, e164: f.e164, text: f.text })
        .collect()
}

/// Bytes of a file a page sent as base64 (messages carry JSON only).
pub(super) fn file_bytes(file: &str) -> Result<Vec<u8>, Failure> {
    base64::engine::general_purpose::STANDARD.decode(file.trim()).map_err(|_| Failure::new("bad_file", msg!("file_unreadable")))
}

/// Imports the people the options page read from a file (its own module holds the file
/// readers; see `import::plan::read`): met with the address book here, as the preview did
/// there, so `overrides` (indexes into the preview's items) name the same items.
pub fn import(stored: &Stored, env: &mut dyn Env, people: Value, kind: Value, choice: Value, overrides: Value) -> Handled {
    writable(stored)?;
    let people: Vec<Contact> = read(people, "bad_import", Msg::new("what_import"))?;
    let kind: import::plan::Kind = read(kind, "bad_import", Msg::new("what_import"))?;
    let region = settings(stored, env).default_region;
    let existing = contacts::from_stored(stored.local("contacts")).0;
    let choice: import::plan::Choice = serde_json::from_value(choice).map_err(|_| Failure::new("bad_choice", msg!("import_choose")).on("choice"))?;
    let overrides: Vec<(usize, import::plan::Choice)> = serde_json::from_value(overrides).unwrap_or_default();
    let people =
        people.into_iter().enumerate().map(|(i, contact)| import::plan::Person { source: msg!("import_source_row", i + 1), contact, warnings: Vec::new() });
    let p = import::plan::matched(import::plan::Read { kind, people: people.collect(), problems: Vec::new(), table: None }, &existing, &region);
    if p.items.is_empty() {
        return Err(Failure::new("nothing", msg!("import_nothing")));
    }
    let now = env.now();
    let mut ids = Vec::with_capacity(p.items.len());
    for _ in 0..p.items.len() {
        ids.push(env.new_id());
    }
    let mut next = ids.into_iter();
    let list = import::plan::apply(&existing, &p, choice, &overrides, &mut || next.next().unwrap_or_default(), now);
    let added = list.len() - existing.len();
    let total = p.items.len();
    let count = list.len();
    let mut out = Outcome::reply(json!({
        "added": added, "total": total, "contacts": count,
        "msg": msg!("imported", Msg::plural("n_contacts", total), added, Msg::plural("n_contacts", count)),
    }));
    out.writes.local("contacts", &list);
    let format = match p.kind {
        import::plan::Kind::Csv => "csv",
        _ => "vcard",
    };
    super::usage::note(stored, env, &mut out, super::usage::Happened::Imported { format, added: added as u64 });
    if p.matching > 0 {
        let choice = serde_json::to_value(choice).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        super::usage::note(stored, env, &mut out, super::usage::Happened::ContactAdded { e164: None, duplicate: Some(&choice) });
    }
    Ok(out)
}

/// The backup as JSON text. A passphrase is the options page's to apply: encryption lives in
/// its own module (`crypto`), which the worker does not load.
pub fn backup(stored: &Stored, env: &dyn Env) -> Handled {
    Ok(Outcome::reply(backup::make(&stored.sync, &stored.local, env.now(), env.app_version())))
}

/// Restores a backup the options page has read (and decrypted, when it was encrypted).
pub fn restore(stored: &Stored, env: &dyn Env, file: &str, mode: Value) -> Handled {
    writable(stored)?;
    let mode: backup::Mode = serde_json::from_value(mode).map_err(|_| Failure::new("bad_mode", msg!("restore_choose_mode")).on("mode"))?;
    let bytes = file_bytes(file)?;
    if crypto::is_encrypted(&bytes) {
        return Err(super::pages::needs_passphrase());
    }
    let r = backup::restore(&bytes, mode, &stored.sync, &stored.local).map_err(|e| Failure::new(e.code, e.msg))?;
    let reply = json!({
        "contacts": r.contacts, "templates": r.templates, "reminders": r.reminders, "history": r.history, "tags": r.tags,
        "msg": msg!("restored", Msg::plural("n_contacts", r.contacts), Msg::plural("n_templates", r.templates), Msg::plural("n_tags", r.tags),
            Msg::plural("n_reminders", r.reminders), Msg::plural("n_history", r.history)),
    });
    let mut out = Outcome::reply(reply);
    let reminders = r.local_set.get("reminders").cloned();
    out.writes.sync_set = r.sync_set;
    out.writes.sync_remove = r.sync_remove;
    out.writes.local_set = r.local_set;
    let list = crate::schedule::from_stored(reminders.as_ref().unwrap_or_else(|| stored.local("reminders"))).0;
    out.effects.extend(super::reminders::alarms_and_badge(&list));
    out.effects.push(super::campaigns::alarms(&crate::campaigns::from_stored(out.writes.local_set.get(crate::campaigns::KEY).unwrap_or(&Value::Null)).0));
    // The restored settings decide detection (access to pages stays the user's to grant).
    if let Some(restored) = out.writes.sync_set.get("settings") {
        out.effects.push(Effect::Detection { on: Settings::from_stored(restored, env.locale()).detect_numbers, release: false });
    }
    Ok(out)
}

/// The stored data brought up to the current schema: the local keys to write, or why not.
pub fn migrated(local: &Map<String, Value>) -> Result<Option<Map<String, Value>>, Failure> {
    let mut data = local.clone();
    match schema::migrate(&mut data) {
        Ok(true) => Ok(Some(data)),
        Ok(false) => Ok(None),
        Err(e) => Err(Failure::new("schema", e.msg())),
    }
}

/// A contact read from a page's message, or refused.
pub fn contact_of(value: Value) -> Result<Contact, Failure> {
    read(value, "bad_contact", Msg::new("what_contact"))
}

/// "Erase everything": every item Contakt keeps, in local, sync and session storage, removed in
/// one journaled write; its alarms, badge, detection script and optional permissions gone; the
/// menus as a new install makes them and the welcome page opened. Contakt is then as freshly
/// installed. The page offered a backup and asked before sending this.
pub fn erase_everything(stored: &Stored, env: &dyn Env) -> Outcome {
    let mut out = Outcome::reply(Value::Null);
    // The data's version stays written, as a new install's start writes it.
    out.writes.local_remove = stored.local.keys().filter(|k| *k != "schema").cloned().collect();
    out.writes.local("schema", crate::schema::CURRENT);
    out.writes.sync_remove = stored.sync.keys().cloned().collect();
    out.writes.session_remove = stored.session.keys().cloned().collect();
    out.effects.extend(super::reminders::alarms_and_badge(&[]));
    out.effects.push(Effect::Alarms { prefix: super::usage::FLUSH_ALARM, alarms: Vec::new() });
    out.effects.push(super::campaigns::alarms(&[]));
    out.effects.push(Effect::Detection { on: false, release: true });
    out.effects.push(Effect::TelemetryAccess { release: true });
    out.effects.push(Effect::ClipboardAccess { release: true });
    out.effects.extend(installed(&Stored::default(), env, "install").effects.into_iter().filter(|e| !matches!(e, Effect::Detection { .. })));
    out
}
