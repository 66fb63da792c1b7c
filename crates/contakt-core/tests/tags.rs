//! Tags: the registry, rename and delete across contacts, colours, the sync item limit.

use contakt_core::contacts::Contact;
use contakt_core::tags::{apply, list, registry_from_stored, Tag, TagChange, TagRow};

fn tagged(name: &str, tags: &[&str]) -> Contact {
    Contact { id: name.into(), display_name: name.into(), tags: tags.iter().map(|t| t.to_string()).collect(), ..Default::default() }
}

fn tag(name: &str, colour: &str) -> Tag {
    Tag { name: name.into(), colour: colour.into() }
}

fn row(name: &str, colour: &str, count: usize) -> TagRow {
    TagRow { name: name.into(), colour: colour.into(), count }
}

#[test]
fn the_list_joins_the_registry_and_the_contacts() {
    let contacts = [tagged("a", &["VIP", "clients"]), tagged("b", &["vip"])];
    let registry = [tag("vip", "red"), tag("Empty", "blue")];
    assert_eq!(list(&registry, &contacts), [row("clients", "grey", 1), row("Empty", "blue", 0), row("vip", "red", 2)]);
}

#[test]
fn rename_applies_to_every_contact_and_joins_an_existing_tag() {
    let mut contacts = vec![tagged("a", &["VIP", "clients"]), tagged("b", &["vip"]), tagged("c", &["friends"])];
    let registry = vec![tag("VIP", "red")];
    let done = apply(&registry, &mut contacts, &TagChange::Rename { name: "vip".into(), to: " Key  clients ".into() }, 9).unwrap();
    assert_eq!(done.registry, [tag("Key clients", "red")]);
    assert_eq!(done.contacts_changed, 2);
    assert_eq!(contacts[0].tags, ["Key clients", "clients"]);
    assert_eq!((contacts[1].updated, contacts[2].updated), (9, 0));

    // Onto an existing tag: a contact carrying both keeps one.
    let done = apply(&done.registry, &mut contacts, &TagChange::Rename { name: "key clients".into(), to: "Clients".into() }, 10).unwrap();
    assert_eq!(contacts[0].tags, ["clients"]);
    assert_eq!(contacts[1].tags, ["Clients"]);
    assert_eq!(done.registry, [tag("Clients", "red")]);
}

#[test]
fn delete_removes_the_tag_from_contacts_and_colour_is_kept_in_the_registry() {
    let mut contacts = vec![tagged("a", &["VIP", "clients"]), tagged("b", &["vip"])];
    let done = apply(&[], &mut contacts, &TagChange::Colour { name: "clients".into(), colour: "green".into() }, 1).unwrap();
    assert_eq!(done.registry, [tag("clients", "green")]);
    assert_eq!(done.contacts_changed, 0);
    let done = apply(&done.registry, &mut contacts, &TagChange::Delete { name: "VIP".into() }, 2).unwrap();
    assert_eq!(done.contacts_changed, 2);
    assert_eq!(contacts[0].tags, ["clients"]);
    assert!(contacts[1].tags.is_empty());
}

#[test]
fn bad_changes_are_refused_and_change_nothing() {
    let mut contacts = vec![tagged("a", &["VIP"])];
    let before = contacts.clone();
    let cases = [
        (TagChange::Create { name: "vip".into(), colour: "red".into() }, "tag_exists"),
        (TagChange::Create { name: "a,b".into(), colour: "red".into() }, "tag_comma"),
        (TagChange::Create { name: " ".into(), colour: "red".into() }, "tag_no_name"),
        (TagChange::Create { name: "x".repeat(41), colour: "red".into() }, "tag_too_long"),
        (TagChange::Create { name: "ok".into(), colour: "#f00".into() }, "tag_bad_colour"),
        (TagChange::Rename { name: "nope".into(), to: "x".into() }, "tag_missing"),
        (TagChange::Delete { name: "nope".into() }, "tag_missing"),
    ];
    for (change, says) in cases {
        let e = apply(&[], &mut contacts, &change, 1).unwrap_err();
        assert_eq!(e.msg.key, says, "{change:?}: {}", e.msg);
    }
    // The registry must fit one synced item (8 KB): the 8 KB-th tag is refused.
    let mut registry = Vec::new();
    let mut refused = None;
    for i in 0..400 {
        match apply(&registry, &mut contacts, &TagChange::Create { name: format!("tag number {i:04} padded out"), colour: "purple".into() }, 1) {
            Ok(done) => registry = done.registry,
            Err(e) => {
                refused = Some((i, e.msg.key));
                break;
            }
        }
    }
    let (at, message) = refused.expect("the registry has a size limit");
    assert!(at > 100 && message == "tag_registry_full", "{at}: {message}");
    let renamed = apply(&registry, &mut contacts, &TagChange::Rename { name: "VIP".into(), to: "a much longer name that no longer fits".into() }, 1);
    assert!(renamed.is_err());
    assert_eq!(contacts, before, "refused changes leave contacts as they were");
}

#[test]
fn a_stored_registry_is_read_leniently() {
    let stored = serde_json::json!([
        { "name": "VIP", "colour": "red" },
        { "name": "vip", "colour": "blue" },
        { "name": "odd", "colour": "#123456" },
        { "name": "" , "colour": "red" },
        "junk",
    ]);
    assert_eq!(registry_from_stored(&stored), [tag("VIP", "red"), tag("odd", "grey")]);
}
