//! Reminders and scheduled messages: what fires when. Times are kept as the wall-clock time
//! the user chose (a [`Local`] date and time) in their time zone, plus the instant of the next
//! occurrence, so "every day at 9:00" stays at 9:00 across daylight-saving changes. The zone
//! is given as a [`Zone`] (offsets from UTC at an instant): [`PosixTz`] rules here and in the
//! tests, the browser's `Intl` in the wasm facade. The clock is an argument (`now`, ms since
//! the epoch), never read here.
//!
//! Firing is a state change, not a side effect: [`fire_due`] moves every due occurrence into
//! `due` and advances `next` past `now` in one step, so the same occurrence can never fire
//! twice, however many alarms or restarts race (the worker applies it in one write).

use serde::{Deserialize, Serialize};

use crate::links::Platform;
use crate::msg;
use crate::words::Msg;

pub const MINUTE: i64 = 60_000;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;
/// An occurrence fired later than this after its time was missed (the browser was closed).
pub const GRACE: i64 = 2 * MINUTE;
/// Longest note or message, in characters.
pub const MAX_TEXT: usize = 4000;

// ---- Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms).

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

pub fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A wall-clock date and time (to the minute), in no particular zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Local {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl Local {
    pub fn new(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<Local> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year as i64, month) && hour < 24 && minute < 60;
        ok.then_some(Local { year, month, day, hour, minute })
    }

    /// Milliseconds as if this wall time were UTC.
    fn naive(&self) -> i64 {
        days_from_civil(self.year as i64, self.month, self.day) * DAY + self.hour as i64 * HOUR + self.minute as i64 * MINUTE
    }

    fn from_naive(ms: i64) -> Local {
        let (y, m, d) = civil_from_days(ms.div_euclid(DAY));
        let rest = ms.rem_euclid(DAY);
        Local { year: y as i32, month: m, day: d, hour: (rest / HOUR) as u32, minute: ((rest % HOUR) / MINUTE) as u32 }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        (days_from_civil(self.year as i64, self.month, self.day) + 3).rem_euclid(7) as u32
    }

    fn plus_days(&self, n: i64) -> Local {
        let (y, m, d) = civil_from_days(days_from_civil(self.year as i64, self.month, self.day) + n);
        Local { year: y as i32, month: m, day: d, ..*self }
    }

    /// `"2026-11-25T09:00"`, as `<input type="datetime-local">` writes it.
    pub fn parse(text: &str) -> Option<Local> {
        let (date, time) = text.trim().split_once('T')?;
        let mut d = date.split('-');
        let (y, mo, da) = (d.next()?.parse().ok()?, d.next()?.parse().ok()?, d.next()?.parse().ok()?);
        let mut t = time.split(':');
        let (h, mi) = (t.next()?.parse().ok()?, t.next()?.parse().ok()?);
        Local::new(y, mo, da, h, mi)
    }

    pub fn to_input(&self) -> String {
        format!("{:04}-{:02}-{:02}T{:02}:{:02}", self.year, self.month, self.day, self.hour, self.minute)
    }
}

// ---- Time zones.

/// A time zone: its offset from UTC (ms, east positive) at an instant.
pub trait Zone {
    fn offset_ms(&self, utc: i64) -> i64;
}

/// The wall time at an instant.
pub fn local_of(utc: i64, zone: &dyn Zone) -> Local {
    Local::from_naive(utc + zone.offset_ms(utc))
}

/// The instant of a wall time. A time that happens twice (clocks going back) is the earlier
/// instant; a time that does not exist (clocks going forward) is moved forward by the gap
/// (02:30 on a spring-forward night is 03:30), so nothing is skipped or doubled.
pub fn resolve(local: &Local, zone: &dyn Zone) -> i64 {
    let naive = local.naive();
    let before = zone.offset_ms(naive - DAY);
    let after = zone.offset_ms(naive + DAY);
    let mut best: Option<i64> = None;
    for o in [before, after] {
        let t = naive - o;
        if zone.offset_ms(t) == o {
            best = Some(best.map_or(t, |b: i64| b.min(t)));
        }
    }
    best.unwrap_or(naive - before)
}

/// POSIX TZ rules, e.g. `"CET-1CEST,M3.5.0,M10.5.0/3"` (the last line of a tzfile): enough to
/// run the rules in tests for real zones, today's rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosixTz {
    std: i64,
    dst: Option<(i64, Rule, Rule)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rule {
    month: u32,
    week: u32,
    weekday: u32,
    /// Local time of the change, ms after midnight (may be negative or over 24 h).
    time: i64,
}

impl Rule {
    /// The change's wall time in `year`, as naive ms.
    fn naive(&self, year: i64) -> i64 {
        let first = days_from_civil(year, self.month, 1);
        // POSIX weekday: 0 = Sunday.
        let first_wd = (first + 4).rem_euclid(7);
        let mut day = first + (self.weekday as i64 - first_wd).rem_euclid(7) + (self.week as i64 - 1) * 7;
        while day >= first + days_in_month(year, self.month) as i64 {
            day -= 7;
        }
        day * DAY + self.time
    }
}

impl PosixTz {
    pub fn parse(spec: &str) -> Option<PosixTz> {
        let mut p = Cursor { s: spec.as_bytes(), i: 0 };
        p.name()?;
        let std = -p.offset()?;
        if p.done() {
            return Some(PosixTz { std, dst: None });
        }
        p.name()?;
        let dst = if p.peek() == Some(b',') { std + HOUR } else { -p.offset()? };
        p.eat(b',')?;
        let start = p.rule()?;
        p.eat(b',')?;
        let end = p.rule()?;
        p.done().then_some(PosixTz { std, dst: Some((dst, start, end)) })
    }
}

impl Zone for PosixTz {
    fn offset_ms(&self, utc: i64) -> i64 {
        let Some((dst, start, end)) = self.dst else { return self.std };
        let year = Local::from_naive(utc + self.std).year as i64;
        let starts = start.naive(year) - self.std;
        let ends = end.naive(year) - dst;
        let summer = if starts < ends { utc >= starts && utc < ends } else { !(utc >= ends && utc < starts) };
        if summer {
            dst
        } else {
            self.std
        }
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.i += 1)
    }
    fn name(&mut self) -> Option<()> {
        if self.eat(b'<').is_some() {
            while self.peek()? != b'>' {
                self.i += 1;
            }
            self.i += 1;
            return Some(());
        }
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        (self.i - start >= 3).then_some(())
    }
    fn number(&mut self) -> Option<i64> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i]).ok()?.parse().ok()
    }
    /// `[+-]hh[:mm[:ss]]` in ms.
    fn offset(&mut self) -> Option<i64> {
        let sign = if self.eat(b'-').is_some() { -1 } else { self.eat(b'+').map_or(1, |_| 1) };
        let mut ms = self.number()? * HOUR;
        if self.eat(b':').is_some() {
            ms += self.number()? * MINUTE;
            if self.eat(b':').is_some() {
                ms += self.number()? * 1000;
            }
        }
        Some(sign * ms)
    }
    fn rule(&mut self) -> Option<Rule> {
        self.eat(b'M')?;
        let month = self.number()? as u32;
        self.eat(b'.')?;
        let week = self.number()? as u32;
        self.eat(b'.')?;
        let weekday = self.number()? as u32;
        let time = if self.eat(b'/').is_some() { self.offset()? } else { 2 * HOUR };
        ((1..=12).contains(&month) && (1..=5).contains(&week) && weekday <= 6).then_some(Rule { month, week, weekday, time })
    }
}

// ---- Repeats and presets.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    #[default]
    Never,
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// The `n`th occurrence (0 = `anchor`). Monthly and yearly keep the anchor's day, or the
/// month's last day when the month is shorter (31 Jan → 28/29 Feb → 31 Mar; 29 Feb → 28 Feb).
pub fn nth(anchor: &Local, repeat: Repeat, n: i64) -> Local {
    match repeat {
        Repeat::Never => *anchor,
        Repeat::Daily => anchor.plus_days(n),
        Repeat::Weekly => anchor.plus_days(7 * n),
        Repeat::Monthly | Repeat::Yearly => {
            let months = if repeat == Repeat::Monthly { n } else { 12 * n };
            let index = anchor.year as i64 * 12 + anchor.month as i64 - 1 + months;
            let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32);
            Local { year: year as i32, month, day: anchor.day.min(days_in_month(year, month)), ..*anchor }
        }
    }
}

/// The first occurrence strictly after `after`, or `None` (a one-off already past).
pub fn next_after(anchor: &Local, repeat: Repeat, after: i64, zone: &dyn Zone) -> Option<i64> {
    let first = resolve(anchor, zone);
    if first > after {
        return Some(first);
    }
    let days = (after - first) / DAY;
    let mut n = match repeat {
        Repeat::Never => return None,
        Repeat::Daily => days - 1,
        Repeat::Weekly => days / 7 - 1,
        Repeat::Monthly => days / 31 - 1,
        Repeat::Yearly => days / 366 - 1,
    }
    .max(1);
    loop {
        let t = resolve(&nth(anchor, repeat, n), zone);
        if t > after {
            return Some(t);
        }
        n += 1;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    In15Minutes,
    In1Hour,
    In3Hours,
    ThisEvening,
    Tomorrow9,
    NextMonday9,
}

impl Preset {
    pub const ALL: [Preset; 6] = [Preset::In15Minutes, Preset::In1Hour, Preset::In3Hours, Preset::ThisEvening, Preset::Tomorrow9, Preset::NextMonday9];

    /// Its name for people (a key of the locales' messages).
    pub fn label(self) -> Msg {
        match self {
            Preset::In15Minutes => Msg::new("preset_in_15_minutes"),
            Preset::In1Hour => Msg::new("preset_in_1_hour"),
            Preset::In3Hours => Msg::new("preset_in_3_hours"),
            Preset::ThisEvening => Msg::new("preset_this_evening"),
            Preset::Tomorrow9 => Msg::new("preset_tomorrow_9"),
            Preset::NextMonday9 => Msg::new("preset_next_monday_9"),
        }
    }
}

/// When a preset is, from `now`: "in …" presets are instants (exact durations, whatever the
/// clocks do); the others are wall times. "This evening" after 18:00 is tomorrow's evening;
/// "next Monday" on a Monday is a week later.
pub fn preset(p: Preset, now: i64, zone: &dyn Zone) -> When {
    let today = local_of(now, zone);
    let at = |day: Local, hour| When::Local(Local { hour, minute: 0, ..day });
    match p {
        Preset::In15Minutes => When::Instant(now + 15 * MINUTE),
        Preset::In1Hour => When::Instant(now + HOUR),
        Preset::In3Hours => When::Instant(now + 3 * HOUR),
        Preset::ThisEvening if today.hour < 18 => at(today, 18),
        Preset::ThisEvening => at(today.plus_days(1), 18),
        Preset::Tomorrow9 => at(today.plus_days(1), 9),
        Preset::NextMonday9 => at(today.plus_days(7 - today.weekday() as i64), 9),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum When {
    /// A moment (ms since the epoch).
    Instant(i64),
    /// A wall time in the user's zone.
    Local(Local),
}

// ---- Reminders.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// "Remind me to message …": a note.
    #[default]
    Reminder,
    /// A message prepared for a time: opened (never sent) when the user says so.
    Message,
}

/// An occurrence that fired and waits for the user (counted on the toolbar badge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// When it was due.
    pub at: i64,
    /// It fired late: the browser was closed at its time.
    pub missed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reminder {
    pub id: String,
    pub kind: Kind,
    pub contact_id: Option<String>,
    /// The number to message (E.164), if any.
    pub e164: Option<String>,
    /// Whom it is about, as shown: the contact's name or the number.
    pub label: String,
    /// The note (reminder) or the message's text.
    pub text: String,
    pub platform: Option<Platform>,
    /// The IANA time zone the wall time belongs to (e.g. "Europe/Berlin").
    pub zone: String,
    /// The wall time of the first occurrence; repeats keep its time of day (and day).
    pub at: Option<Local>,
    pub repeat: Repeat,
    /// The next occurrence not yet fired; `None`: no more.
    pub next: Option<i64>,
    /// Snoozed: fires again at this instant.
    pub snoozed_until: Option<i64>,
    pub due: Option<Due>,
    pub created: i64,
    pub updated: i64,
}

/// What the user asked for (from the popup's form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub id: String,
    pub kind: Kind,
    pub contact_id: Option<String>,
    pub e164: Option<String>,
    pub label: String,
    pub text: String,
    pub platform: Option<Platform>,
    /// When: a [`When`], or a preset, or `custom` as `<input type="datetime-local">` writes it.
    pub when: Option<When>,
    pub preset: Option<Preset>,
    pub custom: Option<String>,
    pub repeat: Repeat,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleError {
    pub field: &'static str,
    pub msg: Msg,
}

fn error(field: &'static str, msg: Msg) -> ScheduleError {
    ScheduleError { field, msg }
}

impl Reminder {
    /// A reminder from a draft, checked, with its first occurrence after `now` (a wall time
    /// earlier today that repeats starts at its next occurrence; a one-off in the past is
    /// refused). Editing (`previous`) keeps the id and creation time.
    pub fn from_draft(draft: Draft, previous: Option<&Reminder>, zone_name: &str, zone: &dyn Zone, now: i64) -> Result<Reminder, ScheduleError> {
        let text = draft.text.trim().to_string();
        if text.chars().count() > MAX_TEXT {
            return Err(error("text", msg!("reminder_text_too_long", MAX_TEXT)));
        }
        if draft.e164.is_none() && draft.contact_id.is_none() && draft.kind == Kind::Message {
            return Err(error("number", msg!("reminder_no_number")));
        }
        if draft.kind == Kind::Reminder && draft.e164.is_none() && draft.contact_id.is_none() && text.is_empty() {
            return Err(error("text", msg!("reminder_empty")));
        }
        if draft.kind == Kind::Message && draft.platform.is_none() {
            return Err(error("platform", msg!("reminder_no_platform")));
        }
        let when = match (draft.when, draft.preset, draft.custom.as_deref().map(str::trim).filter(|c| !c.is_empty())) {
            (Some(w), _, _) => w,
            (None, Some(p), _) => preset(p, now, zone),
            (None, None, Some(c)) => When::Local(Local::parse(c).ok_or_else(|| error("when", msg!("reminder_unreadable_time")))?),
            _ => return Err(error("when", msg!("reminder_no_time"))),
        };
        let (at, first) = match when {
            When::Instant(t) => (local_of(t, zone), t),
            When::Local(l) => {
                if Local::new(l.year, l.month, l.day, l.hour, l.minute).is_none() {
                    return Err(error("when", msg!("reminder_no_such_date")));
                }
                (l, resolve(&l, zone))
            }
        };
        let next = if first > now { Some(first) } else { next_after(&at, draft.repeat, now, zone) };
        if next.is_none() {
            return Err(error("when", msg!("reminder_past")));
        }
        let label = draft.label.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(Reminder {
            id: previous.map_or(draft.id, |p| p.id.clone()),
            kind: draft.kind,
            contact_id: draft.contact_id,
            label: if label.is_empty() { draft.e164.clone().unwrap_or_default() } else { label },
            e164: draft.e164,
            text,
            platform: draft.platform,
            zone: zone_name.to_string(),
            at: Some(at),
            repeat: draft.repeat,
            next,
            snoozed_until: None,
            due: None,
            created: previous.map_or(now, |p| p.created),
            updated: now,
        })
    }

    /// What "Open chat" sends: its number, its platform (or `default`), and the text for a
    /// scheduled message (a reminder's note is for the user, not the chat).
    pub fn message(&self, default: Platform) -> Result<(String, Platform, String), ScheduleError> {
        let e164 = self.e164.clone().ok_or_else(|| error("number", msg!("reminder_nobody")))?;
        let text = if self.kind == Kind::Message { self.text.clone() } else { String::new() };
        Ok((e164, self.platform.unwrap_or(default), text))
    }

    /// At its time, a scheduled message with a number opens its chat directly when the user
    /// chose so (`setting`); everything else shows a notification.
    pub fn opens_directly(&self, setting: bool) -> bool {
        setting && self.kind == Kind::Message && self.e164.is_some()
    }

    /// When its alarm should ring: the snooze or the next occurrence, whichever is first.
    pub fn alarm_at(&self) -> Option<i64> {
        match (self.snoozed_until, self.next) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A reminder that just fired (for the notification).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fired {
    pub id: String,
    pub at: i64,
    pub missed: bool,
}

/// Fires everything due at `now`: a due snooze, or the next occurrence (late ones marked
/// missed; several missed occurrences of a repeat fire once). Each fired reminder's `next`
/// moves past `now`, so calling this again fires nothing. `zones` gives the zone of a
/// reminder by name.
pub fn fire_due(list: &mut [Reminder], now: i64, zones: &dyn Fn(&str) -> Box<dyn Zone>) -> Vec<Fired> {
    let mut fired = Vec::new();
    for r in list.iter_mut() {
        let snooze_due = r.snoozed_until.is_some_and(|t| t <= now);
        let next_due = r.next.is_some_and(|t| t <= now);
        if !snooze_due && !next_due {
            continue;
        }
        let at = if next_due { r.next.unwrap_or(now) } else { r.snoozed_until.unwrap_or(now) };
        let missed = now - at > GRACE;
        if next_due {
            let zone = zones(&r.zone);
            r.next = r.at.and_then(|a| next_after(&a, r.repeat, now, zone.as_ref()));
        }
        r.snoozed_until = None;
        r.due = Some(Due { at, missed });
        r.updated = now;
        fired.push(Fired { id: r.id.clone(), at, missed });
    }
    fired
}

/// Snoozes a reminder for `minutes` from `now` (its due occurrence is put off).
pub fn snooze(r: &mut Reminder, now: i64, minutes: i64) -> Result<(), ScheduleError> {
    if !(1..=7 * 24 * 60).contains(&minutes) {
        return Err(error("snooze", msg!("reminder_snooze_range")));
    }
    r.snoozed_until = Some(now + minutes * MINUTE);
    r.due = None;
    r.updated = now;
    Ok(())
}

/// Marks the due occurrence done. Returns `false` when nothing is left of the reminder (a
/// one-off): the caller removes it.
pub fn done(r: &mut Reminder, now: i64) -> bool {
    r.due = None;
    r.snoozed_until = None;
    r.updated = now;
    r.next.is_some()
}

/// How many fired reminders wait for the user (the toolbar badge).
pub fn due_count(list: &[Reminder]) -> usize {
    list.iter().filter(|r| r.due.is_some()).count()
}

/// The alarms the worker must have: `("reminder:<id>", when)` for every reminder that will
/// ring again. Derived from stored state only, so they can be rebuilt at every start.
pub fn alarms(list: &[Reminder]) -> Vec<(String, i64)> {
    list.iter().filter_map(|r| r.alarm_at().map(|t| (format!("reminder:{}", r.id), t))).collect()
}

/// Upcoming order: due ones first (oldest first), then by next ring.
pub fn upcoming(list: &[Reminder]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by_key(|&i| (list[i].due.is_none(), list[i].due.map_or(i64::MAX, |d| d.at), list[i].alarm_at().unwrap_or(i64::MAX)));
    order
}

/// Stored reminders read back; unreadable entries are counted.
pub fn from_stored(stored: &serde_json::Value) -> (Vec<Reminder>, usize) {
    crate::schema::read_list::<Reminder>(stored, plausible)
}

/// The most a JavaScript `Date` holds: ±100,000,000 days from 1970 (in ms).
pub const MAX_INSTANT: i64 = 8_640_000_000_000_000;

/// A stored reminder the browser can schedule: an id, instants a JavaScript `Date` holds
/// (one beyond them made every alarm fail, and then no reminder fired at all), and a wall
/// time that is a time of day in years 1 to 9999. Others are counted unreadable, the rest
/// go on.
fn plausible(r: &Reminder) -> bool {
    let instant = |t: i64| (-MAX_INSTANT..=MAX_INSTANT).contains(&t);
    let wall = |l: &Local| (1..=9999).contains(&l.year) && (1..=12).contains(&l.month) && (1..=31).contains(&l.day) && l.hour < 24 && l.minute < 60;
    !r.id.is_empty()
        && [r.next, r.snoozed_until, r.due.as_ref().map(|d| d.at), Some(r.created), Some(r.updated)].into_iter().flatten().all(instant)
        && r.at.as_ref().is_none_or(wall)
}

/// What a contact's deletion does to its reminders: removes them, or keeps them with the
/// number and name they had (`keep`). Returns how many were affected.
pub fn on_contact_deleted(list: &mut Vec<Reminder>, contact_id: &str, keep: bool) -> usize {
    let before = list.len();
    if keep {
        let mut n = 0;
        for r in list.iter_mut().filter(|r| r.contact_id.as_deref() == Some(contact_id)) {
            r.contact_id = None;
            n += 1;
        }
        return n;
    }
    list.retain(|r| r.contact_id.as_deref() != Some(contact_id));
    before - list.len()
}
