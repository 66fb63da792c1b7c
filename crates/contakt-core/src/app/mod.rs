//! The application layer: the one place that decides. Every request a page sends, every
//! alarm, menu click, keyboard command, notification button and browser start is a
//! [`Request`]; [`handle`] answers it from a snapshot of the stored data it declared it needs
//! ([`needs`]) and the browser's environment ([`Env`]: clock, time zones, language, ids,
//! randomness, charsets), with an [`Outcome`]: the reply, the exact storage writes, and the
//! effects the browser must perform (open a tab, notify, set alarms and badge, make menus).
//!
//! The service worker is a loop around this: receive → read what [`needs`] says → one
//! [`handle`] call → write → perform. It holds no rule and no sentence: replies, failures and
//! notifications carry [`Msg`] codes, rendered by the extension from its locales.

mod campaigns;
mod contacts;
mod data;
mod messaging;
mod page_guard;
mod pages;
mod reminders;
mod usage;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::schedule::Zone;
use crate::settings::Settings;
use crate::words::Msg;
use crate::{msg, schema};

pub use campaigns::preview_with_book as campaign_preview_with_book;
pub use data::{find_on_page, platforms, FoundOnPage, PlatformInfo};
pub use pages::{
    checked, decrypt_backup, duplicate_groups, encrypt_backup, import_preview, page_settings, plan_send, preview_view, qr_for_send, Checked, PreviewView,
    QrForSend,
};
pub use reminders::SNOOZE_MINUTES;

/// Everything the extension asks of the core. `type` names the request (camelCase, as a
/// method name); fields are snake_case like everything stored.
///
/// Sent as `{ "type": "send", "number": … }` and read by [`request_of`], which hands serde
/// the externally tagged form `{ "send": { "number": … } }`: an internally tagged enum of
/// this size made serde buffer every field first, and was the largest code in the wasm
/// (204 KB of 1.8 MB).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Request {
    // ---- From Contakt's own pages.
    /// What the popup renders, and a send waiting for it (taken).
    State,
    /// What the pages render (the popup's first view).
    View,
    /// A send a page handed to the popup (platforms that need the clipboard), taken once.
    TakePending,
    /// A number a web page asked to save, for the options page to show in a new contact's
    /// form (taken once).
    TakePageSave,
    SaveSettings {
        settings: Value,
    },
    /// Number detection on or off everywhere (`enabled`), or for one site (`host`, `exclude`).
    SetDetection {
        #[serde(default)]
        enabled: Option<bool>,
        #[serde(default)]
        host: Option<String>,
        #[serde(default)]
        exclude: bool,
    },
    /// The user turned detection on and the browser is asking them for access to pages: the
    /// worker turns detection on when the access comes, even if the page that asked has closed
    /// meanwhile (Firefox closes the popup under its prompt). `wanted: false` withdraws it.
    WantDetection {
        wanted: bool,
    },
    /// Plans the send, records it, opens the chat. The page has copied any clipboard text.
    Send {
        number: String,
        platform: String,
        #[serde(default)]
        text: String,
        #[serde(default)]
        contact_id: Option<String>,
        /// The id of the template the text came from, if the user chose one.
        #[serde(default)]
        template: Option<String>,
    },
    Resend {
        id: String,
    },
    ClearHistory,
    /// Deletes one history entry.
    DeleteHistory {
        id: String,
    },
    /// The history entries matching `query` (every word in the number, platform, message or
    /// campaign).
    History {
        #[serde(default)]
        query: String,
    },
    /// "Didn't work?" on a history entry: the platform's known causes and the other ways.
    Trouble {
        id: String,
    },
    /// The campaigns, the opt-out list and the suggested pace.
    Campaigns,
    /// One campaign with a page of its recipients (from `offset`; by default around the
    /// current one).
    Campaign {
        id: String,
        #[serde(default)]
        offset: Option<usize>,
    },
    /// Who a campaign draft reaches and who is left out (and why), each message filled; a page
    /// of the rows from `offset`.
    CampaignPreview {
        draft: Value,
        #[serde(default)]
        offset: usize,
    },
    /// Creates the campaign of a draft (the preview worked out again).
    SaveCampaign {
        draft: Value,
    },
    /// "Open next chat" (`index`: reopen that recipient's chat).
    CampaignOpen {
        id: String,
        #[serde(default)]
        index: Option<usize>,
    },
    /// Marks a recipient: "sent", "skipped", "failed" (with a reason) or "pending" again.
    CampaignMark {
        id: String,
        index: usize,
        status: String,
        #[serde(default)]
        reason: String,
    },
    /// Pause (or resume); `later`: pause and remind at that time.
    CampaignPause {
        id: String,
        paused: bool,
        #[serde(default)]
        later: Option<i64>,
    },
    DeleteCampaign {
        id: String,
    },
    /// A new campaign of those the campaign has not reached yet.
    NextRound {
        id: String,
        #[serde(default)]
        name: String,
    },
    /// A campaign's results as CSV.
    ExportCampaign {
        id: String,
    },
    /// Numbers (one per line) added to the opt-out list, or removed from it.
    OptOut {
        numbers: String,
        #[serde(default)]
        remove: bool,
    },
    /// The Usage page: the counters, and whether "Help improve Contakt" is on.
    Counters,
    /// "Help improve Contakt" on or off (off discards what was queued at once).
    SetTelemetry {
        on: bool,
    },
    /// "Reset" on the Usage page: the counters cleared, the cohort id rotated.
    ResetUsage,
    /// Removes everything Contakt keeps; it is then as freshly installed.
    EraseEverything,
    Contacts,
    SaveContact {
        contact: Value,
    },
    SaveContactForm {
        form: Value,
    },
    /// `reminders`: what to do with the contact's reminders ("delete" or "keep").
    DeleteContact {
        id: String,
        #[serde(default)]
        reminders: Option<String>,
    },
    MergeContacts {
        ids: Vec<String>,
    },
    Tags,
    TagChange {
        change: Value,
    },
    Templates,
    SaveTemplate {
        template: Value,
    },
    DeleteTemplate {
        id: String,
    },
    Reminders,
    SaveReminder {
        draft: Value,
    },
    /// "done", "cancel" or "snooze" (for `minutes`, by default [`SNOOZE_MINUTES`]).
    UpdateReminder {
        id: String,
        action: String,
        #[serde(default)]
        minutes: Option<i64>,
    },
    OpenReminder {
        id: String,
    },
    /// The people of a file, as the options page's module read them (`import::plan::read`),
    /// imported with the user's choices.
    ImportContacts {
        people: Value,
        kind: Value,
        choice: Value,
        #[serde(default)]
        overrides: Value,
    },
    /// The backup as JSON text (the options page encrypts it when the user gives a passphrase).
    Backup,
    /// A backup file (base64), decrypted by the options page when it was encrypted.
    RestoreBackup {
        file: String,
        mode: Value,
    },
    /// The popup's first view, kept ready in session storage (after settings or history change).
    RefreshView,
    /// The user stops a long request of theirs (a restore, an import) that carried `ticket`:
    /// the worker makes none of its writes if they have not begun to commit. Answered beside
    /// the writes (it reads and writes nothing).
    Cancel {
        ticket: String,
    },

    // ---- From the content script on a web page; `host` is the sender's, set by the worker.
    PageConfig {
        host: String,
    },
    FindInPage {
        host: String,
        #[serde(default)]
        texts: Vec<String>,
    },
    MessageNumber {
        e164: String,
        #[serde(default)]
        platform: Option<String>,
    },
    /// "Save as contact" on a page: never saved from there; the options page opens with the
    /// number in a new contact's form, and the user saves it (or not).
    SaveNumber {
        e164: String,
        #[serde(default)]
        host: String,
    },

    // ---- Browser events.
    /// The worker started: migrate stored data, fire what came due, rebuild alarms and badge.
    Started,
    /// Installed or updated (`reason` as the browser says): menus, first-run settings.
    Installed {
        reason: String,
    },
    Alarm {
        name: String,
    },
    MenuClick {
        menu_item_id: String,
        #[serde(default)]
        selection_text: Option<String>,
        #[serde(default)]
        link_url: Option<String>,
    },
    /// A keyboard command; `selection` is the page's selected text, `None` when no page answered.
    Command {
        command: String,
        #[serde(default)]
        selection: Option<String>,
    },
    NotificationButton {
        id: String,
        index: usize,
    },
    /// A click on the notification itself: its main action (the first button's). Browsers
    /// without notification buttons (Firefox) offer only this; the other actions are in the
    /// popup.
    NotificationClick {
        id: String,
    },
    /// The telemetry server answered the batch of the queued events numbered below `through`
    /// with HTTP `status` (0: no answer at all).
    TelemetrySent {
        through: u64,
        status: u16,
    },
    /// The user granted or withdrew an optional permission; `pages`: Contakt now has access to
    /// pages. Detection follows the settings again, and turns on if the user asked for it
    /// ([`Request::WantDetection`]) a moment ago.
    AccessChanged {
        #[serde(default)]
        pages: bool,
    },
}

/// Which stored keys a request reads, per storage area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Needs {
    /// Who may send it: "extension" (Contakt's pages), "page" (the content script on a web
    /// page, answered only about that page), or "browser" (the worker's own events).
    pub origin: &'static str,
    /// Whether it may write: the worker runs such requests one at a time.
    pub writes: bool,
    /// Whether the effects go before the writes: a chat the user asked for opens even when
    /// recording it fails (storage full), and the reply then says it was not recorded.
    pub effects_first: bool,
    pub local: Keys,
    pub sync: Keys,
    pub session: Keys,
}

/// Keys of one area: some (none when empty), or all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Keys {
    Some(Vec<&'static str>),
    #[default]
    #[serde(serialize_with = "all")]
    All,
}

fn all<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("all")
}

impl Keys {
    fn of(keys: &[&'static str]) -> Keys {
        Keys::Some(keys.to_vec())
    }
    /// Whether `key` is read.
    pub fn has(&self, key: &str) -> bool {
        match self {
            Keys::All => true,
            Keys::Some(k) => k.contains(&key),
        }
    }
}

/// The stored data a request reads: one object per area with the keys [`needs`] named.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Stored {
    pub local: Map<String, Value>,
    pub sync: Map<String, Value>,
    pub session: Map<String, Value>,
}

impl Stored {
    fn local(&self, key: &str) -> &Value {
        self.local.get(key).unwrap_or(&Value::Null)
    }
    fn sync(&self, key: &str) -> &Value {
        self.sync.get(key).unwrap_or(&Value::Null)
    }
    fn session(&self, key: &str) -> &Value {
        self.session.get(key).unwrap_or(&Value::Null)
    }
}

/// What the core cannot know by itself: the browser's clock, zones, language, ids and randomness.
pub trait Env {
    /// Milliseconds since the Unix epoch.
    fn now(&self) -> i64;
    /// The user's IANA time zone.
    fn zone_name(&self) -> &str;
    /// Offsets of a zone by IANA name (an unknown one acts as UTC).
    fn zone(&self, name: &str) -> Box<dyn Zone>;
    /// The browser's language (e.g. "de-DE"): first-run country.
    fn locale(&self) -> &str;
    /// The extension's version (written into backups).
    fn app_version(&self) -> &str;
    /// A new unique id (a uuid).
    fn new_id(&mut self) -> String;
    /// Cryptographic random bytes; `false` when there are none.
    fn random(&mut self, out: &mut [u8]) -> bool;
}

/// A request refused: a stable `code`, the field it concerns, and what to tell the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    pub msg: Msg,
}

impl Failure {
    pub fn new(code: &'static str, msg: Msg) -> Failure {
        Failure { code, field: None, msg }
    }
    pub fn on(mut self, field: &'static str) -> Failure {
        self.field = Some(field);
        self
    }
}

/// The storage changes of one request: at most one `set` and one `remove` per area.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Writes {
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub local_set: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_remove: Vec<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub sync_set: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sync_remove: Vec<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub session_set: Map<String, Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub session_remove: Vec<String>,
}

impl Writes {
    pub fn is_empty(&self) -> bool {
        self == &Writes::default()
    }
    fn local(&mut self, key: &str, value: impl Serialize) {
        self.local_set.insert(key.into(), to_value(value));
    }
    fn sync(&mut self, key: &str, value: impl Serialize) {
        self.sync_set.insert(key.into(), to_value(value));
    }
    fn session(&mut self, key: &str, value: impl Serialize) {
        self.session_set.insert(key.into(), to_value(value));
    }
}

fn to_value(value: impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A right-click menu item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MenuItem {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    pub title: Msg,
    pub contexts: Vec<&'static str>,
    pub target_url_patterns: Vec<&'static str>,
}

/// What the browser must do after the writes, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Effect {
    /// A new tab with this URL (a chat link).
    OpenTab {
        url: String,
    },
    /// A notification (`id` replaces an earlier one with the same id).
    Notify {
        id: String,
        title: Msg,
        message: Msg,
        buttons: Vec<Msg>,
    },
    ClearNotification {
        id: String,
    },
    /// The alarms whose names start with `prefix` must be exactly these.
    Alarms {
        prefix: &'static str,
        alarms: Vec<(String, i64)>,
    },
    Badge {
        text: String,
        colour: &'static str,
    },
    /// Open the popup (a send waits there); when the browser refuses, show `otherwise`.
    OpenPopup {
        otherwise: Box<Effect>,
    },
    /// Replace the right-click menu.
    Menus {
        items: Vec<MenuItem>,
    },
    /// Number detection on pages: the content script registered (when the user granted
    /// Contakt access to pages) or unregistered; `release`: the user just turned detection
    /// off, so the access to pages is given back too.
    Detection {
        on: bool,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        release: bool,
    },
    /// Post this batch of telemetry events (`count` of them, the queue's up to number
    /// `through`) to the server; answer with `telemetrySent {through, status}`.
    SendTelemetry {
        count: usize,
        through: u64,
        batch: Value,
    },
    /// The user turned telemetry off: give back the access to the server.
    TelemetryAccess {
        release: bool,
    },
    /// Give back the clipboard permission (Erase everything).
    ClipboardAccess {
        release: bool,
    },
}

/// The answer to a request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub reply: Result<Value, Failure>,
    pub writes: Writes,
    pub effects: Vec<Effect>,
}

impl Outcome {
    fn reply(value: impl Serialize) -> Outcome {
        Outcome { reply: Ok(to_value(value)), writes: Writes::default(), effects: Vec::new() }
    }
    fn fail(failure: Failure) -> Outcome {
        Outcome { reply: Err(failure), writes: Writes::default(), effects: Vec::new() }
    }
}

/// What a handler returns before writes are known to be allowed.
type Handled = Result<Outcome, Failure>;

/// The stored keys a request needs (always local `schema`: writes are refused on data from a
/// newer Contakt).
pub fn needs(request: &Request) -> Needs {
    use Request::*;
    let of = Keys::of;
    // What sending records, and what a send from a page may leave in session storage: a
    // number handed to the popup, and a selection's other numbers on offer.
    const SEND: [&str; 4] = ["schema", "history", "counters", "telemetry"];
    const SEND_FOR_CONTACT: [&str; 5] = ["schema", "history", "counters", "telemetry", "contacts"];
    const REMINDER_WORK: [&str; 6] = ["schema", "history", "counters", "telemetry", "contacts", "reminders"];
    const USAGE: [&str; 3] = ["schema", "counters", "telemetry"];
    const HANDED: [&str; 2] = ["pending", "offer"];
    const CAMPAIGNS: [&str; 3] = ["schema", "campaigns", "opt_out"];
    let (local, sync, session): (Keys, Keys, Keys) = match request {
        State => (of(&["schema", "history"]), of(&["settings"]), of(&["pending"])),
        View => (of(&["schema", "history"]), of(&["settings"]), of(&[])),
        RefreshView => (of(&VIEW_LOCAL), of(&VIEW_SYNC), of(&["view"])),
        Cancel { .. } => (of(&[]), of(&[]), of(&[])),
        TakePending => (of(&["schema"]), of(&[]), of(&["pending"])),
        TakePageSave => (of(&["schema"]), of(&[]), of(&[page_guard::PAGE_SAVE])),
        SaveSettings { .. } | SetDetection { .. } => (of(&["schema"]), of(&["settings"]), of(&[data::DETECTION_WANTED])),
        WantDetection { .. } => (of(&["schema"]), of(&[]), of(&[data::DETECTION_WANTED])),
        Send { contact_id: Some(_), .. } => (of(&SEND_FOR_CONTACT), of(&["settings"]), of(&[])),
        Send { .. } | Resend { .. } => (of(&SEND), of(&["settings"]), of(&[])),
        MessageNumber { .. } => (of(&SEND), of(&["settings"]), of(&["pending", "offer", page_guard::PAGE_ACTIONS])),
        Command { .. } => (of(&SEND), of(&["settings"]), of(&HANDED)),
        MenuClick { .. } => (of(&SEND_FOR_CONTACT), of(&["settings"]), of(&HANDED)),
        ClearHistory | DeleteHistory { .. } => (of(&["schema", "history"]), of(&[]), of(&[])),
        History { .. } | Trouble { .. } => (of(&["schema", "history"]), of(&["settings"]), of(&[])),
        Campaigns | Campaign { .. } | ExportCampaign { .. } => (of(&CAMPAIGNS), of(&["settings"]), of(&[])),
        // Templates are one synced item each: all of sync is read.
        CampaignPreview { .. } => (of(&["schema", "contacts", "opt_out"]), Keys::All, of(&[])),
        SaveCampaign { .. } => (of(&["schema", "contacts", "opt_out", "campaigns"]), Keys::All, of(&[])),
        CampaignOpen { .. } => (of(&["schema", "history", "counters", "telemetry", "campaigns", "opt_out"]), of(&["settings"]), of(&[])),
        CampaignMark { .. } => (of(&["schema", "campaigns", "history"]), of(&["settings"]), of(&[])),
        CampaignPause { .. } | DeleteCampaign { .. } | NextRound { .. } => (of(&CAMPAIGNS), of(&["settings"]), of(&[])),
        OptOut { .. } => (of(&["schema", "opt_out"]), of(&["settings"]), of(&[])),
        Alarm { name } if name.starts_with(crate::campaigns::ALARM_PREFIX) => (of(&["schema", "campaigns"]), of(&[]), of(&[])),
        Counters | SetTelemetry { .. } | ResetUsage | TelemetrySent { .. } => (of(&USAGE), of(&[]), of(&[])),
        Contacts => (of(&["schema", "contacts"]), of(&["settings"]), of(&[])),
        MergeContacts { .. } => (of(&["schema", "contacts"]), of(&[]), of(&[])),
        SaveNumber { .. } => (of(&["schema"]), of(&["settings"]), of(&[page_guard::PAGE_ACTIONS, page_guard::PAGE_SAVE])),
        SaveContact { .. } | SaveContactForm { .. } | ImportContacts { .. } => {
            (of(&["schema", "contacts", "counters", "telemetry"]), of(&["settings"]), of(&[]))
        }
        DeleteContact { .. } => (of(&["schema", "contacts", "reminders"]), of(&[]), of(&[])),
        Tags | TagChange { .. } => (of(&["schema", "contacts"]), of(&["tags"]), of(&[])),
        // Templates are one synced item each, listed by key prefix: all of sync is read.
        Templates | SaveTemplate { .. } | DeleteTemplate { .. } => (of(&["schema"]), Keys::All, of(&[])),
        Reminders | UpdateReminder { .. } => (of(&["schema", "reminders"]), of(&[]), of(&[])),
        SaveReminder { .. } => (of(&["schema", "reminders", "contacts", "counters", "telemetry"]), of(&["settings"]), of(&[])),
        OpenReminder { .. } | Alarm { .. } => (of(&REMINDER_WORK), of(&["settings"]), of(&["pending"])),
        NotificationButton { .. } | NotificationClick { .. } => (of(&REMINDER_WORK), of(&["settings"]), of(&HANDED)),
        Backup => (Keys::All, Keys::All, of(&[])),
        EraseEverything => (Keys::All, Keys::All, Keys::All),
        RestoreBackup { .. } => (Keys::All, Keys::All, of(&[])),
        PageConfig { .. } | FindInPage { .. } => (of(&[]), of(&["settings"]), of(&[])),
        Started => (Keys::All, of(&["settings"]), of(&["pending", "view"])),
        Installed { .. } => (of(&["schema"]), of(&["settings"]), of(&[])),
        AccessChanged { .. } => (of(&["schema"]), of(&["settings"]), of(&[data::DETECTION_WANTED])),
    };
    let origin = match request {
        PageConfig { .. } | FindInPage { .. } | MessageNumber { .. } | SaveNumber { .. } => "page",
        Started
        | Installed { .. }
        | AccessChanged { .. }
        | Alarm { .. }
        | MenuClick { .. }
        | Command { .. }
        | NotificationButton { .. }
        | NotificationClick { .. }
        | TelemetrySent { .. } => "browser",
        _ => "extension",
    };
    // Requests that only read may run beside the writes; a backup waits for them (it must never
    // catch a restore or an erase half way).
    let writes = !matches!(
        request,
        Cancel { .. }
            | View
            | Counters
            | Contacts
            | Tags
            | Templates
            | Reminders
            | PageConfig { .. }
            | FindInPage { .. }
            | History { .. }
            | Trouble { .. }
            | Campaigns
            | Campaign { .. }
            | CampaignPreview { .. }
            | ExportCampaign { .. }
    );
    // Opening the chat the user asked for comes first; the history and counters after.
    let effects_first =
        matches!(request, Send { .. } | Resend { .. } | MessageNumber { .. } | MenuClick { .. } | Command { .. } | OpenReminder { .. } | CampaignOpen { .. });
    Needs { origin, writes, effects_first, local, sync, session }
}

/// The stored keys the popup's first view shows (kept in session storage as `view`): when one
/// of them changes, the worker asks for [`Request::RefreshView`].
pub const VIEW_LOCAL: [&str; 2] = ["schema", "history"];
pub const VIEW_SYNC: [&str; 1] = ["settings"];

/// Answers a request. `stored` holds what [`needs`] named; writes and effects are empty when
/// the reply is a failure, unless the failure itself must be shown (a notification).
pub fn handle(request: Request, stored: &Stored, env: &mut dyn Env) -> Outcome {
    use Request::*;
    let handled: Handled = match request {
        State => data::state(stored, env, true),
        View => data::state(stored, env, false),
        TakePending => data::take_pending(stored),
        TakePageSave => Ok(page_guard::take_save(stored)),
        SaveSettings { settings } => data::save_settings(stored, env, settings),
        SetDetection { enabled, host, exclude } => data::set_detection(stored, env, enabled, host, exclude),
        ClearHistory => writable(stored).map(|_| {
            let mut out = Outcome::reply(Value::Null);
            out.writes.local("history", Vec::<Value>::new());
            out
        }),
        DeleteHistory { id } => data::delete_history(stored, &id),
        History { query } => data::search_history(stored, env, &query),
        Trouble { id } => data::trouble(stored, env, &id),
        Campaigns => campaigns::list(stored, env),
        Campaign { id, offset } => campaigns::view(stored, env, &id, offset),
        CampaignPreview { draft, offset } => campaigns::preview(stored, env, draft, offset),
        SaveCampaign { draft } => campaigns::save(stored, env, draft),
        CampaignOpen { id, index } => campaigns::open(stored, env, &id, index),
        CampaignMark { id, index, status, reason } => campaigns::mark(stored, env, &id, index, &status, &reason),
        CampaignPause { id, paused, later } => campaigns::pause(stored, env, &id, paused, later),
        DeleteCampaign { id } => campaigns::delete(stored, &id),
        NextRound { id, name } => campaigns::next_round(stored, env, &id, &name),
        ExportCampaign { id } => campaigns::export(stored, &id),
        OptOut { numbers, remove } => campaigns::opt_out_change(stored, env, &numbers, remove),
        Counters => Ok(Outcome::reply(usage::view(stored))),
        EraseEverything => Ok(data::erase_everything(stored, env)),
        SetTelemetry { on } => usage::set_telemetry(stored, env, on),
        ResetUsage => usage::reset(stored, env),
        TelemetrySent { through, status } => Ok(usage::sent(stored, env, through, status)),
        RefreshView => data::refresh_view(stored, env),
        Cancel { .. } => Ok(Outcome::reply(Value::Null)),
        Templates => Ok(Outcome::reply(data::templates(stored))),
        SaveTemplate { template } => data::save_template(stored, env, template),
        DeleteTemplate { id } => writable(stored).map(|_| {
            let mut out = Outcome::reply(Value::Null);
            out.writes.sync_remove.push(format!("template:{id}"));
            out
        }),
        ImportContacts { people, kind, choice, overrides } => data::import(stored, env, people, kind, choice, overrides),
        Backup => data::backup(stored, env),
        RestoreBackup { file, mode } => data::restore(stored, env, &file, mode),
        PageConfig { host } => Ok(data::page_config(stored, env, &host)),
        FindInPage { host, texts } => data::find_in_page(stored, env, &host, texts),
        Installed { reason } => Ok(data::installed(stored, env, &reason)),
        AccessChanged { pages } => data::access_changed(stored, env, pages),
        WantDetection { wanted } => data::want_detection(stored, env, wanted),

        Send { number, platform, text, contact_id, template } => {
            messaging::send_request(stored, env, &number, &platform, &text, contact_id.as_deref()).map(|mut out| {
                if let (Some(_), Ok(plan)) = (template.filter(|t| !t.is_empty()), &out.reply) {
                    if let Some(platform) = plan["link"]["platform"].as_str().and_then(crate::links::Platform::from_id) {
                        usage::note(stored, env, &mut out, usage::Happened::Template { platform });
                    }
                }
                out
            })
        }
        Resend { id } => messaging::resend(stored, env, &id),
        MessageNumber { e164, platform } => match page_guard::admit(stored, env) {
            Ok(admitted) => messaging::from_page(stored, env, &e164, platform.as_deref()).map(|out| admitted.into(out)),
            Err(refused) => Ok(messaging::failure_notified(refused)),
        },
        MenuClick { menu_item_id, selection_text, link_url } => messaging::menu_click(stored, env, &menu_item_id, selection_text, link_url),
        Command { command, selection } => messaging::command(stored, env, &command, selection),
        NotificationButton { id, .. } | NotificationClick { id } if id.starts_with(crate::campaigns::ALARM_PREFIX) => Ok(campaigns::notification(&id)),
        NotificationButton { id, index } => reminders::notification_button(stored, env, &id, index),
        NotificationClick { id } => reminders::notification_button(stored, env, &id, 0),

        Contacts => Ok(contacts::list(stored, env)),
        SaveContact { contact } => contacts::save(stored, env, contact),
        SaveContactForm { form } => contacts::save_form(stored, env, form),
        SaveNumber { e164, host } => match page_guard::admit(stored, env) {
            Ok(admitted) => Ok(admitted.into(page_guard::save_from_page(stored, env, &e164, &host))),
            Err(refused) => Ok(messaging::failure_notified(refused)),
        },
        DeleteContact { id, reminders } => contacts::delete(stored, &id, reminders.as_deref()),
        MergeContacts { ids } => contacts::merge(stored, env, &ids),
        Tags => Ok(contacts::tags(stored)),
        TagChange { change } => contacts::tag_change(stored, env, change),

        Reminders => Ok(reminders::list(stored, env)),
        SaveReminder { draft } => reminders::save(stored, env, draft),
        UpdateReminder { id, action, minutes } => reminders::update(stored, env, &id, &action, minutes),
        OpenReminder { id } => reminders::open(stored, env, &id),
        Alarm { name } if name == usage::FLUSH_ALARM => Ok(usage::flush(stored)),
        Alarm { name } if name.starts_with(crate::campaigns::ALARM_PREFIX) => campaigns::alarm(stored, env, &name),
        Alarm { name } => match name.starts_with("reminder:") {
            true => reminders::process_due(stored, env),
            false => Ok(Outcome::reply(Value::Null)),
        },
        Started => reminders::started(stored, env),
    };
    handled.unwrap_or_else(Outcome::fail)
}

/// Reads a request sent as JSON; a malformed one is refused with the reason.
pub fn request_of(value: Value) -> Result<Request, Failure> {
    tagged(value, "type").map_err(|why| Failure::new("refused", msg!("bad_request", why)))
}

/// Reads `T`, an enum sent internally tagged (`{ "<tag>": "send", "number": … }`), by handing
/// serde the externally tagged form (`{ "send": { "number": … } }`): serde's own internally
/// tagged enums buffer every field first, and their code was the largest in the wasm. A
/// variant without fields of its own is its name alone; the map form is tried first, so
/// fields a variant does not use are ignored, as serde's internal tagging ignores them.
pub(crate) fn tagged<T: serde::de::DeserializeOwned>(value: Value, tag: &str) -> Result<T, String> {
    let Value::Object(mut fields) = value else {
        return Err("a map was expected".into());
    };
    let Some(Value::String(kind)) = fields.remove(tag) else {
        return Err(format!("missing field `{tag}`"));
    };
    serde_json::from_value(Value::Object(Map::from_iter([(kind.clone(), Value::Object(fields))])))
        .or_else(|e| serde_json::from_value(Value::String(kind)).map_err(|_| e))
        .map_err(|e| e.to_string())
}

/// Writes are refused while the stored data is from a newer Contakt (left untouched).
fn writable(stored: &Stored) -> Result<(), Failure> {
    let mut probe = Map::new();
    if let Some(v) = stored.local.get("schema") {
        probe.insert("schema".into(), v.clone());
    }
    match schema::version_of(&probe) {
        Ok(v) if v > schema::CURRENT => Err(Failure::new("schema", schema::SchemaError::Newer(v).msg())),
        Ok(_) => Ok(()),
        Err(e) => Err(Failure::new("schema", e.msg())),
    }
}

/// The stored settings, read for this browser's language.
fn settings(stored: &Stored, env: &dyn Env) -> Settings {
    Settings::from_stored(stored.sync("settings"), env.locale())
}

/// A value a page sent, read as `T`, or refused naming what it is.
fn read<T: serde::de::DeserializeOwned>(value: Value, code: &'static str, what: Msg) -> Result<T, Failure> {
    serde_json::from_value(value).map_err(|e| unreadable(code, what, e.to_string()))
}

/// As [`read`], for an enum sent internally tagged by `tag` (see [`tagged`]).
fn read_tagged<T: serde::de::DeserializeOwned>(value: Value, tag: &str, code: &'static str, what: Msg) -> Result<T, Failure> {
    tagged(value, tag).map_err(|why| unreadable(code, what, why))
}

/// `what` could not be read, and why.
fn unreadable(code: &'static str, what: Msg, why: String) -> Failure {
    Failure::new(code, msg!("unreadable", what, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_needs_the_schema() {
        for r in [Request::View, Request::Templates, Request::Started, Request::Backup] {
            assert!(needs(&r).local.has("schema"));
        }
    }
}
