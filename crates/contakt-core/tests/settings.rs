//! Settings: defaults, validation, stored data read back, and the page-detection rules.

use contakt_core::settings::{site_of, Settings};

#[test]
fn detection_is_off_until_turned_on_and_never_on_excluded_sites() {
    let mut s = Settings::for_locale("en-GB");
    assert!(!s.detection_allowed("shop.example.com"));
    s.detect_numbers = true;
    assert!(s.detection_allowed("shop.example.com"));
    let s = s.with_site_excluded("https://www.example.com/contact", true);
    assert_eq!(s.excluded_sites, ["example.com"]);
    assert!(!s.detection_allowed("example.com"));
    assert!(!s.detection_allowed("shop.example.com"), "subdomains are covered");
    assert!(s.detection_allowed("notexample.com"));
    let s = s.with_site_excluded("example.com", false);
    assert!(s.detection_allowed("example.com"));
    assert!(!s.detection_allowed(""), "no host, no detection");
}

#[test]
fn sites_are_read_the_way_people_write_them() {
    for (input, site) in [
        ("Example.COM", Some("example.com")),
        ("https://www.shop.example/x?y", Some("shop.example")),
        ("localhost:8080", Some("localhost")),
        ("  news.example.co.uk  ", Some("news.example.co.uk")),
        ("", None),
        ("not a site", None),
        ("http://", None),
        ("exa_mple.com", None),
    ] {
        assert_eq!(site_of(input).as_deref(), site, "{input:?}");
    }
}

#[test]
fn excluded_sites_are_validated_and_deduplicated() {
    let mut s = Settings::for_locale("en-US");
    s.excluded_sites = vec!["www.Example.com".into(), "example.com/".into(), "".into(), "b.example".into()];
    assert_eq!(s.clone().validated().unwrap().excluded_sites, ["b.example", "example.com"]);
    s.excluded_sites.push("not a site".into());
    let e = s.validated().unwrap_err();
    assert_eq!(e.field, "excluded_sites");
    assert_eq!((e.msg.key, e.msg.texts()), ("settings_not_a_site", vec!["not a site".to_string()]));
}

#[test]
fn stored_settings_of_any_age_or_damage_read_back() {
    let old = serde_json::json!({ "default_region": "de", "default_platform": "telegram" });
    let s = Settings::from_stored(&old, "en-US");
    assert_eq!((s.default_region.as_str(), s.detect_numbers), ("DE", false));
    let damaged =
        serde_json::json!({ "default_region": 7, "default_platform": "myspace", "excluded_sites": ["ok.example", 3, "bad site"], "detect_numbers": "yes" });
    let s = Settings::from_stored(&damaged, "fr-FR");
    assert_eq!(s.default_region, "FR");
    assert_eq!(s.excluded_sites, ["ok.example"]);
    assert!(!s.detect_numbers);
    assert_eq!(Settings::from_stored(&serde_json::Value::Null, "ja-JP").default_region, "JP");
}

#[test]
fn every_field_survives_being_stored_and_read_back() {
    // Each field set away from its default: a field that from_stored forgets fails here.
    let s = Settings {
        default_region: "BR".into(),
        default_platform: contakt_core::links::Platform::Signal,
        my_number: "+5511987654321".into(),
        whatsapp_target: contakt_core::links::WhatsappTarget::Desktop,
        detect_numbers: true,
        excluded_sites: vec!["example.com".into()],
        open_scheduled_directly: true,
        keep_history: false,
        campaign_move_on: contakt_core::campaigns::MoveOn::Skipped,
        ..Settings::for_locale("en-US")
    }
    .validated()
    .unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json.as_object().unwrap().len(), 10, "a new field needs a line above and in from_stored");
    assert_eq!(Settings::from_stored(&json, "en-US"), s);
}

#[test]
fn usage_counters_count_per_platform_and_survive_damage() {
    use contakt_core::counters::Counters;
    use contakt_core::links::Platform;
    let c = Counters::from_stored(&serde_json::Value::Null).record(Platform::Whatsapp).record(Platform::Sms).record(Platform::Whatsapp);
    assert_eq!(c.sent, 3);
    assert_eq!(c.by_platform["whatsapp"], 2);
    let stored = serde_json::to_value(&c).unwrap();
    assert_eq!(Counters::from_stored(&stored), c);
    assert_eq!(Counters::from_stored(&serde_json::json!("garbage")), Counters::default());
}
