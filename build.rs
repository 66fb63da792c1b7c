//! Checks, on every build and test, that the pieces of the extension agree — and fails the
//! build with the reason when they do not:
//! - `manifest.json` and the manifest made from it for each browser (Chromium, Firefox: see
//!   `manifest::for_browser`) are Manifest V3, their version equals this crate's version, and
//!   their CSP allows WebAssembly but no `eval`; Firefox's has a stable add-on id, background
//!   scripts, and declares the data it collects as `PRIVACY.md` says (none);
//! - every permission and host permission it asks for is explained in `PRIVACY.md`
//!   (a line naming it in backticks under "## Permissions");
//! - every file it references exists in `extension/`.
//!
//! It reads the manifest's files as the packager does (`crates/contakt-pack/src/manifest.rs`),
//! writes nothing and never calls cargo.

use std::path::Path;

#[path = "crates/contakt-pack/src/manifest.rs"]
mod manifest;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for watched in ["manifest.json", "PRIVACY.md", "extension"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let mut problems = Vec::new();
    let manifest_text = std::fs::read_to_string(root.join("manifest.json")).expect("manifest.json is missing");
    let manifest: serde_json::Value = match serde_json::from_str(&manifest_text) {
        Ok(m) => m,
        Err(e) => fail(&[format!("manifest.json is not valid JSON: {e}")]),
    };
    let privacy = std::fs::read_to_string(root.join("PRIVACY.md")).unwrap_or_default();

    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    for browser in manifest::Browser::ALL {
        let m = manifest::for_browser(&manifest, browser);
        let name = browser.name();
        if m["manifest_version"] != 3 {
            problems.push(format!("{name} manifest: manifest_version must be 3"));
        }
        if m["version"].as_str() != Some(version.as_str()) {
            problems.push(format!("{name} manifest: version is {} but the crates are at {version}; change both together", m["version"]));
        }
        let csp = m["content_security_policy"]["extension_pages"].as_str().unwrap_or("");
        if !csp.contains("'wasm-unsafe-eval'") || csp.contains("'unsafe-eval'") || csp.contains("http") {
            problems.push(format!("{name} manifest: the CSP must allow wasm and nothing remote or eval: {csp:?}"));
        }
        for f in &manifest::files(&m) {
            if !root.join("extension").join(f).is_file() {
                problems.push(format!("{name} manifest references {f}, which is not in extension/"));
            }
        }
    }
    let firefox = manifest::for_browser(&manifest, manifest::Browser::Firefox);
    let gecko = &firefox["browser_specific_settings"]["gecko"];
    if !gecko["id"].as_str().is_some_and(|id| id.contains('@')) {
        problems.push("manifest.json: browser_specific_settings.gecko.id must be a stable add-on id (name@domain)".to_string());
    }
    if firefox["background"]["scripts"].as_array().is_none_or(|s| s.is_empty()) || !firefox["background"]["service_worker"].is_null() {
        problems.push("Firefox manifest: the background must be scripts, not a service worker".to_string());
    }
    // Data collection as PRIVACY.md says: without a telemetry section, none at all.
    let collects = privacy.contains("\n## Telemetry");
    let declared = &gecko["data_collection_permissions"];
    if !collects && (declared["required"] != serde_json::json!(["none"]) || !declared["optional"].is_null()) {
        problems.push(format!(
            "manifest.json: PRIVACY.md says Contakt collects nothing, so data_collection_permissions must be {{\"required\": [\"none\"]}}, not {declared}"
        ));
    }
    // With its opt-in telemetry: nothing required, usage data only if the user opts in.
    let opt_in = serde_json::json!({ "required": ["none"], "optional": ["technicalAndInteraction"] });
    if collects && *declared != opt_in {
        problems.push(format!("manifest.json: PRIVACY.md describes opt-in telemetry, so data_collection_permissions must be {opt_in}, not {declared}"));
    }
    let permissions_section = privacy.split("\n## ").find(|s| s.starts_with("Permissions")).unwrap_or("");
    let mut asked: Vec<String> = Vec::new();
    for key in ["permissions", "optional_permissions", "host_permissions", "optional_host_permissions"] {
        for p in manifest[key].as_array().into_iter().flatten() {
            asked.push(p.as_str().unwrap_or_default().to_string());
        }
    }
    // Installing asks for nothing the defaults do not use: no host access and no content script
    // in the manifest (detection registers its script once the user grants access to pages),
    // and no permission that puts a warning in the install prompt.
    if manifest.get("host_permissions").is_some() || manifest.get("content_scripts").is_some() {
        problems.push(
            "manifest.json: host access is optional (optional_host_permissions, asked when detection is turned on); no host_permissions or content_scripts"
                .into(),
        );
    }
    // Chrome's permissions that show a warning at install (developer.chrome.com, "Permissions
    // list": "Warning displayed"), but `notifications`, which Contakt asks for and the README
    // lists; the e2e privilege test compares Chrome's own prompt with the README.
    const WARNS: [&str; 37] = [
        "accessibilityFeatures.modify",
        "accessibilityFeatures.read",
        "bookmarks",
        "clipboardRead",
        "clipboardWrite",
        "contentSettings",
        "cookies",
        "debugger",
        "declarativeNetRequest",
        "declarativeNetRequestFeedback",
        "desktopCapture",
        "documentScan",
        "downloads",
        "downloads.open",
        "enterprise.hardwarePlatform",
        "favicon",
        "geolocation",
        "history",
        "identity.email",
        "management",
        "nativeMessaging",
        "pageCapture",
        "privacy",
        "proxy",
        "readingList",
        "sessions",
        "system.storage",
        "tabCapture",
        "tabGroups",
        "tabs",
        "topSites",
        "ttsEngine",
        "webAuthenticationProxy",
        "webNavigation",
        "webRequest",
        "webRequestBlocking",
        "<all_urls>",
    ];
    for p in manifest["permissions"].as_array().into_iter().flatten().filter_map(|p| p.as_str()) {
        if WARNS.contains(&p) {
            problems.push(format!("manifest.json: `{p}` warns at install; ask for it in optional_permissions when the user needs it"));
        }
    }
    // PRIVACY.md says which are asked at install and which only later: as the manifest has them.
    let optional_section = permissions_section.split("\n### ").find(|s| s.starts_with("Asked only when")).unwrap_or("");
    for key in ["optional_permissions", "optional_host_permissions"] {
        for p in manifest[key].as_array().into_iter().flatten().filter_map(|p| p.as_str()) {
            if !optional_section.contains(&format!("- `{p}`")) {
                problems.push(format!("PRIVACY.md: `{p}` is optional; explain it under ### Asked only when you turn a feature on"));
            }
        }
    }
    for p in manifest["permissions"].as_array().into_iter().flatten().filter_map(|p| p.as_str()) {
        if optional_section.contains(&format!("- `{p}`")) {
            problems.push(format!("PRIVACY.md: `{p}` is asked at install, not only later"));
        }
    }
    for p in &asked {
        if !permissions_section.contains(&format!("`{p}`")) {
            problems.push(format!("PRIVACY.md: permission `{p}` is asked for but not explained under ## Permissions"));
        }
    }
    // And nothing is explained that is not asked for: PRIVACY.md must match the code.
    for line in permissions_section.lines().filter(|l| l.starts_with("- `")) {
        let named = line.trim_start_matches("- `").split('`').next().unwrap_or("");
        if !asked.iter().any(|p| p == named) {
            problems.push(format!("PRIVACY.md explains `{named}`, which manifest.json does not ask for"));
        }
    }

    if !problems.is_empty() {
        fail(&problems);
    }
}

fn fail(problems: &[String]) -> ! {
    for p in problems {
        println!("cargo:warning={p}");
        eprintln!("error: {p}");
    }
    std::process::exit(1);
}
