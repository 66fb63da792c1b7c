//! Export then import gives the same contacts (property tests), the import preview and its
//! choices, and the CSV formula guard.

use contakt_core::contacts::{Contact, ContactNumber, NumberLabel, Username};
use contakt_core::export::{guard, to_csv, to_vcard};
use contakt_core::import::plan::{apply, kind_of, preview, Choice, Kind};
use contakt_core::import::Builtin;
use contakt_core::msg;
use contakt_core::words::Msg;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Letters, digits, accents, CJK, punctuation vCard and CSV must escape or quote.
    "[A-Za-zÀ-ÿ0-9ß漢字 ,;:\\\\\"'=+@.-]{0,12}".prop_map(|s| s.trim_start_matches('\'').to_string())
}

fn arb_contact() -> impl Strategy<Value = Contact> {
    (
        (text(), text(), text()),
        prop::collection::vec(
            (
                prop::sample::select(vec!["+1 415 555 1234", "(201) 555-0123", "+44 20 7946 0958", "not a number", "=1+1", "-0"]),
                prop::sample::select(NumberLabel::ALL.to_vec()),
            ),
            0..4,
        ),
        prop::collection::vec("[a-z]{1,6}@[a-z]{1,5}\\.(com|org)", 0..3),
        (text(), text(), text(), text()),
        prop::collection::vec("[A-Za-zé ,]{1,8}", 0..3),
        "[A-Za-z0-9 ,;\\n\\\\é-]{0,40}",
        prop::collection::vec(("(telegram|signal)", "@[a-z0-9:]{1,8}"), 0..2),
    )
        .prop_filter_map("needs a name", |((first, last, display), numbers, emails, (company, position, city, country), tags, notes, usernames)| {
            Contact {
                first_name: first,
                last_name: last,
                display_name: display,
                numbers: numbers.into_iter().map(|(raw, label)| ContactNumber { label, raw: raw.into(), e164: None }).collect(),
                emails,
                company,
                position,
                city,
                country,
                tags,
                notes,
                usernames: usernames.into_iter().map(|(service, handle)| Username { service, handle }).collect(),
                ..Default::default()
            }
            .normalised("US")
            .ok()
        })
}

/// What an export carries: everything but ids and times.
fn content(mut c: Contact, usernames: bool) -> Contact {
    c.id.clear();
    c.created = 0;
    c.updated = 0;
    c.last_used = None;
    if !usernames {
        c.usernames.clear();
    }
    c
}

fn reimport(bytes: &[u8]) -> Vec<Contact> {
    preview(bytes, &[], "US", None, &Builtin).items.into_iter().map(|i| i.contact).collect()
}

/// Strings that try to break out of a vCard value or parameter.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z:;,=\"\\ \r\n]{0,16}",
        Just("x\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Injected\r\nTEL:+1 415 555 9999".to_string()),
        Just("\nBEGIN:VCARD\nVERSION:3.0\nFN:Injected\nEND:VCARD\n".to_string()),
        Just("telegram;TYPE=x:Injected\r\nNOTE:Injected".to_string()),
        Just("a\\\r\nFN:Injected".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever a contact holds (from a crafted file, a page, a backup), Contakt's own export
    /// keeps it inside its value: re-importing gives the same contacts and no others.
    #[test]
    fn hostile_values_cannot_inject_into_the_vcard_export(
        fields in prop::collection::vec((hostile(), hostile(), hostile(), hostile(), hostile()), 1..4),
        v4 in any::<bool>(),
    ) {
        let contacts: Vec<Contact> = fields
            .into_iter()
            .enumerate()
            .map(|(i, (display, company, notes, service, handle))| Contact {
                first_name: format!("Person{i}"),
                display_name: display,
                company,
                notes,
                tags: vec!["t".into()],
                usernames: vec![Username { service, handle }],
                ..Default::default()
            })
            .collect();
        let file = to_vcard(&contacts, if v4 { "4.0" } else { "3.0" });
        let back = reimport(file.as_bytes());
        prop_assert_eq!(back.len(), contacts.len(), "one card per contact:\n{}", file);
        prop_assert!(!back.iter().any(|c| c.display_name == "Injected" || c.notes == "Injected" || c.numbers.iter().any(|n| n.raw.contains("555 9999"))), "{}", file);
        for (c, b) in contacts.iter().zip(&back) {
            prop_assert_eq!(&b.first_name, &c.first_name);
            let line_ends = |h: &str| h.replace("\r\n", "\n").replace('\r', "\n").trim().to_string();
            let sent = line_ends(&c.usernames[0].handle);
            let got: Vec<String> = b.usernames.iter().map(|u| line_ends(&u.handle)).collect();
            prop_assert_eq!(got, if sent.is_empty() { vec![] } else { vec![sent] });
        }
    }

    #[test]
    fn vcard_export_imports_back_the_same(contacts in prop::collection::vec(arb_contact(), 1..5), v4 in any::<bool>()) {
        let file = to_vcard(&contacts, if v4 { "4.0" } else { "3.0" });
        prop_assert!(file.lines().all(|l| l.len() <= 75), "folded at 75 octets");
        let back = reimport(file.as_bytes());
        prop_assert_eq!(back.into_iter().map(|c| content(c, true)).collect::<Vec<_>>(), contacts.into_iter().map(|c| content(c, true)).collect::<Vec<_>>());
    }

    #[test]
    fn csv_export_imports_back_the_same(contacts in prop::collection::vec(arb_contact(), 1..5)) {
        let file = to_csv(&contacts);
        let back = reimport(file.as_bytes());
        prop_assert_eq!(back.into_iter().map(|c| content(c, false)).collect::<Vec<_>>(), contacts.into_iter().map(|c| content(c, false)).collect::<Vec<_>>());
    }
}

#[test]
fn csv_cells_that_spreadsheets_would_run_are_guarded() {
    for (cell, want) in [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1 415", "'+1 415"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("Ana", "Ana"), ("", "")]
    {
        assert_eq!(guard(cell), want);
    }
    let c = Contact { display_name: "=cmd|' /C calc'!A0".into(), ..Default::default() };
    let file = to_csv(&[c]);
    assert!(file.lines().nth(1).unwrap().starts_with("'=cmd"), "{file}");
    assert_eq!(guard("'=x"), "''=x");
    assert_eq!(guard("'x"), "'x");
}

fn existing() -> Vec<Contact> {
    let mk = |id: &str, name: &str, number: &str, email: &str| {
        Contact {
            id: id.into(),
            display_name: name.into(),
            numbers: vec![ContactNumber { label: NumberLabel::Mobile, raw: number.into(), e164: None }],
            emails: vec![email.into()],
            notes: "old".into(),
            ..Default::default()
        }
        .normalised("US")
        .unwrap()
    };
    vec![mk("a", "Ana", "+1 415 555 1234", "ana@example.com"), mk("b", "Ben", "+44 20 7946 0958", "ben@example.com")]
}

const FILE: &str = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana L.\nTEL:(415) 555-1234\nNOTE:new\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Benjamin\nEMAIL:BEN@example.com\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Cy\nTEL:call me\nEMAIL:not-an-email\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n";

#[test]
fn the_preview_counts_matches_and_problems() {
    assert_eq!(kind_of(FILE.as_bytes()), Kind::Vcard);
    assert_eq!(kind_of(b"\xEF\xBB\xBF\n\nbegin:vcard\n"), Kind::Vcard);
    assert_eq!(kind_of(b"First Name,Last Name\n"), Kind::Csv);
    let p = preview(FILE.as_bytes(), &existing(), "US", None, &Builtin);
    assert_eq!((p.new, p.matching), (1, 2));
    assert_eq!(p.items[0].matches.as_ref().map(|m| (m.id.as_str(), m.by)), Some(("a", "number")));
    assert_eq!(p.items[1].matches.as_ref().map(|m| (m.id.as_str(), m.by)), Some(("b", "e-mail")));
    let cy = &p.items[2];
    assert!(cy.warnings.contains(&msg!("import_bad_email", "not-an-email")), "{:?}", cy.warnings);
    assert!(cy.warnings.contains(&msg!("import_bad_number", "call me")), "{:?}", cy.warnings);
    assert!(cy.contact.notes.contains("not-an-email"), "kept, not lost");
    assert_eq!(p.problems.len(), 1, "the empty card is reported: {:?}", p.problems);
    assert_eq!((p.problems[0].key, p.problems[0].args.first()), ("import_skipped", Some(&msg!("import_source_card", "4", "18").into())), "{:?}", p.problems);
}

#[test]
fn each_choice_does_what_it_says() {
    let p = preview(FILE.as_bytes(), &existing(), "US", None, &Builtin);
    let mut n = 0;
    let mut id = || {
        n += 1;
        format!("new{n}")
    };
    let ids = |list: &[Contact]| list.iter().map(|c| c.id.clone()).collect::<Vec<_>>();

    let merged = apply(&existing(), &p, Choice::Merge, &[], &mut id, 9);
    assert_eq!(ids(&merged), ["a", "b", "new1"]);
    assert_eq!(merged[0].display_name, "Ana");
    assert_eq!(merged[0].notes, "old\n\nnew");

    let skipped = apply(&existing(), &p, Choice::Skip, &[], &mut id, 9);
    assert_eq!(&skipped[..2], &existing()[..]);
    assert_eq!(skipped.len(), 3);

    let replaced = apply(&existing(), &p, Choice::Replace, &[], &mut id, 9);
    assert_eq!(replaced[0].id, "a");
    assert_eq!(replaced[0].display_name, "Ana L.");
    assert_eq!(replaced[0].notes, "new");

    let both = apply(&existing(), &p, Choice::KeepBoth, &[], &mut id, 9);
    assert_eq!(both.len(), 5);

    // Per-contact override: merge all but Ben, whom we skip.
    let mixed = apply(&existing(), &p, Choice::Merge, &[(1, Choice::Skip)], &mut id, 9);
    assert_eq!(mixed[1], existing()[1]);
    assert_eq!(mixed[0].notes, "old\n\nnew");
}

/// Another reader reads what we export: the product owner's `vcard_parser` (which accepts
/// only clean 4.0) finds every card of our 4.0 export with its name and e-mails.
#[test]
fn another_reader_reads_our_vcard_4_export() {
    use vcard_parser::traits::HasValue;
    let contacts: Vec<Contact> = existing();
    let file = to_vcard(&contacts, "4.0");
    let cards = vcard_parser::parse_vcards(&file).expect("vcard_parser reads our export");
    assert_eq!(cards.len(), contacts.len());
    for (card, c) in cards.iter().zip(&contacts) {
        assert_eq!(card.get_property_by_name("FN").unwrap().get_value().to_string(), c.display_name);
        let emails: Vec<String> = card.get_properties_by_name("EMAIL").iter().map(|p| p.get_value().to_string()).collect();
        assert_eq!(emails, c.emails);
        assert_eq!(card.get_properties_by_name("TEL").len(), c.numbers.len());
    }
}

#[test]
fn what_a_contact_cannot_hold_is_kept_in_notes_or_named() {
    let file = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nBDAY:1990-02-03\nURL:https://ana.example\nADR;TYPE=home:;;Rua 1;Lisboa;;1000;Portugal\nGEO:38.7,-9.1\nX-CUSTOM:whatever\nPRODID:-//Test//EN\nEND:VCARD\n";
    let p = preview(file.as_bytes(), &[], "PT", None, &Builtin);
    let c = &p.items[0].contact;
    assert_eq!((c.city.as_str(), c.country.as_str()), ("Lisboa", "Portugal"));
    assert_eq!(c.notes, "Birthday: 1990-02-03\nWebsite: https://ana.example\nAddress: Rua 1, Lisboa, 1000, Portugal");
    assert_eq!(p.items[0].warnings, [Msg::plural("import_vcard_not_kept", 3).arg(msg!("import_list", msg!("import_list", "GEO", "X-CUSTOM"), "PRODID"))]);

    let csv = "First Name,Birthday,Website,Phone\nAna,1990-02-03,,+351 912 345 678\nBen,,ben.example,\n";
    let p = preview(csv.as_bytes(), &[], "PT", None, &Builtin);
    let unmapped =
        Msg::plural("import_csv_unmapped", 2).arg(msg!("import_list", msg!("import_csv_column_named", "Birthday"), msg!("import_csv_column_named", "Website")));
    assert!(p.problems.contains(&unmapped), "{:?}", p.problems);
}
