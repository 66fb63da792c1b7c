//! The scheduling rules with a fake clock: presets at every hour, daylight-saving gaps and
//! overlaps in both directions in several zones, month ends, leap days, snooze, missed
//! occurrences, never firing twice.

use contakt_core::schedule::*;

const NEW_YORK: &str = "EST5EDT,M3.2.0,M11.1.0";
const BERLIN: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
const SYDNEY: &str = "AEST-10AEDT,M10.1.0,M4.1.0/3";
const LORD_HOWE: &str = "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0";
const KOLKATA: &str = "IST-5:30";

fn tz(spec: &str) -> PosixTz {
    PosixTz::parse(spec).unwrap_or_else(|| panic!("bad spec {spec}"))
}

fn l(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Local {
    Local::new(y, mo, d, h, mi).unwrap()
}

/// UTC instant of a UTC wall time.
fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    resolve(&l(y, mo, d, h, mi), &tz("UTC0"))
}

#[test]
fn zones_have_the_right_offsets_around_their_changes() {
    let h = HOUR;
    let cases: [(&str, i64, i64); 12] = [
        // New York: 2026-03-08 02:00 EST → EDT; 2026-11-01 02:00 EDT → EST.
        (NEW_YORK, utc(2026, 3, 8, 6, 59), -5 * h),
        (NEW_YORK, utc(2026, 3, 8, 7, 0), -4 * h),
        (NEW_YORK, utc(2026, 11, 1, 5, 59), -4 * h),
        (NEW_YORK, utc(2026, 11, 1, 6, 0), -5 * h),
        // Berlin: last Sunday of March 01:00 UTC, last Sunday of October 01:00 UTC.
        (BERLIN, utc(2026, 3, 29, 0, 59), h),
        (BERLIN, utc(2026, 3, 29, 1, 0), 2 * h),
        (BERLIN, utc(2026, 10, 25, 0, 59), 2 * h),
        (BERLIN, utc(2026, 10, 25, 1, 0), h),
        // Sydney (southern hemisphere): summer time from the first Sunday of October.
        (SYDNEY, utc(2026, 10, 3, 15, 59), 10 * h),
        (SYDNEY, utc(2026, 10, 3, 16, 0), 11 * h),
        (SYDNEY, utc(2026, 4, 4, 15, 59), 11 * h),
        (SYDNEY, utc(2026, 4, 4, 16, 0), 10 * h),
    ];
    for (spec, at, want) in cases {
        assert_eq!(tz(spec).offset_ms(at), want, "{spec} at {at}");
    }
    assert_eq!(tz(KOLKATA).offset_ms(utc(2026, 6, 1, 0, 0)), 5 * h + 30 * MINUTE);
    assert_eq!(tz(LORD_HOWE).offset_ms(utc(2026, 1, 1, 0, 0)), 11 * h);
    assert_eq!(tz(LORD_HOWE).offset_ms(utc(2026, 7, 1, 0, 0)), 10 * h + 30 * MINUTE);
    for bad in ["", "EST", "EST5EDT,M13.1.0,M11.1.0", "X5", "EST5EDT,M3.2.0"] {
        assert!(PosixTz::parse(bad).is_none() || bad == "EST", "{bad}");
    }
}

#[test]
fn wall_times_in_gaps_move_forward_and_in_overlaps_take_the_first() {
    let ny = tz(NEW_YORK);
    // 02:30 does not exist on 2026-03-08 in New York: 03:30 EDT (07:30 UTC).
    assert_eq!(resolve(&l(2026, 3, 8, 2, 30), &ny), utc(2026, 3, 8, 7, 30));
    assert_eq!(local_of(resolve(&l(2026, 3, 8, 2, 30), &ny), &ny), l(2026, 3, 8, 3, 30));
    // 01:30 happens twice on 2026-11-01: the first (EDT, 05:30 UTC).
    assert_eq!(resolve(&l(2026, 11, 1, 1, 30), &ny), utc(2026, 11, 1, 5, 30));
    let berlin = tz(BERLIN);
    assert_eq!(resolve(&l(2026, 3, 29, 2, 15), &berlin), utc(2026, 3, 29, 1, 15));
    assert_eq!(resolve(&l(2026, 10, 25, 2, 15), &berlin), utc(2026, 10, 25, 0, 15));
    let lh = tz(LORD_HOWE);
    // Lord Howe moves by 30 minutes: 02:10 on 2026-10-04 does not exist → 02:40.
    assert_eq!(local_of(resolve(&l(2026, 10, 4, 2, 10), &lh), &lh), l(2026, 10, 4, 2, 40));
    // Every wall time of a year that exists comes back as itself.
    for zone in [NEW_YORK, BERLIN, SYDNEY, LORD_HOWE, KOLKATA] {
        let z = tz(zone);
        let mut t = utc(2026, 1, 1, 0, 0);
        while t < utc(2027, 1, 1, 0, 0) {
            let local = local_of(t, &z);
            assert_eq!(local_of(resolve(&local, &z), &z), local, "{zone} {local:?}");
            t += 37 * MINUTE;
        }
    }
}

#[test]
fn daily_at_nine_stays_at_nine_across_both_changes_in_three_zones() {
    // Anchors two days before each change (2026): spring forward, then fall back.
    for (spec, spring, autumn) in [(NEW_YORK, (3, 6), (10, 30)), (BERLIN, (3, 27), (10, 23)), (SYDNEY, (10, 2), (4, 3))] {
        let z = tz(spec);
        for (month, day) in [spring, autumn] {
            let anchor = l(2026, month, day, 9, 0);
            let mut t = resolve(&anchor, &z) - MINUTE;
            for i in 0..5 {
                t = next_after(&anchor, Repeat::Daily, t, &z).unwrap();
                let local = local_of(t, &z);
                assert_eq!((local.hour, local.minute), (9, 0), "{spec} occurrence {i}: {local:?}");
            }
        }
    }
    // "Tomorrow 9:00" asked at 9:00 the day before the change is 9:00 after it: 23 real hours.
    let ny = tz(NEW_YORK);
    let now = resolve(&l(2026, 3, 7, 9, 0), &ny);
    let When::Local(at) = preset(Preset::Tomorrow9, now, &ny) else { panic!() };
    assert_eq!(at, l(2026, 3, 8, 9, 0));
    assert_eq!(resolve(&at, &ny) - now, 23 * HOUR);
}

#[test]
fn presets_at_every_hour_of_the_day() {
    let berlin = tz(BERLIN);
    // Wednesday 2026-11-25.
    for hour in 0..24 {
        let now = resolve(&l(2026, 11, 25, hour, 20), &berlin);
        assert_eq!(preset(Preset::In15Minutes, now, &berlin), When::Instant(now + 15 * MINUTE));
        assert_eq!(preset(Preset::In1Hour, now, &berlin), When::Instant(now + HOUR));
        assert_eq!(preset(Preset::In3Hours, now, &berlin), When::Instant(now + 3 * HOUR));
        let evening = if hour < 18 { l(2026, 11, 25, 18, 0) } else { l(2026, 11, 26, 18, 0) };
        assert_eq!(preset(Preset::ThisEvening, now, &berlin), When::Local(evening), "hour {hour}");
        assert_eq!(preset(Preset::Tomorrow9, now, &berlin), When::Local(l(2026, 11, 26, 9, 0)));
        assert_eq!(preset(Preset::NextMonday9, now, &berlin), When::Local(l(2026, 11, 30, 9, 0)));
    }
    // On a Monday, next Monday is a week later; on Sunday it is tomorrow.
    let monday = resolve(&l(2026, 11, 30, 8, 0), &berlin);
    assert_eq!(preset(Preset::NextMonday9, monday, &berlin), When::Local(l(2026, 12, 7, 9, 0)));
    let sunday = resolve(&l(2026, 11, 29, 8, 0), &berlin);
    assert_eq!(preset(Preset::NextMonday9, sunday, &berlin), When::Local(l(2026, 11, 30, 9, 0)));
    // "In 1 hour" across the autumn change is one real hour, not a wall-clock hour.
    let ny = tz(NEW_YORK);
    let before = resolve(&l(2026, 11, 1, 1, 30), &ny);
    let When::Instant(t) = preset(Preset::In1Hour, before, &ny) else { panic!() };
    assert_eq!(t - before, HOUR);
    assert_eq!(local_of(t, &ny), l(2026, 11, 1, 1, 30), "the second 01:30");
}

#[test]
fn month_ends_and_leap_days() {
    let jan31 = l(2027, 1, 31, 9, 0);
    let months: Vec<(u32, u32)> = (0..6).map(|n| nth(&jan31, Repeat::Monthly, n)).map(|d| (d.month, d.day)).collect();
    assert_eq!(months, [(1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30)]);
    assert_eq!(nth(&l(2027, 12, 31, 9, 0), Repeat::Monthly, 2), l(2028, 2, 29, 9, 0));
    let leap = l(2028, 2, 29, 8, 0);
    let years: Vec<(i32, u32, u32)> = (0..5).map(|n| nth(&leap, Repeat::Yearly, n)).map(|d| (d.year, d.month, d.day)).collect();
    assert_eq!(years, [(2028, 2, 29), (2029, 2, 28), (2030, 2, 28), (2031, 2, 28), (2032, 2, 29)]);
    let weekly: Vec<u32> = (0..3).map(|n| nth(&l(2026, 12, 24, 9, 0), Repeat::Weekly, n).day).collect();
    assert_eq!(weekly, [24, 31, 7]);
    assert!(Local::new(2027, 2, 29, 9, 0).is_none());
    assert_eq!(Local::parse("2028-02-29T07:05"), Some(l(2028, 2, 29, 7, 5)));
    assert_eq!(Local::parse("2027-02-29T07:05"), None);
    assert_eq!(l(2028, 2, 29, 7, 5).to_input(), "2028-02-29T07:05");
    // Next occurrence far ahead comes from the anchor (no drift).
    let z = tz(BERLIN);
    let after = resolve(&l(2031, 3, 1, 0, 0), &z);
    assert_eq!(local_of(next_after(&jan31, Repeat::Monthly, after, &z).unwrap(), &z), l(2031, 3, 31, 9, 0));
}

fn zones(name: &str) -> Box<dyn Zone> {
    Box::new(tz(match name {
        "America/New_York" => NEW_YORK,
        _ => BERLIN,
    }))
}

fn draft(when: When, repeat: Repeat) -> Draft {
    Draft {
        id: "r1".into(),
        e164: Some("+12015550123".into()),
        label: "Ana".into(),
        text: "call about the offer".into(),
        when: Some(when),
        repeat,
        ..Default::default()
    }
}

#[test]
fn firing_is_once_missed_ones_are_marked_and_snooze_puts_off() {
    let ny = tz(NEW_YORK);
    let now = resolve(&l(2026, 11, 25, 8, 0), &ny);
    let r = Reminder::from_draft(draft(When::Local(l(2026, 11, 25, 9, 0)), Repeat::Daily), None, "America/New_York", &ny, now).unwrap();
    assert_eq!(r.next, Some(now + HOUR));
    let mut list = vec![r];
    assert_eq!(alarms(&list), [("reminder:r1".to_string(), now + HOUR)]);
    assert!(fire_due(&mut list, now + HOUR - 1, &zones).is_empty(), "not yet");

    let fired = fire_due(&mut list, now + HOUR + 1000, &zones);
    assert_eq!(fired, [Fired { id: "r1".into(), at: now + HOUR, missed: false }]);
    assert!(fire_due(&mut list, now + HOUR + 2000, &zones).is_empty(), "a second alarm fires nothing");
    assert_eq!(due_count(&list), 1);
    assert_eq!(list[0].next, Some(now + HOUR + DAY));

    snooze(&mut list[0], now + HOUR + 5000, 10).unwrap();
    assert_eq!(due_count(&list), 0);
    assert_eq!(list[0].alarm_at(), Some(now + HOUR + 5000 + 10 * MINUTE));
    let fired = fire_due(&mut list, now + HOUR + 5000 + 10 * MINUTE, &zones);
    assert_eq!(fired.len(), 1);
    assert_eq!(list[0].snoozed_until, None);
    assert!(done(&mut list[0], now + 2 * HOUR), "a repeat stays");
    assert_eq!(due_count(&list), 0);

    // The browser was closed for three days: fires once, marked missed; next is tomorrow 9:00.
    let back = resolve(&l(2026, 11, 29, 12, 0), &ny);
    let fired = fire_due(&mut list, back, &zones);
    assert_eq!(fired.len(), 1);
    assert!(fired[0].missed);
    assert_eq!(local_of(list[0].next.unwrap(), &ny), l(2026, 11, 30, 9, 0));
    assert!(fire_due(&mut list, back, &zones).is_empty());
}

#[test]
fn one_offs_and_bad_drafts() {
    let berlin = tz(BERLIN);
    let now = resolve(&l(2026, 11, 25, 8, 0), &berlin);
    let mut once = Reminder::from_draft(draft(When::Instant(now + 15 * MINUTE), Repeat::Never), None, "Europe/Berlin", &berlin, now).unwrap();
    assert_eq!(once.at, Some(l(2026, 11, 25, 8, 15)));
    let mut list = vec![once.clone()];
    assert_eq!(fire_due(&mut list, now + 15 * MINUTE, &zones).len(), 1);
    assert_eq!(list[0].next, None);
    assert!(alarms(&list).is_empty());
    assert!(!done(&mut list[0], now + 20 * MINUTE), "nothing left of a one-off");
    // Snoozing a fired one-off rings again.
    once.next = None;
    once.due = Some(Due { at: now, missed: false });
    snooze(&mut once, now, 60).unwrap();
    assert_eq!(alarms(&[once.clone()]), [("reminder:r1".to_string(), now + HOUR)]);
    assert!(snooze(&mut once, now, 0).is_err());

    let past = Reminder::from_draft(draft(When::Local(l(2026, 11, 25, 7, 0)), Repeat::Never), None, "Europe/Berlin", &berlin, now);
    assert_eq!(past.unwrap_err().field, "when");
    // A repeat whose first time is past starts at its next occurrence.
    let daily = Reminder::from_draft(draft(When::Local(l(2026, 11, 25, 7, 0)), Repeat::Daily), None, "Europe/Berlin", &berlin, now).unwrap();
    assert_eq!(local_of(daily.next.unwrap(), &berlin), l(2026, 11, 26, 7, 0));
    let no_platform = Draft { kind: Kind::Message, ..draft(When::Instant(now + HOUR), Repeat::Never) };
    assert_eq!(Reminder::from_draft(no_platform, None, "Europe/Berlin", &berlin, now).unwrap_err().field, "platform");
    let nothing = Draft { e164: None, text: " ".into(), ..draft(When::Instant(now + HOUR), Repeat::Never) };
    assert_eq!(Reminder::from_draft(nothing, None, "Europe/Berlin", &berlin, now).unwrap_err().field, "text");
    let bad_date = draft(When::Local(Local { year: 2027, month: 2, day: 30, hour: 9, minute: 0 }), Repeat::Never);
    assert_eq!(Reminder::from_draft(bad_date, None, "Europe/Berlin", &berlin, now).unwrap_err().msg.key, "reminder_no_such_date");
}

#[test]
fn deleting_a_contact_removes_or_keeps_its_reminders() {
    let mk = |id: &str, contact: Option<&str>| Reminder { id: id.into(), contact_id: contact.map(Into::into), ..Default::default() };
    let mut list = vec![mk("a", Some("c1")), mk("b", Some("c2")), mk("c", Some("c1"))];
    let mut kept = list.clone();
    assert_eq!(on_contact_deleted(&mut kept, "c1", true), 2);
    assert_eq!(kept.len(), 3);
    assert!(kept.iter().filter(|r| r.id != "b").all(|r| r.contact_id.is_none()));
    assert_eq!(on_contact_deleted(&mut list, "c1", false), 2);
    assert_eq!(list.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["b"]);
    let (read, unreadable) = from_stored(&serde_json::json!([{ "id": "x", "repeat": "weekly" }, { "id": "y", "repeat": "hourly" }, {}]));
    assert_eq!((read.len(), unreadable), (1, 2));
}

#[test]
fn drafts_take_a_preset_or_a_custom_time() {
    let berlin = tz(BERLIN);
    let now = resolve(&l(2026, 11, 25, 20, 0), &berlin);
    let base = Draft { when: None, ..draft(When::Instant(0), Repeat::Never) };
    let evening = Reminder::from_draft(Draft { preset: Some(Preset::ThisEvening), ..base.clone() }, None, "Europe/Berlin", &berlin, now).unwrap();
    assert_eq!(evening.at, Some(l(2026, 11, 26, 18, 0)));
    let custom = Reminder::from_draft(Draft { custom: Some("2026-12-24T08:30".into()), ..base.clone() }, None, "Europe/Berlin", &berlin, now).unwrap();
    assert_eq!(local_of(custom.next.unwrap(), &berlin), l(2026, 12, 24, 8, 30));
    let edited = Reminder::from_draft(
        Draft { id: "other".into(), custom: Some("2026-12-25T08:30".into()), ..base.clone() },
        Some(&custom),
        "Europe/Berlin",
        &berlin,
        now + 5,
    )
    .unwrap();
    assert_eq!((edited.id.as_str(), edited.created, edited.updated), ("r1", now, now + 5));
    for (bad, says) in [(Some("24/12/2026"), "reminder_unreadable_time"), (None, "reminder_no_time")] {
        let e = Reminder::from_draft(Draft { custom: bad.map(Into::into), ..base.clone() }, None, "Europe/Berlin", &berlin, now).unwrap_err();
        assert_eq!(e.msg.key, says, "{}", e.msg);
    }
}

#[test]
fn what_open_chat_sends_and_when_a_chat_opens_directly() {
    use contakt_core::links::Platform;
    let message =
        Reminder { kind: Kind::Message, e164: Some("+12015550123".into()), text: "Hi".into(), platform: Some(Platform::Signal), ..Default::default() };
    assert_eq!(message.message(Platform::Whatsapp).unwrap(), ("+12015550123".to_string(), Platform::Signal, "Hi".to_string()));
    let note = Reminder { kind: Kind::Reminder, platform: None, text: "call about the offer".into(), ..message.clone() };
    assert_eq!(note.message(Platform::Whatsapp).unwrap(), ("+12015550123".to_string(), Platform::Whatsapp, String::new()), "the note is not sent");
    assert_eq!(Reminder { e164: None, ..note.clone() }.message(Platform::Sms).unwrap_err().field, "number");
    assert!(message.opens_directly(true));
    assert!(!message.opens_directly(false));
    assert!(!note.opens_directly(true));
    assert!(!Reminder { e164: None, ..message }.opens_directly(true));
}
