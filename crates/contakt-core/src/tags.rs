//! Tags: names shared by contacts, each with a colour. The registry (name and colour) is one
//! `chrome.storage.sync` item; which contacts carry a tag is stored on the contacts. A tag a
//! contact carries but the registry lacks is still a tag (grey). Renaming and deleting apply
//! to every contact in one change.

use serde::{Deserialize, Serialize};

use crate::contacts::Contact;
use crate::msg;
use crate::words::Msg;

/// The colours a tag may have (the pages map each to a CSS class).
pub const COLOURS: [&str; 8] = ["grey", "red", "orange", "yellow", "green", "teal", "blue", "purple"];
/// Longest tag name, in characters.
pub const MAX_NAME: usize = 40;
/// `chrome.storage.sync`'s QUOTA_BYTES_PER_ITEM: key plus JSON value.
const SYNC_ITEM_BYTES: usize = 8192;
pub const SYNC_KEY: &str = "tags";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub name: String,
    pub colour: String,
}

/// A tag as the pages list it: with how many contacts carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagRow {
    pub name: String,
    pub colour: String,
    pub count: usize,
}

/// A change the user asks for, sent as `{ "op": "rename", "name": …, "to": … }` (read by
/// `app::tagged`, which hands serde the externally tagged form).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagChange {
    Create { name: String, colour: String },
    Rename { name: String, to: String },
    Delete { name: String },
    Colour { name: String, colour: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagError {
    pub field: &'static str,
    pub msg: Msg,
}

fn error(field: &'static str, msg: Msg) -> TagError {
    TagError { field, msg }
}

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The registry read back from storage; entries that do not fit are dropped (a tag is only a
/// name and a colour: contacts keep their tags whatever happens here).
pub fn registry_from_stored(stored: &serde_json::Value) -> Vec<Tag> {
    let mut out: Vec<Tag> = Vec::new();
    for item in stored.as_array().into_iter().flatten() {
        if let Ok(mut t) = serde_json::from_value::<Tag>(item.clone()) {
            if !COLOURS.contains(&t.colour.as_str()) {
                t.colour = COLOURS[0].into();
            }
            if let Ok(name) = checked_name(&t.name) {
                if !out.iter().any(|o| same(&o.name, &name)) {
                    out.push(Tag { name, colour: t.colour });
                }
            }
        }
    }
    out
}

/// Every tag, from the registry and from the contacts, by name, with its count.
pub fn list(registry: &[Tag], contacts: &[Contact]) -> Vec<TagRow> {
    let mut rows: Vec<TagRow> = registry.iter().map(|t| TagRow { name: t.name.clone(), colour: t.colour.clone(), count: 0 }).collect();
    for c in contacts {
        for t in &c.tags {
            match rows.iter_mut().find(|r| same(&r.name, t)) {
                Some(r) => r.count += 1,
                None => rows.push(TagRow { name: t.clone(), colour: COLOURS[0].into(), count: 1 }),
            }
        }
    }
    rows.sort_by_cached_key(|r| r.name.to_lowercase());
    rows
}

fn checked_name(name: &str) -> Result<String, TagError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(error("name", msg!("tag_no_name")));
    }
    if name.contains(',') {
        return Err(error("name", msg!("tag_comma")));
    }
    if name.chars().count() > MAX_NAME {
        return Err(error("name", msg!("tag_too_long", MAX_NAME)));
    }
    Ok(name)
}

fn checked_colour(colour: &str) -> Result<String, TagError> {
    match COLOURS.contains(&colour) {
        true => Ok(colour.to_string()),
        false => Err(error("colour", msg!("tag_bad_colour", colour))),
    }
}

/// What a change did: the new registry and contacts, and how many contacts changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub registry: Vec<Tag>,
    pub contacts_changed: usize,
}

/// Applies `change` to the registry and (for rename and delete) to every contact carrying
/// the tag, whose `updated` becomes `now`. On error nothing is changed. Renaming onto an
/// existing tag joins the two (a contact carrying both keeps one).
pub fn apply(registry: &[Tag], contacts: &mut [Contact], change: &TagChange, now: i64) -> Result<Applied, TagError> {
    let mut reg = registry.to_vec();
    let known = |reg: &[Tag], contacts: &[Contact], name: &str| {
        reg.iter().any(|t| same(&t.name, name)) || contacts.iter().any(|c| c.tags.iter().any(|t| same(t, name)))
    };
    let mut changed = 0;
    match change {
        TagChange::Create { name, colour } => {
            let name = checked_name(name)?;
            let colour = checked_colour(colour)?;
            if known(&reg, contacts, &name) {
                return Err(error("name", msg!("tag_exists", name)));
            }
            reg.push(Tag { name, colour });
        }
        TagChange::Colour { name, colour } => {
            let colour = checked_colour(colour)?;
            if !known(&reg, contacts, name) {
                return Err(error("name", msg!("tag_missing", name)));
            }
            match reg.iter_mut().find(|t| same(&t.name, name)) {
                Some(t) => t.colour = colour,
                None => reg.push(Tag { name: name.clone(), colour }),
            }
        }
        TagChange::Rename { name, to } => {
            let to = checked_name(to)?;
            if !known(&reg, contacts, name) {
                return Err(error("name", msg!("tag_missing", name)));
            }
            let colour = reg.iter().find(|t| same(&t.name, name)).map(|t| t.colour.clone());
            let target_exists = !same(name, &to) && known(&reg, contacts, &to);
            reg.retain(|t| !same(&t.name, name));
            if let Some(t) = reg.iter_mut().find(|t| same(&t.name, &to)) {
                t.name = to.clone();
            } else {
                reg.push(Tag { name: to.clone(), colour: colour.unwrap_or_else(|| COLOURS[0].into()) });
            }
            check_size(&mut reg)?;
            for c in contacts.iter_mut() {
                if let Some(at) = c.tags.iter().position(|t| same(t, name)) {
                    if target_exists && c.tags.iter().any(|t| same(t, &to)) {
                        c.tags.remove(at);
                    } else {
                        c.tags[at] = to.clone();
                    }
                    c.updated = now;
                    changed += 1;
                }
            }
        }
        TagChange::Delete { name } => {
            if !known(&reg, contacts, name) {
                return Err(error("name", msg!("tag_missing", name)));
            }
            reg.retain(|t| !same(&t.name, name));
            check_size(&mut reg)?;
            for c in contacts.iter_mut() {
                let before = c.tags.len();
                c.tags.retain(|t| !same(t, name));
                if c.tags.len() != before {
                    c.updated = now;
                    changed += 1;
                }
            }
        }
    }
    check_size(&mut reg)?;
    Ok(Applied { registry: reg, contacts_changed: changed })
}

/// Sorts the registry and checks that it fits one synced item (before any contact changes).
fn check_size(reg: &mut [Tag]) -> Result<(), TagError> {
    reg.sort_by_cached_key(|t| t.name.to_lowercase());
    let bytes = SYNC_KEY.len() + serde_json::to_string(&reg).map_or(usize::MAX, |s| s.len());
    match bytes > SYNC_ITEM_BYTES {
        true => Err(error("name", msg!("tag_registry_full"))),
        false => Ok(()),
    }
}
