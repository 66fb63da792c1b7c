//! "Download backup" and "Restore backup": one JSON file with everything Contakt stores
//! (settings, tags and templates from sync storage; contacts, history, reminders and counters
//! from local storage), with a format version. Restoring checks the whole file first and
//! answers with the exact writes to make (or why not): the worker makes them in one go, so a
//! restore applies whole or changes nothing.
//!
//! Format versions: 1 (this one). The local part carries its own schema version and goes
//! through [`crate::schema::migrate`], so backups of every earlier data version restore.

use serde_json::{json, Map, Value};

use crate::campaigns::{self, Campaign};
use crate::contacts::{self, Contact};
use crate::counters::Counters;
use crate::history::{self, HistoryEntry};
use crate::schedule::{self, Reminder};
use crate::settings::Settings;
use crate::templates::Template;
use crate::words::Msg;
use crate::{msg, schema, tags};

pub const FORMAT: &str = "contakt-backup";
pub const VERSION: u64 = 1;
/// The keys a backup holds.
const LOCAL_KEYS: [&str; 6] = ["contacts", "history", "reminders", "counters", campaigns::KEY, campaigns::OPT_OUT_KEY];

/// Why a file cannot be restored. Nothing has been changed when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupError {
    pub code: &'static str,
    pub msg: Msg,
}

/// The largest count JavaScript holds exactly (`Number.MAX_SAFE_INTEGER`).
use crate::counters::MAX_COUNT;

fn error(code: &'static str, msg: Msg) -> BackupError {
    BackupError { code, msg: crate::msg!("nothing_changed", msg) }
}

/// The backup file of what is stored now (`sync` and `local`: all keys of each area).
pub fn make(sync: &Map<String, Value>, local: &Map<String, Value>, now: i64, app_version: &str) -> String {
    let sync: Map<String, Value> =
        sync.iter().filter(|(k, _)| *k == "settings" || *k == tags::SYNC_KEY || k.starts_with("template:")).map(|(k, v)| (k.clone(), v.clone())).collect();
    let mut local_part: Map<String, Value> = local.iter().filter(|(k, _)| LOCAL_KEYS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
    // Only the campaigns Contakt can read: one it cannot would make the backup refused.
    if let Some(stored) = local.get(campaigns::KEY) {
        let (readable, _) = campaigns::split_stored(stored);
        local_part.insert(campaigns::KEY.into(), serde_json::to_value(readable).unwrap_or_default());
    }
    local_part.insert("schema".into(), local.get("schema").cloned().unwrap_or(json!(schema::CURRENT)));
    let file = json!({ "format": FORMAT, "version": VERSION, "created": now, "app": app_version, "sync": sync, "local": local_part });
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The backup's data replaces what is stored (settings included).
    Replace,
    /// The backup's contacts, templates, tags, reminders and history join what is stored
    /// (for the same id, the more recently updated wins); settings stay as they are.
    Merge,
}

/// The writes a restore makes, and what it restores (for the message).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Restore {
    pub sync_set: Map<String, Value>,
    pub sync_remove: Vec<String>,
    pub local_set: Map<String, Value>,
    pub contacts: usize,
    pub templates: usize,
    pub reminders: usize,
    pub history: usize,
    pub tags: usize,
}

/// A backup's content, checked.
struct Content {
    settings: Option<Settings>,
    templates: Vec<Template>,
    tags: Vec<tags::Tag>,
    contacts: Vec<Contact>,
    history: Vec<HistoryEntry>,
    reminders: Vec<Reminder>,
    counters: Value,
    campaigns: Vec<Campaign>,
    opt_out: Vec<String>,
}

/// Reads and checks a whole backup file.
fn content(file: &[u8]) -> Result<Content, BackupError> {
    let mut value: Value = serde_json::from_slice(file).map_err(|e| {
        if e.is_eof() {
            error("truncated", msg!("backup_truncated"))
        } else {
            error("not_json", msg!("backup_not_json", e.to_string()))
        }
    })?;
    let obj = value.as_object().ok_or_else(|| error("not_backup", msg!("backup_not_backup")))?;
    match obj.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(crate::crypto::FORMAT) => return Err(error("encrypted", msg!("backup_encrypted"))),
        _ => return Err(error("not_backup", msg!("backup_no_format"))),
    }
    let version = obj.get("version").and_then(Value::as_u64).ok_or_else(|| error("not_backup", msg!("backup_no_version")))?;
    if version > VERSION {
        return Err(error("newer", msg!("backup_newer", version, VERSION)));
    }
    // The parts are taken out of the parsed file, not copied (a large backup is read once).
    let obj = value.as_object_mut().ok_or_else(|| error("not_backup", msg!("backup_not_backup")))?;
    let sync = match obj.remove("sync") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(error("damaged", msg!("backup_sync_damaged"))),
    };
    let sync = &sync;
    let mut local = match obj.remove("local") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(error("damaged", msg!("backup_local_damaged"))),
    };
    schema::migrate(&mut local).map_err(|e| match e {
        schema::SchemaError::Newer(v) => error("newer", msg!("backup_newer_data", v, schema::CURRENT)),
        schema::SchemaError::Unreadable => error("damaged", msg!("backup_local_damaged")),
    })?;

    let settings = match sync.get("settings") {
        None => None,
        Some(s) if s.is_object() => {
            let read: Settings = serde_json::from_value(s.clone()).map_err(|e| error("damaged", msg!("backup_settings_unreadable", e.to_string())))?;
            Some(read.validated().map_err(|e| error("damaged", msg!("backup_settings_unusable", e.msg)))?)
        }
        Some(_) => return Err(error("damaged", msg!("backup_settings_damaged"))),
    };
    let mut templates = Vec::new();
    for (k, v) in sync.iter().filter(|(k, _)| k.starts_with("template:")) {
        let t: Template = serde_json::from_value(v.clone()).map_err(|_| error("damaged", msg!("backup_template_unreadable", k)))?;
        let t = t.validated().map_err(|e| error("damaged", msg!("backup_template_unusable", k, e.msg)))?;
        templates.push(t);
    }
    let tags = match sync.get(tags::SYNC_KEY) {
        None => Vec::new(),
        Some(v) if v.is_array() => tags::registry_from_stored(v),
        Some(_) => return Err(error("damaged", msg!("backup_tags_damaged"))),
    };
    let mut check_list = |key: &str, what: Msg| -> Result<Value, BackupError> {
        let v = local.remove(key).unwrap_or(json!([]));
        if !v.is_array() {
            return Err(error("damaged", what));
        }
        Ok(v)
    };
    let (contacts, bad) = contacts::from_stored(&check_list("contacts", Msg::new("backup_contacts_damaged"))?);
    if bad > 0 {
        return Err(error("damaged", Msg::plural("backup_bad_contacts", bad)));
    }
    let (history, bad) = history::from_stored(&check_list("history", Msg::new("backup_history_damaged"))?);
    if bad > 0 {
        return Err(error("damaged", Msg::plural("backup_bad_history", bad)));
    }
    let (reminders, bad) = schedule::from_stored(&check_list("reminders", Msg::new("backup_reminders_damaged"))?);
    if bad > 0 {
        return Err(error("damaged", Msg::plural("backup_bad_reminders", bad)));
    }
    let (campaign_list, bad) = campaigns::from_stored(&check_list(campaigns::KEY, Msg::new("backup_campaigns_damaged"))?);
    if bad > 0 {
        return Err(error("damaged", Msg::plural("backup_bad_campaigns", bad)));
    }
    let opt_out_value = check_list(campaigns::OPT_OUT_KEY, Msg::new("backup_opt_out_damaged"))?;
    let opt_out = campaigns::opt_out_of(&opt_out_value);
    if opt_out.len() != opt_out_value.as_array().map_or(0, Vec::len) {
        return Err(error("damaged", msg!("backup_opt_out_damaged")));
    }
    // Two items with one id would make later edits and deletes hit the wrong one.
    let twice = |ids: Vec<&str>| {
        let mut seen = std::collections::HashSet::new();
        ids.into_iter().find(|id| !seen.insert(*id)).map(str::to_string)
    };
    for (repeated, key) in [
        (twice(contacts.iter().map(|c| c.id.as_str()).collect()), Msg::new("backup_duplicate_contact")),
        (twice(history.iter().map(|h| h.id.as_str()).collect()), Msg::new("backup_duplicate_history")),
        (twice(reminders.iter().map(|r| r.id.as_str()).collect()), Msg::new("backup_duplicate_reminder")),
        (twice(templates.iter().map(|t| t.id.as_str()).collect()), Msg::new("backup_duplicate_template")),
        (twice(campaign_list.iter().map(|c| c.id.as_str()).collect()), Msg::new("backup_duplicate_campaign")),
    ] {
        if let Some(id) = repeated {
            return Err(error("damaged", key.arg(id)));
        }
    }
    // Restored as written once they read as counts; what JavaScript cannot count exactly
    // (above 2^53 - 1) is not a count.
    let counters = local.get("counters").cloned().unwrap_or_else(|| json!({}));
    let read: Counters = serde_json::from_value(counters.clone()).map_err(|_| error("damaged", msg!("backup_counters_damaged")))?;
    if !counters.is_object()
        || read.sent > MAX_COUNT
        || read.by_platform.values().chain(read.reminders.values()).any(|&n| n > MAX_COUNT)
        || [read.scheduled, read.templates_used, read.contacts_added, read.imports].iter().any(|&n| n > MAX_COUNT)
    {
        return Err(error("damaged", msg!("backup_counters_damaged")));
    }
    Ok(Content { settings, templates, tags, contacts, history, reminders, counters, campaigns: campaign_list, opt_out })
}

/// `incoming` joined to `current` by id (the more recently updated wins), in linear time: an
/// index of ids (the first of a repeated one, as stored) instead of a search per item.
fn by_id<T: Clone>(current: Vec<T>, incoming: Vec<T>, id: impl Fn(&T) -> &str, updated: impl Fn(&T) -> i64) -> Vec<T> {
    let mut out = current;
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::with_capacity(out.len() + incoming.len());
    for (i, o) in out.iter().enumerate() {
        at.entry(id(o).to_string()).or_insert(i);
    }
    for item in incoming {
        match at.get(id(&item)) {
            Some(&i) if updated(&item) > updated(&out[i]) => out[i] = item,
            Some(_) => {}
            None => {
                at.insert(id(&item).to_string(), out.len());
                out.push(item);
            }
        }
    }
    out
}

/// The largest backup file Contakt restores: the page hands it to the worker as base64 in one
/// message, and the browser refuses messages over 64 MiB (4/3 of this, with room to spare).
/// A 100,000-contact backup is about 45 MB.
pub const MAX_FILE_BYTES: usize = 46 * 1024 * 1024;

/// Whether a backup file of `len` bytes can be restored, said before the user waits for it.
pub fn check_size(len: usize) -> Result<(), Msg> {
    const MB: usize = 1024 * 1024;
    match len > MAX_FILE_BYTES {
        true => Err(msg!("backup_too_large", len.div_ceil(MB), MAX_FILE_BYTES / MB)),
        false => Ok(()),
    }
}

/// Checks `file` and works out the writes that restore it over what is stored now.
pub fn restore(file: &[u8], mode: Mode, current_sync: &Map<String, Value>, current_local: &Map<String, Value>) -> Result<Restore, BackupError> {
    check_size(file.len()).map_err(|m| error("too_large", m))?;
    let mut c = content(file)?;
    let current_templates: Vec<Template> =
        current_sync.iter().filter(|(k, _)| k.starts_with("template:")).filter_map(|(_, v)| serde_json::from_value(v.clone()).ok()).collect();
    let mut r = Restore::default();
    // A merge keeps the stored campaigns Contakt cannot read, as they are.
    let mut kept_campaigns: Vec<Value> = Vec::new();
    if mode == Mode::Merge {
        let (cur_contacts, _) = contacts::from_stored(current_local.get("contacts").unwrap_or(&json!([])));
        c.contacts = by_id(cur_contacts, c.contacts, |x| &x.id, |x| x.updated);
        let (cur_history, _) = history::from_stored(current_local.get("history").unwrap_or(&json!([])));
        let mut h = by_id(cur_history, c.history, |x| &x.id, |x| x.at);
        h.sort_by_key(|e| std::cmp::Reverse(e.at));
        h.truncate(history::HISTORY_LIMIT);
        c.history = h;
        let (cur_reminders, _) = schedule::from_stored(current_local.get("reminders").unwrap_or(&json!([])));
        c.reminders = by_id(cur_reminders, c.reminders, |x| &x.id, |x| x.updated);
        c.templates = by_id(current_templates.clone(), c.templates, |x| &x.id, |x| x.updated);
        let (cur_campaigns, unreadable) = campaigns::split_stored(current_local.get(campaigns::KEY).unwrap_or(&json!([])));
        c.campaigns = by_id(cur_campaigns, c.campaigns, |x| &x.id, |x| x.updated);
        kept_campaigns = unreadable;
        let mut opt_out = campaigns::opt_out_of(current_local.get(campaigns::OPT_OUT_KEY).unwrap_or(&json!([])));
        for n in c.opt_out {
            if !opt_out.contains(&n) {
                opt_out.push(n);
            }
        }
        opt_out.sort();
        c.opt_out = opt_out;
        let mut reg = tags::registry_from_stored(current_sync.get(tags::SYNC_KEY).unwrap_or(&json!([])));
        for t in c.tags {
            if !reg.iter().any(|o| o.name.to_lowercase() == t.name.to_lowercase()) {
                reg.push(t);
            }
        }
        c.tags = reg;
        // Counts add up (per platform too), never past what JavaScript counts exactly.
        let counters = Counters::from_stored(current_local.get("counters").unwrap_or(&Value::Null)).plus(Counters::from_stored(&c.counters));
        c.counters = serde_json::to_value(&counters).unwrap_or_default();
        c.settings = None;
    } else {
        r.sync_remove = current_templates.iter().map(Template::key).filter(|k| !c.templates.iter().any(|t| &t.key() == k)).collect();
    }
    if let Some(s) = &c.settings {
        r.sync_set.insert("settings".into(), serde_json::to_value(s).unwrap_or_default());
    }
    for t in &c.templates {
        r.sync_set.insert(t.key(), serde_json::to_value(t).unwrap_or_default());
    }
    r.sync_set.insert(tags::SYNC_KEY.into(), serde_json::to_value(&c.tags).unwrap_or_default());
    r.local_set.insert("contacts".into(), serde_json::to_value(&c.contacts).unwrap_or_default());
    r.local_set.insert("history".into(), serde_json::to_value(&c.history).unwrap_or_default());
    r.local_set.insert("reminders".into(), serde_json::to_value(&c.reminders).unwrap_or_default());
    r.local_set.insert("counters".into(), c.counters);
    let mut all_campaigns: Vec<Value> = c.campaigns.iter().map(|x| serde_json::to_value(x).unwrap_or_default()).collect();
    all_campaigns.extend(kept_campaigns);
    r.local_set.insert(campaigns::KEY.into(), Value::Array(all_campaigns));
    r.local_set.insert(campaigns::OPT_OUT_KEY.into(), serde_json::to_value(&c.opt_out).unwrap_or_default());
    r.local_set.insert("schema".into(), json!(schema::CURRENT));
    (r.contacts, r.templates, r.reminders, r.history, r.tags) = (c.contacts.len(), c.templates.len(), c.reminders.len(), c.history.len(), c.tags.len());
    Ok(r)
}
