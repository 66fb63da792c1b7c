//! Properties over many numbers: formatting then parsing gives the same number back, and
//! no input makes the parser panic.

use contakt_core::phone;
use phonenumber::metadata::DATABASE;
use proptest::prelude::*;

/// A valid number near a region's example mobile or fixed-line number: the example with its
/// last digits replaced. Not every replacement is valid; callers skip invalid ones.
fn near_example(region_index: usize, tail: u32, mobile: bool) -> Option<(String, String)> {
    let regions = phone::regions();
    let (region, _) = &regions[region_index % regions.len()];
    let meta = DATABASE.by_id(region.as_str())?;
    let d = meta.descriptors();
    let example = if mobile { d.mobile() } else { d.fixed_line() }?.example()?.to_string();
    let keep = example.len().saturating_sub(3);
    let digits = format!("{}{:03}", &example[..keep], tail % 1000);
    let e164 = format!("+{}{}", meta.country_code(), digits);
    phone::parse(&e164, region).ok().map(|n| (region.clone(), n.e164))
}

/// National formats read back with their own region give the same number, in every region.
#[test]
fn national_format_round_trips_everywhere() {
    let (mut total, mut failures) = (0, Vec::new());
    for idx in 0..phone::regions().len() {
        for tail in [0, 456, 999] {
            for mobile in [false, true] {
                let Some((region, e164)) = near_example(idx, tail, mobile) else { continue };
                let n = phone::parse(&e164, &region).unwrap();
                total += 1;
                let again = phone::parse(&n.national, &region).map(|m| m.e164);
                if again.as_deref() != Ok(e164.as_str()) {
                    failures.push(format!("{region} {:?} -> {again:?}", n.national));
                }
            }
        }
    }
    let rate = 1.0 - failures.len() as f64 / total as f64;
    println!("national round trip: {}/{} ({:.2}%)", total - failures.len(), total, rate * 100.0);
    for f in &failures {
        println!("  {f}");
    }
    assert!(total > 1000, "{total}");
    assert!(failures.is_empty(), "{:.4}: {failures:#?}", rate);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn format_then_parse_gives_the_same_number(idx in 0usize..400, tail in 0u32..1000, mobile: bool) {
        if let Some((region, e164)) = near_example(idx, tail, mobile) {
            let n = phone::parse(&e164, &region).unwrap();
            for written in [&n.international, &n.rfc3966, &n.e164] {
                let again = phone::parse(written, "US").map(|m| m.e164);
                prop_assert_eq!(again.as_deref(), Ok(e164.as_str()), "{} from {}", written, region);
            }
        }
    }

    #[test]
    fn any_input_gets_an_answer_not_a_panic(input in any::<String>(), region in "[A-Z]{2}") {
        let _ = phone::parse(&input, &region);
    }

    #[test]
    fn phone_like_input_gets_an_answer_not_a_panic(input in "[+0-9 ()\\-.(0)tel:;ext=x#*]{0,40}") {
        if let Err(e) = phone::parse(&input, "DE") {
            prop_assert!(e.msg().key.starts_with("phone_"));
        }
    }
}
