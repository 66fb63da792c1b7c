//! What the pages ask as the user types: numbers parsed and formatted, a send planned for
//! live feedback (the worker plans again before it opens anything), regions and platforms.

use contakt_core::app::{self, Failure};
use contakt_core::{phone, schedule, templates};
use wasm_bindgen::prelude::*;

use crate::env::IntlZone;
use crate::{answer, from_js, ok, read};

fn phone_failure(e: phone::PhoneError) -> Failure {
    Failure::new(e.code(), e.msg()).on("number")
}

/// A number typed or pasted by the user: a `PhoneNumber`, or why it is not one.
#[wasm_bindgen(js_name = parseNumber)]
pub fn parse_number(input: &str, region: &str) -> JsValue {
    answer(phone::parse(input, region).map_err(phone_failure))
}

/// What a refused number most likely meant when it starts with another region's international
/// prefix (`0044 …` typed in the United States): a `PhoneNumber`, or `null`.
#[wasm_bindgen(js_name = internationalReading)]
pub fn international_reading(input: &str, region: &str) -> JsValue {
    ok(phone::international_reading(input, region))
}

/// E.164 of a valid number, or `null`: the cheapest question (the benchmarks use it).
#[wasm_bindgen]
pub fn e164(input: &str, region: &str) -> JsValue {
    ok(phone::e164(input, region))
}

/// The number typed so far, formatted for the input field ("+4420794" → "+44 20 794").
#[wasm_bindgen(js_name = formatAsYouType)]
pub fn format_as_you_type(input: &str, region: &str) -> JsValue {
    ok(phone::format_as_you_type(input, region))
}

/// Phone numbers in a text given as UTF-8 bytes (the browser's encoder is faster than a
/// string copy), as pages mark them: `[{ start, end, e164, text }]` in JavaScript indices.
#[wasm_bindgen(js_name = findNumbers)]
pub fn find_numbers(utf8: &[u8], region: &str) -> JsValue {
    ok(app::find_on_page(&String::from_utf8_lossy(utf8), region))
}

/// A send planned with these settings: the parsed number, the link, what to copy.
#[wasm_bindgen(js_name = planSend)]
pub fn plan_send(input: &str, platform: &str, text: &str, settings: JsValue) -> JsValue {
    answer(app::plan_send(input, platform, text, &from_js(&settings)))
}

/// The chat a send would open as a QR code (its link and an SVG path of the code).
#[wasm_bindgen(js_name = qrForSend)]
pub fn qr_for_send(input: &str, platform: &str, text: &str, settings: JsValue) -> JsValue {
    answer(app::qr_for_send(input, platform, text, &from_js(&settings)))
}

/// Every platform with what Send will do on it.
#[wasm_bindgen]
pub fn platforms() -> JsValue {
    ok(app::platforms())
}

/// `[[region, callingCode], …]` sorted by region.
#[wasm_bindgen]
pub fn regions() -> JsValue {
    ok(phone::regions())
}

/// Whether numbers are looked for on pages of `host` with these settings.
#[wasm_bindgen(js_name = detectionAllowed)]
pub fn detection_allowed(settings: JsValue, host: &str) -> JsValue {
    ok(app::page_settings(&from_js(&settings)).detection_allowed(host))
}

/// A template filled for a contact (or `null`): `{ text, unknown, empty, complete }`.
#[wasm_bindgen(js_name = renderTemplate)]
pub fn render_template(body: &str, contact: JsValue, my_number: &str, date: &str) -> JsValue {
    let contact = read::<Option<contakt_core::contacts::Contact>>(&contact, contakt_core::words::Msg::new("what_contact"));
    answer(contact.map(|c| app::checked(templates::render(body, c.as_ref(), my_number, date))))
}

/// What a message still leaves unfilled (`{name}`…), checked before sending:
/// `{ complete, unfilled, msg }`.
#[wasm_bindgen(js_name = checkMessage)]
pub fn check_message(text: &str) -> JsValue {
    ok(app::checked(templates::unfilled(text)))
}

/// A wall time as `<input type="datetime-local">` writes it, of an instant in `zone`.
#[wasm_bindgen(js_name = localInput)]
pub fn local_input(at: f64, zone: &str) -> JsValue {
    ok(schedule::local_of(at as i64, &IntlZone::new(zone)).to_input())
}
