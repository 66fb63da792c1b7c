//! The exported API called as JavaScript calls it, in Node (wasm-bindgen-test): every export
//! answers with the same envelope, and the worker's one entry answers requests with their
//! writes and effects.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| Reflect::get(&v, &JsValue::from_str(key)).unwrap())
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn settings(region: &str) -> JsValue {
    json(&format!("{{\"default_region\":\"{region}\"}}"))
}

#[wasm_bindgen_test]
fn parse_number_answers_with_the_envelope() {
    let r = contakt_wasm::parse_number("020 7946 0958", "GB");
    assert_eq!(get(&r, "ok"), JsValue::TRUE);
    assert_eq!(get(&r, "value.e164").as_string().unwrap(), "+442079460958");
    let bad = contakt_wasm::parse_number("12", "GB");
    assert_eq!(get(&bad, "ok"), JsValue::FALSE);
    assert_eq!(get(&bad, "code").as_string().unwrap(), "too_short");
    assert_eq!(get(&bad, "field").as_string().unwrap(), "number");
    assert_eq!(get(&bad, "msg.key").as_string().unwrap(), "phone_too_short");
}

#[wasm_bindgen_test]
fn international_reading_offers_what_another_regions_prefix_meant() {
    let r = contakt_wasm::international_reading("0044 20 7946 0958", "US");
    assert_eq!(get(&r, "value.international").as_string().unwrap(), "+44 20 7946 0958");
    assert_eq!(get(&contakt_wasm::international_reading("020 7946 0958", "GB"), "value"), JsValue::NULL);
}

#[wasm_bindgen_test]
fn plan_send_builds_the_link_and_refuses_bad_input() {
    let r = contakt_wasm::plan_send("(201) 555-0123", "whatsapp", "Hi & bye", settings("US"));
    assert_eq!(get(&r, "value.link.url").as_string().unwrap(), "https://wa.me/12015550123?text=Hi%20%26%20bye");
    assert_eq!(get(&r, "value.link.notice.key").as_string().unwrap(), "notice_whatsapp");
    let unknown = contakt_wasm::plan_send("(201) 555-0123", "myspace", "", settings("US"));
    assert_eq!(get(&unknown, "field").as_string().unwrap(), "platform");
    let invalid = contakt_wasm::plan_send("hello", "sms", "", settings("US"));
    assert_eq!(get(&invalid, "code").as_string().unwrap(), "not_a_number");
}

#[wasm_bindgen_test]
fn every_export_uses_the_envelope() {
    for r in [
        contakt_wasm::platforms(),
        contakt_wasm::regions(),
        contakt_wasm::e164("020 7946 0958", "GB"),
        contakt_wasm::format_as_you_type("+4420794", "US"),
        contakt_wasm::find_numbers(b"Call +44 20 7946 0958", "US"),
        contakt_wasm::check_message("Hi {first_name}"),
        contakt_wasm::detection_allowed(settings("US"), "example.com"),
        contakt_wasm::local_input(0.0, "UTC"),
        contakt_wasm::export_csv(Array::new().into()),
        contakt_wasm::is_encrypted_backup(b"{}"),
    ] {
        assert_eq!(get(&r, "ok"), JsValue::TRUE);
    }
    assert_eq!(get(&contakt_wasm::e164("020 7946 0958", "GB"), "value").as_string().unwrap(), "+442079460958");
    assert_eq!(get(&contakt_wasm::format_as_you_type("+4420794", "US"), "value").as_string().unwrap(), "+44 20 794");
    assert_eq!(get(&contakt_wasm::check_message("Hi {first_name}"), "value.complete"), JsValue::FALSE);
    assert_eq!(get(&contakt_wasm::local_input(0.0, "UTC"), "value").as_string().unwrap(), "1970-01-01T00:00");
    let found = Array::from(&get(&contakt_wasm::find_numbers(b"Call +44 20 7946 0958", "US"), "value"));
    assert_eq!(found.length(), 1);
}

/// The options page's file module: a backup encrypted there opens there only with its
/// passphrase, and a read file carries the people an import sends to the worker.
#[wasm_bindgen_test]
fn the_file_module_encrypts_reads_and_refuses_with_the_envelope() {
    let plain = "{\"format\":\"contakt-backup\"}";
    let sealed = contakt_wasm::encrypt_backup(plain, "correct horse");
    assert_eq!(get(&sealed, "ok"), JsValue::TRUE);
    let file = get(&sealed, "value").as_string().unwrap();
    assert_eq!(get(&contakt_wasm::is_encrypted_backup(file.as_bytes()), "value"), JsValue::TRUE);
    assert_eq!(get(&contakt_wasm::decrypt_backup(file.as_bytes(), "correct horse"), "value").as_string().unwrap(), plain);
    let wrong = contakt_wasm::decrypt_backup(file.as_bytes(), "wrong horse");
    assert_eq!(
        (get(&wrong, "ok"), get(&wrong, "code").as_string().unwrap(), get(&wrong, "field").as_string().unwrap()),
        (JsValue::FALSE, "wrong_passphrase".into(), "passphrase".into())
    );
    let read = contakt_wasm::import_preview(b"Name,Phone\nZoe,+44 20 7946 0111\n", Array::new().into(), "GB", JsValue::NULL);
    assert_eq!(get(&read, "value.format").as_string().unwrap(), "csv");
    assert_eq!(get(&read, "value.people.0.numbers.0.e164").as_string().unwrap(), "+442079460111");
    assert_eq!(get(&contakt_wasm::check_backup_size(1e12), "code").as_string().unwrap(), "too_large");
}

fn env() -> JsValue {
    json("{\"now\":1700000000000,\"zone\":\"Europe/Berlin\",\"locale\":\"de-DE\",\"version\":\"0.1.0\"}")
}

#[wasm_bindgen_test]
fn the_worker_entry_answers_with_writes_and_effects() {
    let request = json("{\"type\":\"send\",\"number\":\"030 123456\",\"platform\":\"whatsapp\",\"text\":\"Hallo\"}");
    let needs = contakt_wasm::needs(request.clone());
    assert_eq!(get(&needs, "value.origin").as_string().unwrap(), "extension");
    let out = contakt_wasm::handle(request, json("{\"local\":{},\"sync\":{}}"), env());
    assert_eq!(get(&out, "value.reply.ok"), JsValue::TRUE);
    let history = Array::from(&get(&out, "value.writes.local_set.history"));
    assert_eq!(history.length(), 1);
    assert_eq!(get(&history.get(0), "e164").as_string().unwrap(), "+4930123456");
    assert_eq!(get(&history.get(0), "id").as_string().unwrap().len(), 36, "a uuid from the browser");
    let effects = Array::from(&get(&out, "value.effects"));
    assert_eq!(get(&effects.get(0), "type").as_string().unwrap(), "open_tab");
    assert_eq!(get(&effects.get(0), "url").as_string().unwrap(), "https://wa.me/4930123456?text=Hallo");
}

#[wasm_bindgen_test]
fn reminders_are_made_in_the_browsers_zone() {
    // 2023-11-14 22:13 UTC is 23:13 in Berlin: "tomorrow 9:00" is 08:00 UTC on the 15th.
    let request = json("{\"type\":\"saveReminder\",\"draft\":{\"kind\":\"reminder\",\"text\":\"call\",\"preset\":\"tomorrow9\"}}");
    let out = contakt_wasm::handle(request, json("{\"local\":{},\"sync\":{}}"), env());
    assert_eq!(get(&out, "value.reply.value.next").as_f64().unwrap(), 1_700_035_200_000.0);
    let bad = contakt_wasm::handle(json("{\"type\":\"nothing\"}"), json("{}"), env());
    assert_eq!(get(&bad, "ok"), JsValue::FALSE);
    assert_eq!(get(&bad, "code").as_string().unwrap(), "refused");
}

#[wasm_bindgen_test]
fn the_address_book_searches_and_the_form_reads_back() {
    let contacts = json("[{\"id\":\"a\",\"display_name\":\"Maria Lopez\",\"numbers\":[{\"label\":\"work\",\"raw\":\"(201) 555-0123\",\"e164\":\"+12015550123\"}]},{\"id\":\"b\",\"display_name\":\"Tom\"}]");
    let book = contakt_wasm::AddressBook::new(contacts.clone());
    let hits = Array::from(&get(&book.search("maria", None, None), "value"));
    assert_eq!(hits.length(), 1);
    let form = contakt_wasm::contact_form(Array::from(&contacts).get(0));
    assert_eq!(get(&form, "value.numbers").as_string().unwrap(), "work: (201) 555-0123");
    assert_eq!(Array::from(&get(&contakt_wasm::duplicate_groups(contacts), "value")).length(), 0);
    // A campaign's preview against the book: Tom has no number (left out, with why).
    let draft = json("{\"platform\":\"sms\",\"body\":\"Hi {first_name}\",\"source\":{\"kind\":\"contacts\",\"ids\":[\"a\",\"b\"]}}");
    let sync = json("{\"settings\":{\"default_region\":\"US\"}}");
    let p = book.campaign_preview(draft, 0, json("[]"), sync.clone(), "en-US");
    assert_eq!(get(&p, "value.left_out").as_f64().unwrap(), 2.0, "Maria has no first name; Tom has no number");
    assert_eq!(get(&p, "value.rows.0.why.0.code").as_string().unwrap(), "unfilled");
    let none = book.campaign_preview(json("{\"platform\":\"sms\",\"body\":\"\",\"source\":{\"kind\":\"none\"}}"), 0, JsValue::UNDEFINED, sync, "en-US");
    assert_eq!(get(&none, "ok"), JsValue::FALSE);
}

/// Errors cross the boundary as values: hostile stored data (reminders at instants no Date can
/// hold, in a zone, repeating; damaged contacts) and a clock beyond a Date's range, thousands
/// of times (1,256 thrown errors once exhausted the wasm stack), then an ordinary request
/// still answers. A JavaScript exception thrown through the wasm fails this test.
#[wasm_bindgen_test]
fn hostile_input_is_answered_as_values_thousands_of_times() {
    let stored = json(
        "{\"local\":{\"reminders\":[\
         {\"id\":\"r1\",\"kind\":\"reminder\",\"text\":\"x\",\"next\":1e300,\"created\":1,\"updated\":1},\
         {\"id\":\"r2\",\"kind\":\"reminder\",\"text\":\"x\",\"next\":-9e15,\"zone\":\"Europe/Berlin\",\"at\":{\"year\":275760,\"month\":9,\"day\":13,\"hour\":0,\"minute\":0},\"repeat\":\"yearly\",\"created\":1,\"updated\":1},\
         {\"id\":\"r3\",\"kind\":\"reminder\",\"text\":\"ok\",\"next\":1700000000000,\"zone\":\"Europe/Berlin\",\"repeat\":\"daily\",\"created\":1,\"updated\":1}],\
         \"contacts\":[{\"id\":7},null,\"x\"],\"history\":{\"no\":1}},\"sync\":{\"settings\":[1,2]}}",
    );
    let far = json("{\"now\":8.7e15,\"zone\":\"Europe/Berlin\",\"locale\":\"en-US\",\"version\":\"1\"}");
    for i in 0..2_000 {
        for request in [
            "{\"type\":\"started\"}",
            "{\"type\":\"alarm\",\"name\":\"reminder:r3\"}",
            "{\"type\":\"reminders\"}",
            "{\"type\":\"view\"}",
            "{\"type\":\"saveReminder\",\"draft\":{\"kind\":\"reminder\",\"text\":\"call\",\"preset\":\"tomorrow9\"}}",
        ] {
            let environment = if i % 2 == 0 { env() } else { far.clone() };
            let out = contakt_wasm::handle(json(request), stored.clone(), environment);
            assert!(get(&out, "ok").is_truthy() || get(&out, "code").is_string(), "{request}: an envelope");
        }
    }
    let out = contakt_wasm::handle(json("{\"type\":\"send\",\"number\":\"030 123456\",\"platform\":\"sms\"}"), json("{\"local\":{},\"sync\":{}}"), env());
    assert_eq!(get(&out, "value.reply.ok"), JsValue::TRUE, "the core still answers");
}
