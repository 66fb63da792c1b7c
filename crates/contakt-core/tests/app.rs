//! The application layer: every request kind answered from stored snapshots, as the service
//! worker calls it. Each case checks the reply (or the failure's code and message key), the
//! exact storage writes and the effects, and that a request only writes keys it declared it
//! reads (so the worker's undo can put them back).

use contakt_core::app::{handle, needs, request_of, Effect, Env, Keys, Outcome, Request, Stored};
use contakt_core::import::Builtin;
use contakt_core::schedule::{PosixTz, Zone};
use serde_json::{json, Value};

/// A fixed clock (2024-03-01 10:00 UTC), Berlin's rules, counted ids, no randomness.
struct TestEnv {
    now: i64,
    ids: usize,
}

const NOW: i64 = 1_709_287_200_000;

impl Env for TestEnv {
    fn now(&self) -> i64 {
        self.now
    }
    fn zone_name(&self) -> &str {
        "Europe/Berlin"
    }
    fn zone(&self, _name: &str) -> Box<dyn Zone> {
        Box::new(PosixTz::parse("CET-1CEST,M3.5.0,M10.5.0/3").unwrap())
    }
    fn locale(&self) -> &str {
        "en-GB"
    }
    fn app_version(&self) -> &str {
        "9.9.9"
    }
    fn new_id(&mut self) -> String {
        self.ids += 1;
        format!("id{}", self.ids)
    }
    fn random(&mut self, out: &mut [u8]) -> bool {
        out.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8);
        true
    }
}

fn env() -> TestEnv {
    TestEnv { now: NOW, ids: 0 }
}

fn stored(local: Value, sync: Value, session: Value) -> Stored {
    serde_json::from_value(json!({ "local": local, "sync": sync, "session": session })).unwrap()
}

fn base() -> Stored {
    stored(
        json!({
            "schema": 2,
            "contacts": [
                { "id": "c1", "display_name": "Ana Silva", "first_name": "Ana", "numbers": [{ "label": "mobile", "raw": "+44 20 7946 0958", "e164": "+442079460958" }], "tags": ["vip"] },
                { "id": "c2", "display_name": "Ben", "numbers": [{ "label": "work", "raw": "+1 201 555 0123", "e164": "+12015550123" }], "tags": ["vip"] }
            ],
            "history": [{ "id": "h1", "e164": "+12015550123", "platform": "sms", "text": "old", "at": NOW - 1000 }],
            "reminders": [
                { "id": "r1", "kind": "message", "contact_id": "c1", "e164": "+442079460958", "label": "Ana Silva", "text": "Happy birthday!", "platform": "whatsapp", "zone": "Europe/Berlin", "repeat": "never", "next": NOW - 1000 },
                { "id": "r2", "kind": "reminder", "label": "", "text": "call the bank", "zone": "Europe/Berlin", "repeat": "never", "next": NOW + 3_600_000 }
            ],
            "counters": { "sent": 1, "by_platform": { "sms": 1 } }
        }),
        json!({ "settings": { "default_region": "GB", "default_platform": "whatsapp" }, "tags": [{ "name": "vip", "colour": "red" }],
                "template:t1": { "id": "t1", "title": "Hi", "body": "Hi {first_name}", "updated": 1 } }),
        json!({ "offer": { "numbers": ["+12015550123"], "platform": "sms" }, "pending": { "number": "+44 20 7946 0958", "platform": "line", "text": "" } }),
    )
}

/// Runs a request against only the keys it declared, as the worker does.
fn run(request: Value, all: &Stored) -> Outcome {
    let request = request_of(request).expect("a request");
    let n = needs(&request);
    let pick = |keys: &Keys, area: &serde_json::Map<String, Value>| -> serde_json::Map<String, Value> {
        area.iter().filter(|(k, _)| keys.has(k)).map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    let snapshot = Stored { local: pick(&n.local, &all.local), sync: pick(&n.sync, &all.sync), session: pick(&n.session, &all.session) };
    let out = handle(request, &snapshot, &mut env());
    for (area, keys, set, remove) in [
        ("local", &n.local, &out.writes.local_set, &out.writes.local_remove),
        ("sync", &n.sync, &out.writes.sync_set, &out.writes.sync_remove),
        ("session", &n.session, &out.writes.session_set, &out.writes.session_remove),
    ] {
        for k in set.keys().chain(remove.iter()) {
            assert!(keys.has(k), "writes {area} {k} it did not read");
        }
    }
    if !n.writes {
        assert!(out.writes.is_empty(), "a read-only request wrote");
    }
    out
}

fn ok(out: &Outcome) -> &Value {
    out.reply.as_ref().unwrap_or_else(|f| panic!("refused: {} {}", f.code, f.msg))
}

fn failed(out: &Outcome) -> (&'static str, &'static str) {
    let f = out.reply.as_ref().expect_err("a failure");
    (f.code, f.msg.key)
}

fn effect_types(out: &Outcome) -> Vec<&'static str> {
    out.effects
        .iter()
        .map(|e| match e {
            Effect::OpenTab { .. } => "open_tab",
            Effect::Notify { .. } => "notify",
            Effect::ClearNotification { .. } => "clear_notification",
            Effect::Alarms { .. } => "alarms",
            Effect::Badge { .. } => "badge",
            Effect::OpenPopup { .. } => "open_popup",
            Effect::Menus { .. } => "menus",
            Effect::Detection { on: true, .. } => "detection_on",
            Effect::Detection { on: false, release: false } => "detection_off",
            Effect::Detection { on: false, release: true } => "detection_off_release",
            Effect::SendTelemetry { .. } => "send_telemetry",
            Effect::TelemetryAccess { .. } => "telemetry_access",
            Effect::ClipboardAccess { .. } => "clipboard_access",
        })
        .collect()
}

fn keys(m: &serde_json::Map<String, Value>) -> Vec<&str> {
    m.keys().map(String::as_str).collect()
}

#[test]
fn send_records_history_counters_and_the_contacts_use_then_opens_the_chat() {
    let s = base();
    let out = run(json!({ "type": "send", "number": "020 7946 0958", "platform": "whatsapp", "text": "Hi & bye", "contact_id": "c1" }), &s);
    assert_eq!(ok(&out)["link"]["url"], "https://wa.me/442079460958?text=Hi%20%26%20bye");
    assert_eq!(keys(&out.writes.local_set), ["contacts", "counters", "history"]);
    assert_eq!(out.writes.local_set["history"][0]["text"], "Hi & bye");
    assert_eq!(out.writes.local_set["history"][1]["id"], "h1");
    assert_eq!(out.writes.local_set["counters"]["by_platform"]["whatsapp"], 1);
    assert_eq!(out.writes.local_set["contacts"][0]["last_used"], NOW);
    assert_eq!(out.effects, [Effect::OpenTab { url: "https://wa.me/442079460958?text=Hi%20%26%20bye".into() }]);

    let bad = run(json!({ "type": "send", "number": "12", "platform": "sms" }), &s);
    assert_eq!(failed(&bad), ("too_short", "phone_too_short"));
    assert_eq!(bad.reply.as_ref().unwrap_err().field, Some("number"));
    assert!(bad.writes.is_empty() && bad.effects.is_empty());
    let platform = run(json!({ "type": "send", "number": "020 7946 0958", "platform": "myspace" }), &s);
    assert_eq!(failed(&platform), ("unknown_platform", "unknown_platform"));
    let long = run(json!({ "type": "send", "number": "020 7946 0958", "platform": "sms", "text": "x".repeat(2001) }), &s);
    assert_eq!(failed(&long), ("text_too_long", "send_text_too_long"));
    let resend = run(json!({ "type": "resend", "id": "h1" }), &s);
    assert_eq!(resend.effects, [Effect::OpenTab { url: "sms:+12015550123?body=old".into() }]);
    assert_eq!(failed(&run(json!({ "type": "resend", "id": "gone" }), &s)), ("not_found", "history_gone"));
}

#[test]
fn views_settings_and_detection() {
    let s = base();
    let view = run(json!({ "type": "view" }), &s);
    let v = ok(&view);
    assert_eq!(v["history"][0]["international"], "+1 201-555-0123");
    assert_eq!(v["recent"], json!([0]), "the recent chats index the history");
    assert_eq!(v["platforms"].as_array().unwrap().len(), 10);
    assert_eq!(v["platforms"][0]["notice"]["key"], "notice_whatsapp");
    assert!(view.writes.is_empty());
    let state = run(json!({ "type": "state" }), &s);
    assert_eq!(ok(&state)["pending"]["platform"], "line");
    assert_eq!(state.writes.session_remove, ["pending"], "the pending send is taken once");
    let taken = run(json!({ "type": "takePending" }), &s);
    assert_eq!((ok(&taken)["number"].as_str(), taken.writes.session_remove.clone()), (Some("+44 20 7946 0958"), vec!["pending".to_string()]));
    let refreshed = run(json!({ "type": "refreshView" }), &s);
    assert_eq!(keys(&refreshed.writes.session_set), ["view"]);

    let saved = run(json!({ "type": "saveSettings", "settings": { "default_region": "de", "my_number": "030 123456" } }), &s);
    assert_eq!(saved.writes.sync_set["settings"]["my_number"], "+4930123456");
    let refused = run(json!({ "type": "saveSettings", "settings": { "default_region": "ZZ" } }), &s);
    assert_eq!(failed(&refused), ("invalid_setting", "phone_unknown_region"));
    let on = run(json!({ "type": "setDetection", "enabled": true }), &s);
    assert_eq!(on.writes.sync_set["settings"]["detect_numbers"], true);
    let mut detecting = base();
    detecting.sync.insert("settings".into(), json!({ "default_region": "GB", "detect_numbers": true }));
    let off = run(json!({ "type": "setDetection", "host": "www.news.example", "exclude": true }), &detecting);
    assert_eq!(off.writes.sync_set["settings"]["excluded_sites"], json!(["news.example"]));

    let config = run(json!({ "type": "pageConfig", "host": "shop.example" }), &detecting);
    assert_eq!(ok(&config)["enabled"], true);
    let found = run(json!({ "type": "findInPage", "host": "shop.example", "texts": ["Call 020 7946 0958 now", "nothing"] }), &detecting);
    assert_eq!(ok(&found)[0][0]["e164"], "+442079460958");
    assert_eq!(ok(&found)[0][0]["start"], 5);
    let blocked = run(json!({ "type": "findInPage", "host": "shop.example", "texts": ["020 7946 0958"] }), &s);
    assert_eq!(failed(&blocked), ("disabled", "detection_off_here"));
    assert_eq!(run(json!({ "type": "clearHistory" }), &s).writes.local_set["history"], json!([]));
    assert_eq!(ok(&run(json!({ "type": "counters" }), &s))["counters"]["sent"], 1);
}

#[test]
fn who_may_send_what() {
    let origin = |r: Value| needs(&request_of(r).unwrap()).origin;
    assert_eq!(origin(json!({ "type": "send", "number": "1", "platform": "sms" })), "extension");
    assert_eq!(origin(json!({ "type": "findInPage", "host": "a" })), "page");
    assert_eq!(origin(json!({ "type": "messageNumber", "e164": "+1" })), "page");
    assert_eq!(origin(json!({ "type": "started" })), "browser");
    assert_eq!(origin(json!({ "type": "menuClick", "menu_item_id": "message" })), "browser");
    assert_eq!(request_of(json!({ "type": "dropEverything" })).unwrap_err().code, "refused");
    assert_eq!(request_of(json!({ "type": "send" })).unwrap_err().msg.key, "bad_request");
    // Requests with no fields of their own, with fields they do not use, or with every field
    // left to its default, are read; what is not a request is refused with the reason.
    assert_eq!(request_of(json!({ "type": "state" })).unwrap(), Request::State);
    assert_eq!(request_of(json!({ "type": "clearHistory", "ticket": "t1" })).unwrap(), Request::ClearHistory);
    assert_eq!(request_of(json!({ "type": "backup" })).unwrap(), Request::Backup);
    for bad in [json!([]), json!("state"), json!({ "type": 5 }), json!({ "kind": "state" })] {
        let e = request_of(bad.clone()).unwrap_err();
        assert_eq!((e.code, e.msg.key), ("refused", "bad_request"), "{bad}");
    }
    assert!(format!("{:?}", request_of(json!({ "type": "send", "number": 5, "platform": "sms" })).unwrap_err().msg.args[0]).contains("invalid type"));
    // A chat the user asked for opens before it is recorded (a full storage cannot stop it);
    // everything else writes first.
    let first = |r: Value| needs(&request_of(r).unwrap()).effects_first;
    assert!(first(json!({ "type": "send", "number": "1", "platform": "sms" })));
    assert!(first(json!({ "type": "resend", "id": "h1" })));
    assert!(first(json!({ "type": "messageNumber", "e164": "+1" })));
    assert!(first(json!({ "type": "menuClick", "menu_item_id": "message" })));
    assert!(!first(json!({ "type": "saveContact", "contact": {} })));
    assert!(!first(json!({ "type": "alarm", "name": "reminder:r1" })));
}

#[test]
fn contacts_and_tags() {
    let s = base();
    let saved = run(json!({ "type": "saveContact", "contact": { "first_name": "Cleo", "numbers": [{ "label": "mobile", "raw": "07400 123456" }] } }), &s);
    let c = ok(&saved);
    assert_eq!((c["id"].as_str(), c["created"].as_i64(), c["numbers"][0]["e164"].as_str()), (Some("id1"), Some(NOW), Some("+447400123456")));
    assert_eq!(saved.writes.local_set["contacts"].as_array().unwrap().len(), 3);
    let bad = run(json!({ "type": "saveContact", "contact": { "emails": ["nope"] } }), &s);
    assert_eq!(failed(&bad), ("invalid_contact", "contact_not_an_email"));
    let form = run(json!({ "type": "saveContactForm", "form": { "id": "c2", "first_name": "Benjamin", "numbers": "work: +1 201 555 0123" } }), &s);
    assert_eq!(form.writes.local_set["contacts"][1]["first_name"], "Benjamin");
    assert_eq!(failed(&run(json!({ "type": "saveContactForm", "form": { "id": "gone" } }), &s)), ("not_found", "contact_deleted_meanwhile"));
    // Two tabs edit one contact: the second save finds it changed since its form was filled,
    // and the user chooses; the form of the current version, or keeping one's own, saves.
    let stored_c2 = s.local["contacts"].as_array().unwrap().iter().find(|c| c["id"] == "c2").unwrap().clone();
    let current = stored_c2["updated"].as_i64().unwrap_or(0);
    let stale = json!({ "type": "saveContactForm", "form": { "id": "c2", "first_name": "Ben", "base_updated": current - 1 } });
    let conflict = run(stale.clone(), &s);
    assert_eq!(failed(&conflict), ("conflict", "contact_changed_meanwhile"));
    assert!(conflict.writes.is_empty(), "nothing is overwritten without the user's choice");
    let mut keep = stale;
    keep["form"]["overwrite"] = json!(true);
    assert_eq!(ok(&run(keep, &s))["first_name"], "Ben");
    let fresh = run(json!({ "type": "saveContactForm", "form": { "id": "c2", "first_name": "Ben", "base_updated": current } }), &s);
    assert_eq!(ok(&fresh)["first_name"], "Ben");

    // Deleting a contact with reminders asks first; then deletes or keeps them.
    let ask = run(json!({ "type": "deleteContact", "id": "c1" }), &s);
    let f = ask.reply.as_ref().unwrap_err();
    assert_eq!((f.code, f.msg.key, f.msg.count, f.msg.texts()), ("has_reminders", "contact_has_reminders", Some(1), vec!["1".to_string(), "Ana Silva".into()]));
    assert!(ask.writes.is_empty());
    let keep = run(json!({ "type": "deleteContact", "id": "c1", "reminders": "keep" }), &s);
    assert_eq!(ok(&keep)["contact"]["id"], "c1");
    assert_eq!(keep.writes.local_set["reminders"][0]["contact_id"], Value::Null);
    assert_eq!(effect_types(&keep), ["alarms", "badge"]);
    let gone = run(json!({ "type": "deleteContact", "id": "c1", "reminders": "delete" }), &s);
    assert_eq!(gone.writes.local_set["reminders"].as_array().unwrap().len(), 1);
    let plain = run(json!({ "type": "deleteContact", "id": "c2" }), &s);
    assert_eq!(ok(&plain)["msg"]["key"], "contact_deleted");
    assert!(!plain.writes.local_set.contains_key("reminders"));

    let merged = run(json!({ "type": "mergeContacts", "ids": ["c1", "c2"] }), &s);
    assert_eq!(merged.writes.local_set["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(failed(&run(json!({ "type": "mergeContacts", "ids": ["c1", "x"] }), &s)), ("not_found", "merge_gone"));

    let tags = run(json!({ "type": "tags" }), &s);
    assert_eq!(ok(&tags)["tags"][0], json!({ "name": "vip", "colour": "red", "count": 2 }));
    let renamed = run(json!({ "type": "tagChange", "change": { "op": "rename", "name": "vip", "to": "Key clients" } }), &s);
    let m = &ok(&renamed)["msg"];
    assert_eq!((m["key"].as_str(), m["count"].as_i64()), (Some("tag_renamed"), Some(2)));
    assert_eq!(renamed.writes.local_set["contacts"][0]["tags"], json!(["Key clients"]));
    assert_eq!(renamed.writes.sync_set["tags"][0]["name"], "Key clients");
    let coloured = run(json!({ "type": "tagChange", "change": { "op": "colour", "name": "vip", "colour": "blue" } }), &s);
    assert!(!coloured.writes.local_set.contains_key("contacts"), "no contact changes");
    assert_eq!(failed(&run(json!({ "type": "tagChange", "change": { "op": "create", "name": "vip", "colour": "red" } }), &s)), ("invalid_tag", "tag_exists"));
    // What is not a tag change is refused with the reason, as a draft without a source kind is.
    for change in [json!({ "op": "explode", "name": "vip" }), json!({ "name": "vip" }), json!({ "op": "delete" }), json!("delete")] {
        assert_eq!(failed(&run(json!({ "type": "tagChange", "change": change }), &s)), ("bad_change", "unreadable"), "{change}");
    }
    let odd = run(json!({ "type": "campaignPreview", "draft": { "platform": "sms", "body": "x", "source": { "kind": "pigeons" } } }), &s);
    assert_eq!(failed(&odd), ("bad_draft", "unreadable"));
    let unset = run(json!({ "type": "campaignPreview", "draft": { "platform": "sms", "body": "x", "source": { "kind": "none" } } }), &s);
    assert_eq!(failed(&unset).0, "no_recipients");
    let missing = run(json!({ "type": "campaignPreview", "draft": { "platform": "sms", "body": "x" } }), &s);
    assert_eq!(failed(&missing).0, "no_recipients");
    let listed = run(json!({ "type": "contacts" }), &s);
    assert_eq!(ok(&listed)["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(ok(&listed)["shown"], json!([["+44 20 7946 0958"], ["+1 201-555-0123"]]), "numbers as shown, formatted by the core");
}

#[test]
fn templates() {
    let s = base();
    assert_eq!(ok(&run(json!({ "type": "templates" }), &s))[0]["title"], "Hi");
    let saved = run(json!({ "type": "saveTemplate", "template": { "title": "Thanks", "body": "Thank you, {name}!" } }), &s);
    assert_eq!(keys(&saved.writes.sync_set), ["template:id1"]);
    assert_eq!(failed(&run(json!({ "type": "saveTemplate", "template": { "title": "", "body": "x" } }), &s)), ("invalid_template", "template_no_title"));
    assert_eq!(run(json!({ "type": "deleteTemplate", "id": "t1" }), &s).writes.sync_remove, ["template:t1"]);
}

#[test]
fn reminders_save_update_open_fire_and_snooze_alike() {
    let s = base();
    let listed = run(json!({ "type": "reminders" }), &s);
    let v = ok(&listed);
    assert_eq!(v["zone"], "Europe/Berlin");
    assert_eq!(v["snooze"]["count"], 10, "the popup snoozes as long as the notification");
    assert_eq!(v["shown"][1]["who"]["key"], "reminder_for_you");
    assert_eq!(v["shown"][0]["actions"], json!(["open", "edit", "cancel"]));
    assert_eq!(v["presets"][0]["label"]["key"], "preset_in_15_minutes");

    // A new reminder for a number gets the number as its label; for a contact, its name.
    let saved = run(json!({ "type": "saveReminder", "draft": { "kind": "reminder", "e164": "+12015550123", "text": "ask", "preset": "in1_hour" } }), &s);
    let r = ok(&saved);
    assert_eq!((r["id"].as_str(), r["label"].as_str(), r["next"].as_i64()), (Some("id1"), Some("+1 201-555-0123"), Some(NOW + 3_600_000)));
    assert_eq!(ok(&saved)["msg"]["key"], "reminder_set");
    assert_eq!(effect_types(&saved), ["alarms", "badge"]);
    let for_contact = run(
        json!({ "type": "saveReminder", "draft": { "kind": "message", "contact_id": "c2", "e164": "+12015550123", "platform": "sms", "preset": "in1_hour" } }),
        &s,
    );
    assert_eq!(ok(&for_contact)["label"], "Ben");
    let edited = run(
        json!({ "type": "saveReminder", "draft": { "id": "r1", "kind": "message", "e164": "+442079460958", "platform": "whatsapp", "text": "Hi", "preset": "tomorrow9" } }),
        &s,
    );
    assert_eq!((ok(&edited)["label"].as_str(), ok(&edited)["contact_id"].as_str()), (Some("Ana Silva"), Some("c1")), "editing keeps whom it is for");
    assert_eq!(
        failed(&run(json!({ "type": "saveReminder", "draft": { "id": "gone", "kind": "reminder", "text": "x", "preset": "in1_hour" } }), &s)),
        ("not_found", "reminder_gone_not_saved")
    );
    assert_eq!(
        failed(&run(json!({ "type": "saveReminder", "draft": { "kind": "reminder", "text": "x", "custom": "2020-01-01T10:00" } }), &s)),
        ("invalid_reminder", "reminder_past")
    );

    // An alarm fires r1 (due a second ago): one write, a notification with Open chat and Snooze 10 minutes.
    let fired = run(json!({ "type": "alarm", "name": "reminder:r1" }), &s);
    assert_eq!(ok(&fired).as_array().unwrap().len(), 1);
    assert_eq!(fired.writes.local_set["reminders"][0]["due"]["missed"], false);
    assert_eq!(effect_types(&fired), ["notify", "alarms", "badge"]);
    match &fired.effects[0] {
        Effect::Notify { id, title, buttons, .. } => {
            assert_eq!((id.as_str(), title.key), ("reminder:r1", "reminder_message_ready"));
            assert_eq!((buttons[0].key, buttons[1].key, buttons[1].count), ("open_chat", "snooze_for", Some(10)));
        }
        e => panic!("{e:?}"),
    }
    assert!(matches!(&fired.effects[2], Effect::Badge { text, .. } if text == "1"));
    let mut after = s.clone();
    after.local.insert("reminders".into(), fired.writes.local_set["reminders"].clone());
    assert_eq!(ok(&run(json!({ "type": "alarm", "name": "reminder:r1" }), &after)), &json!([]), "an occurrence fires once");

    // Open directly when the settings say so: the chat, the history, done; no notification.
    let mut direct = s.clone();
    direct.sync.insert("settings".into(), json!({ "default_region": "GB", "open_scheduled_directly": true }));
    let opened = run(json!({ "type": "alarm", "name": "reminder:r1" }), &direct);
    assert_eq!(effect_types(&opened), ["open_tab", "clear_notification", "alarms", "badge"]);
    assert_eq!(opened.writes.local_set["history"][0]["text"], "Happy birthday!");
    assert_eq!(opened.writes.local_set["reminders"].as_array().unwrap().len(), 1, "the one-off is done");

    // The notification's buttons: Snooze (10 minutes), Open chat, Done without a number.
    let snoozed = run(json!({ "type": "notificationButton", "id": "reminder:r1", "index": 1 }), &after);
    assert_eq!(snoozed.writes.local_set["reminders"][0]["snoozed_until"], NOW + 600_000);
    assert_eq!(effect_types(&snoozed), ["clear_notification", "alarms", "badge"]);
    let open = run(json!({ "type": "notificationButton", "id": "reminder:r1", "index": 0 }), &after);
    assert_eq!(effect_types(&open), ["open_tab", "clear_notification", "alarms", "badge"]);
    assert_eq!(open.writes.local_set["contacts"][0]["last_used"], NOW);
    let clicked = run(json!({ "type": "notificationClick", "id": "reminder:r1" }), &after);
    assert_eq!(
        (clicked.writes.clone(), clicked.effects.clone()),
        (open.writes.clone(), open.effects.clone()),
        "a click on the notification is its main action"
    );
    let mut r2_due = after.clone();
    r2_due.local.get_mut("reminders").unwrap()[1]["due"] = json!({ "at": NOW, "missed": false });
    let done = run(json!({ "type": "notificationButton", "id": "reminder:r2", "index": 0 }), &r2_due);
    assert_eq!(done.writes.local_set["reminders"].as_array().unwrap().len(), 2, "Done keeps a reminder whose next time is still to come");
    assert_eq!(done.writes.local_set["reminders"][1]["due"], Value::Null);
    let popup_snooze = run(json!({ "type": "updateReminder", "id": "r1", "action": "snooze" }), &after);
    assert_eq!(popup_snooze.writes.local_set["reminders"][0]["snoozed_until"], NOW + 600_000);
    assert_eq!(failed(&run(json!({ "type": "updateReminder", "id": "r1", "action": "explode" }), &s)), ("bad_action", "reminder_bad_action"));
    assert_eq!(run(json!({ "type": "updateReminder", "id": "r2", "action": "cancel" }), &s).writes.local_set["reminders"].as_array().unwrap().len(), 1);
    let open_request = run(json!({ "type": "openReminder", "id": "r1" }), &s);
    assert_eq!(ok(&open_request)["msg"]["key"], "chat_opened_with");
    assert_eq!(failed(&run(json!({ "type": "openReminder", "id": "r2" }), &s)), ("no_number", "reminder_nobody"));
}

#[test]
fn pages_menus_commands_and_the_offer() {
    let s = base();
    let menu = run(json!({ "type": "menuClick", "menu_item_id": "message", "selection_text": "Call +44 20 7946 0958 or +1 201 555 0123" }), &s);
    assert_eq!(effect_types(&menu), ["open_tab", "notify"]);
    assert_eq!(menu.writes.session_set["offer"]["numbers"], json!(["+12015550123"]));
    let tel = run(json!({ "type": "menuClick", "menu_item_id": "message-on:sms", "link_url": "tel:+1-201-555-0123" }), &s);
    assert_eq!(tel.effects, [Effect::OpenTab { url: "sms:+12015550123".into() }]);
    let none = run(json!({ "type": "menuClick", "menu_item_id": "message", "selection_text": "no digits" }), &s);
    assert_eq!(failed(&none).0, "not_a_number");
    assert_eq!(effect_types(&none), ["notify"], "a page action says why in a notification");
    let clipboard = run(json!({ "type": "menuClick", "menu_item_id": "message-on:wechat", "selection_text": "+44 20 7946 0958" }), &s);
    assert_eq!(effect_types(&clipboard), ["open_popup"]);
    assert_eq!(clipboard.writes.session_set["pending"]["platform"], "wechat");
    assert!(clipboard.writes.local_set.is_empty(), "nothing is recorded before the user presses Send");
    let save = run(json!({ "type": "menuClick", "menu_item_id": "save-contact", "selection_text": "Reception: +44 20 7946 0958" }), &s);
    assert_eq!(save.writes.local_set["contacts"][2]["display_name"], "+44 20 7946 0958");
    assert_eq!(effect_types(&save), ["notify"]);
    let command = run(json!({ "type": "command", "command": "message-selection", "selection": null }), &s);
    assert_eq!(failed(&command), ("no_page", "select_then_shortcut"));
    let offered = run(json!({ "type": "notificationButton", "id": "contakt-more", "index": 0 }), &s);
    assert_eq!(offered.effects, [Effect::ClearNotification { id: "contakt-more".into() }, Effect::OpenTab { url: "sms:+12015550123".into() }]);
    // A page's "save" saves nothing: the options page opens with the number for the user to save.
    let saved = run(json!({ "type": "saveNumber", "e164": "+12015550123", "host": "shop.example" }), &s);
    assert!(saved.writes.local_set.is_empty() && saved.writes.sync_set.is_empty(), "nothing saved from a page");
    assert_eq!(saved.writes.session_set["page_save"], json!({ "international": "+1 201-555-0123", "host": "shop.example" }));
    assert_eq!(saved.effects, [Effect::OpenTab { url: "options.html#contacts".into() }]);
    let mut waiting = s.clone();
    waiting.session.extend(saved.writes.session_set.clone());
    let taken = run(json!({ "type": "takePageSave" }), &waiting);
    assert_eq!(ok(&taken)["number"], "+1 201-555-0123");
    assert_eq!(ok(&taken)["msg"]["key"], "page_save_confirm_from");
    assert_eq!(taken.writes.session_remove, ["page_save"], "taken once");
    assert_eq!(ok(&run(json!({ "type": "takePageSave" }), &s)), &Value::Null);
    let page = run(json!({ "type": "messageNumber", "e164": "+442079460958" }), &s);
    assert_eq!(page.effects, [Effect::OpenTab { url: "https://wa.me/442079460958".into() }]);
    assert_eq!(page.writes.session_set["page_actions"], json!([NOW]), "the action is counted");
    let installed = run(json!({ "type": "installed", "reason": "install" }), &stored(json!({}), json!({}), json!({})));
    assert_eq!(effect_types(&installed), ["menus", "detection_off", "open_tab"]);
    assert_eq!(installed.effects[2], Effect::OpenTab { url: "onboarding.html".into() }, "a new user is welcomed");
    assert!(installed.writes.is_empty(), "nothing is stored before the user confirms the onboarding");
    let fresh = run(json!({ "type": "view" }), &stored(json!({}), json!({}), json!({})));
    assert_eq!(ok(&fresh)["settings"]["default_region"], "GB", "until then the country follows the language");
    let updated = run(json!({ "type": "installed", "reason": "update" }), &stored(json!({}), json!({}), json!({})));
    assert!(updated.writes.is_empty());
    assert_eq!(effect_types(&updated), ["menus", "detection_off"], "an update does not show the onboarding, even before settings were saved");
    let reinstalled = run(json!({ "type": "installed", "reason": "install" }), &s);
    assert_eq!(effect_types(&reinstalled), ["menus", "detection_off"], "settings already there (synced from another device): no welcome");
}

/// Actions a web page asks for (open a chat, save a number): at most 3 in 10 seconds and 10
/// in a minute, refused beyond with a notification that says why; older ones are forgotten.
#[test]
fn page_actions_are_rate_limited() {
    let s = base();
    let at = |times: &[i64]| {
        let mut st = s.clone();
        st.session.insert("page_actions".into(), json!(times.iter().map(|t| NOW - t).collect::<Vec<_>>()));
        st
    };
    let ask = [json!({ "type": "messageNumber", "e164": "+442079460958" }), json!({ "type": "saveNumber", "e164": "+442079460958", "host": "a.example" })];
    // (seconds ago of earlier actions, admitted)
    let table: [(&[i64], bool); 8] = [
        (&[], true),
        (&[1_000, 2_000], true),
        (&[1_000, 2_000, 9_000], false),
        (&[11_000, 12_000, 13_000], true),
        (&[0, 0, 0], false),
        (&[5_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000, 50_000], true),
        (&[5_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000, 50_000, 55_000], false),
        (&[61_000, 62_000, 63_000, 64_000, 65_000, 66_000, 67_000, 68_000, 69_000, 70_000, 71_000], true),
    ];
    for (earlier, admitted) in table {
        for request in &ask {
            let out = run(request.clone(), &at(earlier));
            if admitted {
                assert!(out.reply.is_ok(), "{earlier:?} {request}");
                let kept = out.writes.session_set["page_actions"].as_array().unwrap().len();
                assert_eq!(kept, earlier.iter().filter(|t| **t < 60_000).count() + 1, "a minute is kept, plus this one");
            } else {
                assert_eq!(failed(&out), ("page_rate", "page_rate_limited"), "{earlier:?} {request}");
                assert_eq!(effect_types(&out), ["notify"], "the user is told why nothing happened");
                assert!(out.writes.is_empty());
            }
        }
    }
    // A clock set back does not lock pages out for ever: future times are forgotten.
    assert!(run(ask[0].clone(), &at(&[-600_000, -600_000, -600_000])).reply.is_ok());
}

/// Detection exists only while it is on: every change of the setting, a restore, a start and
/// a permission change say whether the content script must be there.
#[test]
fn detection_follows_the_setting() {
    let s = base();
    let on = run(json!({ "type": "setDetection", "enabled": true }), &s);
    assert_eq!(effect_types(&on), ["detection_on"]);
    let mut detecting = s.clone();
    detecting.sync.extend(on.writes.sync_set.clone());
    assert_eq!(effect_types(&run(json!({ "type": "accessChanged", "pages": true }), &detecting)), ["detection_on"]);
    assert!(effect_types(&run(json!({ "type": "started" }), &detecting)).contains(&"detection_on"));
    let site = run(json!({ "type": "setDetection", "host": "a.example", "exclude": true }), &detecting);
    assert_eq!(effect_types(&site), ["detection_on"], "one site excluded: detection stays on elsewhere");
    let off = run(json!({ "type": "setDetection", "enabled": false }), &detecting);
    assert_eq!(effect_types(&off), ["detection_off_release"], "turned off by the user: the access to pages is given back");
    let again = run(json!({ "type": "setDetection", "enabled": false }), &s);
    assert_eq!(effect_types(&again), ["detection_off"], "already off: nothing to give back (a grant in progress is not undone)");
    assert_eq!(effect_types(&run(json!({ "type": "accessChanged", "pages": true }), &s)), ["detection_off"], "access alone does not turn detection on");
    let settings = run(json!({ "type": "saveSettings", "settings": { "detect_numbers": true } }), &s);
    assert_eq!(effect_types(&settings), ["detection_on"]);
}

/// Firefox closes the popup under the browser's permission prompt, so the page that asked for
/// detection never hears the answer: the wish waits in the worker, and access to pages that
/// comes meanwhile turns detection on. Access to something else, a wish withdrawn (refused) or
/// too old, and no wish at all leave it off.
#[test]
fn access_granted_after_the_page_closed_turns_detection_on() {
    let s = base();
    let wish = run(json!({ "type": "wantDetection", "wanted": true }), &s);
    assert_eq!(wish.writes.session_set["detection_wanted"], NOW);
    let mut waiting = s.clone();
    waiting.session.extend(wish.writes.session_set.clone());

    let granted = run(json!({ "type": "accessChanged", "pages": true }), &waiting);
    assert_eq!(effect_types(&granted), ["detection_on"]);
    assert_eq!(granted.writes.sync_set["settings"]["detect_numbers"], true);
    assert_eq!(granted.writes.session_remove, ["detection_wanted"], "the wish is answered once");

    let clipboard = run(json!({ "type": "accessChanged", "pages": false }), &waiting);
    assert_eq!(effect_types(&clipboard), ["detection_off"]);
    assert!(clipboard.writes.is_empty(), "another permission leaves the wish waiting");

    let withdrawn = run(json!({ "type": "wantDetection", "wanted": false }), &waiting);
    assert_eq!(withdrawn.writes.session_remove, ["detection_wanted"]);

    let mut stale = s.clone();
    stale.session.insert("detection_wanted".into(), json!(NOW - 11 * 60 * 1000));
    let late = run(json!({ "type": "accessChanged", "pages": true }), &stale);
    assert_eq!(effect_types(&late), ["detection_off"], "a wish ten minutes old is forgotten");
    assert!(late.writes.sync_set.is_empty());

    // The page that stayed open saves the setting itself: that answers the wish too.
    let own = run(json!({ "type": "setDetection", "enabled": true }), &waiting);
    assert_eq!(effect_types(&own), ["detection_on"]);
    assert_eq!(own.writes.session_remove, ["detection_wanted"]);
}

/// Cancelling reads and writes nothing and is answered beside the writes (it must not wait
/// behind the restore it stops); the worker holds back the cancelled request's writes.
#[test]
fn cancel_reads_and_writes_nothing_and_does_not_wait() {
    let request = request_of(json!({ "type": "cancel", "ticket": "t1" })).unwrap();
    let n = needs(&request);
    assert_eq!((n.origin, n.writes), ("extension", false));
    assert!(!n.local.has("contacts") && !n.sync.has("settings") && !n.session.has("view"));
    let out = run(json!({ "type": "cancel", "ticket": "t1" }), &base());
    assert_eq!(ok(&out), &Value::Null);
    assert!(out.writes.is_empty() && out.effects.is_empty());
    // A long request carries its ticket beside its fields.
    assert!(request_of(json!({ "type": "restoreBackup", "file": "", "mode": "merge", "ticket": "t1" })).is_ok());
}

/// Every action is counted on the device; only while "Help improve Contakt" is on is its
/// event queued, built through the whitelist, and sent in batches by an alarm; the server's
/// answer empties the queue or retries later; off discards the queue at once; Reset clears
/// the counters and rotates the cohort id.
#[test]
fn usage_is_counted_and_telemetry_queues_whitelisted_events_only_while_on() {
    let with = |s: &Stored, out: &Outcome| {
        let mut next = s.clone();
        next.local.extend(out.writes.local_set.clone());
        next
    };
    let send = json!({ "type": "send", "number": "+49 151 23456789", "platform": "whatsapp", "text": "Hi Ana, call 0151 98765432", "contact_id": "c1", "template": "t1" });
    let s = base();
    let off = run(send.clone(), &s);
    assert_eq!((off.writes.local_set["counters"]["sent"].clone(), off.writes.local_set["counters"]["templates_used"].clone()), (json!(2), json!(1)));
    assert!(!off.writes.local_set.contains_key("telemetry"), "off (the default): nothing queued");
    assert_eq!(ok(&run(json!({ "type": "counters" }), &s))["telemetry"], json!({ "on": false, "queued": 0 }));

    let on = run(json!({ "type": "setTelemetry", "on": true }), &s);
    assert_eq!(on.writes.local_set["telemetry"]["cohort"], "0001020304050607", "minted from the random source");
    let s = with(&s, &on);
    let sent = run(send, &s);
    let queue = sent.writes.local_set["telemetry"]["queue"].as_array().unwrap().clone();
    let hour = NOW - NOW % 3_600_000;
    assert_eq!(
        queue,
        [
            json!({ "event": "message_sent", "platform": "whatsapp", "country": "DE", "id": "0001020304050607", "ts": hour }),
            json!({ "event": "template_used", "platform": "whatsapp", "id": "0001020304050607", "ts": hour }),
        ]
    );
    let payload = serde_json::to_string(&queue).unwrap();
    for secret in ["Ana", "0151", "4915123456789", "98765432", "c1", "t1"] {
        assert!(!payload.contains(secret), "{secret} in {payload}");
    }
    assert!(sent.effects.iter().any(|e| matches!(e, Effect::Alarms { prefix: "telemetry", alarms } if alarms[0].1 == NOW + 60_000)), "sent in a minute");
    let s = with(&s, &sent);
    for (request, event) in [
        (
            json!({ "type": "saveReminder", "draft": { "kind": "reminder", "text": "call the bank", "preset": "in1_hour" } }),
            json!({ "event": "reminder_created", "reminderPreset": "in1_hour" }),
        ),
        (
            json!({ "type": "saveContact", "contact": { "first_name": "Zoe", "numbers": [{ "label": "mobile", "raw": "+55 11 91234 5678" }] } }),
            json!({ "event": "contact_added", "country": "BR" }),
        ),
    ] {
        let out = run(request, &s);
        let last = out.writes.local_set["telemetry"]["queue"].as_array().unwrap().last().unwrap().clone();
        for (k, v) in event.as_object().unwrap() {
            assert_eq!(&last[k], v, "{last}");
        }
    }

    // The alarm sends the queue; the answer decides.
    let flush = run(json!({ "type": "alarm", "name": "telemetry" }), &s);
    assert_eq!(effect_types(&flush), ["send_telemetry"]);
    assert!(matches!(&flush.effects[0], Effect::SendTelemetry { count: 2, through: 2, batch } if batch["events"].as_array().unwrap().len() == 2));
    let accepted = run(json!({ "type": "telemetrySent", "through": 2, "status": 202 }), &s);
    assert_eq!(accepted.writes.local_set["telemetry"]["queue"], json!([]));
    let failed = run(json!({ "type": "telemetrySent", "through": 2, "status": 503 }), &s);
    assert_eq!(failed.writes.local_set["telemetry"]["queue"].as_array().unwrap().len(), 2, "kept for the retry");
    assert!(failed.effects.iter().any(|e| matches!(e, Effect::Alarms { alarms, .. } if alarms[0].1 == NOW + 60_000)));
    let again = run(json!({ "type": "telemetrySent", "through": 2, "status": 0 }), &with(&s, &failed));
    assert!(again.effects.iter().any(|e| matches!(e, Effect::Alarms { alarms, .. } if alarms[0].1 == NOW + 120_000)), "waits twice as long");
    let refused = run(json!({ "type": "telemetrySent", "through": 2, "status": 400 }), &s);
    assert_eq!(refused.writes.local_set["telemetry"]["queue"], json!([]), "a batch the server refuses for good is not retried");
    // The answer about a batch removes that batch only, whatever happened to the queue while
    // it was on its way: an event added meanwhile stays, and after a Reset nothing new goes.
    let meanwhile = with(&s, &run(json!({ "type": "send", "number": "+44 20 7946 0958", "platform": "sms", "text": "" }), &s));
    let answered = run(json!({ "type": "telemetrySent", "through": 2, "status": 202 }), &meanwhile);
    assert_eq!(answered.writes.local_set["telemetry"]["queue"].as_array().unwrap().len(), 1, "the event added meanwhile stays");
    assert_eq!(answered.writes.local_set["telemetry"]["first"], 2);
    let reset = with(&s, &run(json!({ "type": "resetUsage" }), &s));
    let refilled = with(&reset, &run(json!({ "type": "send", "number": "+44 20 7946 0958", "platform": "sms", "text": "" }), &reset));
    let late = run(json!({ "type": "telemetrySent", "through": 2, "status": 202 }), &refilled);
    assert_eq!(late.writes.local_set["telemetry"]["queue"].as_array().unwrap().len(), 1, "a late answer about the discarded batch removes nothing new");

    // Off: the queue is discarded at once, the send cancelled, the access given back.
    let opt_out = run(json!({ "type": "setTelemetry", "on": false }), &s);
    assert_eq!(opt_out.writes.local_set["telemetry"]["queue"], json!([]));
    assert_eq!(effect_types(&opt_out), ["alarms", "telemetry_access"]);
    assert!(!run(json!({ "type": "alarm", "name": "telemetry" }), &with(&s, &opt_out)).effects.iter().any(|e| matches!(e, Effect::SendTelemetry { .. })));

    // A start sends what waits again (the browser may have dropped the alarm); nothing waits, no alarm.
    let restarted = run(json!({ "type": "started" }), &s);
    assert!(restarted.effects.iter().any(|e| matches!(e, Effect::Alarms { prefix: "telemetry", alarms } if alarms.len() == 1)));
    assert!(!run(json!({ "type": "started" }), &with(&s, &opt_out)).effects.iter().any(|e| matches!(e, Effect::Alarms { prefix: "telemetry", .. })));

    // Reset: counters cleared, cohort rotated, the old queue gone.
    let reset = run(json!({ "type": "resetUsage" }), &s);
    assert_eq!(reset.writes.local_set["counters"]["sent"], 0);
    assert_eq!(reset.writes.local_set["telemetry"]["queue"], json!([]));
    assert!(contakt_telemetry::is_cohort(reset.writes.local_set["telemetry"]["cohort"].as_str().unwrap()));
}

/// "Erase everything" removes every stored item of every area and leaves Contakt as freshly
/// installed: no alarms, no badge, no detection, permissions given back, the welcome page.
#[test]
fn erase_everything_leaves_contakt_as_freshly_installed() {
    let mut s = base();
    s.session.insert("pending".into(), json!({ "number": "+1" }));
    let out = run(json!({ "type": "eraseEverything" }), &s);
    let mut local: Vec<&str> = out.writes.local_remove.iter().map(String::as_str).collect();
    local.sort();
    assert_eq!(local, keys(&s.local).into_iter().filter(|k| *k != "schema").collect::<Vec<_>>());
    assert_eq!(out.writes.sync_remove.len(), s.sync.len());
    assert_eq!(out.writes.session_remove, keys(&s.session));
    assert_eq!(keys(&out.writes.local_set), ["schema"], "the data's version, as a new install writes it");
    assert!(out.writes.sync_set.is_empty());
    assert_eq!(
        effect_types(&out),
        ["alarms", "badge", "alarms", "alarms", "detection_off_release", "telemetry_access", "clipboard_access", "menus", "open_tab"]
    );
    assert!(matches!(&out.effects[3], Effect::Alarms { prefix: "campaign:", alarms } if alarms.is_empty()));
    assert!(matches!(&out.effects[8], Effect::OpenTab { url } if url.ends_with("onboarding.html")));
}

#[test]
fn start_migrates_fires_and_refuses_data_from_a_newer_contakt() {
    let first_release = stored(json!({ "contacts": [{ "id": "a", "display_name": "A", "usernames": [["telegram", "@a"]] }] }), json!({}), json!({}));
    let out = run(json!({ "type": "started" }), &first_release);
    assert_eq!(out.writes.local_set["schema"], 2);
    assert_eq!(out.writes.local_set["contacts"][0]["usernames"][0], json!({ "service": "telegram", "handle": "@a" }));
    assert_eq!(keys(&out.writes.session_set), ["view"]);
    let fired = run(json!({ "type": "started" }), &base());
    assert_eq!(ok(&fired).as_array().unwrap().len(), 1);

    let mut newer = base();
    newer.local.insert("schema".into(), json!(99));
    let start = run(json!({ "type": "started" }), &newer);
    assert_eq!(failed(&start), ("schema", "schema_newer"));
    assert!(start.writes.local_set.is_empty() && start.writes.sync_set.is_empty());
    assert_eq!(start.writes.session_set["view"]["schema_error"]["key"], "schema_newer");
    for r in [
        json!({ "type": "send", "number": "020 7946 0958", "platform": "sms" }),
        json!({ "type": "saveContact", "contact": { "first_name": "X" } }),
        json!({ "type": "saveSettings", "settings": {} }),
        json!({ "type": "clearHistory" }),
    ] {
        let out = run(r, &newer);
        assert_eq!(failed(&out).0, "schema");
        assert!(out.writes.is_empty());
    }
    let menu = run(json!({ "type": "menuClick", "menu_item_id": "message", "selection_text": "+44 20 7946 0958" }), &newer);
    assert_eq!(effect_types(&menu), ["notify"], "refused from a menu: said in a notification");
}

#[test]
fn backup_restore_and_import() {
    let s = base();
    let plain = run(json!({ "type": "backup" }), &s);
    let file = ok(&plain).as_str().unwrap().to_string();
    assert!(file.contains("\"app\": \"9.9.9\""));
    let empty = stored(json!({ "schema": 2 }), json!({}), json!({}));
    let restored = run(json!({ "type": "restoreBackup", "file": b64(&file), "mode": "replace" }), &empty);
    let m = &ok(&restored)["msg"];
    assert_eq!(m["key"], "restored");
    assert_eq!(m["args"][0], json!({ "key": "n_contacts", "args": ["2"], "count": 2 }));
    assert_eq!(m["args"][1]["count"], 1, "one template: the plural picks the singular");
    let ids = |v: &Value| v.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&restored.writes.local_set["contacts"]), ["c1", "c2"]);
    assert_eq!(effect_types(&restored), ["alarms", "badge", "alarms", "detection_off"], "the restored settings decide detection");
    let cut = run(json!({ "type": "restoreBackup", "file": b64(&file[..file.len() / 2]), "mode": "replace" }), &empty);
    assert_eq!(failed(&cut), ("truncated", "nothing_changed"));
    assert!(cut.writes.is_empty());
    // Encryption is the options page's module's (the worker hands out JSON text and refuses an
    // encrypted file): encrypted there, decrypted there, restored here.
    let mut random = |b: &mut [u8]| {
        b.iter_mut().enumerate().for_each(|(i, x)| *x = i as u8);
        true
    };
    let secret = contakt_core::app::encrypt_backup(&file, "correct horse", &mut random).unwrap();
    let needs_pass = run(json!({ "type": "restoreBackup", "file": b64(&secret), "mode": "merge" }), &empty);
    assert_eq!(failed(&needs_pass), ("encrypted", "nothing_changed"));
    assert!(needs_pass.writes.is_empty());
    assert_eq!(contakt_core::app::decrypt_backup(secret.as_bytes(), "").unwrap_err().code, "encrypted");
    assert_eq!(contakt_core::app::decrypt_backup(secret.as_bytes(), "wrong pass").unwrap_err().code, "wrong_passphrase");
    let opened = contakt_core::app::decrypt_backup(secret.as_bytes(), "correct horse").unwrap();
    assert_eq!(opened, file.as_bytes());
    assert!(run(json!({ "type": "restoreBackup", "file": b64(&opened), "mode": "merge" }), &empty).reply.is_ok());
    assert_eq!(contakt_core::app::decrypt_backup(file.as_bytes(), "").unwrap(), file.as_bytes(), "a plain backup goes as it is");

    // An import: the file read by the options page's module, its people imported here.
    let vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana L.\r\nTEL:+44 20 7946 0958\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoe\r\nTEL:+1 415 555 1234\r\nEND:VCARD\r\n";
    let (people, kind) = read_file(vcf);
    assert_eq!(kind, "vcard");
    let imported = run(json!({ "type": "importContacts", "people": people, "kind": kind, "choice": "merge" }), &s);
    assert_eq!((ok(&imported)["added"].as_u64(), ok(&imported)["total"].as_u64()), (Some(1), Some(2)));
    assert_eq!(ok(&imported)["msg"]["key"], "imported");
    assert_eq!(imported.writes.local_set["contacts"].as_array().unwrap().len(), 3);
    assert_eq!(failed(&run(json!({ "type": "importContacts", "people": people, "kind": kind, "choice": "explode" }), &s)), ("bad_choice", "import_choose"));
    for bad in
        [json!({ "people": "!!", "kind": "vcard" }), json!({ "people": [{ "numbers": 5 }], "kind": "vcard" }), json!({ "people": people, "kind": "pdf" })]
    {
        let mut request = json!({ "type": "importContacts", "choice": "merge" });
        request.as_object_mut().unwrap().extend(bad.as_object().unwrap().clone());
        let refused = run(request, &s);
        assert_eq!(failed(&refused), ("bad_import", "unreadable"), "{bad}");
        assert!(refused.writes.is_empty());
    }
    assert_eq!(failed(&run(json!({ "type": "importContacts", "people": [], "kind": "csv", "choice": "merge" }), &s)), ("nothing", "import_nothing"));
    // The file module refuses what is not text before anything is sent.
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let refused = contakt_core::app::import_preview(&binary, &[], "GB", None, &Builtin).err().unwrap();
    assert_eq!((refused.code, refused.msg.key), ("bad_file", "import_not_text"), "a binary file is refused, nothing imported");
}

/// A file as the options page's module reads it for an import: its people and kind.
fn read_file(text: &str) -> (Value, Value) {
    let view = contakt_core::app::import_preview(text.as_bytes(), &[], "GB", None, &Builtin).ok().unwrap();
    (serde_json::to_value(&view.people).unwrap(), serde_json::to_value(view.format).unwrap())
}

#[test]
fn the_worker_meets_the_people_of_a_file_as_the_preview_did() {
    // What the preview showed (items, their order, their matches) is what the worker imports:
    // the overrides name the same items. Over the contact files of the shared corpus.
    let existing = contakt_core::contacts::from_stored(&base().local["contacts"]).0;
    let mut files = 0;
    for dir in ["../../../shared/corpus/vcf", "../../../shared/corpus/csv"] {
        let Ok(entries) = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) else { continue };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let read = contakt_core::import::plan::read(&bytes, None, &Builtin);
            let preview = contakt_core::import::plan::matched(read.clone(), &existing, "GB");
            let again: Vec<_> = preview
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| contakt_core::import::plan::Person {
                    source: contakt_core::msg!("import_source_row", i + 1),
                    contact: item.contact.clone(),
                    warnings: vec![],
                })
                .collect();
            let worker =
                contakt_core::import::plan::matched(contakt_core::import::plan::Read { people: again, problems: vec![], table: None, ..read }, &existing, "GB");
            let summary = |p: &contakt_core::import::plan::Preview| p.items.iter().map(|i| (i.contact.clone(), i.matches.clone())).collect::<Vec<_>>();
            assert_eq!(summary(&worker), summary(&preview), "{}", entry.path().display());
            files += 1;
        }
    }
    assert!(files >= 10, "the corpus has contact files ({files} read)");
}

#[test]
fn a_reminder_beyond_what_a_date_holds_is_isolated_and_the_others_go_on() {
    let mut s = base();
    let mut list = s.local["reminders"].as_array().unwrap().clone();
    for (id, field, value) in
        [("far", "next", json!(9_000_000_000_000_000i64)), ("odd", "at", json!({ "year": 300000, "month": 1, "day": 1, "hour": 9, "minute": 0 }))]
    {
        let mut bad = list[0].clone();
        bad["id"] = json!(id);
        bad[field] = value;
        list.push(bad);
    }
    s.local.insert("reminders".into(), json!(list));
    let fired = run(json!({ "type": "started" }), &s);
    assert_eq!(ok(&fired).as_array().unwrap().len(), 1, "the good reminder still fires");
    let alarms: Vec<String> = fired
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Alarms { alarms, .. } => Some(alarms.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(!alarms.iter().any(|a| a.ends_with(":far") || a.ends_with(":odd")), "no alarm the browser cannot set: {alarms:?}");
    let listed = run(json!({ "type": "reminders" }), &s);
    assert_eq!(ok(&listed)["unreadable"], 2, "the bad ones are reported");
}

/// Whatever a user types (names, numbers, notes, tags, templates, messages, reminder notes),
/// none of it reaches the telemetry queue: every queued event holds closed choices only.
mod telemetry_payloads {
    use super::*;
    use proptest::prelude::*;

    fn on() -> Stored {
        let mut s = base();
        s.local.insert("telemetry".into(), json!({ "on": true, "cohort": "0123456789abcdef", "queue": [] }));
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn no_typed_text_is_queued(text in "[^\\x00-\\x1f]{4,30}", digits in "[1-9][0-9]{6,9}") {
            let s = on();
            let requests = [
                json!({ "type": "send", "number": format!("+49 {digits}"), "platform": "whatsapp", "text": text, "template": text }),
                json!({ "type": "saveContact", "contact": { "first_name": text, "last_name": text, "notes": text, "tags": [text], "company": text, "numbers": [{ "label": "mobile", "raw": format!("+44 20 7946 {}", &digits[..4]) }] } }),
                json!({ "type": "saveReminder", "draft": { "kind": "message", "e164": "+442079460958", "text": text, "label": text, "platform": "sms", "preset": "in1_hour" } }),
                json!({ "type": "saveReminder", "draft": { "kind": "reminder", "text": text, "preset": "tomorrow9" } }),
            ];
            for request in requests {
                let out = run(request.clone(), &s);
                let Some(t) = out.writes.local_set.get("telemetry") else { continue };
                for event in t["queue"].as_array().unwrap() {
                    for (k, v) in event.as_object().unwrap() {
                        let field = contakt_telemetry::field(k).unwrap_or_else(|| panic!("{k} is not a whitelisted field"));
                        prop_assert!(field.on.contains(&event["event"].as_str().unwrap()));
                        if let Some(v) = v.as_str() {
                            prop_assert!(v != text && !v.contains(&digits), "{k}: {v} from {request}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_queue_is_bounded_the_oldest_dropped() {
        let mut s = on();
        let old: Vec<Value> = (0..500).map(|i| json!({ "event": "template_used", "platform": "sms", "id": "0123456789abcdef", "ts": i * 3_600_000 })).collect();
        s.local.insert("telemetry".into(), json!({ "on": true, "cohort": "0123456789abcdef", "queue": old }));
        let out = run(json!({ "type": "send", "number": "+44 20 7946 0958", "platform": "sms", "text": "" }), &s);
        let queue = out.writes.local_set["telemetry"]["queue"].as_array().unwrap();
        assert_eq!(queue.len(), 500);
        assert_eq!(queue[0]["ts"], 3_600_000, "the oldest went");
        assert_eq!(queue[499]["event"], "message_sent");
    }
}

/// `all` with the writes of `out` applied (local and sync), as the worker stores them.
fn applied(all: &Stored, out: &Outcome) -> Stored {
    let mut next = all.clone();
    for (k, v) in &out.writes.local_set {
        next.local.insert(k.clone(), v.clone());
    }
    for k in &out.writes.local_remove {
        next.local.remove(k);
    }
    for (k, v) in &out.writes.sync_set {
        next.sync.insert(k.clone(), v.clone());
    }
    next
}

/// Five contacts tagged "clients": one opted out, one with a number that is not one.
fn campaign_book() -> Stored {
    let mut s = base();
    let n = |raw: &str, e164: Option<&str>| json!([{ "label": "mobile", "raw": raw, "e164": e164 }]);
    s.local.insert(
        "contacts".into(),
        json!([
            { "id": "k1", "display_name": "Ana Silva", "first_name": "Ana", "numbers": n("+44 20 7946 0958", Some("+442079460958")), "tags": ["clients"] },
            { "id": "k2", "display_name": "Ben Ode", "first_name": "Ben", "numbers": n("+1 201 555 0123", Some("+12015550123")), "tags": ["Clients"] },
            { "id": "k3", "display_name": "Cleo", "first_name": "Cleo", "numbers": n("12", None), "tags": ["clients"] },
            { "id": "k4", "display_name": "Dev", "first_name": "Dev", "numbers": n("+33 6 12 34 56 78", Some("+33612345678")), "tags": ["clients"] },
            { "id": "k5", "display_name": "Eve", "first_name": "Eve", "numbers": n("+49 151 23456789", Some("+4915123456789")), "tags": ["clients"] },
            { "id": "k6", "display_name": "Not a client", "numbers": n("+44 20 7946 0000", Some("+442079460000")) }
        ]),
    );
    s.local.insert("opt_out".into(), json!(["+12015550123"]));
    s
}

#[test]
fn a_campaign_is_previewed_created_opened_one_chat_at_a_time_marked_and_exported() {
    let s = campaign_book();
    let draft = json!({ "name": "Spring", "platform": "whatsapp", "template": "t1", "source": { "kind": "tag", "tag": "clients" }, "date": "1 March" });
    let p = run(json!({ "type": "campaignPreview", "draft": draft }), &s);
    let rows = ok(&p)["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let why = |i: usize| rows[i]["why"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect::<Vec<_>>();
    // Those left out first, then the recipients.
    assert_eq!((why(0), why(1), why(2), why(3)), (vec!["opted_out"], vec!["invalid"], vec![], vec![]));
    assert_eq!(rows.iter().map(|r| r["index"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 0, 3, 4]);
    assert_eq!(rows[0]["key"], "c:k2");
    assert_eq!(rows[2]["text"], "Hi Ana");
    assert_eq!(rows[2]["number"], "+44 20 7946 0958");
    assert_eq!(rows[1]["why"][0]["includable"], false);
    assert_eq!(rows[1]["why"][0]["msg"]["key"], "campaign_why_invalid");
    assert_eq!((ok(&p)["recipients"].as_u64(), ok(&p)["left_out"].as_u64()), (Some(3), Some(2)));

    let none = run(json!({ "type": "campaignPreview", "draft": { "platform": "sms", "body": "x", "source": { "kind": "tag", "tag": "nobody" } } }), &s);
    assert_eq!(failed(&none), ("nobody", "campaign_nobody"));
    let no_name = run(json!({ "type": "saveCampaign", "draft": { "platform": "sms", "body": "x", "source": { "kind": "tag", "tag": "clients" } } }), &s);
    assert_eq!(failed(&no_name), ("bad_name", "campaign_no_name"));

    // Including the opted-out one and the invalid one: only the first counts.
    let mut with = draft.clone();
    with["include"] = json!(["c:k2", "c:k3"]);
    let created = run(json!({ "type": "saveCampaign", "draft": with }), &s);
    let id = ok(&created)["id"].as_str().unwrap().to_string();
    assert_eq!(ok(&created)["counts"]["total"], 4);
    assert_eq!(keys(&created.writes.local_set), ["campaigns"]);
    let s = applied(&s, &created);

    // Open next chat, three times; the second one moves the first on (unmarked by default).
    let first = run(json!({ "type": "campaignOpen", "id": id }), &s);
    assert_eq!(first.effects[0], Effect::OpenTab { url: "https://wa.me/442079460958?text=Hi%20Ana".into() });
    assert_eq!(ok(&first)["index"], 0);
    assert_eq!(first.writes.local_set["history"][0]["campaign"], "Spring");
    assert_eq!(first.writes.local_set["counters"]["by_platform"]["whatsapp"], 1);
    let s = applied(&s, &first);
    let marked = run(json!({ "type": "campaignMark", "id": id, "index": 0, "status": "sent" }), &s);
    assert_eq!(ok(&marked)["recipients"][0]["status"], "sent");
    assert_eq!(marked.writes.local_set["history"][0]["status"], "sent", "the history entry follows");
    let s = applied(&s, &marked);
    let second = run(json!({ "type": "campaignOpen", "id": id }), &s);
    assert_eq!(second.effects[0], Effect::OpenTab { url: "https://wa.me/12015550123?text=Hi%20Ben".into() });
    let s = applied(&s, &second);
    let no_reason = run(json!({ "type": "campaignMark", "id": id, "index": 1, "status": "failed", "reason": " " }), &s);
    assert_eq!(failed(&no_reason), ("reason_needed", "campaign_reason_needed"));
    let not_opened = run(json!({ "type": "campaignMark", "id": id, "index": 3, "status": "sent" }), &s);
    assert_eq!(failed(&not_opened), ("not_opened", "campaign_not_opened"));
    let s = applied(&s, &run(json!({ "type": "campaignMark", "id": id, "index": 1, "status": "failed", "reason": "no WhatsApp" }), &s));

    // Pause, "continue later" (an alarm, then a notification), and resumption where it stopped.
    let later = run(json!({ "type": "campaignPause", "id": id, "paused": true, "later": NOW + 3_600_000 }), &s);
    assert_eq!(ok(&later)["state"], "paused");
    assert_eq!(later.effects, [Effect::Alarms { prefix: "campaign:", alarms: vec![(format!("campaign:{id}"), NOW + 3_600_000)] }]);
    let past = run(json!({ "type": "campaignPause", "id": id, "paused": true, "later": NOW - 1 }), &s);
    assert_eq!(failed(&past), ("bad_time", "campaign_later_when"));
    let s = applied(&s, &later);
    let started = run(json!({ "type": "started" }), &s);
    assert!(started.effects.contains(&Effect::Alarms { prefix: "campaign:", alarms: vec![(format!("campaign:{id}"), NOW + 3_600_000)] }));
    let mut due = s.clone();
    due.local.get_mut("campaigns").unwrap()[0]["resume_at"] = json!(NOW - 5);
    let rang = run(json!({ "type": "alarm", "name": format!("campaign:{id}") }), &due);
    assert!(matches!(&rang.effects[0], Effect::Notify { title, message, .. } if title.key == "campaign_due_title" && message.key == "campaign_due_body"));
    let click = run(json!({ "type": "notificationClick", "id": format!("campaign:{id}") }), &due);
    assert_eq!(click.effects[1], Effect::OpenTab { url: "options.html#campaigns".into() });
    let third = run(json!({ "type": "campaignOpen", "id": id }), &s);
    assert_eq!(ok(&third)["index"], 2, "Dev: Cleo's invalid number was never a recipient");
    assert_eq!(ok(&third)["campaign"]["state"], "running");
    let view = run(json!({ "type": "campaign", "id": id }), &applied(&s, &third));
    assert_eq!(
        ok(&view)["recipients"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect::<Vec<_>>(),
        ["sent", "failed", "opened", "pending"]
    );
    assert_eq!(ok(&view)["next"], 3);

    // Results, the next round, the list, delete.
    let csv = run(json!({ "type": "exportCampaign", "id": id }), &s);
    assert!(ok(&csv)["csv"].as_str().unwrap().contains("Ben Ode,'+12015550123,failed,no WhatsApp,"));
    let round = run(json!({ "type": "nextRound", "id": id, "name": "Spring (2)" }), &s);
    assert_eq!(ok(&round)["counts"]["total"], 3, "all but the one sent, and the opted-out number (included on purpose) stays");
    let list = run(json!({ "type": "campaigns" }), &applied(&s, &round));
    assert_eq!(ok(&list)["campaigns"].as_array().unwrap().len(), 2);
    assert_eq!(ok(&list)["opt_out"][0]["international"], "+1 201-555-0123");
    let gone = run(json!({ "type": "deleteCampaign", "id": id }), &s);
    assert_eq!(gone.writes.local_set["campaigns"], json!([]));
    assert_eq!(failed(&run(json!({ "type": "campaignOpen", "id": "nope" }), &s)), ("not_found", "campaign_gone"));
}

#[test]
fn the_opt_out_list_and_a_file_for_one_campaign() {
    let s = campaign_book();
    let added = run(json!({ "type": "optOut", "numbers": "020 7946 0958\n\n+33 6 12 34 56 78" }), &s);
    assert_eq!(added.writes.local_set["opt_out"], json!(["+12015550123", "+33612345678", "+442079460958"]));
    let bad = run(json!({ "type": "optOut", "numbers": "020 7946 0958\nnot a number" }), &s);
    assert_eq!(failed(&bad).1, "opt_out_not_a_number");
    assert!(bad.writes.is_empty());
    let removed = run(json!({ "type": "optOut", "numbers": "+1 201 555 0123", "remove": true }), &s);
    assert_eq!(removed.writes.local_set["opt_out"], json!([]));

    // A CSV for this campaign only: previewed and created, nothing added to the contacts.
    let csv = "Name,Phone\nZoe,+44 20 7946 0111\nYan,+44 20 7946 0111\n";
    let draft = json!({ "name": "Fair", "platform": "sms", "body": "Hello {name}", "source": { "kind": "file", "people": read_file(csv).0 } });
    let p = run(json!({ "type": "campaignPreview", "draft": draft }), &s);
    assert_eq!(ok(&p)["rows"][0]["why"][0]["code"], "duplicate");
    assert_eq!(ok(&p)["rows"][1]["text"], "Hello Zoe");
    let created = run(json!({ "type": "saveCampaign", "draft": draft }), &s);
    assert_eq!(keys(&created.writes.local_set), ["campaigns"]);
    let recipients: Value = serde_json::from_str(created.writes.local_set["campaigns"][0]["recipients"].as_str().unwrap()).unwrap();
    assert_eq!(recipients[0].get("contact_id"), None, "a file's people are not contacts");
    assert_eq!(recipients[0]["name"], "Zoe");
}

#[test]
fn history_can_be_off_searched_cleared_entry_by_entry_and_helps_when_a_chat_did_not_work() {
    let mut s = base();
    let off = run(json!({ "type": "saveSettings", "settings": { "default_region": "GB", "keep_history": false } }), &s);
    s = applied(&s, &off);
    let sent = run(json!({ "type": "send", "number": "020 7946 0958", "platform": "whatsapp" }), &s);
    assert_eq!(sent.effects.len(), 1);
    assert!(!sent.writes.local_set.contains_key("history"), "history off: nothing recorded");
    assert!(sent.writes.local_set.contains_key("counters"));

    let s = base();
    let found = run(json!({ "type": "history", "query": "201 555" }), &s);
    assert_eq!(ok(&found).as_array().unwrap().len(), 1);
    assert_eq!(ok(&run(json!({ "type": "history", "query": "telegram" }), &s)).as_array().unwrap().len(), 0);
    let deleted = run(json!({ "type": "deleteHistory", "id": "h1" }), &s);
    assert_eq!(deleted.writes.local_set["history"], json!([]));
    assert_eq!(failed(&run(json!({ "type": "deleteHistory", "id": "h9" }), &s)), ("not_found", "history_gone"));
    let help = run(json!({ "type": "trouble", "id": "h1" }), &s);
    assert_eq!(ok(&help)["causes"][0]["key"], "trouble_sms_no_handler");
    assert_eq!(ok(&help)["others"].as_array().unwrap().len(), 9);
    assert_eq!(ok(&help)["number"], "+1 201-555-0123");
}

#[test]
fn a_backup_holds_the_campaigns_and_the_opt_out_list_and_restores_them_exactly() {
    let s = campaign_book();
    let draft = json!({ "name": "Spring", "platform": "sms", "body": "Hi {first_name}", "source": { "kind": "tag", "tag": "clients" } });
    let s = applied(&s, &run(json!({ "type": "saveCampaign", "draft": draft }), &s));
    let id = s.local["campaigns"][0]["id"].as_str().unwrap().to_string();
    let s = applied(&s, &run(json!({ "type": "campaignOpen", "id": id }), &s));
    let file = ok(&run(json!({ "type": "backup" }), &s)).as_str().unwrap().to_string();
    let empty = stored(json!({ "schema": 2 }), json!({}), json!({}));
    let restored = run(json!({ "type": "restoreBackup", "file": b64(&file), "mode": "replace" }), &empty);
    assert_eq!(restored.writes.local_set["campaigns"], s.local["campaigns"]);
    assert_eq!(restored.writes.local_set["opt_out"], s.local["opt_out"]);
    let mut twice = serde_json::from_str::<Value>(&file).unwrap();
    let c = twice["local"]["campaigns"][0].clone();
    twice["local"]["campaigns"].as_array_mut().unwrap().push(c);
    let refused = run(json!({ "type": "restoreBackup", "file": b64(twice.to_string()), "mode": "replace" }), &empty);
    assert_eq!(failed(&refused), ("damaged", "nothing_changed"));
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_choice_to_include_someone_follows_them_when_the_address_book_changes_before_creating() {
    let s = campaign_book();
    let draft = json!({ "name": "N", "platform": "sms", "body": "Hi", "source": { "kind": "tag", "tag": "clients" }, "include": ["c:k2"] });
    let mut changed = s.clone();
    let list = changed.local.get_mut("contacts").unwrap().as_array_mut().unwrap();
    list.insert(0, json!({ "id": "k0", "display_name": "New", "numbers": [{ "label": "mobile", "raw": "+44 20 7946 0999", "e164": "+442079460999" }], "tags": ["clients"] }));
    let created = run(json!({ "type": "saveCampaign", "draft": draft }), &changed);
    let recipients: Value = serde_json::from_str(created.writes.local_set["campaigns"][0]["recipients"].as_str().unwrap()).unwrap();
    let names: Vec<&str> = recipients.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["New", "Ana Silva", "Ben Ode", "Dev", "Eve"], "Ben (opted out, included by the user) stays; Cleo's invalid number does not");
}

#[test]
fn a_campaign_whose_last_people_opted_out_since_ends_saved_and_moving_on_marks_the_history_too() {
    let mut s = campaign_book();
    let settings = json!({ "default_region": "GB", "campaign_move_on": "sent" });
    s.sync.insert("settings".into(), settings);
    let draft = json!({ "name": "N", "platform": "sms", "body": "Hi", "source": { "kind": "tag", "tag": "clients" } });
    let s = applied(&s, &run(json!({ "type": "saveCampaign", "draft": draft }), &s));
    let id = s.local["campaigns"][0]["id"].as_str().unwrap().to_string();
    let s = applied(&s, &run(json!({ "type": "campaignOpen", "id": id }), &s)); // Ana
                                                                                // Everyone else opts out; "Open next chat" moves Ana on (marked sent, in the history too),
                                                                                // skips the rest with the reason, and says so instead of failing with nothing saved.
    let mut s = s;
    s.local.insert("opt_out".into(), json!(["+12015550123", "+33612345678", "+4915123456789"]));
    let last = run(json!({ "type": "campaignOpen", "id": id }), &s);
    let reply = ok(&last);
    assert_eq!(reply["plan"], Value::Null);
    assert_eq!(reply["campaign"]["state"], "done");
    assert_eq!(reply["skipped"]["key"], "campaign_skipped_opted_out");
    assert_eq!(last.writes.local_set["history"][0]["status"], "sent");
    assert_eq!(last.effects, [Effect::Alarms { prefix: "campaign:", alarms: vec![] }], "no chat; no reminder left");
    let s = applied(&s, &last);
    assert_eq!(failed(&run(json!({ "type": "campaignOpen", "id": id }), &s)), ("done", "campaign_no_one_left"));
    // Reopening is asked by name, but not for a number that opted out, nor beyond the list.
    assert_eq!(failed(&run(json!({ "type": "campaignOpen", "id": id, "index": 1 }), &s)), ("opted_out", "campaign_why_opted_out"));
    let beyond = run(json!({ "type": "campaignOpen", "id": id, "index": 9 }), &s);
    assert_eq!(failed(&beyond), ("not_found", "campaign_recipient_gone"));
    assert!(beyond.writes.is_empty());
    assert_eq!(ok(&run(json!({ "type": "campaignOpen", "id": id, "index": 0 }), &s))["index"], 0, "Ana again");
}

#[test]
fn campaigns_that_cannot_be_read_are_reported_and_kept_pages_and_file_problems_are_given() {
    let mut s = campaign_book();
    let draft = json!({ "name": "N", "platform": "sms", "body": "Hi", "source": { "kind": "tag", "tag": "clients" } });
    s = applied(&s, &run(json!({ "type": "saveCampaign", "draft": draft }), &s));
    s.local.get_mut("campaigns").unwrap().as_array_mut().unwrap().push(json!({ "id": "broken", "recipients": 7 }));
    let list = run(json!({ "type": "campaigns" }), &s);
    assert_eq!((ok(&list)["campaigns"].as_array().unwrap().len(), ok(&list)["unreadable"].as_u64()), (1, Some(1)));
    let id = ok(&list)["campaigns"][0]["id"].as_str().unwrap().to_string();
    let paused = run(json!({ "type": "campaignPause", "id": id, "paused": true }), &s);
    assert_eq!(paused.writes.local_set["campaigns"][1], json!({ "id": "broken", "recipients": 7 }), "kept as it was");
    // A backup holds the readable ones only (it restores); a merge keeps the unreadable one.
    let file = ok(&run(json!({ "type": "backup" }), &s)).as_str().unwrap().to_string();
    let merged = run(json!({ "type": "restoreBackup", "file": b64(&file), "mode": "merge" }), &s);
    assert_eq!(merged.writes.local_set["campaigns"].as_array().unwrap().len(), 2);
    assert_eq!(merged.writes.local_set["campaigns"][1]["id"], "broken");

    // A page of the recipients from an offset (a full page when there is one).
    let people: Vec<Value> = (0..250).map(|i| json!({ "name": format!("P{i}"), "e164": "+442079460958", "text": "Hi", "status": "pending" })).collect();
    let mut big = s.clone();
    big.local
        .insert("campaigns".into(), json!([{ "id": "big", "name": "Big", "platform": "sms", "body": "Hi", "recipients": people, "created": 1, "updated": 1 }]));
    let page = run(json!({ "type": "campaign", "id": "big", "offset": 120 }), &big);
    assert_eq!(ok(&page)["page"], json!({ "from": 120, "to": 220, "total": 250, "size": 100 }));
    assert_eq!(ok(&page)["recipients"][0]["index"], 120);
    let last = run(json!({ "type": "campaign", "id": "big", "offset": 240 }), &big);
    assert_eq!(ok(&last)["page"]["from"], 150);
    assert_eq!(ok(&run(json!({ "type": "campaign", "id": "big" }), &big))["page"]["from"], 0, "around the current one: the start");

    // A file's unreadable rows are said by the file module's reading (the page shows them with
    // the preview), and its readable people previewed.
    let csv = "Name,Phone\nZoe,+44 20 7946 0111\n\"unclosed,+44 20 7946 0112\n";
    let view = contakt_core::app::import_preview(csv.as_bytes(), &[], "GB", None, &Builtin).ok().unwrap();
    assert!(!view.problems.is_empty(), "{:?}", view.problems);
    let p = run(json!({ "type": "campaignPreview", "draft": { "platform": "sms", "body": "Hi", "source": { "kind": "file", "people": view.people } } }), &s);
    assert_eq!(ok(&p)["page"]["total"], ok(&p)["rows"].as_array().unwrap().len());
}

#[test]
fn the_options_pages_own_preview_answers_as_the_workers_does() {
    let s = campaign_book();
    let contacts = contakt_core::contacts::from_stored(&s.local["contacts"]).0;
    let opt_out: Vec<String> = serde_json::from_value(s.local["opt_out"].clone()).unwrap();
    for draft in [
        json!({ "name": "N", "platform": "whatsapp", "template": "t1", "source": { "kind": "tag", "tag": "clients" }, "include": ["c:k2"] }),
        json!({ "name": "N", "platform": "sms", "body": "Hi {company}", "source": { "kind": "contacts", "ids": ["k5", "k1", "k3"] } }),
        json!({ "name": "N", "platform": "sms", "body": "", "source": { "kind": "tag", "tag": "clients" } }),
    ] {
        let worker = run(json!({ "type": "campaignPreview", "draft": draft }), &s).reply;
        let page = contakt_core::app::campaign_preview_with_book(&contacts, draft.clone(), 0, &opt_out, &s.sync["settings"], &s.sync, "en-GB");
        assert_eq!(page.map_err(|f| (f.code, f.msg.key)), worker.map_err(|f| (f.code, f.msg.key)), "{draft}");
    }
    let chosen =
        run(json!({ "type": "campaignPreview", "draft": { "platform": "sms", "body": "Hi", "source": { "kind": "contacts", "ids": ["k5", "k1"] } } }), &s);
    assert_eq!(
        ok(&chosen)["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect::<Vec<_>>(),
        ["Eve", "Ana Silva"],
        "in the order chosen"
    );
}
