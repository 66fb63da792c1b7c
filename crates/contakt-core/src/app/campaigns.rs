//! Campaigns as requests: the options page lists, previews, creates and runs them; the user
//! opens each chat and marks what happened. The core decides who is a recipient, fills each
//! message, opens the next chat, records it, and answers every marking.

use std::collections::HashSet;

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{messaging, settings, writable, Effect, Env, Failure, Handled, Outcome, Stored};
use crate::campaigns::{self, Campaign, Candidate, Status};
use crate::contacts::Contact;
use crate::history::{self, EntryStatus, HistoryEntry};
use crate::settings::Settings;
use crate::words::Msg;
use crate::{contacts, import, msg, phone};

/// What the page sends to preview or create a campaign.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Draft {
    name: String,
    platform: String,
    /// The message as written; replaced by the template's body when `template` is given.
    body: String,
    template: Option<String>,
    #[serde(deserialize_with = "source_of")]
    source: Source,
    /// Left-out candidates the user includes anyway (the preview rows' keys).
    include: Vec<String>,
    /// Today's date as the page writes it in the user's language (the `{date}` variable).
    date: String,
}

/// Sent as `{ "kind": "tag", "tag": … }` (read by [`source_of`]).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Source {
    #[default]
    None,
    Tag {
        tag: String,
    },
    Contacts {
        ids: Vec<String>,
    },
    /// The people of a CSV or vCard file, as the options page's module read them
    /// (`import::plan::read`), for this campaign only (nothing is added to the address book).
    File {
        people: Vec<Contact>,
    },
}

/// A draft's source, internally tagged by `kind` (see `super::tagged`).
fn source_of<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Source, D::Error> {
    super::tagged(Value::deserialize(d)?, "kind").map_err(serde::de::Error::custom)
}

/// The stored campaigns that can be read, and the items that cannot (kept for [`put`]).
fn stored_campaigns(stored: &Stored) -> (Vec<Campaign>, Vec<Value>) {
    campaigns::split_stored(stored.local(campaigns::KEY))
}

/// Writes the campaigns, with the stored items that cannot be read put back as they were.
fn put(out: &mut Outcome, list: &[Campaign], unreadable: Vec<Value>) {
    let mut all: Vec<Value> = list.iter().map(|c| serde_json::to_value(c).unwrap_or(Value::Null)).collect();
    all.extend(unreadable);
    out.writes.local(campaigns::KEY, all);
}

fn opt_out(stored: &Stored) -> HashSet<String> {
    campaigns::opt_out_of(stored.local(campaigns::OPT_OUT_KEY)).into_iter().collect()
}

fn not_found() -> Failure {
    Failure::new("not_found", msg!("campaign_gone"))
}

fn find<'a>(list: &'a mut [Campaign], id: &str) -> Result<&'a mut Campaign, Failure> {
    list.iter_mut().find(|c| c.id == id).ok_or_else(not_found)
}

/// A number as people read it (international format), or as stored.
fn shown(e164: &str, region: &str) -> String {
    phone::parse(e164, region).map_or_else(|_| e164.to_string(), |n| n.international)
}

/// The alarms of the campaigns continued later.
pub fn alarms(list: &[Campaign]) -> Effect {
    Effect::Alarms {
        prefix: campaigns::ALARM_PREFIX,
        alarms: list.iter().filter_map(|c| c.resume_at.map(|at| (format!("{}{}", campaigns::ALARM_PREFIX, c.id), at))).collect(),
    }
}

/// The alarms of the stored campaigns (the worker's start rebuilds them).
pub fn stored_alarms(stored: &Stored) -> Effect {
    alarms(&stored_campaigns(stored).0)
}

fn summary(c: &Campaign) -> Value {
    json!({
        "id": c.id, "name": c.name, "platform": c.platform, "state": c.state(), "counts": c.counts(), "progress": progress(c),
        "created": c.created, "updated": c.updated, "resume_at": c.resume_at, "template": c.template,
    })
}

/// "3 of 5 sent", the other counts, the platform, the state, and when it resumes.
fn progress(c: &Campaign) -> Vec<Msg> {
    let n = c.counts();
    let mut out = vec![msg!("campaign_progress", n.sent, n.total)];
    for (count, m) in [
        (n.opened, msg!("campaign_count_opened")),
        (n.skipped, msg!("campaign_count_skipped")),
        (n.failed, msg!("campaign_count_failed")),
        (n.pending, msg!("campaign_count_pending")),
    ] {
        if count > 0 {
            out.push(m.arg(count));
        }
    }
    out.push(msg!("platform_name", c.platform.name()));
    out.push(match c.state() {
        "done" => msg!("campaign_state_done"),
        "paused" => msg!("campaign_state_paused"),
        "ready" => msg!("campaign_state_ready"),
        _ => msg!("campaign_state_running"),
    });
    if let Some(at) = c.resume_at {
        out.push(msg!("campaign_resumes_at", crate::words::Arg::Time { time: at }));
    }
    out
}

/// A recipient's status as people read it (with the reason, when there is one).
fn status_msg(r: &campaigns::Recipient) -> Msg {
    let status = match r.status {
        Status::Pending => msg!("campaign_status_pending"),
        Status::Opened => msg!("campaign_status_opened"),
        Status::Sent => msg!("campaign_status_sent"),
        Status::Skipped => msg!("campaign_status_skipped"),
        Status::Failed => msg!("campaign_status_failed"),
    };
    match r.reason.as_str() {
        "" => status,
        campaigns::OPTED_OUT => msg!("campaign_status_with_reason", status, msg!("campaign_why_opted_out")),
        reason => msg!("campaign_status_with_reason", status, reason),
    }
}

/// The campaigns (newest first), the opt-out list, and the pace Contakt suggests.
pub fn list(stored: &Stored, env: &dyn Env) -> Handled {
    let (mut list, unreadable) = campaigns::from_stored(stored.local(campaigns::KEY));
    list.sort_by_key(|c| std::cmp::Reverse(c.created));
    let region = settings(stored, env).default_region;
    let mut out_list = campaigns::opt_out_of(stored.local(campaigns::OPT_OUT_KEY));
    out_list.sort();
    let opt_out: Vec<Value> = out_list.iter().map(|e| json!({ "e164": e, "international": shown(e, &region) })).collect();
    Ok(Outcome::reply(json!({
        "campaigns": list.iter().map(summary).collect::<Vec<_>>(),
        "opt_out": opt_out,
        "unreadable": unreadable,
    })))
}

/// One campaign with a page of its recipients (from `offset`, or around the current one),
/// where it goes on, and the pace.
pub fn view(stored: &Stored, env: &dyn Env, id: &str, offset: Option<usize>) -> Handled {
    let (mut list, _) = stored_campaigns(stored);
    let c = find(&mut list, id)?;
    Ok(Outcome::reply(view_at(c, &settings(stored, env).default_region, env.now(), offset)))
}

/// How many recipients (or preview rows) a page is given at a time: a page of them, by default
/// the one around the current recipient. A number is formatted only when shown, so a campaign
/// of 10,000 answers nearly as fast as one of 100.
pub const WINDOW: usize = 100;

fn view_of(c: &Campaign, region: &str, now: i64) -> Value {
    view_at(c, region, now, None)
}

fn view_at(c: &Campaign, region: &str, now: i64, offset: Option<usize>) -> Value {
    let from = offset.unwrap_or_else(|| c.current.unwrap_or(0).saturating_sub(20)).min(c.recipients.len().saturating_sub(WINDOW));
    let recipients: Vec<Value> = c
        .recipients
        .iter()
        .enumerate()
        .skip(from)
        .take(WINDOW)
        .map(|(i, r)| json!({ "index": i, "name": r.name, "number": shown(&r.e164, region), "text": r.text, "status": r.status, "label": status_msg(r), "at": r.at }))
        .collect();
    let last_hour = c.opened_in_hour(now);
    let mut v = summary(c);
    v["page"] = json!({ "from": from, "to": from + recipients.len(), "total": c.recipients.len(), "size": WINDOW });
    v["recipients"] = json!(recipients);
    v["current"] = json!(c.current.map(|i| json!({ "index": i, "name": c.recipients[i].name, "number": shown(&c.recipients[i].e164, region), "text": c.recipients[i].text, "status": c.recipients[i].status })));
    v["next"] = json!(c.next_pending());
    v["pace"] = json!(msg!("campaign_pace", last_hour, campaigns::SUGGESTED_PER_HOUR));
    v["fast"] = json!(last_hour >= campaigns::SUGGESTED_PER_HOUR);
    v
}

/// Where a draft's people come from: the stored address book (read for this question), or one
/// the options page holds in memory (parsed once for its search).
enum Book<'a> {
    Stored(&'a Value),
    Held(&'a [Contact]),
}

/// The people a draft could reach, the message as written, and what could not be read in a file.
fn candidates<'a>(
    book: Book<'a>,
    sync: &Map<String, Value>,
    region: &str,
    draft: &Draft,
    platform: crate::links::Platform,
) -> Result<(Vec<Candidate<'a>>, String, Vec<Msg>), Failure> {
    let body = match draft.template.as_deref().filter(|t| !t.is_empty()) {
        Some(id) => {
            let t: crate::templates::Template = serde_json::from_value(sync.get(&format!("template:{id}")).cloned().unwrap_or(Value::Null))
                .map_err(|_| Failure::new("not_found", msg!("campaign_template_gone")).on("template"))?;
            t.body
        }
        None => draft.body.clone(),
    };
    if body.trim().is_empty() {
        return Err(Failure::new("no_message", msg!("campaign_no_message")).on("body"));
    }
    // The contacts the source names, in its order, borrowed when the book is held.
    let chosen = |keep: &dyn Fn(&Contact) -> bool| -> Vec<Candidate<'a>> {
        match &book {
            Book::Stored(v) => contacts::from_stored(v).0.into_iter().filter(|c| keep(c)).map(|c| Candidate::of(Cow::Owned(c), platform, false)).collect(),
            Book::Held(list) => list.iter().filter(|c| keep(c)).map(|c| Candidate::of(Cow::Borrowed(c), platform, false)).collect(),
        }
    };
    let mut problems = Vec::new();
    let list: Vec<Candidate> = match &draft.source {
        Source::None => return Err(Failure::new("no_recipients", msg!("campaign_choose_recipients")).on("source")),
        Source::Tag { tag } => {
            let tag = tag.to_lowercase();
            chosen(&|c: &Contact| c.tags.iter().any(|t| t.to_lowercase() == tag))
        }
        Source::Contacts { ids } => {
            let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
            let mut found = chosen(&|c: &Contact| wanted.contains(c.id.as_str()));
            // In the order the user chose them.
            let order: std::collections::HashMap<&str, usize> = ids.iter().enumerate().rev().map(|(i, id)| (id.as_str(), i)).collect();
            found.sort_by_key(|c| c.contact_id.as_deref().and_then(|id| order.get(id).copied()).unwrap_or(usize::MAX));
            found
        }
        Source::File { people } => {
            let people = people.iter().enumerate().map(|(i, c)| import::plan::Person {
                source: msg!("import_source_row", i + 1),
                contact: c.clone(),
                warnings: Vec::new(),
            });
            let read = import::plan::Read { kind: import::plan::Kind::Csv, people: people.collect(), problems: Vec::new(), table: None };
            let p = import::plan::matched(read, &[], region);
            problems = p.problems;
            p.items.into_iter().map(|i| Candidate::of(Cow::Owned(i.contact), platform, true)).collect()
        }
    };
    if list.is_empty() {
        return Err(Failure::new("nobody", msg!("campaign_nobody")).on("source"));
    }
    if list.len() > campaigns::MAX_RECIPIENTS {
        return Err(Failure::new("too_many", msg!("campaign_too_many", list.len(), campaigns::MAX_RECIPIENTS)).on("source"));
    }
    Ok((list, body, problems))
}

struct Previewed<'a> {
    /// What could not be read in a file (rows, cards), each with why.
    problems: Vec<Msg>,
    platform: crate::links::Platform,
    candidates: Vec<Candidate<'a>>,
    body: String,
    rows: Vec<campaigns::Row>,
}

/// A draft worked out: its candidates, each row with why they are left out.
fn previewed<'a>(
    book: Book<'a>,
    sync: &Map<String, Value>,
    settings: &Settings,
    opt_out: &HashSet<String>,
    draft: Value,
) -> Result<(Draft, Previewed<'a>), Failure> {
    let draft: Draft = super::read(draft, "bad_draft", Msg::new("what_campaign"))?;
    let platform = messaging::platform_of(&draft.platform)?;
    let (candidates, body, problems) = candidates(book, sync, &settings.default_region, &draft, platform)?;
    let include: HashSet<String> = draft.include.iter().cloned().collect();
    let rows = campaigns::preview(&candidates, &body, opt_out, &include, &settings.my_number, &draft.date);
    Ok((draft, Previewed { problems, platform, candidates, body, rows }))
}

/// The same from the stored data (the worker's requests).
fn previewed_stored<'a>(stored: &'a Stored, env: &dyn Env, draft: Value) -> Result<(Draft, Previewed<'a>), Failure> {
    previewed(Book::Stored(stored.local("contacts")), &stored.sync, &settings(stored, env), &opt_out(stored), draft)
}

/// The preview the options page makes itself against the address book it holds (parsed once
/// for its search, so 10,000 contacts are not read and parsed again for each look): the same
/// rules and answer as [`preview`]. Create ([`save`]) works it out again from the stored data.
/// `sync`: the synced items it has (settings and templates); `opt_out`: the list's numbers. A
/// file's people are read by the worker's request instead.
pub fn preview_with_book(
    book: &[Contact],
    draft: Value,
    offset: usize,
    opt_out: &[String],
    settings: &Value,
    sync: &Map<String, Value>,
    locale: &str,
) -> Result<Value, Failure> {
    let settings = Settings::from_stored(settings, locale);
    let opt_out: HashSet<String> = opt_out.iter().cloned().collect();
    let (_, p) = previewed(Book::Held(book), sync, &settings, &opt_out, draft)?;
    Ok(preview_reply(&p, &settings.default_region, offset))
}

/// Every candidate with their filled message; those left out with why, and whether the user
/// may include them.
pub fn preview(stored: &Stored, env: &dyn Env, draft: Value, offset: usize) -> Handled {
    let (_, p) = previewed_stored(stored, env, draft)?;
    Ok(Outcome::reply(preview_reply(&p, &settings(stored, env).default_region, offset)))
}

fn preview_reply(p: &Previewed, region: &str, offset: usize) -> Value {
    // Those left out first (each with why), then the recipients; a page of them.
    let from = offset.min(p.rows.len().saturating_sub(1) / WINDOW * WINDOW);
    let left_out = p.rows.iter().filter(|r| !r.why.is_empty());
    let rows: Vec<Value> = left_out
        .chain(p.rows.iter().filter(|r| r.why.is_empty()))
        .skip(from)
        .take(WINDOW)
        .map(|r| {
            let number = match p.candidates[r.index].e164 {
                Some(_) => shown(&r.number, region),
                None => r.number.clone(),
            };
            let why: Vec<Value> = r.why.iter().map(|w| json!({ "code": code_of(w), "msg": w.msg(), "includable": w.includable() })).collect();
            json!({ "index": r.index, "key": r.key, "name": r.name, "number": number, "text": r.text, "why": why, "included": r.included, "recipient": r.is_recipient() })
        })
        .collect();
    let recipients = p.rows.iter().filter(|r| r.is_recipient()).count();
    json!({
        "page": { "from": from, "to": from + rows.len(), "total": p.rows.len(), "size": WINDOW }, "problems": p.problems,
        "rows": rows, "recipients": recipients, "left_out": p.rows.len() - recipients, "body": p.body,
        "msg": msg!("campaign_preview_counts", Msg::plural("n_recipients", recipients), Msg::plural("n_left_out", p.rows.len() - recipients)),
    })
}

fn code_of(w: &campaigns::Why) -> &'static str {
    match w {
        campaigns::Why::Invalid { .. } => "invalid",
        campaigns::Why::OptedOut => "opted_out",
        campaigns::Why::Duplicate { .. } => "duplicate",
        campaigns::Why::Unfilled { .. } => "unfilled",
    }
}

/// Creates the campaign the preview showed (worked out again from the stored data).
pub fn save(stored: &Stored, env: &mut dyn Env, draft: Value) -> Handled {
    writable(stored)?;
    let (draft, p) = previewed_stored(stored, env, draft)?;
    campaigns::check_name(&draft.name).map_err(|m| Failure::new("bad_name", m).on("name"))?;
    let head = campaigns::Head {
        id: env.new_id(),
        name: &draft.name,
        platform: p.platform,
        body: &p.body,
        template: draft.template.clone().filter(|t| !t.is_empty()),
    };
    let c = campaigns::create(head, &p.candidates, &p.rows, env.now());
    if c.recipients.is_empty() {
        return Err(Failure::new("nobody", msg!("campaign_nobody_left")).on("source"));
    }
    let (mut list, kept) = stored_campaigns(stored);
    let reply = summary(&c);
    list.push(c);
    let mut out = Outcome::reply(reply);
    put(&mut out, &list, kept);
    Ok(out)
}

/// "Open next chat" (or reopen recipient `index`): the chat opens with the filled message,
/// the history records it, and the campaign remembers where it is.
pub fn open(stored: &Stored, env: &mut dyn Env, id: &str, index: Option<usize>) -> Handled {
    writable(stored)?;
    let s = settings(stored, env);
    let (mut list, kept) = stored_campaigns(stored);
    let now = env.now();
    let c = find(&mut list, id)?;
    if let Some(i) = index {
        let r = c.recipients.get(i).ok_or_else(|| Failure::new("not_found", msg!("campaign_recipient_gone")))?;
        // Reopening a chat is asked by name, but never for someone who asked not to be
        // messaged and was not included on purpose.
        if !r.opted_out_ok && opt_out(stored).contains(&r.e164) {
            return Err(Failure::new("opted_out", msg!("campaign_why_opted_out")));
        }
    }
    let before = c.clone();
    let moved_on = c.current.filter(|&i| Some(i) != index && c.recipients.get(i).is_some_and(|r| r.status == Status::Opened));
    let mut out = Outcome::reply(Value::Null);
    let Some(opening) = campaigns::open_next(c, index, s.campaign_move_on, &opt_out(stored), now) else {
        // No one is left. Those skipped on the way (opted out since) and the open chat moved on
        // are still saved, and the reply says so.
        if *c == before {
            return Err(Failure::new("done", msg!("campaign_no_one_left")));
        }
        // Done: a "continue later" reminder has nothing left to remind of.
        c.updated = now;
        c.paused = false;
        c.resume_at = None;
        let skipped: Vec<&str> = c
            .recipients
            .iter()
            .zip(&before.recipients)
            .filter(|(a, b)| a.status != b.status && a.reason == campaigns::OPTED_OUT)
            .map(|(a, _)| a.name.as_str())
            .collect();
        out.reply = Ok(json!({
            "plan": null, "index": null, "campaign": view_of(c, &s.default_region, now),
            "skipped": (!skipped.is_empty()).then(|| msg!("campaign_skipped_opted_out", skipped.join(", "))),
        }));
        if let Some(i) = moved_on {
            follow_in_history(stored, &mut out, &c.recipients[i]);
        }
        out.effects.push(alarms(&list));
        put(&mut out, &list, kept);
        return Ok(out);
    };
    let r = &c.recipients[opening.index];
    // A send that cannot be planned: nothing opens, nothing is written.
    let plan = messaging::plan(stored, env, &r.e164, c.platform, &r.text)?;
    let mut entry = HistoryEntry::new(String::new(), &plan.number.e164, plan.link.platform, &plan.text, now);
    entry.campaign = Some(c.name.clone());
    let history_id = messaging::record_history(stored, env, &mut out, entry);
    super::usage::note(stored, env, &mut out, super::usage::Happened::Sent { platform: plan.link.platform, e164: &plan.number.e164 });
    let c = find(&mut list, id)?;
    c.recipients[opening.index].history_id = history_id;
    // The chat moved on from was marked as the settings say: its history entry follows.
    if let Some(i) = moved_on {
        follow_in_history(stored, &mut out, &c.recipients[i]);
    }
    if let Some(url) = &plan.link.url {
        out.effects.push(Effect::OpenTab { url: url.clone() });
    }
    let view = view_of(c, &s.default_region, now);
    let skipped: Vec<&str> = opening.skipped_opted_out.iter().map(|&i| c.recipients[i].name.as_str()).collect();
    out.reply = Ok(json!({
        "plan": plan, "index": opening.index, "campaign": view,
        "skipped": (!skipped.is_empty()).then(|| msg!("campaign_skipped_opted_out", skipped.join(", "))),
    }));
    out.effects.push(alarms(&list));
    put(&mut out, &list, kept);
    Ok(out)
}

/// A recipient's history entry takes their status (sent or failed; otherwise opened), in the
/// history `out` writes already or the stored one.
fn follow_in_history(stored: &Stored, out: &mut Outcome, r: &campaigns::Recipient) {
    let Some(hid) = &r.history_id else { return };
    let (mut entries, _) = history::from_stored(out.writes.local_set.get("history").unwrap_or_else(|| stored.local("history")));
    if let Some(e) = entries.iter_mut().find(|e| &e.id == hid) {
        e.status = match r.status {
            Status::Sent => Some(EntryStatus::Sent),
            Status::Failed => Some(EntryStatus::Failed),
            _ => None,
        };
        out.writes.local("history", &entries);
    }
}

/// Marks recipient `index` sent, skipped, failed (with a reason) or pending again; the history
/// entry of their chat follows.
pub fn mark(stored: &Stored, env: &dyn Env, id: &str, index: usize, status: &str, reason: &str) -> Handled {
    writable(stored)?;
    let to: Status = serde_json::from_value(json!(status)).map_err(|_| Failure::new("bad_status", msg!("campaign_bad_status", status)))?;
    let (mut list, kept) = stored_campaigns(stored);
    let now = env.now();
    let c = find(&mut list, id)?;
    if index >= c.recipients.len() {
        return Err(Failure::new("not_found", msg!("campaign_recipient_gone")));
    }
    campaigns::mark(c, index, to, reason, now)
        .map_err(|r| Failure::new(r.code(), r.msg()).on(if r == campaigns::Refusal::NoReason { "reason" } else { "status" }))?;
    let mut out = Outcome::reply(view_of(c, &settings(stored, env).default_region, now));
    follow_in_history(stored, &mut out, &c.recipients[index]);
    put(&mut out, &list, kept);
    Ok(out)
}

/// Pause or resume; `later`: pause and be reminded at that time.
pub fn pause(stored: &Stored, env: &dyn Env, id: &str, paused: bool, later: Option<i64>) -> Handled {
    writable(stored)?;
    let (mut list, kept) = stored_campaigns(stored);
    let now = env.now();
    let c = find(&mut list, id)?;
    if let Some(at) = later {
        if at <= now || at > now + 366 * 86_400_000 {
            return Err(Failure::new("bad_time", msg!("campaign_later_when")).on("at"));
        }
    }
    c.paused = paused || later.is_some();
    c.resume_at = later;
    c.updated = now;
    let mut out = Outcome::reply(view_of(c, &settings(stored, env).default_region, now));
    out.effects.push(alarms(&list));
    put(&mut out, &list, kept);
    Ok(out)
}

pub fn delete(stored: &Stored, id: &str) -> Handled {
    writable(stored)?;
    let (mut list, kept) = stored_campaigns(stored);
    let before = list.len();
    list.retain(|c| c.id != id);
    if list.len() == before {
        return Err(not_found());
    }
    let mut out = Outcome::reply(Value::Null);
    out.effects.push(alarms(&list));
    put(&mut out, &list, kept);
    Ok(out)
}

/// The next round: a new campaign of those not reached yet.
pub fn next_round(stored: &Stored, env: &mut dyn Env, id: &str, name: &str) -> Handled {
    writable(stored)?;
    let (mut list, kept) = stored_campaigns(stored);
    let c = find(&mut list, id)?.clone();
    let name = match name.trim() {
        "" => c.name.clone(),
        n => n.to_string(),
    };
    campaigns::check_name(&name).map_err(|m| Failure::new("bad_name", m).on("name"))?;
    let next = campaigns::next_round(&c, env.new_id(), name, &opt_out(stored), env.now());
    if next.recipients.is_empty() {
        return Err(Failure::new("nobody", msg!("campaign_everyone_reached")));
    }
    let mut out = Outcome::reply(summary(&next));
    list.push(next);
    put(&mut out, &list, kept);
    Ok(out)
}

/// The results as CSV.
pub fn export(stored: &Stored, id: &str) -> Handled {
    let (mut list, _) = stored_campaigns(stored);
    let c = find(&mut list, id)?;
    Ok(Outcome::reply(json!({ "name": c.name, "csv": campaigns::to_csv(c) })))
}

/// Adds numbers to the opt-out list (one per line, any form), or removes them.
pub fn opt_out_change(stored: &Stored, env: &dyn Env, numbers: &str, remove: bool) -> Handled {
    writable(stored)?;
    let region = settings(stored, env).default_region;
    let mut list = campaigns::opt_out_of(stored.local(campaigns::OPT_OUT_KEY));
    let mut read = Vec::new();
    for line in numbers.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let n = phone::parse(line, &region).map_err(|e| Failure::new(e.code(), msg!("opt_out_not_a_number", line, e.msg())).on("numbers"))?;
        read.push(n.e164);
    }
    if read.is_empty() {
        return Err(Failure::new("nothing", msg!("opt_out_nothing")).on("numbers"));
    }
    if remove {
        list.retain(|e| !read.contains(e));
    } else {
        for e in read {
            if !list.contains(&e) {
                list.push(e);
            }
        }
    }
    list.sort();
    let mut out = Outcome::reply(list.iter().map(|e| json!({ "e164": e, "international": shown(e, &region) })).collect::<Vec<_>>());
    out.writes.local(campaigns::OPT_OUT_KEY, &list);
    Ok(out)
}

/// A campaign's "continue later" time came: a notification says how many are left.
pub fn alarm(stored: &Stored, env: &dyn Env, name: &str) -> Handled {
    let id = name.strip_prefix(campaigns::ALARM_PREFIX).unwrap_or_default();
    let (mut list, kept) = stored_campaigns(stored);
    let Ok(c) = find(&mut list, id) else { return Ok(Outcome::reply(Value::Null)) };
    let mut out = Outcome::reply(Value::Null);
    if c.resume_at.is_some_and(|at| at <= env.now()) {
        c.resume_at = None;
        let left = c.counts().pending;
        out.effects.push(Effect::Notify {
            id: name.to_string(),
            title: msg!("campaign_due_title", &c.name),
            message: Msg::plural("campaign_due_body", left),
            buttons: vec![msg!("campaign_continue")],
        });
        if writable(stored).is_ok() {
            put(&mut out, &list, kept);
        }
    }
    out.effects.push(alarms(&list));
    Ok(out)
}

/// The click on a campaign's notification: the Campaigns page opens.
pub fn notification(id: &str) -> Outcome {
    let mut out = Outcome::reply(Value::Null);
    out.effects.push(Effect::ClearNotification { id: id.into() });
    out.effects.push(Effect::OpenTab { url: "options.html#campaigns".into() });
    out
}
