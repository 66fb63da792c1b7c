//! Checks, on every build and test, that the pieces of the extension agree — and fails the
//! build with the reason when they do not:
//! - `manifest.json` is Manifest V3, its version equals this crate's version, and its CSP
//!   allows WebAssembly but no `eval`;
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

    if manifest["manifest_version"] != 3 {
        problems.push("manifest.json: manifest_version must be 3".to_string());
    }
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    if manifest["version"].as_str() != Some(version.as_str()) {
        problems.push(format!("manifest.json: version is {} but the crates are at {version}; change both together", manifest["version"]));
    }
    let csp = manifest["content_security_policy"]["extension_pages"].as_str().unwrap_or("");
    if !csp.contains("'wasm-unsafe-eval'") || csp.contains("'unsafe-eval'") || csp.contains("http") {
        problems.push(format!("manifest.json: the CSP must allow wasm and nothing remote or eval: {csp:?}"));
    }

    let permissions_section = privacy.split("\n## ").find(|s| s.starts_with("Permissions")).unwrap_or("");
    let mut asked: Vec<String> = Vec::new();
    for key in ["permissions", "optional_permissions", "host_permissions", "optional_host_permissions"] {
        for p in manifest[key].as_array().into_iter().flatten() {
            asked.push(p.as_str().unwrap_or_default().to_string());
        }
    }
    // Content scripts' match patterns are host access too.
    for script in manifest["content_scripts"].as_array().into_iter().flatten() {
        for p in script["matches"].as_array().into_iter().flatten() {
            let p = p.as_str().unwrap_or_default().to_string();
            if !asked.contains(&p) {
                asked.push(p);
            }
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

    for f in &manifest::files(&manifest) {
        if !root.join("extension").join(f).is_file() {
            problems.push(format!("manifest.json references {f}, which is not in extension/"));
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
