//! The service worker's entry: every request, alarm, menu click, command and notification
//! button goes through `handle`.

use contakt_core::app::{self, Stored};
use wasm_bindgen::prelude::*;

use crate::env::BrowserEnv;
use crate::{answer, fail, from_js, ok, read};

/// The stored keys a request needs, per area: `{ local, sync, session }`, each a list of
/// keys or `"all"`.
#[wasm_bindgen]
pub fn needs(request: JsValue) -> JsValue {
    answer(app::request_of(from_js(&request)).map(|r| app::needs(&r)))
}

/// Answers a request from the stored data it needs: `{ reply, writes, effects }` (see
/// `contakt_core::app::Outcome`); `reply` is itself an envelope. `env`: `{ now, zone,
/// locale, version }`.
#[wasm_bindgen]
pub fn handle(request: JsValue, stored: JsValue, env: JsValue) -> JsValue {
    let request = match app::request_of(from_js(&request)) {
        Ok(r) => r,
        Err(f) => return fail(f),
    };
    let stored: Stored = match read(&stored, contakt_core::words::Msg::new("what_stored")) {
        Ok(s) => s,
        Err(f) => return fail(f),
    };
    let mut env = match read(&env, contakt_core::words::Msg::new("what_env")) {
        Ok(e) => BrowserEnv::new(e),
        Err(f) => return fail(f),
    };
    let out = app::handle(request, &stored, &mut env);
    #[derive(serde::Serialize)]
    struct Out {
        reply: serde_json::Value,
        writes: app::Writes,
        effects: Vec<app::Effect>,
    }
    let reply = match out.reply {
        Ok(value) => serde_json::json!({ "ok": true, "value": value }),
        Err(f) => {
            let mut v = serde_json::to_value(&f).unwrap_or_default();
            v["ok"] = false.into();
            v
        }
    };
    ok(Out { reply, writes: out.writes, effects: out.effects })
}
