//! Requests about the address book and its tags.

use serde_json::{json, Value};

use super::{read, read_tagged, settings, writable, Effect, Env, Failure, Handled, Outcome, Stored};
use crate::contacts::{self, Contact, ContactForm, ContactNumber, NumberLabel};
use crate::msg;
use crate::schedule;
use crate::tags::{self, TagChange};
use crate::words::Msg;

fn stored_contacts(stored: &Stored) -> Vec<Contact> {
    contacts::from_stored(stored.local("contacts")).0
}

/// The contacts, with each number as shown (international, or as written when it could not
/// be read) and how many stored entries could not be read.
pub fn list(stored: &Stored, env: &dyn Env) -> Outcome {
    let (contacts, unreadable) = contacts::from_stored(stored.local("contacts"));
    let region = settings(stored, env).default_region;
    let shown: Vec<Vec<String>> = contacts
        .iter()
        .map(|c| {
            c.numbers
                .iter()
                .map(|n| n.e164.as_deref().and_then(|e| crate::phone::parse(e, &region).ok()).map_or_else(|| n.raw.clone(), |p| p.international))
                .collect()
        })
        .collect();
    Outcome::reply(json!({ "contacts": contacts, "shown": shown, "unreadable": unreadable }))
}

/// A contact as entered, given an id and times, normalised with the default region.
fn finish(mut contact: Contact, env: &mut dyn Env, region: &str) -> Result<Contact, Failure> {
    let now = env.now();
    if contact.id.is_empty() {
        contact.id = env.new_id();
        contact.created = now;
    }
    contact.updated = now;
    contact.normalised(region).map_err(|e| Failure::new("invalid_contact", e.msg).on(e.field))
}

/// Adds `contact`, or replaces the stored one with its id.
fn upsert(stored: &Stored, env: &dyn Env, contact: Contact) -> Outcome {
    let mut list = stored_contacts(stored);
    let added = match list.iter().position(|c| c.id == contact.id) {
        Some(i) => {
            list[i] = contact.clone();
            false
        }
        None => {
            list.push(contact.clone());
            true
        }
    };
    let mut out = Outcome::reply(&contact);
    out.writes.local("contacts", &list);
    if added {
        let e164 = contact.numbers.iter().find_map(|n| n.e164.as_deref());
        super::usage::note(stored, env, &mut out, super::usage::Happened::ContactAdded { e164, duplicate: None });
    }
    out
}

pub fn save(stored: &Stored, env: &mut dyn Env, contact: Value) -> Handled {
    writable(stored)?;
    let region = settings(stored, env).default_region;
    let contact = finish(super::data::contact_of(contact)?, env, &region)?;
    Ok(upsert(stored, env, contact))
}

/// The edit form's text on top of the stored contact it edits.
pub fn save_form(stored: &Stored, env: &mut dyn Env, form: Value) -> Handled {
    writable(stored)?;
    let form: ContactForm = read(form, "bad_contact", Msg::new("what_form"))?;
    let list = stored_contacts(stored);
    let previous = match form.id.is_empty() {
        true => None,
        false => Some(list.iter().find(|c| c.id == form.id).ok_or_else(|| Failure::new("not_found", msg!("contact_deleted_meanwhile")))?),
    };
    // Changed elsewhere since the form was filled: the user chooses (keep theirs, or see it).
    if let (Some(p), Some(base)) = (previous, form.base_updated) {
        if p.updated != base && !form.overwrite {
            return Err(Failure::new("conflict", msg!("contact_changed_meanwhile", &p.display_name)));
        }
    }
    let region = settings(stored, env).default_region;
    let contact = finish(Contact::from_form(&form, previous), env, &region)?;
    Ok(upsert(stored, env, contact))
}

/// "Save as contact" for a number met on a page: a contact holding just that number, said
/// in a notification.
pub fn save_number(stored: &Stored, env: &mut dyn Env, e164: &str) -> Handled {
    let region = settings(stored, env).default_region;
    let raw = crate::phone::parse(e164, &region).map_or_else(|_| e164.to_string(), |n| n.international);
    let contact = Contact { numbers: vec![ContactNumber { label: NumberLabel::Mobile, raw, e164: None }], ..Contact::default() };
    let saved = writable(stored).and_then(|_| finish(contact, env, &region));
    let (title, message, mut out) = match saved {
        Ok(c) => (msg!("saved_contact", &c.display_name), msg!("saved_contact_hint"), upsert(stored, env, c)),
        Err(f) => (msg!("not_saved"), f.msg.clone(), Outcome::fail(f)),
    };
    out.effects.push(Effect::Notify { id: "contakt-saved".into(), title, message, buttons: Vec::new() });
    Ok(out)
}

/// Deletes a contact (the reply is the contact, for Undo). When reminders refer to it,
/// `choice` says what to do with them ("delete" or "keep"); without it the answer is
/// `has_reminders` and nothing changes.
pub fn delete(stored: &Stored, id: &str, choice: Option<&str>) -> Handled {
    writable(stored)?;
    let mut list = stored_contacts(stored);
    let at = list.iter().position(|c| c.id == id).ok_or_else(|| Failure::new("not_found", msg!("contact_gone")))?;
    let mut reminders = schedule::from_stored(stored.local("reminders")).0;
    let count = reminders.iter().filter(|r| r.contact_id.as_deref() == Some(id)).count();
    let choice = choice.filter(|c| matches!(*c, "delete" | "keep"));
    if count > 0 && choice.is_none() {
        return Err(Failure::new("has_reminders", Msg::plural("contact_has_reminders", count).arg(&list[at].display_name)));
    }
    let removed = list.remove(at);
    let mut out = Outcome::reply(json!({
        "contact": &removed,
        "msg": match (count, choice) {
            (0, _) | (_, None) => msg!("contact_deleted", &removed.display_name),
            (_, Some("keep")) => msg!("contact_deleted_reminders_kept", &removed.display_name),
            _ => msg!("contact_deleted_with_reminders", &removed.display_name),
        },
    }));
    out.writes.local("contacts", &list);
    if count > 0 {
        schedule::on_contact_deleted(&mut reminders, id, choice == Some("keep"));
        out.writes.local("reminders", &reminders);
        out.effects.extend(super::reminders::alarms_and_badge(&reminders));
    }
    Ok(out)
}

/// Merges the contacts `ids` into the first (nothing of either is lost).
pub fn merge(stored: &Stored, env: &mut dyn Env, ids: &[String]) -> Handled {
    writable(stored)?;
    let mut list = stored_contacts(stored);
    let merged = contacts::merge_ids(&mut list, ids, env.now()).map_err(|m| Failure::new("not_found", m))?;
    let mut out = Outcome::reply(&merged);
    out.writes.local("contacts", &list);
    Ok(out)
}

/// Every tag with its colour and how many contacts carry it, and the colours.
pub fn tags(stored: &Stored) -> Outcome {
    let registry = tags::registry_from_stored(stored.sync("tags"));
    Outcome::reply(json!({ "tags": tags::list(&registry, &stored_contacts(stored)), "colours": tags::COLOURS }))
}

/// Creates, renames, deletes or colours a tag: the registry and every contact it changes.
pub fn tag_change(stored: &Stored, env: &dyn Env, change: Value) -> Handled {
    writable(stored)?;
    let change: TagChange = read_tagged(change, "op", "bad_change", Msg::new("what_tag_change"))?;
    let mut list = stored_contacts(stored);
    let registry = tags::registry_from_stored(stored.sync("tags"));
    let done = tags::apply(&registry, &mut list, &change, env.now()).map_err(|e| Failure::new("invalid_tag", e.msg).on(e.field))?;
    let n = done.contacts_changed;
    let text = match &change {
        TagChange::Create { name, .. } => msg!("tag_added", name.trim()),
        TagChange::Rename { name, to } => Msg::plural("tag_renamed", n).arg(name.as_str()).arg(to.trim()),
        TagChange::Delete { name } => Msg::plural("tag_deleted", n).arg(name.as_str()),
        TagChange::Colour { name, colour } => msg!("tag_coloured", name.as_str(), colour_name(colour)),
    };
    let mut out = Outcome::reply(json!({ "changed": n, "msg": text }));
    out.writes.sync("tags", &done.registry);
    if n > 0 {
        out.writes.local("contacts", &list);
    }
    Ok(out)
}

/// A tag colour's name for people.
pub fn colour_name(colour: &str) -> Msg {
    match colour {
        "red" => Msg::new("colour_red"),
        "orange" => Msg::new("colour_orange"),
        "yellow" => Msg::new("colour_yellow"),
        "green" => Msg::new("colour_green"),
        "teal" => Msg::new("colour_teal"),
        "blue" => Msg::new("colour_blue"),
        "purple" => Msg::new("colour_purple"),
        _ => Msg::new("colour_grey"),
    }
}
