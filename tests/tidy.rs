//! Repository rules that keep the code and its documents honest.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| ext.contains(&e)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn extension_code_has_no_html_or_eval_sinks() {
    let sinks = ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout('", "setTimeout(\""];
    let mut hits = Vec::new();
    for f in files(&root().join("extension"), &["js", "mjs", "html"]) {
        for (i, line) in read(&f).lines().enumerate() {
            for s in sinks {
                if line.contains(s) {
                    hits.push(format!("{}:{}: {s}", f.display(), i + 1));
                }
            }
        }
    }
    assert!(hits.is_empty(), "user text must be rendered as text:\n{}", hits.join("\n"));
}

#[test]
fn extension_loads_no_remote_code() {
    let mut hits = Vec::new();
    for f in files(&root().join("extension"), &["js", "mjs", "html", "css"]) {
        for (i, line) in read(&f).lines().enumerate() {
            let l = line.trim_start();
            let loads = l.starts_with("import ") || l.contains("<script") || l.contains("<link") || l.contains("@import") || l.contains("import(");
            if loads && (l.contains("http://") || l.contains("https://") || l.contains("//cdn")) {
                hits.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(hits.is_empty(), "remote code: {hits:?}");
}

#[test]
fn every_rust_module_says_what_it_is_for() {
    let mut missing = Vec::new();
    for dir in ["crates"] {
        for f in files(&root().join(dir), &["rs"]) {
            if !read(&f).trim_start().starts_with("//!") {
                missing.push(f.display().to_string());
            }
        }
    }
    for f in [root().join("build.rs")] {
        if !read(&f).trim_start().starts_with("//!") {
            missing.push(f.display().to_string());
        }
    }
    assert!(missing.is_empty(), "add a //! doc to: {missing:?}");
}

/// The English locale: key → text.
fn english() -> serde_json::Map<String, serde_json::Value> {
    let text = read(&root().join("extension/_locales/en/messages.json"));
    let json: serde_json::Value = serde_json::from_str(&text).expect("en/messages.json is JSON");
    json.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v["message"].clone())).collect()
}

#[test]
fn deep_link_doc_names_every_platform() {
    let doc = read(&root().join("docs/deep-links.md"));
    let en = english();
    for p in contakt_core::links::Platform::ALL {
        assert!(doc.contains(&format!("| {} ", p.name())), "docs/deep-links.md has no row for {}", p.name());
        let notice = en[p.notice().key].as_str().unwrap();
        assert!(doc.contains(notice.split(':').next().unwrap().split('.').next().unwrap().trim()), "docs/deep-links.md does not say what {} does", p.name());
    }
}

/// String literals given as message keys in a source: `msg!("k"`, `Msg::new("k")`,
/// `Msg::plural("k"` (Rust), `t('k')`, `key: 'k'` (JavaScript). Plural keys come back with
/// a trailing `#`.
fn message_keys(text: &str) -> Vec<String> {
    // A call broken after its parenthesis is read as one line.
    let mut joined = String::with_capacity(text.len());
    let mut broken = false;
    for line in text.lines() {
        joined.push_str(if broken { line.trim_start() } else { line });
        broken = line.trim_end().ends_with('(');
        if !broken {
            joined.push('\n');
        }
    }
    let mut out = Vec::new();
    for line in joined.lines().filter(|l| {
        let l = l.trim_start();
        !l.starts_with("//") && !l.starts_with('*') && !l.starts_with("/*")
    }) {
        for open in [
            "msg!(\"",
            "Msg::new(\"",
            "Msg::plural(\"",
            "t('",
            "key: '",
            "getMessage('",
            "data-i18n=\"",
            "data-i18n-placeholder=\"",
            "data-i18n-aria-label=\"",
            "data-i18n-title=\"",
        ] {
            let mut at = 0;
            while let Some(i) = line[at..].find(open) {
                let start = at + i;
                at = start + open.len();
                // `t('` only as the call of that name, not `get('`, `createElement('`.
                if open == "t('" && line[..start].chars().last().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let rest = &line[at..];
                let end = rest.find(['"', '\'']).unwrap_or(0);
                let key = &rest[..end];
                let plural = open == "Msg::plural(\"" || (open == "key: '" && rest[end + 1..].trim_start().starts_with(", count"));
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                    out.push(if plural { format!("{key}#") } else { key.to_string() });
                }
            }
        }
    }
    out
}

#[test]
fn every_message_the_code_says_is_in_the_locale_and_every_locale_key_is_used() {
    let en = english();
    let mut sources = files(&root().join("crates/contakt-core/src"), &["rs"]);
    sources.extend(files(&root().join("crates/contakt-wasm/src"), &["rs"]));
    sources.extend(files(&root().join("extension"), &["js", "html"]));
    let mut missing = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for f in &sources {
        for key in message_keys(&read(f)) {
            let wanted: Vec<String> = match key.strip_suffix('#') {
                Some(k) => vec![format!("{k}_one"), format!("{k}_other")],
                None => vec![key.clone()],
            };
            for k in wanted {
                if !en.contains_key(&k) {
                    missing.push(format!("{}: {k}", f.display()));
                }
                used.insert(k);
            }
        }
    }
    assert!(missing.is_empty(), "keys missing from extension/_locales/en/messages.json:\n{}", missing.join("\n"));
    let manifest = read(&root().join("manifest.json"));
    let unused: Vec<&String> = en.keys().filter(|k| !used.contains(*k) && !manifest.contains(&format!("__MSG_{k}__"))).collect();
    assert!(unused.is_empty(), "locale keys nothing says: {unused:?}");
    for (k, v) in &en {
        let text = v.as_str().unwrap_or("");
        assert!(!text.trim().is_empty(), "{k} is empty");
    }
}

/// The `$n` placeholders of a message, sorted.
fn placeholders(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out: Vec<u8> = (0..b.len().saturating_sub(1)).filter(|&i| b[i] == b'$' && b[i + 1].is_ascii_digit()).map(|i| b[i + 1] - b'0').collect();
    out.sort_unstable();
    out
}

#[test]
fn every_locale_has_every_message_with_the_same_placeholders() {
    // The locales Contakt ships, each complete: every key, plural keys with at least `_other`,
    // the same placeholders as English, nothing empty, nothing left in English but proper names.
    const SHIPPED: [&str; 16] = ["ar", "de", "en", "es", "fr", "hi", "id", "it", "ja", "ko", "pt_BR", "ru", "th", "tr", "vi", "zh_CN"];
    const PROPER: [&str; 23] = [
        "Contakt",
        "WhatsApp",
        "Business",
        "Telegram",
        "Signal",
        "Viber",
        "WeChat",
        "LINE",
        "KakaoTalk",
        "Zalo",
        "SMS",
        "vCard",
        "CSV",
        "Google",
        "Outlook",
        "iPhone",
        "Android",
        "Thunderbird",
        "LinkedIn",
        "utf",
        "wa.me",
        "Web",
        "ltr",
    ];
    let dir = root().join("extension/_locales");
    let mut found: Vec<String> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    found.sort();
    assert_eq!(found, SHIPPED, "the locales in extension/_locales");
    let en = english();
    let plural_bases: Vec<&str> = en.keys().filter_map(|k| k.strip_suffix("_other")).filter(|b| en.contains_key(&format!("{b}_one"))).collect();
    let is_plural_variant = |k: &str| {
        plural_bases
            .iter()
            .any(|b| k.strip_prefix(b).and_then(|r| r.strip_prefix('_')).is_some_and(|c| ["zero", "one", "two", "few", "many", "other"].contains(&c)))
    };
    let mut problems = Vec::new();
    for locale in SHIPPED.iter().filter(|l| **l != "en") {
        let text = read(&dir.join(locale).join("messages.json"));
        let json: serde_json::Value = match serde_json::from_str(&text) {
            Ok(j) => j,
            Err(e) => {
                problems.push(format!("{locale}: not JSON: {e}"));
                continue;
            }
        };
        let own: serde_json::Map<String, serde_json::Value> = json.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v["message"].clone())).collect();
        for (key, english) in &en {
            let english = english.as_str().unwrap_or("");
            if is_plural_variant(key) {
                if key.ends_with("_other") && !own.contains_key(key.as_str()) {
                    problems.push(format!("{locale}: {key} missing (every plural needs _other)"));
                }
                continue;
            }
            match own.get(key).and_then(|v| v.as_str()) {
                None => problems.push(format!("{locale}: {key} missing")),
                Some("") => problems.push(format!("{locale}: {key} is empty")),
                Some(t) => {
                    if placeholders(t) != placeholders(english) {
                        problems.push(format!("{locale}: {key} has placeholders {:?}, English {:?}", placeholders(t), placeholders(english)));
                    }
                    let words: Vec<&str> = english
                        .split(|c: char| !c.is_alphanumeric() && c != '.')
                        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !PROPER.iter().any(|p| p.eq_ignore_ascii_case(w.trim_matches('.'))))
                        .collect();
                    if t == english && !words.is_empty() {
                        problems.push(format!("{locale}: {key} is still English: {t}"));
                    }
                }
            }
        }
        for (key, value) in &own {
            let t = value.as_str().unwrap_or("");
            if is_plural_variant(key) {
                let base = plural_bases.iter().filter(|b| key.starts_with(*b)).max_by_key(|b| b.len()).unwrap();
                let english = en[&format!("{base}_other")].as_str().unwrap_or("");
                if placeholders(t) != placeholders(english) && placeholders(t) != placeholders(en[&format!("{base}_one")].as_str().unwrap_or("")) {
                    problems.push(format!("{locale}: {key} has placeholders {:?}, English {:?}", placeholders(t), placeholders(english)));
                }
                if t.is_empty() {
                    problems.push(format!("{locale}: {key} is empty"));
                }
            } else if !en.contains_key(key) {
                problems.push(format!("{locale}: {key} is not an English key"));
            }
        }
    }
    // The store's limits on the manifest's name (45 characters) and description (132).
    for locale in SHIPPED {
        let json: serde_json::Value = serde_json::from_str(&read(&dir.join(locale).join("messages.json"))).unwrap_or_default();
        for (key, most) in [("extName", 45), ("extDescription", 132)] {
            let n = json[key]["message"].as_str().unwrap_or("").chars().count();
            if n > most {
                problems.push(format!("{locale}: {key} has {n} characters (at most {most})"));
            }
        }
    }
    assert!(problems.is_empty(), "{} locale problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_typed_protocol_names_every_request_the_core_answers() {
    let core = read(&root().join("crates/contakt-core/src/app/mod.rs"));
    let start = core.find("pub enum Request {").expect("the Request enum");
    let body = &core[start..start + core[start..].find("\n}\n").unwrap()];
    let mut variants: Vec<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .map(|l| {
            let name: String = l.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let mut c = name.chars();
            c.next().map(|f| f.to_ascii_lowercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect();
    variants.sort();
    let protocol = read(&root().join("extension/protocol.d.ts"));
    let union = &protocol[protocol.find("export type Request =").expect("the Request type")..];
    let union = &union[..union.find(";\n").unwrap()];
    let mut typed: Vec<String> = union.lines().filter_map(|l| l.trim().strip_prefix("| { type: '")).map(|l| l[..l.find('\'').unwrap()].to_string()).collect();
    typed.sort();
    assert_eq!(typed, variants, "extension/protocol.d.ts and contakt_core::app::Request differ");
    // And every request kind has table tests on stored snapshots.
    let tests = read(&root().join("crates/contakt-core/tests/app.rs"));
    let untested: Vec<&String> = variants.iter().filter(|v| !tests.contains(&format!("\"type\": \"{v}\""))).collect();
    assert!(untested.is_empty(), "crates/contakt-core/tests/app.rs does not test {untested:?}");
}

#[test]
fn the_glue_holds_no_rule() {
    // No list of platforms, contact fields or the core's limits outside the core: the
    // facade converts, the extension renders and forwards.
    let mut hits = Vec::new();
    let mut sources = files(&root().join("extension"), &["js"]);
    sources.extend(files(&root().join("crates/contakt-wasm/src"), &["rs"]));
    let platforms: Vec<String> = contakt_core::links::Platform::ALL.iter().flat_map(|p| [format!("'{}'", p.id()), format!("\"{}\"", p.id())]).collect();
    let fields = ["'middle_name'", "'display_name'", "\"middle_name\""];
    let limits = ["250", "2000", "5000", "20000", "MAX_"];
    for f in &sources {
        for (i, line) in read(f).lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with("//")) {
            let code = line.split("//").next().unwrap_or("");
            for needle in platforms.iter().map(String::as_str).chain(fields).chain(limits) {
                let word = code.match_indices(needle).any(|(at, _)| {
                    let before = code[..at].chars().last().unwrap_or(' ');
                    let after = code[at + needle.len()..].chars().next().unwrap_or(' ');
                    !before.is_ascii_alphanumeric() && !after.is_ascii_alphanumeric() && before != '.'
                });
                if word {
                    hits.push(format!("{}:{}: {needle}", f.display(), i + 1));
                }
            }
        }
    }
    assert!(hits.is_empty(), "rules outside the core:\n{}", hits.join("\n"));
}

#[test]
fn words_come_from_the_locales() {
    // No English sentence in the extension's code or the facade: a quoted run of two or more
    // words starting with a capital (errors thrown for developers aside), and no literal text
    // put on screen (textContent, labels, options).
    let mut hits = Vec::new();
    let mut sources = files(&root().join("extension"), &["js"]);
    sources.extend(files(&root().join("crates/contakt-wasm/src"), &["rs"]));
    let shown = ["textContent = '", "textContent = `", "setAttribute('aria-label', '", "setAttribute('aria-label', `", "new Option('", "title = '"];
    for f in &sources {
        for (i, line) in read(f).lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("//") || l.starts_with('*') || l.starts_with("/*") || l.contains("new Error(") {
                continue;
            }
            for q in ['\'', '"', '`'] {
                for (n, part) in l.split(q).enumerate() {
                    let words = part.split(' ').filter(|w| w.chars().any(char::is_alphabetic)).count();
                    if n % 2 == 1 && words >= 2 && part.starts_with(|c: char| c.is_ascii_uppercase()) {
                        hits.push(format!("{}:{}: {part}", f.display(), i + 1));
                    }
                }
            }
            for s in shown {
                if let Some(at) = l.find(s) {
                    if l[at + s.len()..].chars().next().is_some_and(char::is_alphabetic) {
                        hits.push(format!("{}:{}: {s}…", f.display(), i + 1));
                    }
                }
            }
        }
    }
    // The pages: every text and every placeholder, label and title comes through data-i18n.
    for f in files(&root().join("extension"), &["html"]) {
        let html = read(&f);
        let mut rest = html.as_str();
        while let Some(at) = rest.find('>') {
            rest = &rest[at + 1..];
            let text = &rest[..rest.find('<').unwrap_or(rest.len())];
            if text.chars().any(char::is_alphabetic) {
                let open = &html[..html.len() - rest.len()];
                let tag = &open[open.rfind('<').unwrap_or(0)..];
                if !tag.contains("data-i18n=") && !tag.starts_with("<!--") && !tag.starts_with("<script") && !tag.starts_with("<style") {
                    hits.push(format!("{}: text without data-i18n: {}", f.display(), text.trim()));
                }
            }
        }
        for attr in ["placeholder=\"", "aria-label=\"", "title=\""] {
            for (at, _) in html.match_indices(attr) {
                let value = &html[at + attr.len()..];
                let value = &value[..value.find('"').unwrap_or(0)];
                let tag_start = html[..at].rfind('<').unwrap_or(0);
                let tag = &html[tag_start..at + html[at..].find('>').unwrap_or(0)];
                let marked = format!("data-i18n-{}", &attr[..attr.len() - 2]);
                if value.chars().any(char::is_alphabetic) && !tag.contains(&marked) && !html[at.saturating_sub(10)..at].contains("data-i18n-") {
                    hits.push(format!("{}: {attr}{value} without {marked}", f.display()));
                }
            }
        }
    }
    assert!(hits.is_empty(), "words outside the locales:\n{}", hits.join("\n"));
}

#[test]
fn readme_names_the_two_commands_and_makefile_has_them() {
    let readme = read(&root().join("README.md"));
    let make = read(&root().join("Makefile"));
    for target in ["run", "test", "bench", "dist"] {
        assert!(readme.contains(&format!("make {target}")), "README does not mention make {target}");
        assert!(make.lines().any(|l| l.starts_with(&format!("{target}:"))), "Makefile has no {target} target");
    }
    assert!(read(&root().join(".ci/run")).contains("make test"));
}

#[test]
fn architecture_doc_maps_every_top_level_folder() {
    let doc = read(&root().join("docs/ARCHITECTURE.md"));
    for dir in ["crates/contakt-core", "crates/contakt-wasm", "extension/", "manifest.json", "build.rs", "tests/"] {
        assert!(doc.contains(dir), "docs/ARCHITECTURE.md does not mention {dir}");
    }
}

#[test]
fn every_page_and_script_in_extension_is_reachable() {
    // Every .js file is imported or loaded by some page, script or the manifest: nothing dead.
    let manifest = read(&root().join("manifest.json"));
    let dir = root().join("extension");
    let all: Vec<PathBuf> = files(&dir, &["js", "html", "css"]);
    let texts: Vec<String> = all.iter().map(|p| read(p)).collect();
    for f in &all {
        let name = f.file_name().unwrap().to_str().unwrap();
        let path = f.strip_prefix(&dir).unwrap().to_str().unwrap();
        let used = manifest.contains(path)
            || texts.iter().any(|t| {
                t.contains(&format!("./{path}")) || t.contains(&format!("./{name}")) || t.contains(&format!("\"{path}\"")) || t.contains(&format!("'{path}'"))
            });
        assert!(used, "extension/{path} is not used by anything");
    }
}

/// What ships in `dist/`: the crates compiled into the wasm (normal dependencies of
/// `contakt-wasm` for wasm32, without proc macros, which run only at build time), with their
/// versions and licences, generated from `cargo metadata`.
fn shipped_crates() -> Vec<(String, String, String)> {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked", "--filter-platform", "wasm32-unknown-unknown"])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages: std::collections::HashMap<&str, &serde_json::Value> =
        meta["packages"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap(), p)).collect();
    let nodes: std::collections::HashMap<&str, &serde_json::Value> =
        meta["resolve"]["nodes"].as_array().unwrap().iter().map(|n| (n["id"].as_str().unwrap(), n)).collect();
    let is_proc_macro = |id: &str| packages[id]["targets"].as_array().unwrap().iter().any(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "proc-macro"));
    let start = packages.values().find(|p| p["name"] == "contakt-wasm").unwrap()["id"].as_str().unwrap();
    let (mut seen, mut stack) = (std::collections::BTreeSet::new(), vec![start]);
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null());
            let pkg = dep["pkg"].as_str().unwrap();
            if normal && !is_proc_macro(pkg) {
                stack.push(pkg);
            }
        }
    }
    let mut list: Vec<(String, String, String)> = seen
        .iter()
        .map(|id| {
            let p = packages[id];
            (p["name"].as_str().unwrap().to_string(), p["version"].as_str().unwrap().to_string(), p["license"].as_str().unwrap_or("(none)").to_string())
        })
        .collect();
    list.sort();
    list
}

#[test]
fn third_party_licences_are_listed_and_allowed() {
    // Licences Contakt (Apache-2.0) can ship; an expression is fine when every alternative
    // (OR) or every part (AND) is on the list.
    const ALLOWED: [&str; 7] = ["MIT", "Apache-2.0", "BSD-3-Clause", "Unlicense", "BSL-1.0", "Unicode-3.0", "Zlib"];
    let crates = shipped_crates();
    let mut table = String::from(
        "# Third-party code in the extension\n\n\
         Generated from `cargo metadata` by `tests/tidy.rs` (`CONTAKT_WRITE_LICENCES=1 cargo test --test tidy` rewrites it; `make test` \
         fails when it is out of date). These crates are compiled into the two modules, `pkg/contakt_wasm_bg.wasm` and \
         `pkg/contakt_files_bg.wasm`; `pkg/contakt_wasm.js` and `pkg/contakt_files.js` are generated by `wasm-bindgen` (MIT OR Apache-2.0). No npm package ships in `dist/` or `dist-firefox/`: npm packages are tools of the \
         tests and the build only (`tests/package.json`, all `devDependencies`). One of them writes a few lines that ship: the \
         build's `popup.js` is the popup's modules joined by `esbuild` (MIT), with its helpers for joined modules.\n\n| crate | version | licence |\n|---|---|---|\n",
    );
    let mut refused = Vec::new();
    for (name, version, licence) in &crates {
        table.push_str(&format!("| {name} | {version} | {licence} |\n"));
        let ok = licence.split(" OR ").any(|alt| alt.trim_matches(['(', ')']).split(" AND ").all(|part| ALLOWED.contains(&part.trim_matches(['(', ')', ' ']))))
            || licence.split('/').all(|l| ALLOWED.contains(&l));
        if !ok && !name.starts_with("contakt") {
            refused.push(format!("{name} {version}: {licence}"));
        }
    }
    assert!(refused.is_empty(), "licences not on the allowed list: {refused:?}");
    let path = root().join("docs/THIRD_PARTY.md");
    if std::env::var_os("CONTAKT_WRITE_LICENCES").is_some() {
        std::fs::write(&path, &table).unwrap();
    }
    assert_eq!(read(&path), table, "docs/THIRD_PARTY.md is out of date: CONTAKT_WRITE_LICENCES=1 cargo test --test tidy");
    let package: serde_json::Value = serde_json::from_str(&read(&root().join("tests/package.json"))).unwrap();
    assert!(package["dependencies"].is_null(), "npm packages are development tools only: devDependencies");
}

/// PRIVACY.md's telemetry table is the whitelist, both ways: every field the crate allows is a
/// row, every row is a field, and each row names exactly the events the field may appear on.
#[test]
fn privacy_telemetry_table_is_the_whitelist() {
    let privacy = read(&root().join("PRIVACY.md"));
    let section = privacy.split("\n## ").find(|s| s.starts_with("Telemetry")).expect("PRIVACY.md has a Telemetry section");
    let mut rows = std::collections::BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 3, "{line}");
        let name = cells[0].trim_matches('`').to_string();
        let events: Vec<String> = if cells[2] == "every event" {
            contakt_telemetry::EVENTS.iter().map(|e| e.to_string()).collect()
        } else {
            cells[2].split(", ").map(|e| e.trim_matches('`').to_string()).collect()
        };
        rows.insert(name, events);
    }
    let fields: std::collections::BTreeMap<String, Vec<String>> =
        contakt_telemetry::FIELDS.iter().map(|f| (f.name.to_string(), f.on.iter().map(|e| e.to_string()).collect())).collect();
    assert_eq!(rows, fields, "PRIVACY.md's telemetry table and contakt_telemetry::FIELDS differ");
    // The events the table lists for `event` are the crate's events.
    let event_row = section.lines().find(|l| l.starts_with("| `event`")).unwrap();
    for e in contakt_telemetry::EVENTS {
        assert!(event_row.contains(&format!("`{e}`")), "PRIVACY.md does not list the event {e}");
    }
    let listed = event_row.matches('`').count() / 2 - 1;
    assert_eq!(listed, contakt_telemetry::EVENTS.len(), "PRIVACY.md lists an event the crate does not send");
}
