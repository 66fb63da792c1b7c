fn main() {
    let pages: Vec<serde_json::Value> = serde_json::from_str(include_str!("../tests/data/pages.json")).unwrap();
    let mut bytes = 0; let mut n = 0;
    let t = std::time::Instant::now();
    while bytes < 1_000_000 {
        for p in &pages {
            let text = p["text"].as_str().unwrap();
            n += contakt_core::phone::find_numbers(text, p["region"].as_str().unwrap(), contakt_core::phone::Leniency::StrictGrouping).len();
            bytes += text.len();
        }
    }
    let e = t.elapsed();
    println!("{n} found, {:.1} MB/s", bytes as f64 / 1e6 / e.as_secs_f64());
}
