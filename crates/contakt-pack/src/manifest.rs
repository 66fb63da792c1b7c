//! The files `manifest.json` names (icons, pages, the service worker, scripts, styles).
//! Shared by the packager and the repository's `build.rs` (which includes this file by path),
//! so both read the manifest the same way.

/// Paths the manifest names, relative to the extension root, sorted and without repeats.
pub fn files(manifest: &serde_json::Value) -> Vec<String> {
    let mut files = Vec::new();
    collect(manifest, &mut files);
    files.sort();
    files.dedup();
    files
}

fn collect(value: &serde_json::Value, files: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let is_path_key = matches!(key.as_str(), "default_popup" | "page" | "service_worker" | "scripts" | "16" | "32" | "48" | "128" | "js" | "css");
                match v {
                    serde_json::Value::String(s) if is_path_key => files.push(s.clone()),
                    serde_json::Value::Array(items) if is_path_key => files.extend(items.iter().filter_map(|i| i.as_str().map(String::from))),
                    _ => collect(v, files),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect(i, files)),
        _ => {}
    }
}

/// The browsers Contakt is built for, from the one `manifest.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "Chromium",
            Browser::Firefox => "Firefox",
        }
    }
}

/// The manifest one browser reads, made from the repository's `manifest.json` (the one source
/// of truth, written for Chromium plus Firefox's `browser_specific_settings`):
/// - Chromium: without `browser_specific_settings` (Chrome warns about keys it does not know);
/// - Firefox: the service worker becomes a background script (Firefox runs MV3 backgrounds as
///   event pages, `background.scripts`, and refuses `service_worker`), without the
///   Chrome-only `minimum_chrome_version`.
pub fn for_browser(manifest: &serde_json::Value, browser: Browser) -> serde_json::Value {
    let mut m = manifest.clone();
    let Some(map) = m.as_object_mut() else { return m };
    match browser {
        Browser::Chromium => {
            map.remove("browser_specific_settings");
        }
        Browser::Firefox => {
            map.remove("minimum_chrome_version");
            if let Some(bg) = map.get_mut("background").and_then(|b| b.as_object_mut()) {
                if let Some(worker) = bg.remove("service_worker") {
                    bg.insert("scripts".into(), serde_json::Value::Array(vec![worker]));
                }
            }
        }
    }
    m
}
