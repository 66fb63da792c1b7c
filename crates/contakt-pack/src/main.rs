//! `contakt-pack`: assembles the unpacked extension and measures it.
//!
//! - `contakt-pack dist <wasm-bindgen-out> <dist> <dist-firefox>`: for each browser, copies
//!   `extension/` (without the type declarations, which only the compiler reads) and the
//!   wasm-bindgen output (into `pkg/`), bundles the popup's modules into one file (see
//!   `bundle_popup`), writes the browser's manifest (made from the one
//!   `manifest.json`, see `manifest::for_browser`), then checks that every file the manifest
//!   references is there.
//! - `contakt-pack package <dist> <dist-firefox> <out>`: the store packages, one zip per browser
//!   (the unpacked build's files, sorted, with a fixed date so the same build gives the same
//!   bytes), and the listing material: each locale's name and description (from `_locales`)
//!   and the privacy page. Prints their sizes.
//! - `contakt-pack sizes <dist>`: prints raw, gzip and brotli sizes of the wasm (and of its code
//!   and data sections: the data section is essentially the phone metadata), of all
//!   JavaScript and of the whole extension.

use std::io::Write as _;
use std::path::{Path, PathBuf};

mod manifest;

use manifest::Browser;

/// The repository: two folders up from this crate.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["dist", pkg, chromium, firefox] => {
            Browser::ALL.into_iter().zip([chromium, firefox]).try_for_each(|(browser, out)| dist(Path::new(pkg), Path::new(out), browser))
        }
        ["sizes", dir] => sizes(Path::new(dir)),
        ["package", chromium, firefox, out] => package(Path::new(chromium), Path::new(firefox), Path::new(out)),
        _ => Err(
            "usage: contakt-pack dist <wasm-bindgen-out> <dist> <dist-firefox> | contakt-pack package <dist> <dist-firefox> <out> | contakt-pack sizes <dist>"
                .to_string(),
        ),
    };
    if let Err(e) = result {
        eprintln!("contakt-pack: {e}");
        std::process::exit(1);
    }
}

fn dist(pkg: &Path, out: &Path, browser: Browser) -> Result<(), String> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    copy_tree(&Path::new(ROOT).join("extension"), out)?;
    for f in ["contakt_wasm.js", "contakt_wasm_bg.wasm", "contakt_files.js", "contakt_files_bg.wasm"] {
        copy(&pkg.join(f), &out.join("pkg").join(f))?;
    }
    let text = std::fs::read_to_string(Path::new(ROOT).join("manifest.json")).map_err(|e| format!("manifest.json: {e}"))?;
    let source: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("manifest.json: {e}"))?;
    let mut manifest = manifest::for_browser(&source, browser);
    if let Ok(url) = std::env::var("CONTAKT_TELEMETRY_URL") {
        telemetry_at(&url, out, &mut manifest)?;
    }
    bundle_popup(out)?;
    let pretty = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n";
    std::fs::write(out.join("manifest.json"), pretty).map_err(|e| format!("{}: {e}", out.display()))?;
    let wanted = manifest::files(&manifest);
    let missing: Vec<&String> = wanted.iter().filter(|f| !out.join(f).is_file()).collect();
    if !missing.is_empty() {
        return Err(format!("{} is missing files the manifest needs: {missing:?}", out.display()));
    }
    println!("contakt-pack: assembled {} for {} ({} files)", out.display(), browser.name(), files(out).len());
    Ok(())
}

/// The popup's script and every module it imports, as one file (`popup.js` in the build): the
/// popup opens on every click, and each module of its graph cost the browser time before the
/// first render (about 10 ms for the seven it had, measured with `make bench`). The bundler is
/// esbuild from the test packages (`make npm`); it only joins the modules (no minifying, no
/// syntax lowering), so the shipped file reads like its sources. The other pages, which open
/// rarely, load their modules as they are.
fn bundle_popup(out: &Path) -> Result<(), String> {
    let esbuild = Path::new(ROOT).join("tests/node_modules/.bin/esbuild");
    let run = std::process::Command::new(&esbuild)
        // No package.json or tsconfig.json above the build may change what is joined (a
        // `sideEffects: false` would drop `import './boot.js'`).
        .args([
            "popup.js",
            "--bundle",
            "--format=esm",
            "--outfile=popup.js",
            "--allow-overwrite",
            "--log-level=warning",
            "--ignore-annotations",
            "--tsconfig-raw={}",
        ])
        .current_dir(out)
        .output()
        .map_err(|e| format!("{}: {e} (run make npm first)", esbuild.display()))?;
    let said = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        return Err(format!("bundling the popup failed: {said}"));
    }
    eprint!("{said}");
    // boot.js is the bundle's first lines; nothing else loads it.
    std::fs::remove_file(out.join("boot.js")).map_err(|e| format!("{}: {e}", out.join("boot.js").display()))
}

/// The origin of an http(s) URL as a match pattern (patterns carry no port).
fn pattern_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
    (matches!(scheme, "http" | "https") && !host.is_empty()).then(|| format!("{scheme}://{host}/*"))
}

/// Points the build's telemetry at `url` (`CONTAKT_TELEMETRY_URL`): `config.js` and the
/// manifest's optional host permission for it.
fn telemetry_at(url: &str, out: &Path, manifest: &mut serde_json::Value) -> Result<(), String> {
    let new = pattern_of(url).ok_or_else(|| format!("CONTAKT_TELEMETRY_URL must be an http(s) URL, not {url:?}"))?;
    let config = out.join("config.js");
    let text = std::fs::read_to_string(&config).map_err(|e| format!("{}: {e}", config.display()))?;
    let (line, old_url) = text
        .lines()
        .find_map(|l| l.strip_prefix("export const TELEMETRY_URL = '").and_then(|r| r.strip_suffix("';")).map(|u| (l.to_string(), u.to_string())))
        .ok_or("config.js has no TELEMETRY_URL line")?;
    let old = pattern_of(&old_url).ok_or("config.js: TELEMETRY_URL is not an http(s) URL")?;
    std::fs::write(&config, text.replace(&line, &format!("export const TELEMETRY_URL = '{}';", url.replace('\'', "%27")))).map_err(|e| e.to_string())?;
    let list = manifest["optional_host_permissions"].as_array_mut().ok_or("manifest.json has no optional_host_permissions")?;
    let at = list.iter().position(|p| p.as_str() == Some(&old)).ok_or_else(|| format!("manifest.json: optional_host_permissions lacks {old}"))?;
    list[at] = serde_json::Value::String(new);
    Ok(())
}

fn package(chromium: &Path, firefox: &Path, out: &Path) -> Result<(), String> {
    let read_json = |p: &Path| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e} (run make dist first)", p.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
    };
    let version = read_json(&chromium.join("manifest.json"))?["version"].as_str().unwrap_or("0").to_string();
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let listing = out.join("listing");
    std::fs::create_dir_all(&listing).map_err(|e| format!("{}: {e}", listing.display()))?;
    println!("{:<44} {:>6} {:>10} {:>10}", "package", "files", "unpacked", "zip");
    for (dir, store) in [(chromium, "chrome-web-store"), (firefox, "addons-mozilla-org")] {
        let zip = out.join(format!("contakt-{version}-{store}.zip"));
        let (count, raw) = zip_dir(dir, &zip)?;
        let packed = std::fs::metadata(&zip).map_err(|e| e.to_string())?.len();
        println!("{:<44} {count:>6} {raw:>10} {packed:>10}", zip.display());
    }
    // The store listing: name and description in every language the extension speaks.
    let locales = chromium.join("_locales");
    let mut names: Vec<String> =
        std::fs::read_dir(&locales).map_err(|e| e.to_string())?.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for locale in &names {
        let messages = read_json(&locales.join(locale).join("messages.json"))?;
        let text = |key: &str| messages[key]["message"].as_str().unwrap_or_default().to_string();
        let body = format!("{}\n\n{}\n", text("extName"), text("extDescription"));
        std::fs::write(listing.join(format!("{locale}.txt")), body).map_err(|e| e.to_string())?;
    }
    std::fs::copy(Path::new(ROOT).join("PRIVACY.md"), listing.join("privacy.md")).map_err(|e| format!("PRIVACY.md: {e}"))?;
    println!("listing: {} (name and description in {} languages, privacy.md)", listing.display(), names.len());
    Ok(())
}

/// Zips every file under `dir` (sorted, deflated, dated 1980-01-01 so the bytes depend on the
/// contents only). Returns the file count and their total size.
fn zip_dir(dir: &Path, zip: &Path) -> Result<(usize, u64), String> {
    let all = files(dir);
    if all.is_empty() {
        return Err(format!("{} is empty: run make dist first", dir.display()));
    }
    let file = std::fs::File::create(zip).map_err(|e| format!("{}: {e}", zip.display()))?;
    let mut writer = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).last_modified_time(zip::DateTime::default());
    let mut raw = 0u64;
    for path in &all {
        let name = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        raw += bytes.len() as u64;
        writer.start_file(name, options).map_err(|e| e.to_string())?;
        writer.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())?;
    Ok((all.len(), raw))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("copy {} -> {}: {e}", from.display(), to.display()))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for f in files(from).into_iter().filter(|f| !f.to_string_lossy().ends_with(".d.ts")) {
        copy(&f, &to.join(f.strip_prefix(from).unwrap()))?;
    }
    Ok(())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p)
            } else {
                out.push(p)
            }
        }
    }
    out.sort();
    out
}

struct Size {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

fn measure(paths: &[PathBuf]) -> Result<Size, String> {
    let mut parts = Vec::new();
    for p in paths {
        parts.push(std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    measure_bytes(&parts)
}

fn measure_bytes(parts: &[Vec<u8>]) -> Result<Size, String> {
    let mut total = Size { raw: 0, gzip: 0, brotli: 0 };
    for bytes in parts {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(bytes).unwrap();
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() }).map_err(|e| e.to_string())?;
        total.raw += bytes.len();
        total.gzip += gz.finish().unwrap().len();
        total.brotli += br.len();
    }
    Ok(total)
}

fn sizes(dir: &Path) -> Result<(), String> {
    let all = files(dir);
    if all.is_empty() {
        return Err(format!("{} is empty: run make dist first", dir.display()));
    }
    let pick = |ext: &str| all.iter().filter(|p| p.extension().is_some_and(|e| e == ext)).cloned().collect::<Vec<_>>();
    // Each wasm module on its own (issue 17: the popup's and the worker's core module, and the
    // options page's file module), with its code and data sections.
    let mut rows: Vec<(String, Vec<PathBuf>)> = Vec::new();
    for wasm in pick("wasm") {
        let name = wasm.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        rows.push((format!("wasm {name}"), vec![wasm]));
    }
    rows.push(("all JavaScript".into(), pick("js")));
    rows.push(("whole extension".into(), all.clone()));
    println!("{:<34} {:>10} {:>10} {:>10}", "size (bytes)", "raw", "gzip -9", "brotli 11");
    for (name, paths) in &rows {
        let s = measure(paths)?;
        println!("{name:<34} {:>10} {:>10} {:>10}", s.raw, s.gzip, s.brotli);
        if paths.len() == 1 && paths[0].extension().is_some_and(|e| e == "wasm") {
            let bytes = std::fs::read(&paths[0]).map_err(|e| e.to_string())?;
            for (id, part) in [(10u8, "  code section"), (11u8, "  data (metadata…)")] {
                let s = measure_bytes(&[section(&bytes, id)])?;
                println!("{part:<34} {:>10} {:>10} {:>10}", s.raw, s.gzip, s.brotli);
            }
        }
    }
    Ok(())
}

/// The contents of the wasm section with id `id` (10 code, 11 data), or nothing.
fn section(wasm: &[u8], id: u8) -> Vec<u8> {
    let mut i = 8;
    while i < wasm.len() {
        let sid = wasm[i];
        i += 1;
        let (mut size, mut shift) = (0usize, 0);
        while i < wasm.len() {
            let b = wasm[i];
            i += 1;
            size |= ((b & 0x7f) as usize) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        let end = (i + size).min(wasm.len());
        if sid == id {
            return wasm[i..end].to_vec();
        }
        i = end;
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::pattern_of;

    #[test]
    fn a_telemetry_url_becomes_a_host_pattern_without_port() {
        assert_eq!(pattern_of("https://telemetry.contakt.app/v1/events").as_deref(), Some("https://telemetry.contakt.app/*"));
        assert_eq!(pattern_of("http://127.0.0.1:8787/v1/events").as_deref(), Some("http://127.0.0.1/*"));
        assert_eq!(pattern_of("ftp://x/y"), None);
        assert_eq!(pattern_of("telemetry.contakt.app"), None);
    }
}
