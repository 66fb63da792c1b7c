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
                let is_path_key = matches!(key.as_str(), "default_popup" | "page" | "service_worker" | "16" | "32" | "48" | "128" | "js" | "css");
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
