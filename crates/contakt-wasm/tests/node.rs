//! The exported API called as JavaScript calls it, in Node (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| Reflect::get(&v, &JsValue::from_str(key)).unwrap())
}

fn settings(region: &str) -> JsValue {
    let s = js_sys::Object::new();
    Reflect::set(&s, &"default_region".into(), &region.into()).unwrap();
    s.into()
}

#[wasm_bindgen_test]
fn parse_number_answers_with_a_plain_object() {
    let r = contakt_wasm::parse_number("020 7946 0958", "GB");
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    assert_eq!(get(&r, "value.e164").as_string().unwrap(), "+442079460958");
    assert_eq!(get(&r, "value.region").as_string().unwrap(), "GB");
    assert_eq!(get(&r, "value.kind").as_string().unwrap(), "fixed_line");

    let bad = contakt_wasm::parse_number("12", "GB");
    assert_eq!(get(&bad, "ok"), JsValue::FALSE);
    assert_eq!(get(&bad, "code").as_string().unwrap(), "too_short");
    assert!(get(&bad, "message").as_string().unwrap().starts_with("Too short"));
}

#[wasm_bindgen_test]
fn plan_send_builds_the_link_and_refuses_bad_input() {
    let r = contakt_wasm::plan_send("(201) 555-0123", "whatsapp", "Hi & bye", settings("US"));
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    assert_eq!(get(&r, "value.link.url").as_string().unwrap(), "https://wa.me/12015550123?text=Hi%20%26%20bye");

    let unknown = contakt_wasm::plan_send("(201) 555-0123", "myspace", "", settings("US"));
    assert_eq!(get(&unknown, "code").as_string().unwrap(), "unknown_platform");

    let invalid = contakt_wasm::plan_send("hello", "sms", "", settings("US"));
    assert_eq!(get(&invalid, "code").as_string().unwrap(), "not_a_number");
    assert_eq!(get(&invalid, "field").as_string().unwrap(), "number");
}

#[wasm_bindgen_test]
fn settings_are_read_and_validated() {
    let s = contakt_wasm::settings_from_stored(JsValue::NULL, "de-AT");
    assert_eq!(get(&s, "default_region").as_string().unwrap(), "AT");
    assert_eq!(get(&s, "default_platform").as_string().unwrap(), "whatsapp");

    let input = settings("zz");
    Reflect::set(&input, &"default_platform".into(), &"sms".into()).unwrap();
    Reflect::set(&input, &"my_number".into(), &"".into()).unwrap();
    Reflect::set(&input, &"whatsapp_target".into(), &"web".into()).unwrap();
    Reflect::set(&input, &"version".into(), &1.into()).unwrap();
    let refused = contakt_wasm::validate_settings(input);
    assert_eq!(get(&refused, "field").as_string().unwrap(), "default_region");
}

#[wasm_bindgen_test]
fn history_keeps_the_newest_hundred_with_fresh_ids() {
    let mut history = JsValue::from(Array::new());
    for i in 0..101 {
        let r = contakt_wasm::history_push(history, "+12015550123", "sms", &format!("m{i}"), 1_000.0 + i as f64);
        assert_eq!(get(&r, "ok"), JsValue::TRUE);
        history = get(&r, "value");
    }
    let list = Array::from(&history);
    assert_eq!(list.length(), 100);
    assert_eq!(get(&list.get(0), "text").as_string().unwrap(), "m100");
    assert_eq!(get(&list.get(99), "text").as_string().unwrap(), "m1");
    let id0 = get(&list.get(0), "id").as_string().unwrap();
    let id1 = get(&list.get(1), "id").as_string().unwrap();
    assert_eq!(id0.len(), 36);
    assert_ne!(id0, id1);
}

#[wasm_bindgen_test]
fn platforms_and_regions_are_listed() {
    let p = Array::from(&contakt_wasm::platforms());
    assert_eq!(p.length(), 10);
    assert_eq!(get(&p.get(2), "id").as_string().unwrap(), "telegram");
    assert_eq!(get(&p.get(2), "prefills_text"), JsValue::FALSE);
    assert!(Array::from(&contakt_wasm::regions()).length() > 240);
}

#[wasm_bindgen_test]
fn e164_as_you_type_and_find_numbers() {
    assert_eq!(contakt_wasm::e164("020 7946 0958", "GB").as_deref(), Some("+442079460958"));
    assert_eq!(contakt_wasm::e164("12", "GB"), None);
    assert_eq!(contakt_wasm::format_as_you_type("+4420794", "US"), "+44 20 794");
    let text = "Ring me — +44 20 7946 0958, not 2024-03-15.";
    let found = Array::from(&contakt_wasm::find_numbers(text.as_bytes(), "US"));
    assert_eq!(found.length(), 1);
    let f = found.get(0);
    assert_eq!(get(&f, "e164").as_string().unwrap(), "+442079460958");
    // JavaScript string indices: the em dash is one UTF-16 unit (three UTF-8 bytes).
    assert_eq!(get(&f, "start").as_f64().unwrap(), 10.0);
    assert_eq!(get(&f, "end").as_f64().unwrap(), 26.0);
}

#[wasm_bindgen_test]
fn numbers_in_selection_lists_them_or_says_why() {
    let r = contakt_wasm::numbers_in_selection("Sales +44 20 7946 0958, support (201) 555-0123", "US");
    let list = Array::from(&get(&r, "value"));
    assert_eq!(list.length(), 2);
    assert_eq!(get(&list.get(1), "e164").as_string().unwrap(), "+12015550123");
    let none = contakt_wasm::numbers_in_selection("hello", "US");
    assert_eq!(get(&none, "code").as_string().unwrap(), "not_a_number");
    let texts = Array::of2(&"+44 20 7946 0958".into(), &"no number".into());
    let found = Array::from(&contakt_wasm::find_numbers_in_texts(texts.into(), "US"));
    assert_eq!(found.length(), 2);
    assert_eq!(Array::from(&found.get(0)).length(), 1);
    assert_eq!(Array::from(&found.get(1)).length(), 0);
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn contacts_from_the_form_tags_and_migrations() {
    let form = json(r#"{"first_name":"Ana","numbers":"work: (201) 555-0123","usernames":"telegram: @ana","tags":"VIP, clients"}"#);
    let r = contakt_wasm::contact_from_form(form, JsValue::NULL, "US", 5.0);
    assert_eq!(get(&r, "ok"), JsValue::TRUE, "{r:?}");
    let contact = get(&r, "value");
    assert_eq!(get(&contact, "numbers.0.e164").as_string().unwrap(), "+12015550123");
    assert_eq!(get(&contact, "numbers.0.label").as_string().unwrap(), "work");
    assert_eq!(get(&contact, "usernames.0.service").as_string().unwrap(), "telegram");
    assert_eq!(get(&contact, "id").as_string().unwrap().len(), 36);
    assert_eq!(get(&contakt_wasm::contact_form(contact.clone()), "numbers").as_string().unwrap(), "work: (201) 555-0123");

    let contacts: JsValue = Array::of1(&contact).into();
    let change = json(r#"{"op":"rename","name":"vip","to":"Key"}"#);
    let t = contakt_wasm::apply_tag_change(JsValue::NULL, contacts.clone(), change, 9.0);
    assert_eq!(get(&t, "value.changed").as_f64(), Some(1.0));
    assert_eq!(get(&t, "value.contacts.0.tags.0").as_string().unwrap(), "Key");
    let bad = contakt_wasm::apply_tag_change(JsValue::NULL, contacts, json(r#"{"op":"delete","name":"nope"}"#), 9.0);
    assert_eq!(get(&bad, "code").as_string().unwrap(), "invalid_tag");

    let m = contakt_wasm::migrate_stored(json(r#"{"contacts":[{"id":"a","usernames":[["signal","x"]]}]}"#));
    assert_eq!(get(&m, "value.changed"), JsValue::TRUE);
    assert_eq!(get(&m, "value.data.contacts.0.usernames.0.handle").as_string().unwrap(), "x");
    let newer = contakt_wasm::migrate_stored(json(r#"{"schema":99}"#));
    assert_eq!(get(&newer, "code").as_string().unwrap(), "schema");
}

#[wasm_bindgen_test]
fn reminders_use_the_zone_from_intl() {
    // 2026-03-08 in New York: clocks go forward at 02:00. A daily 9:00 stays at 9:00 local.
    let before = js_sys::Date::utc(2026.0, 2.0) + 6.0 * 86_400_000.0 + 15.0 * 3_600_000.0; // 7 March 15:00 UTC, 10:00 EST
    let draft = json(r#"{"kind":"reminder","e164":"+12015550123","label":"Ana","custom":"2026-03-07T09:00","repeat":"daily"}"#);
    let r = contakt_wasm::save_reminder(JsValue::NULL, draft, "America/New_York", before);
    assert_eq!(get(&r, "ok"), JsValue::TRUE, "{r:?}");
    let reminders = get(&r, "value.reminders");
    // 7 March 9:00 EST has passed: next is 8 March 9:00 EDT = 13:00 UTC.
    let next = get(&reminders, "0.next").as_f64().unwrap();
    assert_eq!(next, js_sys::Date::utc(2026.0, 2.0) + 7.0 * 86_400_000.0 + 13.0 * 3_600_000.0);
    assert_eq!(contakt_wasm::local_input(next, "America/New_York"), "2026-03-08T09:00");
    let fired = contakt_wasm::fire_due(reminders, next + 1000.0, false);
    assert_eq!(get(&fired, "fired.0.missed"), JsValue::FALSE);
    let after = get(&fired, "reminders.0.next").as_f64().unwrap();
    assert_eq!(after - next, 86_400_000.0);
    let alarms = contakt_wasm::reminder_alarms(get(&fired, "reminders"));
    assert_eq!(get(&alarms, "0.1").as_f64(), Some(after));
    // An unknown zone acts as UTC rather than failing.
    assert_eq!(contakt_wasm::local_input(0.0, "Mars/Olympus"), "1970-01-01T00:00");
}
