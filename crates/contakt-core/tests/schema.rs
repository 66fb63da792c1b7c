//! Stored data from every earlier version is brought up to the current one.

use contakt_core::contacts::{from_stored, Username};
use contakt_core::schema::{migrate, SchemaError, CURRENT};
use serde_json::{json, Map, Value};

fn object(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn version_1_usernames_become_objects() {
    // As the first release stored it (no schema key, usernames as pairs).
    let mut data = object(json!({
        "contacts": [
            { "id": "a", "display_name": "Maria", "usernames": [["telegram", "@maria"]], "numbers": [] },
            { "id": "b", "display_name": "Tom" },
        ],
        "history": [{ "id": "h", "e164": "+12015550123", "platform": "sms", "text": "", "at": 1 }],
    }));
    let history_before = data["history"].clone();
    assert_eq!(migrate(&mut data), Ok(true));
    assert_eq!(data["schema"], json!(CURRENT));
    assert_eq!(data["history"], history_before);
    let (contacts, unreadable) = from_stored(&data["contacts"]);
    assert_eq!(unreadable, 0);
    assert_eq!(contacts[0].usernames, [Username { service: "telegram".into(), handle: "@maria".into() }]);
    // The stored JSON itself has the new shape (the pages read `service` and `handle`).
    assert_eq!(data["contacts"][0]["usernames"], json!([{ "service": "telegram", "handle": "@maria" }]));
    // Current data is left alone.
    assert_eq!(migrate(&mut data), Ok(false));
}

#[test]
fn newer_or_unreadable_versions_are_refused_untouched() {
    let mut newer = object(json!({ "schema": CURRENT + 1, "contacts": [{ "usernames": [["a", "b"]] }] }));
    let before = newer.clone();
    assert_eq!(migrate(&mut newer), Err(SchemaError::Newer(CURRENT + 1)));
    assert_eq!(newer, before);
    assert_eq!(SchemaError::Newer(3).msg().key, "schema_newer");
    assert_eq!(SchemaError::Newer(3).msg().texts(), ["3", "2"]);
    assert_eq!(migrate(&mut object(json!({ "schema": "two" }))), Err(SchemaError::Unreadable));
    assert_eq!(migrate(&mut object(json!({ "schema": 0 }))), Err(SchemaError::Unreadable));
}

#[test]
fn an_empty_store_becomes_current() {
    let mut data = Map::new();
    assert_eq!(migrate(&mut data), Ok(true));
    assert_eq!(data["schema"], json!(CURRENT));
}
