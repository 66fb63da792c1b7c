//! Backup and restore: what is saved comes back exactly (property test), a corrupt,
//! truncated or future file changes nothing, data of the first schema restores, merge joins,
//! and the encrypted form opens only with its passphrase.

use contakt_core::backup::{make, restore, Mode, Restore};
use contakt_core::crypto::{decrypt, encrypt, is_encrypted, Cost, COST};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn state() -> (Map<String, Value>, Map<String, Value>) {
    let sync = obj(json!({
        "settings": { "version": 1, "default_region": "DE", "default_platform": "signal", "my_number": "", "whatsapp_target": "web", "detect_numbers": true, "excluded_sites": ["example.com"], "open_scheduled_directly": false },
        "tags": [{ "name": "VIP", "colour": "red" }],
        "template:t1": { "id": "t1", "title": "Hello", "body": "Hi {first_name}", "updated": 5 },
    }));
    let local = obj(json!({
        "schema": 2,
        "contacts": [{ "id": "c1", "display_name": "Ana", "first_name": "Ana", "numbers": [{ "label": "work", "raw": "+49 30 1234567", "e164": "+49301234567" }], "tags": ["VIP"], "usernames": [{ "service": "telegram", "handle": "@ana" }], "updated": 3 }],
        "history": [{ "id": "h1", "e164": "+49301234567", "platform": "signal", "text": "hi", "at": 7 }],
        "reminders": [{ "id": "r1", "kind": "message", "e164": "+49301234567", "label": "Ana", "text": "Happy birthday", "platform": "whatsapp", "zone": "Europe/Berlin", "at": { "year": 2027, "month": 3, "day": 1, "hour": 9, "minute": 0 }, "repeat": "yearly", "next": 1803888000000i64, "updated": 4 }],
        "counters": { "sent": 12 },
        "view": { "not": "backed up" },
    }));
    (sync, local)
}

/// Applies a restore's writes to a state, as the worker does.
fn applied(mut sync: Map<String, Value>, mut local: Map<String, Value>, r: &Restore) -> (Map<String, Value>, Map<String, Value>) {
    for k in &r.sync_remove {
        sync.remove(k);
    }
    sync.extend(r.sync_set.clone());
    local.extend(r.local_set.clone());
    (sync, local)
}

/// Reading each part back through the core, as the extension does.
fn normalised(sync: &Map<String, Value>, local: &Map<String, Value>) -> Value {
    let contacts = contakt_core::contacts::from_stored(local.get("contacts").unwrap_or(&json!([]))).0;
    let history = contakt_core::history::from_stored(local.get("history").unwrap_or(&json!([]))).0;
    let reminders = contakt_core::schedule::from_stored(local.get("reminders").unwrap_or(&json!([]))).0;
    let templates: Map<String, Value> = sync.iter().filter(|(k, _)| k.starts_with("template:")).map(|(k, v)| (k.clone(), v.clone())).collect();
    json!({
        "settings": contakt_core::settings::Settings::from_stored(sync.get("settings").unwrap_or(&Value::Null), "en-US"),
        "tags": contakt_core::tags::registry_from_stored(sync.get("tags").unwrap_or(&json!([]))),
        "templates": templates,
        "contacts": contacts, "history": history, "reminders": reminders,
        "counters": local.get("counters").cloned().unwrap_or(json!({})),
    })
}

#[test]
fn a_backup_restores_exactly_onto_an_empty_browser() {
    let (sync, local) = state();
    let file = make(&sync, &local, 100, "1.0.0");
    let r = restore(file.as_bytes(), Mode::Replace, &Map::new(), &Map::new()).unwrap();
    assert_eq!((r.contacts, r.templates, r.reminders, r.history, r.tags), (1, 1, 1, 1, 1));
    let (s2, l2) = applied(Map::new(), Map::new(), &r);
    assert_eq!(normalised(&s2, &l2), normalised(&sync, &local));
    assert!(!file.contains("not\": \"backed up"), "only the data, not caches");
    // Replace removes templates the backup does not have.
    let current = obj(json!({ "template:old": { "id": "old", "title": "Old", "body": "x", "updated": 1 } }));
    let r = restore(file.as_bytes(), Mode::Replace, &current, &Map::new()).unwrap();
    assert_eq!(r.sync_remove, ["template:old"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn backup_then_restore_is_the_same_state(names in prop::collection::vec("[A-Za-zé ]{1,10}", 0..6), texts in prop::collection::vec("[a-z {}]{1,20}", 0..4), sent in 0u64..1000) {
        let contacts: Vec<Value> = names.iter().enumerate().map(|(i, n)| json!({ "id": format!("c{i}"), "display_name": n, "updated": i })).collect();
        let history: Vec<Value> = texts.iter().enumerate().map(|(i, t)| json!({ "id": format!("h{i}"), "e164": "+12015550123", "platform": "sms", "text": t, "at": 100 - i as i64 })).collect();
        let mut sync = Map::new();
        for (i, t) in texts.iter().enumerate() {
            sync.insert(format!("template:t{i}"), json!({ "id": format!("t{i}"), "title": format!("T{i}"), "body": format!("x{t}"), "updated": i }));
        }
        let local = obj(json!({ "schema": 2, "contacts": contacts, "history": history, "counters": { "sent": sent } }));
        let file = make(&sync, &local, 1, "1");
        let r = restore(file.as_bytes(), Mode::Replace, &Map::new(), &Map::new()).unwrap();
        let (s2, l2) = applied(Map::new(), Map::new(), &r);
        prop_assert_eq!(normalised(&s2, &l2), normalised(&sync, &local));
    }
}

#[test]
fn corrupt_truncated_or_future_files_change_nothing() {
    let (sync, local) = state();
    let file = make(&sync, &local, 100, "1.0.0");
    let half = &file.as_bytes()[..file.len() / 2];
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (half.to_vec(), "truncated"),
        (b"hello".to_vec(), "not_json"),
        (b"{\"format\":\"something-else\"}".to_vec(), "not_backup"),
        (file.replace("\"version\": 1", "\"version\": 2").into_bytes(), "newer"),
        (file.replace("\"schema\": 2", "\"schema\": 9").into_bytes(), "newer"),
        (file.replace("\"display_name\": \"Ana\"", "\"display_name\": 5").into_bytes(), "damaged"),
        (file.replace("\"platform\": \"signal\",\n        \"text\"", "\"platform\": \"myspace\",\n        \"text\"").into_bytes(), "damaged"),
        (file.replace("\"title\": \"Hello\"", "\"title\": \"\"").into_bytes(), "damaged"),
        (file.replace("\"default_region\": \"DE\"", "\"default_region\": \"XX\"").into_bytes(), "damaged"),
        (b"{\"format\":\"contakt-backup-encrypted\"}".to_vec(), "encrypted"),
    ];
    for (bytes, code) in cases {
        let e = restore(&bytes, Mode::Replace, &sync, &local).unwrap_err();
        assert_eq!(e.code, code, "{}", e.msg);
        assert_eq!(e.msg.key, "nothing_changed", "every refusal says nothing was changed");
    }
    // The settings case only fails if the region is checked: make sure the replace was real.
    assert!(file.contains("\"default_region\": \"DE\""));
}

#[test]
fn data_of_the_first_schema_restores_migrated() {
    let file = json!({ "format": "contakt-backup", "version": 1, "sync": {}, "local": { "contacts": [{ "id": "a", "display_name": "Old", "usernames": [["telegram", "@old"]] }] } });
    let r = restore(file.to_string().as_bytes(), Mode::Replace, &Map::new(), &Map::new()).unwrap();
    assert_eq!(r.local_set["contacts"][0]["usernames"], json!([{ "service": "telegram", "handle": "@old" }]));
    assert_eq!(r.local_set["schema"], json!(2));
}

#[test]
fn merge_joins_and_keeps_the_newer_and_the_settings() {
    let (sync, local) = state();
    let file = make(&sync, &local, 100, "1.0.0");
    let current_sync = obj(json!({ "settings": { "default_region": "FR" }, "tags": [{ "name": "Family", "colour": "green" }] }));
    let current_local = obj(json!({
        "contacts": [{ "id": "c1", "display_name": "Ana (newer)", "updated": 50 }, { "id": "c2", "display_name": "Ben", "updated": 1 }],
        "history": [{ "id": "h2", "e164": "+12015550123", "platform": "sms", "text": "", "at": 9 }],
        "counters": { "sent": 3 },
    }));
    let r = restore(file.as_bytes(), Mode::Merge, &current_sync, &current_local).unwrap();
    let names: Vec<&str> = r.local_set["contacts"].as_array().unwrap().iter().map(|c| c["display_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ana (newer)", "Ben"]);
    let history: Vec<&str> = r.local_set["history"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(history, ["h2", "h1"], "newest first");
    assert!(!r.sync_set.contains_key("settings"), "merge keeps the settings");
    assert_eq!(r.sync_set["tags"].as_array().unwrap().len(), 2);
    assert_eq!(r.local_set["counters"]["sent"], json!(15));
    assert!(r.sync_remove.is_empty());
}

#[test]
fn the_encrypted_backup_opens_only_with_its_passphrase() {
    let (sync, local) = state();
    let plain = make(&sync, &local, 100, "1.0.0");
    let cheap = Cost { memory_kib: 1024, passes: 1, lanes: 1 };
    let file = encrypt(plain.as_bytes(), "correct horse battery", [7; 16], [9; 12], cheap).unwrap();
    assert!(is_encrypted(file.as_bytes()));
    assert!(!is_encrypted(plain.as_bytes()));
    assert!(!file.contains("Ana"), "nothing readable inside");
    assert_eq!(decrypt(file.as_bytes(), "correct horse battery").unwrap(), plain.as_bytes());
    assert_eq!(decrypt(file.as_bytes(), "wrong horse battery").unwrap_err().code, "wrong_passphrase");
    let tampered = file.replacen("\"data\": \"", "\"data\": \"AAAA", 1);
    assert!(decrypt(tampered.as_bytes(), "correct horse battery").is_err());
    assert_eq!(decrypt(&file.as_bytes()[..40], "x").unwrap_err().code, "damaged");
    assert_eq!(encrypt(b"x", "short", [0; 16], [0; 12], cheap).unwrap_err().code, "weak");
    // The real cost: 64 MiB, 3 passes.
    let real = encrypt(plain.as_bytes(), "correct horse battery", [1; 16], [2; 12], COST).unwrap();
    assert!(real.contains("\"memory_kib\": 65536"));
    assert_eq!(decrypt(real.as_bytes(), "correct horse battery").unwrap(), plain.as_bytes());
    // A crafted file that asks for more than Contakt writes is refused with the reason, before
    // any key is derived (1 GiB × 64 passes froze the worker for 143 s).
    for (memory, passes, lanes) in [(1024 * 1024, 3, 1), (65536, 64, 1), (65536, 3, 16), (131072, 3, 1)] {
        let crafted = real
            .replace("\"memory_kib\": 65536", &format!("\"memory_kib\": {memory}"))
            .replace("\"passes\": 3", &format!("\"passes\": {passes}"))
            .replace("\"lanes\": 1", &format!("\"lanes\": {lanes}"));
        let refused = decrypt(crafted.as_bytes(), "correct horse battery").unwrap_err();
        assert_eq!(refused.code, "damaged");
        assert!(
            matches!(&refused.msg.args[0], contakt_core::words::Arg::Msg(m) if m.key == "crypto_cost"),
            "{memory} KiB, {passes} passes, {lanes} lanes: {:?}",
            refused.msg
        );
    }
}

#[test]
fn duplicate_ids_and_impossible_counts_are_refused_and_counters_merge_per_platform() {
    let (sync, local) = state();
    let file: Value = serde_json::from_str(&make(&sync, &local, 100, "1.0.0")).unwrap();
    let with = |path: &[&str], value: Value| {
        let mut f = file.clone();
        let mut at = &mut f;
        for p in &path[..path.len() - 1] {
            at = &mut at[*p];
        }
        at[path[path.len() - 1]] = value;
        f.to_string().into_bytes()
    };
    let reason = |bytes: &[u8]| {
        let e = restore(bytes, Mode::Replace, &sync, &local).unwrap_err();
        assert_eq!(e.code, "damaged");
        match &e.msg.args[0] {
            contakt_core::words::Arg::Msg(m) => m.clone(),
            other => panic!("{other:?}"),
        }
    };
    let c1 = local["contacts"][0].clone();
    let twice = reason(&with(&["local", "contacts"], json!([c1.clone(), c1])));
    assert_eq!(twice, contakt_core::msg!("backup_duplicate_contact", "c1"));
    let h1 = local["history"][0].clone();
    assert_eq!(reason(&with(&["local", "history"], json!([h1.clone(), h1]))).key, "backup_duplicate_history");
    let r1 = local["reminders"][0].clone();
    assert_eq!(reason(&with(&["local", "reminders"], json!([r1.clone(), r1]))).key, "backup_duplicate_reminder");
    // Counts JavaScript cannot hold exactly, or that are not counts, are refused.
    for bad in
        [json!({ "sent": 9_007_199_254_740_992u64 }), json!({ "sent": 1e20 }), json!({ "sent": -1 }), json!({ "by_platform": { "sms": "many" } }), json!([1])]
    {
        assert_eq!(reason(&with(&["local", "counters"], bad.clone())).key, "backup_counters_damaged", "{bad}");
    }
    assert!(restore(&with(&["local", "counters"], json!({ "sent": 9_007_199_254_740_991u64 })), Mode::Replace, &sync, &local).is_ok());
    // Merging adds the counts per platform too.
    let counted = with(&["local", "counters"], json!({ "sent": 3, "by_platform": { "sms": 1, "whatsapp": 2 }, "reminders": { "in1_hour": 1 }, "imports": 1 }));
    let current = obj(json!({ "counters": { "sent": 2, "by_platform": { "sms": 2 }, "reminders": { "in1_hour": 2, "custom": 1 }, "contacts_added": 4 } }));
    let merged = restore(&counted, Mode::Merge, &Map::new(), &current).unwrap();
    assert_eq!(
        merged.local_set["counters"],
        json!({ "sent": 5, "by_platform": { "sms": 3, "whatsapp": 2 }, "scheduled": 0, "reminders": { "in1_hour": 3, "custom": 1 }, "templates_used": 0, "contacts_added": 4, "imports": 1 })
    );
    let impossible = with(&["local", "counters"], json!({ "reminders": { "custom": 9_007_199_254_740_992u64 } }));
    assert_eq!(reason(&impossible).key, "backup_counters_damaged");
}

/// A backup too large to hand from the page to the worker in one message (the browser's
/// 64 MiB limit, base64) is refused by its size, with both sizes, before anything is read.
#[test]
fn a_backup_beyond_the_message_limit_is_refused_by_its_size() {
    use contakt_core::backup::{check_size, restore, Mode, MAX_FILE_BYTES};
    assert!(check_size(MAX_FILE_BYTES).is_ok());
    assert!(MAX_FILE_BYTES.div_ceil(3) * 4 < 64 * 1024 * 1024, "its base64 fits one message");
    let refused = check_size(MAX_FILE_BYTES + 1).unwrap_err();
    assert_eq!(refused.key, "backup_too_large");
    assert_eq!(refused.args.len(), 2);
    let big = vec![b' '; MAX_FILE_BYTES + 1];
    let e = restore(&big, Mode::Replace, &serde_json::Map::new(), &serde_json::Map::new()).unwrap_err();
    assert_eq!(e.code, "too_large");
}
