//! The whitelist: what an event may carry, what the server keeps of a batch, and that no text a
//! user typed can reach a payload.

use contakt_telemetry::*;
use proptest::prelude::*;
use serde_json::{json, Value};

const ID: &str = "0123456789abcdef";
const NOW: i64 = 1_764_547_200_000 + 25 * 60 * 1000; // 25 minutes past an hour

fn sent() -> Event {
    Event::new("message_sent", &[("platform", json!("whatsapp")), ("country", json!("DE"))], ID, NOW).unwrap()
}

#[test]
fn every_event_builds_with_what_it_must_carry() {
    let cases: [(&str, Vec<(&str, Value)>); 6] = [
        ("message_sent", vec![("platform", json!("sms"))]),
        ("message_scheduled", vec![("platform", json!("telegram")), ("country", json!("BR"))]),
        ("reminder_created", vec![("reminderPreset", json!("in1_hour"))]),
        ("template_used", vec![("platform", json!("viber"))]),
        ("contact_added", vec![("country", json!("JP")), ("duplicateAction", json!("keep_both"))]),
        ("contacts_imported", vec![("importFormat", json!("vcard")), ("importCount", json!(bucket(42).unwrap()))]),
    ];
    for (name, fields) in cases {
        let e = Event::new(name, &fields, ID, NOW).unwrap_or_else(|r| panic!("{name}: {r:?}"));
        assert_eq!(e.get("event"), Some(&json!(name)));
        assert_eq!(e.get("ts"), Some(&json!(NOW - 25 * 60 * 1000)), "the hour, not the minute");
    }
    assert_eq!(EVENTS.len(), 6);
}

#[test]
fn an_event_carries_only_its_own_fields_with_allowed_values() {
    let refused = |name: &str, fields: &[(&str, Value)]| Event::new(name, fields, ID, NOW).unwrap_err();
    assert_eq!(refused("message_sent", &[]).field, "platform", "required");
    assert_eq!(refused("message_sent", &[("platform", json!("myspace"))]).code, "bad_value");
    assert_eq!(refused("message_sent", &[("platform", json!("sms")), ("country", json!("de"))]).field, "country");
    assert_eq!(
        refused("message_sent", &[("platform", json!("sms")), ("reminderPreset", json!("in1_hour"))]).code,
        "unknown_field",
        "reminderPreset only on reminder_created"
    );
    assert_eq!(
        refused("template_used", &[("platform", json!("sms")), ("duplicateAction", json!("merge"))]).code,
        "unknown_field",
        "duplicateAction only on contact_added"
    );
    assert_eq!(refused("message_sent", &[("platform", json!("sms")), ("name", json!("Ana"))]).field, "name");
    assert_eq!(refused("contacts_imported", &[("importFormat", json!("csv")), ("importCount", json!(42))]).field, "importCount", "only buckets");
    assert_eq!(refused("contacts_imported", &[("importFormat", json!("csv")), ("importCount", json!("10"))]).field, "importCount", "a number, not text");
    assert_eq!(Event::new("message_sent", &[("platform", json!("sms"))], "0123456789ABCDEF", NOW).unwrap_err().field, "id");
    assert_eq!(Event::new("message_sent", &[("platform", json!("sms"))], "0123456789abcde", NOW).unwrap_err().field, "id");
    assert_eq!(refused("page_viewed", &[]).code, "unknown_event");
}

#[test]
fn counts_are_bucketed() {
    assert_eq!(bucket(0), None);
    assert_eq!([1, 2, 10, 11, 999, 1000, 1001, 100_000, 5_000_000].map(|n| bucket(n).unwrap()), [1, 10, 10, 100, 1000, 1000, 10_000, 100_000, 100_000]);
}

#[test]
fn the_server_drops_what_is_not_whitelisted_and_refuses_bad_batches() {
    // A tampered client adds fields and an event Contakt never sends.
    let mut tampered = serde_json::to_value(sent()).unwrap();
    tampered["name"] = json!("Ana Silva");
    tampered["number"] = json!("+49 151 23456789");
    let body = json!({ "events": [tampered, { "event": "page_viewed", "url": "https://a.example" }, sent()] }).to_string();
    let got = read_batch(body.as_bytes()).unwrap();
    assert_eq!((got.events.len(), got.dropped_events, got.dropped_fields), (2, 1, 2));
    assert_eq!(got.events[0], sent());
    let stored = serde_json::to_string(&got.events.iter().map(Event::data_point).collect::<Vec<_>>()).unwrap();
    assert!(!stored.contains("Ana") && !stored.contains("151") && !stored.contains("page_viewed"), "{stored}");

    let status = |body: &[u8]| read_batch(body).map(|_| 202).unwrap_or_else(|r| r.status);
    assert_eq!(status(b"not json"), 400);
    assert_eq!(status(b"[]"), 400);
    assert_eq!(status(br#"{"events": {}}"#), 400);
    assert_eq!(status(br#"{"events": [42]}"#), 400);
    assert_eq!(status(br#"{"events": [{"event": 7}]}"#), 400);
    let wrong_type = json!({ "events": [{ "event": "message_sent", "platform": 3, "id": ID, "ts": 0 }] }).to_string();
    assert_eq!(read_batch(wrong_type.as_bytes()).unwrap_err(), Refusal { status: 400, code: "bad_value", field: "platform".into() });
    let too_many = json!({ "events": vec![sent(); MAX_BATCH + 1] }).to_string();
    assert_eq!(status(too_many.as_bytes()), 413);
    assert_eq!(status(&vec![b' '; MAX_BODY_BYTES + 1]), 413);
    assert_eq!(status(json!({ "events": vec![sent(); MAX_BATCH] }).to_string().as_bytes()), 202, "a full batch fits the body limit");
}

#[test]
fn a_data_point_has_the_cohort_as_index_and_every_field_in_its_place() {
    let e = Event::new("contacts_imported", &[("importFormat", json!("csv")), ("importCount", json!(1000))], ID, NOW).unwrap();
    let p = e.data_point();
    assert_eq!(p.index, ID);
    assert_eq!(p.blobs, ["contacts_imported", "", "", "", "", "csv"]);
    assert_eq!(p.doubles, [1000.0, (NOW - 25 * 60 * 1000) as f64]);
}

/// Every string value in a JSON value, at any depth (keys are the code's own field names).
fn strings(v: &serde_json::Value) -> Vec<&str> {
    match v {
        serde_json::Value::String(s) => vec![s.as_str()],
        serde_json::Value::Array(a) => a.iter().flat_map(strings).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Any value a user could type (names, numbers, notes, tags, templates, messages: any text at
/// all), put in any field of any event: refused, or it is one of the closed choices and not the
/// user's text. So no such text can reach a payload, whatever the input.
fn closed(s: &str) -> bool {
    [&EVENTS[..], &PLATFORMS, &REGIONS, &DUPLICATE_ACTIONS, &REMINDER_PRESETS, &IMPORT_FORMATS].iter().any(|l| l.contains(&s)) || is_cohort(s)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn no_typed_text_reaches_a_payload(text in "\\PC{1,40}", event in 0..EVENTS.len(), field in 0..FIELDS.len(), number in any::<i64>()) {
        prop_assume!(!closed(&text));
        for value in [json!(text), json!(number), json!([text.clone()]), json!({ "v": text })] {
            let name = FIELDS[field].name;
            if let Ok(e) = Event::new(EVENTS[event], &[(name, value.clone())], ID, NOW) {
                // No string in the payload is the text (looking for it as a substring of the JSON
                // failed for texts such as ":", which the JSON's own punctuation contains).
                let payload = serde_json::to_value(batch(&[e])).unwrap();
                prop_assert!(!strings(&payload).contains(&text.as_str()), "{payload}");
            }
            // And as the server reads it, with the text in a field of its own.
            let body = json!({ "events": [{ "event": EVENTS[event], name: value, "note": text, "id": ID, "ts": 0 }] }).to_string();
            if let Ok(got) = read_batch(body.as_bytes()) {
                for point in got.events.iter().map(Event::data_point) {
                    prop_assert!(point.index != text && !point.blobs.contains(&text), "{point:?}");
                }
            }
        }
    }
}
