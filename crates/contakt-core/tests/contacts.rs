//! The address book's rules: normalising, search ranking, duplicates, merge (a property test:
//! merging never loses a number, e-mail, tag or note).

use contakt_core::contacts::{
    duplicates, from_stored, merge, merge_ids, search, touch, Contact, ContactForm, ContactNumber, NumberLabel, SearchIndex, Sort, Username,
};
use proptest::prelude::*;

fn number(raw: &str) -> ContactNumber {
    ContactNumber { label: NumberLabel::Mobile, raw: raw.into(), e164: None }
}

fn contact(first: &str, last: &str, numbers: &[&str]) -> Contact {
    Contact { first_name: first.into(), last_name: last.into(), numbers: numbers.iter().map(|n| number(n)).collect(), ..Default::default() }
        .normalised("US")
        .unwrap()
}

#[test]
fn numbers_are_normalised_and_bad_ones_kept_as_entered() {
    let c = contact("Ana", "Silva", &["(415) 555-1234", "+1 415 555 1234", "call me maybe", "", "+44 20 7946 0958"]);
    let got: Vec<(&str, Option<&str>)> = c.numbers.iter().map(|n| (n.raw.as_str(), n.e164.as_deref())).collect();
    assert_eq!(got, [("(415) 555-1234", Some("+14155551234")), ("call me maybe", None), ("+44 20 7946 0958", Some("+442079460958"))]);
    assert_eq!(c.display_name, "Ana Silva");
}

#[test]
fn display_names_are_derived_and_something_is_required() {
    let only_mail = Contact { emails: vec![" maria@example.com ".into()], ..Default::default() }.normalised("US").unwrap();
    assert_eq!(only_mail.display_name, "maria");
    let only_company = Contact { company: "  ACME   Ltd ".into(), ..Default::default() }.normalised("US").unwrap();
    assert_eq!(only_company.display_name, "ACME Ltd");
    let nothing = Contact::default().normalised("US").unwrap_err();
    assert_eq!(nothing.field, "display_name");
    let bad_mail = Contact { first_name: "X".into(), emails: vec!["not-an-email".into()], ..Default::default() }.normalised("US").unwrap_err();
    assert_eq!(bad_mail.field, "emails");
}

#[test]
fn search_ranks_name_prefixes_first_and_finds_numbers_in_any_format() {
    let mut book = vec![
        contact("Maria", "Lopez", &["+1 415 555 1234"]),
        contact("Rosa", "Marin", &["+44 20 7946 0958"]),
        Contact { first_name: "Tom".into(), notes: "met maria at the fair".into(), numbers: vec![number("201 555 0123")], ..Default::default() }
            .normalised("US")
            .unwrap(),
    ];
    book[1].last_used = Some(10);
    // Two name prefixes tie: the recently used Rosa first; Tom only has "mar" in his notes.
    assert_eq!(search(&book, "mar", None), [1, 0, 2]);
    assert_eq!(search(&book, "maria", None), [0, 2]);
    assert_eq!(search(&book, "555 12", None), [0]);
    assert_eq!(search(&book, "7946", None), [1]);
    assert_eq!(search(&book, "maria lopez", None), [0]);
    assert_eq!(search(&book, "nobody", None), Vec::<usize>::new());
    assert_eq!(search(&book, "", None).len(), 3);
    book[2].tags = vec!["Fair".into()];
    assert_eq!(search(&book, "", Some("fair")), [2]);
}

#[test]
fn duplicates_share_a_normalised_number() {
    let book = vec![
        contact("A", "", &["(415) 555-1234"]),
        contact("B", "", &["+1 415 555 1234", "+44 20 7946 0958"]),
        contact("C", "", &["020 7946 0958"]).clone(),
        contact("D", "", &["+33 6 12 34 56 78"]),
    ];
    // C's number is national GB written with region US: it does not parse, so it is no duplicate.
    assert_eq!(duplicates(&book), [vec![0, 1]]);
}

fn arb_contact() -> impl Strategy<Value = Contact> {
    (
        "[A-Za-z]{0,8}",
        prop::collection::vec(prop::sample::select(vec!["+1 415 555 1234", "+44 20 7946 0958", "oops", "+33 6 12 34 56 78", "(201) 555-0123"]), 0..4),
        prop::collection::vec("[a-z]{1,5}@ex\\.com", 0..3),
        prop::collection::vec("[a-z]{1,6}", 0..3),
        "[a-z ]{0,20}",
    )
        .prop_map(|(name, numbers, emails, tags, notes)| Contact {
            first_name: name,
            numbers: numbers.into_iter().map(number).collect(),
            emails,
            tags,
            notes,
            company: "x".into(),
            ..Default::default()
        })
        .prop_map(|c| c.normalised("US").unwrap())
}

proptest! {
    #[test]
    fn merging_loses_nothing(a in arb_contact(), b in arb_contact()) {
        let m = merge(&a, &b, 99);
        for c in [&a, &b] {
            for n in &c.numbers {
                prop_assert!(m.numbers.iter().any(|x| x.raw == n.raw || (x.e164.is_some() && x.e164 == n.e164)), "lost {:?}", n);
            }
            for e in &c.emails {
                prop_assert!(m.emails.iter().any(|x| x.eq_ignore_ascii_case(e)), "lost {}", e);
            }
            for t in &c.tags {
                prop_assert!(m.tags.iter().any(|x| x.eq_ignore_ascii_case(t)), "lost {}", t);
            }
            prop_assert!(m.notes.contains(&c.notes), "lost notes {:?}", c.notes);
        }
        prop_assert_eq!(m.updated, 99);
    }
}

#[test]
fn stored_contacts_that_cannot_be_read_are_counted() {
    let stored = serde_json::json!([
        { "id": "a", "display_name": "A" },
        { "display_name": "no id" },
        "garbage",
        { "id": "b", "numbers": [{ "raw": "+1 201 555 0123", "e164": "+12015550123" }] },
        { "id": "c", "numbers": "not a list" },
    ]);
    let (list, unreadable) = from_stored(&stored);
    assert_eq!(list.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(unreadable, 3);
    assert_eq!(from_stored(&serde_json::Value::Null), (vec![], 0));
}

#[test]
fn the_form_round_trips_and_keeps_labels_times_and_custom_names() {
    let mut c = Contact {
        id: "id1".into(),
        first_name: "Maria".into(),
        last_name: "Lopez".into(),
        numbers: vec![number("+1 415 555 1234"), ContactNumber { label: NumberLabel::Work, raw: "+44 20 7946 0958".into(), e164: None }],
        emails: vec!["maria@example.com".into()],
        position: "CTO".into(),
        city: "Lisbon".into(),
        country: "Portugal".into(),
        usernames: vec![Username { service: "telegram".into(), handle: "@maria".into() }],
        tags: vec!["Clients".into(), "VIP".into()],
        created: 5,
        last_used: Some(7),
        ..Default::default()
    }
    .normalised("US")
    .unwrap();
    let form = c.to_form();
    // Derived display names are not shown, so renaming keeps the display name in step.
    assert_eq!(form.display_name, "");
    assert_eq!(form.numbers, "+1 415 555 1234\nwork: +44 20 7946 0958");
    assert_eq!(form.usernames, "telegram: @maria");
    assert_eq!(form.tags, "Clients, VIP");
    let back = Contact::from_form(&form, Some(&c)).normalised("US").unwrap();
    assert_eq!(back, c);

    let renamed = Contact::from_form(&ContactForm { first_name: "Mariana".into(), ..form.clone() }, Some(&c)).normalised("US").unwrap();
    assert_eq!(renamed.display_name, "Mariana Lopez");
    assert_eq!((renamed.created, renamed.last_used), (5, Some(7)));

    // A display name of one's own stays when the names change.
    c.display_name = "Mary (work)".into();
    let form = c.to_form();
    assert_eq!(form.display_name, "Mary (work)");
    let edited = Contact::from_form(&ContactForm { last_name: "Perez".into(), ..form }, Some(&c)).normalised("US").unwrap();
    assert_eq!(edited.display_name, "Mary (work)");

    // Labels written in the text; a line whose prefix is no label stays whole.
    let typed = ContactForm {
        first_name: "X".into(),
        numbers: "Home: 201 555 0123\ncell: (415) 555-1234\next: 12\n".into(),
        usernames: "Signal: maria.01\n@solo\n".into(),
        ..Default::default()
    };
    let c = Contact::from_form(&typed, None).normalised("US").unwrap();
    let got: Vec<(NumberLabel, &str, Option<&str>)> = c.numbers.iter().map(|n| (n.label, n.raw.as_str(), n.e164.as_deref())).collect();
    assert_eq!(
        got,
        [
            (NumberLabel::Home, "201 555 0123", Some("+12015550123")),
            (NumberLabel::Mobile, "(415) 555-1234", Some("+14155551234")),
            (NumberLabel::Mobile, "ext: 12", None),
        ]
    );
    assert_eq!(c.usernames, [Username { service: "signal".into(), handle: "maria.01".into() }, Username { service: String::new(), handle: "@solo".into() }]);
}

#[test]
fn search_sorts_by_name_or_recent_use() {
    let mut book = vec![contact("Zoe", "", &[]), contact("adam", "", &[]), contact("Mia", "", &[])];
    book[0].last_used = Some(30);
    book[2].updated = 20;
    let index = SearchIndex::new(&book);
    assert_eq!(index.search("", None, Sort::Name), [1, 2, 0]);
    assert_eq!(index.search("", None, Sort::Recent), [0, 2, 1]);
}

#[test]
fn merging_by_ids_keeps_the_first_and_removes_the_others() {
    let mut book = vec![contact("A", "", &["(415) 555-1234"]), contact("B", "", &["+1 415 555 1234", "+44 20 7946 0958"]), contact("C", "", &[])];
    for (i, c) in book.iter_mut().enumerate() {
        c.id = format!("id{i}");
    }
    book[1].tags = vec!["vip".into()];
    let merged = merge_ids(&mut book, &["id0".into(), "id1".into()], 50).unwrap();
    assert_eq!(merged.id, "id0");
    assert_eq!(book.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["id0", "id2"]);
    assert_eq!(book[0].e164s().collect::<Vec<_>>(), ["+14155551234", "+442079460958"]);
    assert_eq!(book[0].tags, ["vip"]);
    assert_eq!(book[0].updated, 50);
    let before = book.clone();
    assert!(merge_ids(&mut book, &["id0".into(), "gone".into()], 60).is_err());
    assert_eq!(book, before, "a failed merge changes nothing");
    assert!(touch(&mut book, "id2", 70));
    assert_eq!(book[1].last_used, Some(70));
    assert!(!touch(&mut book, "gone", 70));
}
