//! What the core borrows from the browser: the clock and language (given by the worker),
//! time zones (`Intl.DateTimeFormat`), charsets (`TextDecoder`), random bytes
//! (`crypto.getRandomValues`) and uuids.

use contakt_core::app;
use contakt_core::schedule;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// The worker's side of the environment.
#[derive(Deserialize)]
pub struct Given {
    pub now: f64,
    #[serde(default)]
    pub zone: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub version: String,
}

pub struct BrowserEnv {
    given: Given,
}

impl BrowserEnv {
    pub fn new(given: Given) -> BrowserEnv {
        BrowserEnv { given }
    }
}

impl app::Env for BrowserEnv {
    fn now(&self) -> i64 {
        self.given.now as i64
    }
    fn zone_name(&self) -> &str {
        if self.given.zone.is_empty() {
            "UTC"
        } else {
            &self.given.zone
        }
    }
    fn zone(&self, name: &str) -> Box<dyn schedule::Zone> {
        Box::new(IntlZone::new(name))
    }
    fn locale(&self) -> &str {
        &self.given.locale
    }
    fn app_version(&self) -> &str {
        &self.given.version
    }
    fn new_id(&mut self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
    fn random(&mut self, out: &mut [u8]) -> bool {
        random(out)
    }
}

/// Fills `out` from `crypto.getRandomValues`; `false` when the browser has none.
pub fn random(out: &mut [u8]) -> bool {
    let mut run = || -> Option<()> {
        let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
        let fill: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into()).ok()?.dyn_into().ok()?;
        let buf = js_sys::Uint8Array::new_with_length(out.len() as u32);
        fill.call1(&crypto, &buf).ok()?;
        buf.copy_to(out);
        Some(())
    };
    run().is_some()
}

/// The browser's `TextDecoder` for a charset label; `None` when the browser does not know it.
#[cfg(feature = "files")]
pub struct BrowserCharsets;

#[cfg(feature = "files")]
impl contakt_core::import::Charsets for BrowserCharsets {
    fn decode(&self, label: &str, bytes: &[u8]) -> Option<String> {
        let constructor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"TextDecoder".into()).ok()?.dyn_into().ok()?;
        let decoder = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&label.into())).ok()?;
        let decode: js_sys::Function = js_sys::Reflect::get(&decoder, &"decode".into()).ok()?.dyn_into().ok()?;
        decode.call1(&decoder, &js_sys::Uint8Array::from(bytes)).ok()?.as_string()
    }
}

/// An IANA time zone through `Intl.DateTimeFormat`; an unknown name acts as UTC.
pub struct IntlZone {
    format: Option<js_sys::Intl::DateTimeFormat>,
}

impl IntlZone {
    pub fn new(name: &str) -> IntlZone {
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| js_sys::Reflect::set(&options, &k.into(), &v.into());
        let _ = set("timeZone", name);
        let _ = set("hourCycle", "h23");
        for k in ["year", "month", "day", "hour", "minute", "second"] {
            let _ = set(k, "numeric");
        }
        let args = js_sys::Array::of2(&js_sys::Array::of1(&"en-US".into()), &options);
        // Constructed through Reflect so that an unknown zone (RangeError) is caught.
        let constructor = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
            .and_then(|intl| js_sys::Reflect::get(&intl, &"DateTimeFormat".into()))
            .ok()
            .map(JsCast::unchecked_into::<js_sys::Function>);
        let format = constructor.and_then(|c| js_sys::Reflect::construct(&c, &args).ok()).map(JsCast::unchecked_into);
        IntlZone { format }
    }
}

impl schedule::Zone for IntlZone {
    fn offset_ms(&self, utc: i64) -> i64 {
        let Some(format) = &self.format else { return 0 };
        let seconds = utc.div_euclid(1000) * 1000;
        // Outside what a Date can hold `formatToParts` throws (a RangeError through the wasm
        // leaves its stack unwound wrongly: after enough of them every call failed). Such an
        // instant is refused before, by the core; here it acts as UTC, and any throw is caught.
        if seconds.abs() > 8_640_000_000_000_000 {
            return 0;
        }
        let call = js_sys::Reflect::get(format, &"formatToParts".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call1(format, &js_sys::Date::new(&JsValue::from_f64(seconds as f64))).ok())
            .and_then(|parts| parts.dyn_into::<js_sys::Array>().ok());
        let Some(parts) = call else { return 0 };
        let mut v = [0i64; 6];
        for part in parts.iter() {
            let kind = js_sys::Reflect::get(&part, &"type".into()).ok().and_then(|t| t.as_string()).unwrap_or_default();
            let value: i64 = js_sys::Reflect::get(&part, &"value".into()).ok().and_then(|t| t.as_string()).and_then(|t| t.parse().ok()).unwrap_or(0);
            if let Some(i) = ["year", "month", "day", "hour", "minute", "second"].iter().position(|k| *k == kind) {
                v[i] = value;
            }
        }
        let wall = js_sys::Date::utc(v[0] as f64, (v[1] - 1) as f64) as i64
            + (v[2] - 1) * schedule::DAY
            + (v[3] % 24) * schedule::HOUR
            + v[4] * schedule::MINUTE
            + v[5] * 1000;
        wall - seconds
    }
}
