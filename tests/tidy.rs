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
    for dir in ["crates", "src"] {
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

#[test]
fn deep_link_doc_names_every_platform() {
    let doc = read(&root().join("docs/deep-links.md"));
    for p in contakt_core::links::Platform::ALL {
        assert!(doc.contains(&format!("| {} ", p.name())), "docs/deep-links.md has no row for {}", p.name());
        assert!(doc.contains(p.notice().split(':').next().unwrap().split('.').next().unwrap().trim()),
            "docs/deep-links.md does not say what {} does", p.name());
    }
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
    let all: Vec<PathBuf> = files(&root().join("extension"), &["js", "html", "css"]);
    let texts: Vec<String> = all.iter().map(|p| read(p)).collect();
    for f in &all {
        let name = f.file_name().unwrap().to_str().unwrap();
        let used = manifest.contains(name) || texts.iter().any(|t| t.contains(&format!("./{name}")) || t.contains(&format!("\"{name}\"")));
        assert!(used, "extension/{name} is not used by anything");
    }
}
