//! The phone engine against Google's libphonenumber: `tests/oracle/generate.py` writes inputs of
//! its own deterministic generator (every region's example numbers in every form, random digit
//! strings, numbers typed key by key, sentences with numbers and decoys) with the answers of
//! Google's Python port pinned at the metadata release Contakt ships; this test asks Contakt's
//! engine the same questions, prints the agreement per field and holds it to floors.
//!
//! Run by `make test-oracle` (part of `make test`), which creates the virtual environment and
//! the files; plain `cargo test` skips it (`--ignored` runs it on files made before).

use contakt_core::phone::{self, Leniency};
use serde_json::Value;
use std::collections::BTreeMap;

fn cases(name: &str) -> Vec<Value> {
    let dir = std::env::var("CONTAKT_ORACLE").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/oracle").to_string());
    let path = format!("{dir}/{name}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e} (make test-oracle writes it)"));
    let file: Value = serde_json::from_str(&text).expect("oracle JSON");
    assert_eq!(file["phonenumbers"], "9.0.35", "the oracle must be the metadata release Contakt ships");
    file["cases"].as_array().expect("cases").clone()
}

/// Agreement of one field: how many compared, how many equal, a few differences to show.
#[derive(Default)]
struct Tally {
    compared: usize,
    equal: usize,
    examples: Vec<String>,
}

impl Tally {
    fn add(&mut self, same: bool, example: impl FnOnce() -> String) {
        self.compared += 1;
        if same {
            self.equal += 1;
        } else if self.examples.len() < std::env::var("CONTAKT_ORACLE_SHOW").ok().and_then(|v| v.parse().ok()).unwrap_or(8) {
            self.examples.push(example());
        }
    }
    fn percent(&self) -> f64 {
        if self.compared == 0 {
            100.0
        } else {
            100.0 * self.equal as f64 / self.compared as f64
        }
    }
}

fn report(title: &str, tallies: &BTreeMap<&'static str, Tally>) {
    println!("\n{title}");
    for (field, t) in tallies {
        println!("  {field:<14} {:>8.3}%  ({} of {})", t.percent(), t.equal, t.compared);
        for e in &t.examples {
            println!("      {e}");
        }
    }
}

fn check_floors(tallies: &BTreeMap<&'static str, Tally>, floors: &[(&str, f64)]) {
    let below: Vec<String> =
        floors.iter().filter(|(f, floor)| tallies[f].percent() < *floor).map(|(f, floor)| format!("{f}: {:.3}% < {floor}%", tallies[f].percent())).collect();
    assert!(below.is_empty(), "below the floor: {below:?}");
}

#[test]
#[ignore = "needs the oracle files: make test-oracle"]
fn parse_and_format_agree_with_google() {
    let mut t: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut deviation = Tally::default();
    let mut extension_digits = Tally::default();
    for case in cases("parse") {
        let input = case["input"].as_str().unwrap();
        let region = case["region"].as_str().unwrap();
        let want = &case["expect"];
        let got = phone::inspect(input, region);
        if case.get("google_drops_digits").is_some() {
            // The listed deviation: Contakt answers as Google does for the same text in ASCII digits.
            let folded = &case["expect_folded"];
            let ours = got.as_ref().ok().map(|g| Value::from(g.e164.clone()));
            let same = match folded.get("error") {
                Some(e) => got.as_ref().err().map(|x| Value::from(*x)).as_ref() == Some(e),
                None => ours.as_ref() == folded.get("e164"),
            };
            deviation.add(same, || format!("{input:?} in {region}: Google in ASCII {folded}, Contakt {:?}", got.as_ref().map(|g| &g.e164)));
            continue;
        }
        let show = |field: &str, ours: &dyn std::fmt::Debug| format!("{input:?} in {region}: Google {}, Contakt {ours:?}", want[field]);
        let outcome = match (&got, want["error"].as_str()) {
            (Err(e), Some(w)) => *e == w,
            (Ok(_), None) => true,
            _ => false,
        };
        t.entry("outcome").or_default().add(outcome, || match &got {
            Err(e) => show("error", e),
            Ok(i) => format!("{input:?} in {region}: Google {}, Contakt parsed {}", want["error"], i.e164),
        });
        let Ok(got) = got else { continue };
        if want.get("error").is_some() {
            continue;
        }
        // The second listed deviation: an extension written in other digits (`ｘ７`) is kept
        // so by Google and read as ASCII by Contakt (dialers and tel: links need ASCII).
        let folded = |v: &Value| v.as_str().map(|s| Value::from(ascii_digits(s))).unwrap_or(v.clone());
        let same = |field: &str, ours: Value| want[field] == ours || (want["extension"].is_string() && folded(&want[field]) == ours);
        if want["extension"].as_str().is_some_and(|e| ascii_digits(e) != e) {
            extension_digits.add(got.extension.as_deref().map(Value::from) == Some(folded(&want["extension"])), || input.to_string());
        }
        for (field, ours) in [
            ("e164", Value::from(got.e164.clone())),
            ("valid", Value::from(got.valid)),
            ("possible", Value::from(got.possible)),
            ("kind", serde_json::to_value(got.kind).unwrap()),
            ("region", got.region.map(Value::from).unwrap_or(Value::Null)),
            ("extension", got.extension.clone().map(Value::from).unwrap_or(Value::Null)),
            ("international", Value::from(got.international.clone())),
            ("national", Value::from(got.national.clone())),
            ("rfc3966", Value::from(got.rfc3966.clone())),
        ] {
            let key: &'static str = match field {
                "e164" => "e164",
                "valid" => "valid",
                "possible" => "possible",
                "kind" => "kind",
                "region" => "region",
                "extension" => "extension",
                "international" => "international",
                "national" => "national",
                _ => "rfc3966",
            };
            t.entry(key).or_default().add(same(field, ours.clone()), || show(field, &ours));
        }
    }
    report("parse and format, against Google's libphonenumber 9.0.35 (outside the listed deviations)", &t);
    println!(
        "\n  deviation, digits Google drops beside letters: {} cases, {} answered as Google answers them in ASCII digits",
        deviation.compared, deviation.equal
    );
    println!("  deviation, extension digits of other scripts read as ASCII: {} cases, {} equal once folded", extension_digits.compared, extension_digits.equal);
    for e in deviation.examples.iter().chain(&extension_digits.examples) {
        println!("      {e}");
    }
    let mut deviations = BTreeMap::new();
    deviations.insert("digits Google drops", deviation);
    deviations.insert("extension digits", extension_digits);
    check_floors(&deviations, &[("digits Google drops", 99.9), ("extension digits", 99.9)]);
    // Issue #17's floor: every field 99.9% outside the listed deviations.
    check_floors(&t, FLOORS_PARSE);
}

fn ascii_digits(s: &str) -> String {
    s.chars().map(|c| numeric_value(c).and_then(|d| char::from_digit(d, 10)).unwrap_or(c)).collect()
}

/// The value of a decimal digit of another script (full-width, Arabic-Indic, …).
fn numeric_value(c: char) -> Option<u32> {
    const ZEROS: &[u32] = &[0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10];
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&(c as u32))).map(|&z| c as u32 - z)
}

const FLOORS_PARSE: &[(&str, f64)] = &[
    ("outcome", 99.9),
    ("e164", 99.9),
    ("valid", 99.9),
    ("possible", 99.9),
    ("kind", 99.9),
    ("region", 99.9),
    ("extension", 99.9),
    ("international", 99.9),
    ("national", 99.9),
    ("rfc3966", 99.9),
];

#[test]
#[ignore = "needs the oracle files: make test-oracle"]
fn as_you_type_agrees_with_google() {
    let mut t: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for case in cases("typed") {
        let region = case["region"].as_str().unwrap();
        let keys = case["keys"].as_str().unwrap();
        let mut all = true;
        for (i, want) in case["steps"].as_array().unwrap().iter().enumerate() {
            let typed = &keys[..i + 1];
            let ours = phone::format_as_you_type(typed, region);
            let same = want.as_str() == Some(ours.as_str());
            all &= same;
            t.entry("steps").or_default().add(same, || format!("{typed:?} in {region}: Google {want}, Contakt {ours:?}"));
        }
        t.entry("sequences").or_default().add(all, || format!("{keys:?} in {region}"));
    }
    report("as you type, against Google's AsYouTypeFormatter", &t);
    // Issue #17's floor: 99.5% of steps (and of whole sequences).
    check_floors(&t, &[("steps", 99.5), ("sequences", 99.5)]);
}

#[test]
#[ignore = "needs the oracle files: make test-oracle"]
fn matcher_agrees_with_google_strict_grouping() {
    let mut t: BTreeMap<&'static str, Tally> = BTreeMap::new();
    // Each match as Google gives it: its text, its start in characters, its E.164.
    let matches = |found: Vec<phone::Found>, text: &str| -> Vec<Value> {
        found.into_iter().map(|f| serde_json::json!([f.text, text[..f.start].chars().count(), f.e164])).collect()
    };
    for case in cases("sentences") {
        let text = case["text"].as_str().unwrap();
        let region = case["region"].as_str().unwrap();
        let want = case["spans"].as_array().unwrap().clone();
        let ours = matches(phone::find_numbers_as_google(text, region, Leniency::StrictGrouping), text);
        t.entry("sentences").or_default().add(want == ours, || format!("{text:?} in {region}: Google {want:?}, Contakt {ours:?}"));
        let want_valid = case["spans_valid"].as_array().unwrap().clone();
        let valid = matches(phone::find_numbers_as_google(text, region, Leniency::Valid), text);
        t.entry("sentences at VALID").or_default().add(want_valid == valid, || format!("{text:?} in {region}: Google {want_valid:?}, Contakt {valid:?}"));
        // The product's finder refuses decoys Google accepts (the listed deviation).
        let product = matches(phone::find_numbers(text, region, Leniency::StrictGrouping), text);
        t.entry("sentences, as Contakt finds (decoys refused)")
            .or_default()
            .add(want == product, || format!("{text:?} in {region}: Google {want:?}, Contakt {product:?}"));
    }
    report("finding numbers, against Google's PhoneNumberMatcher (STRICT_GROUPING)", &t);
    // Issue #17's floor: Google's spans on 99% of sentences; the product's finder, which
    // refuses decoys, is held to the same.
    check_floors(&t, &[("sentences", 99.0), ("sentences at VALID", 99.0), ("sentences, as Contakt finds (decoys refused)", 99.0)]);
}
