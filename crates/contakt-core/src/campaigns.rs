//! Local campaigns: one message to many people, which the user sends one chat at a time.
//! Contakt never presses Send: it opens each recipient's chat with the filled message, and the
//! user marks what happened (sent, skipped, failed with a reason).
//!
//! Everything here is a rule: who is a recipient and who is excluded (and why), the filled
//! message of each, the statuses and which changes between them are allowed, where a paused
//! campaign resumes, the next round of a campaign, and its results as CSV. Ids and times come
//! in as arguments.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::contacts::Contact;
use crate::links::Platform;
use crate::msg;
use crate::templates;
use crate::words::Msg;

/// Local storage keys: the campaigns (one list), and the numbers that asked not to be messaged.
pub const KEY: &str = "campaigns";
pub const OPT_OUT_KEY: &str = "opt_out";
/// The alarm of a campaign continued later: `campaign:<id>`.
pub const ALARM_PREFIX: &str = "campaign:";
/// The most recipients one campaign holds.
pub const MAX_RECIPIENTS: usize = 20_000;
/// The longest campaign name.
pub const MAX_NAME_CHARS: usize = 100;
/// The pace Contakt suggests (new chats an hour): messengers restrict accounts that start many
/// chats with people who have not saved their number. Shown, never enforced.
pub const SUGGESTED_PER_HOUR: usize = 30;

/// Where a recipient stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not reached yet.
    Pending,
    /// Their chat was opened; the user has not said what happened.
    Opened,
    Sent,
    Skipped,
    Failed,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Pending, Status::Opened, Status::Sent, Status::Skipped, Status::Failed];

    pub fn id(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Opened => "opened",
            Status::Sent => "sent",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

/// Why a status cannot change as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Sent or Failed before the chat was opened.
    NotOpened,
    /// Opened is reached only by opening the chat.
    OpenOnly,
    /// It already has this status.
    Already,
    /// Failed needs a reason.
    NoReason,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotOpened => "not_opened",
            Refusal::OpenOnly => "open_only",
            Refusal::Already => "already",
            Refusal::NoReason => "reason_needed",
        }
    }
    pub fn msg(self) -> Msg {
        match self {
            Refusal::NotOpened => msg!("campaign_not_opened"),
            Refusal::OpenOnly => msg!("campaign_open_only"),
            Refusal::Already => msg!("campaign_already"),
            Refusal::NoReason => msg!("campaign_reason_needed"),
        }
    }
}

/// The changes a user may make by marking. Pending → Opened happens only by opening the chat;
/// Sent and Failed need a chat that was `opened` at some time (never for one skipped unopened);
/// a marked recipient can be corrected or put back in the queue (Pending).
pub fn transition(from: Status, to: Status, reason: &str, opened: bool) -> Result<(), Refusal> {
    use Status::*;
    if from == to {
        return Err(Refusal::Already);
    }
    match (from, to) {
        (_, Opened) => Err(Refusal::OpenOnly),
        (_, Sent | Failed) if !opened => Err(Refusal::NotOpened),
        (_, Failed) if reason.trim().is_empty() => Err(Refusal::NoReason),
        _ => Ok(()),
    }
}

/// What becomes of the recipient whose chat is open when the user opens the next one without
/// marking it (a setting).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveOn {
    /// Left as opened (the results say so).
    #[default]
    Unmarked,
    Sent,
    Skipped,
}

impl MoveOn {
    fn status(self) -> Status {
        match self {
            MoveOn::Unmarked => Status::Opened,
            MoveOn::Sent => Status::Sent,
            MoveOn::Skipped => Status::Skipped,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    pub e164: String,
    pub text: String,
    pub status: Status,
    /// Why it failed or was skipped (the user's words, or a code's text in the results).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// When the status last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// The user included this number although it had asked not to be messaged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub opted_out_ok: bool,
    /// The history entry of the last opening (its status follows the marking).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_id: Option<String>,
    /// When their chat was last opened (only an opened chat can be marked sent or failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: String,
    pub name: String,
    pub platform: Platform,
    /// The message as written (variables and all), for the next round.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Stored as one JSON string (see [`packed`]).
    #[serde(with = "packed")]
    pub recipients: Vec<Recipient>,
    /// The recipient whose chat was opened last: where the campaign goes on.
    #[serde(default)]
    pub current: Option<usize>,
    #[serde(default)]
    pub paused: bool,
    /// Continued later: when the reminder comes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_at: Option<i64>,
    pub created: i64,
    pub updated: i64,
}

/// A campaign's recipients are stored as one JSON string instead of 10,000 objects: Chrome's
/// storage writes and reads a string several times faster (1.3 MB: about 50 ms to write and
/// 20 ms to read, against 100–230 ms and 85 ms as objects), and "Open next chat" rewrites it.
/// A list of objects (a hand-made backup) is read too.
pub mod packed {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Recipient;

    pub fn serialize<S: Serializer>(list: &[Recipient], s: S) -> Result<S::Ok, S::Error> {
        serde_json::to_string(list).map_err(serde::ser::Error::custom)?.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Recipient>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Text(String),
            List(Vec<Recipient>),
        }
        match Stored::deserialize(d)? {
            Stored::Text(text) => serde_json::from_str(&text).map_err(serde::de::Error::custom),
            Stored::List(list) => Ok(list),
        }
    }
}

/// Counts by status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub pending: usize,
    pub opened: usize,
    pub sent: usize,
    pub skipped: usize,
    pub failed: usize,
}

impl Campaign {
    pub fn counts(&self) -> Counts {
        let mut c = Counts { total: self.recipients.len(), ..Counts::default() };
        for r in &self.recipients {
            *match r.status {
                Status::Pending => &mut c.pending,
                Status::Opened => &mut c.opened,
                Status::Sent => &mut c.sent,
                Status::Skipped => &mut c.skipped,
                Status::Failed => &mut c.failed,
            } += 1;
        }
        c
    }

    /// "ready" (nothing opened yet), "running", "paused", or "done" (no one left pending).
    pub fn state(&self) -> &'static str {
        let c = self.counts();
        match () {
            _ if c.pending == 0 => "done",
            _ if self.paused => "paused",
            _ if self.recipients.iter().all(|r| r.status == Status::Pending) => "ready",
            _ => "running",
        }
    }

    /// The next pending recipient after the current one (wrapping round to those skipped
    /// over by reopening an earlier chat), or none when everyone was reached.
    pub fn next_pending(&self) -> Option<usize> {
        let n = self.recipients.len();
        let start = self.current.map_or(0, |c| c + 1);
        (0..n).map(|k| (start + k) % n.max(1)).find(|&i| self.recipients.get(i).is_some_and(|r| r.status == Status::Pending))
    }

    /// Chats opened in the hour before `now` (for the pace shown beside the button).
    pub fn opened_in_hour(&self, now: i64) -> usize {
        self.recipients.iter().filter(|r| r.opened_at.is_some_and(|at| at > now - 3_600_000 && at <= now)).count()
    }
}

/// The result of [`open_next`]: who is opened now, and who was skipped on the way because
/// they have since asked not to be messaged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub index: usize,
    pub skipped_opted_out: Vec<usize>,
}

/// Opens the next chat (or `index`, to reopen one): the recipient whose chat is open gets the
/// `move_on` marking, numbers that have since opted out (and were not included on purpose)
/// are skipped with that reason, and the chosen one becomes Opened. `None`: no one is left.
pub fn open_next(c: &mut Campaign, index: Option<usize>, move_on: MoveOn, opt_out: &HashSet<String>, now: i64) -> Option<Opening> {
    if let Some(cur) = c.current {
        if Some(cur) != index {
            if let Some(r) = c.recipients.get_mut(cur).filter(|r| r.status == Status::Opened) {
                if move_on != MoveOn::Unmarked {
                    r.status = move_on.status();
                    r.at = Some(now);
                }
            }
        }
    }
    let mut skipped = Vec::new();
    let chosen = loop {
        let i = match index {
            Some(i) => {
                c.recipients.get(i)?;
                i
            }
            None => c.next_pending()?,
        };
        let r = &mut c.recipients[i];
        if index.is_none() && opt_out.contains(&r.e164) && !r.opted_out_ok {
            r.status = Status::Skipped;
            r.reason = OPTED_OUT.into();
            r.at = Some(now);
            skipped.push(i);
            continue;
        }
        break i;
    };
    let r = &mut c.recipients[chosen];
    r.status = Status::Opened;
    r.reason.clear();
    r.at = Some(now);
    r.opened_at = Some(now);
    c.current = Some(chosen);
    c.paused = false;
    c.resume_at = None;
    c.updated = now;
    Some(Opening { index: chosen, skipped_opted_out: skipped })
}

/// The reason written for a recipient skipped because they opted out.
pub const OPTED_OUT: &str = "opted out";

/// Marks recipient `index` (after [`transition`] allows it).
pub fn mark(c: &mut Campaign, index: usize, to: Status, reason: &str, now: i64) -> Result<(), Refusal> {
    let r = c.recipients.get_mut(index).ok_or(Refusal::Already)?;
    // Opened at some time: said by `opened_at`, or by a status only an opened chat has (data
    // from before `opened_at` was kept).
    let opened = r.opened_at.is_some() || matches!(r.status, Status::Opened | Status::Sent | Status::Failed);
    transition(r.status, to, reason, opened)?;
    r.status = to;
    r.reason = match to {
        Status::Failed | Status::Skipped => reason.trim().chars().take(200).collect(),
        _ => String::new(),
    };
    r.at = Some(now);
    c.updated = now;
    Ok(())
}

/// One person the campaign could reach: from a contact or a file's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub name: String,
    pub contact_id: Option<String>,
    /// As written (for the preview when it does not parse).
    pub raw: String,
    pub e164: Option<String>,
    /// Borrowed from an address book held in memory, or owned when read for this question.
    pub contact: std::borrow::Cow<'a, Contact>,
}

impl<'a> Candidate<'a> {
    /// The name the user's choice to include this candidate goes by (see [`Row::key`]).
    pub fn key(&self, index: usize) -> String {
        match &self.contact_id {
            Some(id) => format!("c:{id}"),
            None => format!("r:{index}"),
        }
    }

    /// A contact as a candidate: the number labelled WhatsApp first for WhatsApp, else the
    /// first that parses, else the first as written.
    pub fn of(contact: std::borrow::Cow<'a, Contact>, platform: Platform, from_file: bool) -> Candidate<'a> {
        let parsed = |n: &&crate::contacts::ContactNumber| n.e164.is_some();
        let whatsapp = matches!(platform, Platform::Whatsapp | Platform::WhatsappBusiness);
        let number = contact
            .numbers
            .iter()
            .filter(parsed)
            .find(|n| whatsapp && n.label == crate::contacts::NumberLabel::Whatsapp)
            .or_else(|| contact.numbers.iter().find(parsed))
            .or(contact.numbers.first());
        let raw = number.map(|n| n.raw.clone()).unwrap_or_default();
        let e164 = number.and_then(|n| n.e164.clone());
        Candidate { name: contact.display_name.clone(), contact_id: (!from_file).then(|| contact.id.clone()), raw, e164, contact }
    }
}

/// Why a candidate is left out until the user includes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Why {
    /// No number, or one that is not a phone number: cannot be included.
    Invalid { msg: Msg },
    /// The number asked not to be messaged.
    OptedOut,
    /// The same number is already a recipient (`first`: the candidate it repeats, `name`:
    /// theirs, or their number).
    Duplicate { first: usize, name: String },
    /// The message leaves variables unfilled for them.
    Unfilled { variables: Vec<String> },
}

impl Why {
    pub fn includable(&self) -> bool {
        !matches!(self, Why::Invalid { .. })
    }
    pub fn msg(&self) -> Msg {
        match self {
            Why::Invalid { msg } => msg!("campaign_why_invalid", msg.clone()),
            Why::OptedOut => msg!("campaign_why_opted_out"),
            Why::Duplicate { name, .. } => msg!("campaign_why_duplicate", name),
            Why::Unfilled { variables } => msg!("campaign_why_unfilled", variables.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join(", ")),
        }
    }
}

/// One candidate in the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Its index among the candidates.
    pub index: usize,
    /// What `include` names it by: its contact's id (`c:<id>`), or its place in a file
    /// (`r:<index>`): a preview and the creation that follows agree on it even when the
    /// address book changed in between.
    pub key: String,
    pub name: String,
    pub number: String,
    pub text: String,
    /// Empty: a recipient. Otherwise why they are left out (unless `included`).
    pub why: Vec<Why>,
    pub included: bool,
}

impl Row {
    pub fn is_recipient(&self) -> bool {
        self.why.is_empty() || self.included
    }
}

/// Fills the message for every candidate and sorts out who is a recipient. `include`: the
/// keys ([`Row::key`]) of left-out candidates the user includes anyway (never an invalid number).
pub fn preview(candidates: &[Candidate], body: &str, opt_out: &HashSet<String>, include: &HashSet<String>, my_number: &str, date: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = candidates
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let rendered = templates::render(body, Some(&c.contact), my_number, date);
            let mut why = Vec::new();
            match &c.e164 {
                None => why.push(Why::Invalid {
                    msg: match c.raw.trim() {
                        "" => msg!("campaign_no_number"),
                        raw => msg!("campaign_not_a_number", raw),
                    },
                }),
                Some(e164) if opt_out.contains(e164) => why.push(Why::OptedOut),
                Some(_) => {}
            }
            let mut variables: Vec<String> = rendered.unknown.iter().chain(&rendered.empty).cloned().collect();
            variables.dedup();
            if !variables.is_empty() {
                why.push(Why::Unfilled { variables });
            }
            let key = c.key(index);
            Row { index, key, name: c.name.clone(), number: c.e164.clone().unwrap_or_else(|| c.raw.clone()), text: rendered.text, why, included: false }
        })
        .collect();
    // A number is claimed by the first candidate who is a recipient (left out for no reason, or
    // included by the user); later ones with the number are repeats. Someone left out claims
    // nothing, so a number is never lost to a repeat of a person who is not messaged.
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::with_capacity(candidates.len());
    for i in 0..rows.len() {
        let Some(e164) = candidates[i].e164.clone() else { continue };
        if let Some(&first) = first_of.get(&e164) {
            let name = match candidates[first].name.trim() {
                "" => e164.clone(),
                name => name.to_string(),
            };
            rows[i].why.push(Why::Duplicate { first, name });
        }
        let row = &mut rows[i];
        row.included = !row.why.is_empty() && row.why.iter().all(Why::includable) && include.contains(&row.key);
        if row.is_recipient() {
            first_of.entry(e164).or_insert(i);
        }
    }
    rows
}

/// What a new campaign is called and sends.
pub struct Head<'a> {
    pub id: String,
    pub name: &'a str,
    pub platform: Platform,
    pub body: &'a str,
    pub template: Option<String>,
}

/// A new campaign of the preview's recipients.
pub fn create(head: Head, candidates: &[Candidate], rows: &[Row], now: i64) -> Campaign {
    let Head { id, name, platform, body, template } = head;
    let recipients = rows
        .iter()
        .filter(|r| r.is_recipient())
        .map(|row| {
            let c = &candidates[row.index];
            Recipient {
                name: c.name.clone(),
                contact_id: c.contact_id.clone(),
                e164: row.number.clone(),
                text: row.text.clone(),
                status: Status::Pending,
                reason: String::new(),
                at: None,
                opted_out_ok: row.why.contains(&Why::OptedOut),
                history_id: None,
                opened_at: None,
            }
        })
        .collect();
    Campaign {
        id,
        name: name.split_whitespace().collect::<Vec<_>>().join(" "),
        platform,
        body: body.to_string(),
        template,
        recipients,
        current: None,
        paused: false,
        resume_at: None,
        created: now,
        updated: now,
    }
}

/// Checks a campaign's name.
pub fn check_name(name: &str) -> Result<(), Msg> {
    let chars = name.trim().chars().count();
    match chars {
        0 => Err(msg!("campaign_no_name")),
        n if n > MAX_NAME_CHARS => Err(msg!("campaign_name_too_long", MAX_NAME_CHARS)),
        _ => Ok(()),
    }
}

/// The next round: the same message to those not reached yet (not reached, skipped or
/// failed; an opened chat left unmarked was most likely sent, so it is not repeated), minus
/// the numbers that have since opted out (unless they were included on purpose). A name too
/// long is cut to [`MAX_NAME_CHARS`].
pub fn next_round(c: &Campaign, id: String, name: String, opt_out: &HashSet<String>, now: i64) -> Campaign {
    let recipients = c
        .recipients
        .iter()
        .filter(|r| matches!(r.status, Status::Pending | Status::Skipped | Status::Failed) && (r.opted_out_ok || !opt_out.contains(&r.e164)))
        .map(|r| Recipient { status: Status::Pending, reason: String::new(), at: None, history_id: None, opened_at: None, ..r.clone() })
        .collect();
    let name = name.chars().take(MAX_NAME_CHARS).collect();
    Campaign { id, name, recipients, current: None, paused: false, resume_at: None, created: now, updated: now, ..c.clone() }
}

/// The results as CSV (every cell guarded against formula injection): name, number, status,
/// reason, when (UTC, ISO 8601), message.
pub fn to_csv(c: &Campaign) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(["Name", "Number", "Status", "Reason", "When", "Message"]);
    for r in &c.recipients {
        let when = r.at.map(iso_utc).unwrap_or_default();
        let row = [r.name.as_str(), r.e164.as_str(), r.status.id(), r.reason.as_str(), when.as_str(), r.text.as_str()];
        let _ = w.write_record(row.iter().map(|cell| crate::export::guard(cell)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
fn iso_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::schedule::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

fn fits(c: &Campaign) -> bool {
    c.recipients.len() <= MAX_RECIPIENTS && c.current.is_none_or(|i| i < c.recipients.len())
}

/// Reads the stored campaigns: those that fit, and how many did not.
pub fn from_stored(stored: &serde_json::Value) -> (Vec<Campaign>, usize) {
    crate::schema::read_list::<Campaign>(stored, fits)
}

/// The stored campaigns that fit, and the items that do not as they are stored: a write of the
/// list puts those back unchanged, so a campaign Contakt cannot read is reported, never erased
/// by the next change to another one.
pub fn split_stored(stored: &serde_json::Value) -> (Vec<Campaign>, Vec<serde_json::Value>) {
    let mut ok = Vec::new();
    let mut kept = Vec::new();
    match stored {
        serde_json::Value::Array(items) => {
            for item in items {
                match Campaign::deserialize(item) {
                    Ok(c) if fits(&c) => ok.push(c),
                    _ => kept.push(item.clone()),
                }
            }
        }
        serde_json::Value::Null => {}
        other => kept.push(other.clone()),
    }
    (ok, kept)
}

/// Reads the opt-out list (E.164 numbers).
pub fn opt_out_of(stored: &serde_json::Value) -> Vec<String> {
    crate::schema::read_list::<String>(stored, |s| s.starts_with('+')).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn every_status_change_is_allowed_or_refused_as_the_table_says() {
        // Rows: from, and whether the chat was ever opened; columns: to (Pending, Opened, Sent,
        // Skipped, Failed). "ok" allowed, else the refusal's code; a Failed marking carries a
        // reason here (tested without below).
        let table: [(Status, bool, [&str; 5]); 7] = [
            (Pending, false, ["already", "open_only", "not_opened", "ok", "not_opened"]),
            (Pending, true, ["already", "open_only", "ok", "ok", "ok"]),
            (Opened, true, ["ok", "already", "ok", "ok", "ok"]),
            (Sent, true, ["ok", "open_only", "already", "ok", "ok"]),
            (Skipped, false, ["ok", "open_only", "not_opened", "already", "not_opened"]),
            (Skipped, true, ["ok", "open_only", "ok", "already", "ok"]),
            (Failed, true, ["ok", "open_only", "ok", "ok", "already"]),
        ];
        for (from, opened, row) in table {
            for (to, want) in Status::ALL.into_iter().zip(row) {
                let got = transition(from, to, "no account", opened).map_or_else(|r| r.code(), |_| "ok");
                assert_eq!(got, want, "{from:?} (opened: {opened}) -> {to:?}");
            }
        }
        for from in [Opened, Sent, Skipped] {
            assert_eq!(transition(from, Failed, "  ", true), Err(Refusal::NoReason));
        }
        assert_eq!(transition(Opened, Skipped, "", true), Ok(()));
    }

    fn contact(id: &str, name: &str, first: &str, number: Option<(&str, Option<&str>)>) -> Contact {
        Contact {
            id: id.into(),
            display_name: name.into(),
            first_name: first.into(),
            numbers: number
                .map(|(raw, e164)| vec![crate::contacts::ContactNumber { label: Default::default(), raw: raw.into(), e164: e164.map(Into::into) }])
                .unwrap_or_default(),
            ..Contact::default()
        }
    }

    fn candidates() -> Vec<Candidate<'static>> {
        [
            contact("a", "Ana", "Ana", Some(("+44 20 7946 0958", Some("+442079460958")))),
            contact("b", "Ben", "Ben", Some(("12", None))),
            contact("c", "Cleo", "Cleo", Some(("+1 201 555 0123", Some("+12015550123")))),
            contact("d", "Dev", "Dev", Some(("020 7946 0958", Some("+442079460958")))),
            contact("e", "Eve", "", Some(("+33 6 12 34 56 78", Some("+33612345678")))),
            contact("f", "Fay", "Fay", None),
        ]
        .into_iter()
        .map(|c| Candidate::of(std::borrow::Cow::Owned(c), Platform::Whatsapp, false))
        .collect()
    }

    #[test]
    fn every_exclusion_rule_says_why_and_only_valid_numbers_can_be_included() {
        let opt_out: HashSet<String> = ["+12015550123".to_string()].into();
        let rows = preview(&candidates(), "Hi {first_name}", &opt_out, &HashSet::new(), "", "");
        let why: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| {
                r.why
                    .iter()
                    .map(|w| match w {
                        Why::Invalid { .. } => "invalid",
                        Why::OptedOut => "opted_out",
                        Why::Duplicate { .. } => "duplicate",
                        Why::Unfilled { .. } => "unfilled",
                    })
                    .collect()
            })
            .collect();
        assert_eq!(why, [vec![], vec!["invalid"], vec!["opted_out"], vec!["duplicate"], vec!["unfilled"], vec!["invalid"]]);
        assert_eq!(rows[0].text, "Hi Ana");
        assert_eq!(rows[3].why[0], Why::Duplicate { first: 0, name: "Ana".into() });
        assert_eq!(rows[3].why[0].msg(), msg!("campaign_why_duplicate", "Ana"));
        assert_eq!(rows[4].why[0], Why::Unfilled { variables: vec!["first_name".into()] });
        assert_eq!(rows[1].why[0].msg().key, "campaign_why_invalid");
        assert_eq!(rows[5].why[0], Why::Invalid { msg: msg!("campaign_no_number") });
        assert_eq!(rows.iter().filter(|r| r.is_recipient()).count(), 1);

        // Including every index: all but the invalid ones become recipients.
        let all: HashSet<String> = ["a", "b", "c", "d", "e", "f"].iter().map(|id| format!("c:{id}")).collect();
        let rows = preview(&candidates(), "Hi {first_name}", &opt_out, &all, "", "");
        assert_eq!(rows.iter().map(Row::is_recipient).collect::<Vec<_>>(), [true, false, true, true, true, false]);
        let c = create(
            Head { id: "k".into(), name: "  Spring   sale ", platform: Platform::Whatsapp, body: "Hi {first_name}", template: None },
            &candidates(),
            &rows,
            5,
        );
        assert_eq!(c.name, "Spring sale");
        assert_eq!(
            c.recipients.iter().map(|r| (r.name.as_str(), r.opted_out_ok)).collect::<Vec<_>>(),
            [("Ana", false), ("Cleo", true), ("Dev", false), ("Eve", false)]
        );
        assert_eq!(c.state(), "ready");
    }

    fn campaign() -> Campaign {
        let rows = preview(&candidates(), "Hi", &HashSet::new(), &["c:d".to_string()].into(), "", "");
        create(Head { id: "k".into(), name: "K", platform: Platform::Sms, body: "Hi", template: None }, &candidates(), &rows, 0)
    }

    #[test]
    fn opening_goes_on_where_it_stopped_marks_the_open_one_and_skips_those_opted_out_since() {
        let mut c = campaign();
        assert_eq!(c.recipients.len(), 4); // Ana, Cleo, Dev (included duplicate), Eve
        let none = HashSet::new();
        assert_eq!(open_next(&mut c, None, MoveOn::Unmarked, &none, 10).unwrap().index, 0);
        assert_eq!((c.recipients[0].status, c.state()), (Opened, "running"));
        // Moving on with "mark as sent".
        let opt_out: HashSet<String> = ["+12015550123".to_string()].into();
        let o = open_next(&mut c, None, MoveOn::Sent, &opt_out, 20).unwrap();
        assert_eq!((o.index, o.skipped_opted_out), (2, vec![1]));
        assert_eq!((c.recipients[0].status, c.recipients[1].status, c.recipients[1].reason.as_str()), (Sent, Skipped, OPTED_OUT));
        // Reopening an earlier one leaves the open one as it is; then the queue goes on after it.
        mark(&mut c, 0, Pending, "", 25).unwrap();
        assert_eq!(open_next(&mut c, Some(0), MoveOn::Skipped, &none, 30).unwrap().index, 0);
        assert_eq!(c.recipients[2].status, Skipped);
        assert_eq!(open_next(&mut c, None, MoveOn::Unmarked, &none, 40).unwrap().index, 3);
        assert_eq!(c.recipients[0].status, Opened);
        c.paused = true;
        assert_eq!(c.state(), "done");
        assert_eq!(open_next(&mut c, None, MoveOn::Unmarked, &none, 50), None);
        assert_eq!(c.opened_in_hour(40), 3, "chats opened, not skips");
        assert_eq!(c.counts(), Counts { total: 4, pending: 0, opened: 2, sent: 0, skipped: 2, failed: 0 });
    }

    #[test]
    fn marking_keeps_reasons_for_failures_and_skips_only() {
        let mut c = campaign();
        open_next(&mut c, None, MoveOn::Unmarked, &HashSet::new(), 1);
        assert_eq!(mark(&mut c, 0, Failed, "", 2), Err(Refusal::NoReason));
        mark(&mut c, 0, Failed, " no WhatsApp ", 2).unwrap();
        assert_eq!(c.recipients[0].reason, "no WhatsApp");
        mark(&mut c, 0, Sent, "ignored", 3).unwrap();
        assert_eq!((c.recipients[0].reason.as_str(), c.recipients[0].at), ("", Some(3)));
        assert_eq!(mark(&mut c, 1, Sent, "", 4), Err(Refusal::NotOpened));
        // Skipped without opening, then marked sent: refused (no chat was opened).
        mark(&mut c, 1, Skipped, "", 5).unwrap();
        assert_eq!(mark(&mut c, 1, Sent, "", 6), Err(Refusal::NotOpened));
    }

    #[test]
    fn the_next_round_takes_those_not_reached_and_leaves_out_new_opt_outs() {
        let mut c = campaign();
        let none = HashSet::new();
        open_next(&mut c, None, MoveOn::Unmarked, &none, 1);
        mark(&mut c, 0, Sent, "", 2).unwrap();
        open_next(&mut c, None, MoveOn::Unmarked, &none, 3); // Cleo: opened, left unmarked
        mark(&mut c, 2, Skipped, "", 4).unwrap(); // Dev
        let opt_out: HashSet<String> = ["+33612345678".to_string()].into();
        let next = next_round(&c, "k2".into(), "K".repeat(120), &opt_out, 9);
        assert_eq!(next.recipients.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Dev"], "not the sent, the opened, nor the opted out");
        assert!(next.recipients.iter().all(|r| r.status == Pending && r.at.is_none() && r.opened_at.is_none()));
        assert_eq!((next.id.as_str(), next.created, next.current, next.name.chars().count()), ("k2", 9, None, MAX_NAME_CHARS));
    }

    #[test]
    fn a_number_is_claimed_by_its_first_recipient_not_by_someone_left_out() {
        // Eve has no first name (unfilled) and Ana's number, and comes first; Dev and Ana share it.
        let mut list = candidates();
        list[4].e164 = Some("+442079460958".into());
        list.swap(0, 4);
        let rows = preview(&list, "Hi {first_name}", &HashSet::new(), &HashSet::new(), "", "");
        assert_eq!(rows[0].why, vec![Why::Unfilled { variables: vec!["first_name".into()] }]);
        assert!(rows[3].why.is_empty(), "Dev is not a repeat of Eve, who is left out");
        assert_eq!(rows[4].why, vec![Why::Duplicate { first: 3, name: "Dev".into() }]);
        // Included, Eve is a recipient and claims the number first.
        let rows = preview(&list, "Hi {first_name}", &HashSet::new(), &["c:e".to_string()].into(), "", "");
        assert!(rows[0].is_recipient());
        assert!(matches!(rows[3].why[..], [Why::Duplicate { first: 0, .. }]));
        assert!(matches!(rows[4].why[..], [Why::Duplicate { first: 0, .. }]));
    }

    #[test]
    fn recipients_are_stored_as_one_string_and_read_back_from_it_or_from_a_list() {
        let c = campaign();
        let stored = serde_json::to_value(&c).unwrap();
        assert!(stored["recipients"].is_string());
        assert_eq!(serde_json::from_value::<Campaign>(stored.clone()).unwrap(), c);
        let mut listed = stored;
        listed["recipients"] = serde_json::from_str(listed["recipients"].as_str().unwrap()).unwrap();
        assert_eq!(serde_json::from_value::<Campaign>(listed).unwrap(), c);
        let mut broken = serde_json::to_value(&c).unwrap();
        broken["recipients"] = "[{".into();
        assert!(serde_json::from_value::<Campaign>(broken).is_err());
    }

    #[test]
    fn results_are_csv_with_every_cell_guarded() {
        let mut c = campaign();
        c.recipients[0].name = "=HYPERLINK(\"x\")".into();
        open_next(&mut c, None, MoveOn::Unmarked, &HashSet::new(), 86_400_000 + 3_723_000);
        let csv = to_csv(&c);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("Name,Number,Status,Reason,When,Message"));
        assert_eq!(lines.next(), Some("\"'=HYPERLINK(\"\"x\"\")\",'+442079460958,opened,,1970-01-02T01:02:03Z,Hi"));
        assert_eq!(csv.lines().count(), 5);
    }
}
