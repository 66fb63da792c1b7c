//! Templates: every variable, missing values, unknown names, and hostile bodies.

use contakt_core::contacts::Contact;
use contakt_core::templates::{render, Template, SYNC_ITEM_BYTES, VARIABLES};
use proptest::prelude::*;

fn maria() -> Contact {
    Contact { first_name: "María".into(), last_name: "López".into(), display_name: "María López".into(), company: "ACME".into(), ..Default::default() }
}

#[test]
fn every_variable_is_filled() {
    let body = VARIABLES.iter().map(|v| format!("{{{v}}}")).collect::<Vec<_>>().join("|");
    let r = render(&body, Some(&maria()), "+1 201-555-0123", "25 Nov 2026");
    assert_eq!(r.text, "María|López|María López|ACME|+1 201-555-0123|25 Nov 2026");
    assert!(r.complete());
}

#[test]
fn missing_and_unknown_variables_are_reported_and_left_visible() {
    let r = render("Hi {first_name}, {companny} {company}!", Some(&Contact::default()), "", "today");
    assert_eq!(r.text, "Hi {first_name}, {companny} {company}!");
    assert_eq!(r.empty, ["first_name", "company"]);
    assert_eq!(r.unknown, ["companny"]);
    assert!(!r.complete());
    let none = render("Hi {name}", None, "", "");
    assert_eq!(none.empty, ["name"]);
}

#[test]
fn braces_html_and_long_bodies_are_text() {
    assert_eq!(render("{{first_name}} costs {5} { open", Some(&maria()), "", "").text, "{first_name} costs {5} { open");
    assert_eq!(render("}}{", None, "", "").text, "}{");
    let html = "<img src=x onerror=alert(1)> {first_name}";
    assert_eq!(render(html, Some(&maria()), "", "").text, "<img src=x onerror=alert(1)> María");
    let long = "{first_name} ".repeat(5000);
    assert_eq!(render(&long, Some(&maria()), "", "").text.matches("María").count(), 5000);
}

proptest! {
    #[test]
    fn any_body_renders_without_panicking_and_plain_text_is_kept(body in any::<String>()) {
        let r = render(&body, Some(&maria()), "+1", "d");
        if !body.contains(['{', '}']) {
            prop_assert_eq!(r.text, body);
        }
    }
}

#[test]
fn templates_are_validated_to_fit_one_synced_item() {
    let t = Template { id: "1".into(), title: "  Follow   up ".into(), body: "Hi {first_name}".into(), updated: 5 };
    let ok = t.clone().validated().unwrap();
    assert_eq!(ok.title, "Follow up");
    assert_eq!(Template { title: "".into(), ..t.clone() }.validated().unwrap_err().field, "title");
    assert_eq!(Template { body: " ".into(), ..t.clone() }.validated().unwrap_err().field, "body");
    // 3,000 euro signs are 3,000 characters but 9,000 bytes: too big for one synced item.
    let big = Template { body: "€".repeat(3000), ..t.clone() }.validated().unwrap_err();
    assert_eq!(big.msg.key, "template_too_big");
    assert_eq!(big.msg.texts()[1], SYNC_ITEM_BYTES.to_string(), "{}", big.msg);
    let long = Template { body: "x".repeat(4001), ..t }.validated().unwrap_err().msg;
    assert_eq!((long.key, long.texts()[0].as_str()), ("template_body_too_long", "4001"));
}
