//! The number matcher: the labelled page texts (tests/data/pages.json, made by
//! tests/bench/pages.mjs) with precision and recall asserted as floors, and inputs that
//! must never hang or panic.

use contakt_core::phone::{self, Leniency};

#[derive(serde::Deserialize)]
struct Page {
    region: String,
    text: String,
    numbers: Vec<Planted>,
}

#[derive(serde::Deserialize)]
struct Planted {
    start: usize,
    end: usize,
    e164: String,
}

#[test]
fn labelled_pages_precision_and_recall() {
    let pages: Vec<Page> = serde_json::from_str(include_str!("data/pages.json")).unwrap();
    let (mut tp, mut fp, mut planted) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    for page in &pages {
        let found = phone::find_numbers(&page.text, &page.region, Leniency::StrictGrouping);
        planted += page.numbers.len();
        let mut hit = vec![false; page.numbers.len()];
        for f in &found {
            let j = page.numbers.iter().enumerate().position(|(i, n)| !hit[i] && f.start_utf16 < n.end && n.start < f.end_utf16 && f.e164 == n.e164);
            match j {
                Some(j) => {
                    hit[j] = true;
                    tp += 1;
                }
                None => {
                    fp += 1;
                    wrong.push(format!("{}: {:?} -> {}", page.region, f.text, f.e164));
                }
            }
        }
        for (i, n) in page.numbers.iter().enumerate() {
            if !hit[i] {
                let utf16: Vec<u16> = page.text.encode_utf16().collect();
                missed.push(format!("{}: {:?} ({})", page.region, String::from_utf16_lossy(&utf16[n.start..n.end]), n.e164));
            }
        }
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / planted as f64;
    println!("precision {:.2}%, recall {:.2}% ({tp} found of {planted}, {fp} wrong)", precision * 100.0, recall * 100.0);
    assert!(planted >= 500);
    assert!(precision >= 0.99, "precision {precision:.4}; wrong: {wrong:#?}");
    assert!(recall >= 0.97, "recall {recall:.4}; missed: {missed:#?}");
}

#[test]
fn positions_and_numbers() {
    let text = "Call +44 20 7946 0958 or (201) 555-0123 — not 2024-03-15, $1,299.00 or 192.168.1.1.";
    let found = phone::find_numbers(text, "US", Leniency::StrictGrouping);
    let got: Vec<(&str, &str)> = found.iter().map(|f| (f.text.as_str(), f.e164.as_str())).collect();
    assert_eq!(got, [("+44 20 7946 0958", "+442079460958"), ("(201) 555-0123", "+12015550123")]);
    assert_eq!(&text[found[1].start..found[1].end], "(201) 555-0123");
    // UTF-16 offsets count the em dash as one unit and the bytes differ.
    let prefix: String = text.encode_utf16().take(found[1].start_utf16).map(|u| char::from_u32(u as u32).unwrap_or('?')).collect();
    assert!(prefix.ends_with("or "));
}

#[test]
fn leniency_levels_differ_as_google_describes() {
    // A GB number written without its national prefix is only possible, not valid.
    let text = "ring 20 7946 0958 today";
    assert_eq!(phone::find_numbers(text, "GB", Leniency::Possible).len(), 1);
    assert!(phone::find_numbers(text, "GB", Leniency::Valid).is_empty());
    // Grouping that splits the area code is refused by strict grouping only.
    let split = "ring 02 079 460 958 today";
    assert_eq!(phone::find_numbers(split, "GB", Leniency::Valid).len(), 1);
    assert!(phone::find_numbers(split, "GB", Leniency::StrictGrouping).is_empty());
}

#[test]
fn a_number_after_seventy_thousand_failed_candidates_is_still_found() {
    // Java's findNumbers tries without limit; a limit (Python's default is 65,535 tries) would
    // lose this number, and the counter once ran below zero here.
    let text = format!("{}call +44 20 7946 0958", "x 12 ".repeat(70_000));
    for leniency in [Leniency::Valid, Leniency::StrictGrouping] {
        let found = phone::find_numbers(&text, "US", leniency);
        assert_eq!(found.last().map(|f| f.e164.as_str()), Some("+442079460958"));
        let found = phone::find_numbers_as_google(&text, "US", leniency);
        assert_eq!(found.last().map(|f| f.e164.as_str()), Some("+442079460958"));
    }
}

#[test]
fn hostile_text_never_hangs() {
    let inputs = [
        "(".repeat(10_000),
        "+".repeat(10_000),
        "(+".repeat(5_000),
        "1-".repeat(10_000),
        "12345678901234567890123".repeat(100),
        "+1 (".repeat(3_000),
        "٠١٢٣".repeat(1000),
        "(((((((((1)))))))))".repeat(100),
        "+((+((+".repeat(1000),
    ];
    for text in &inputs {
        let _ = phone::find_numbers(text, "US", Leniency::StrictGrouping);
    }
}
