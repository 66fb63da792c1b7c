//! From a file to the address book: what a file holds (vCard or CSV, told by its content),
//! the preview (new contacts, matches with existing ones by number or e-mail, problems), and
//! the import applied whole with the user's choices.

use serde::{Deserialize, Serialize};

use super::{charset, csv, vcard, Charsets};
use crate::contacts::Contact;
use crate::msg;
use crate::words::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vcard,
    Csv,
}

/// The largest file Contakt imports (the preview must stay quick).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// The most the people of a file may take as JSON: they travel to the worker in one message,
/// which the browser limits to 64 MiB (a file of many short rows grows about tenfold as
/// contacts: a 20 MB CSV can hold 600,000 people).
pub const MAX_PEOPLE_JSON: usize = 60 * 1024 * 1024;

/// Whether `bytes` can be an address book at all: not larger than [`MAX_FILE_BYTES`], and
/// text (read as CSV, 2 MB of random bytes became 16,278 junk contacts). Judged on the first
/// 64 KB as the file's encoding reads it: more than 1% control (C0) or undecodable characters
/// (tabs and line ends aside) is not text.
pub fn check_file(bytes: &[u8], charsets: &dyn Charsets) -> Result<(), Msg> {
    const MB: usize = 1024 * 1024;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(msg!("import_too_large", bytes.len().div_ceil(MB), MAX_FILE_BYTES / MB));
    }
    let (text, _) = csv::decode(&bytes[..bytes.len().min(64 * 1024)], charsets);
    let total = text.chars().count().max(1);
    // C0 controls only: UTF-8 read as Windows-1252 (a vCard folded inside a character) shows C1
    // ones, and is text.
    let odd = text.chars().filter(|&c| c == '\u{FFFD}' || ((c < ' ' || c == '\u{7f}') && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))).count();
    if odd * 100 > total {
        return Err(msg!("import_not_text"));
    }
    Ok(())
}

/// vCard when the first non-blank text is `BEGIN:VCARD` (any case, any encoding), else CSV.
pub fn kind_of(bytes: &[u8]) -> Kind {
    let head = charset::normalise(&bytes[..bytes.len().min(4096)]);
    let text = String::from_utf8_lossy(&head);
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
    if first.to_ascii_uppercase().starts_with("BEGIN:VCARD") {
        Kind::Vcard
    } else {
        Kind::Csv
    }
}

/// What to do with an incoming contact that matches an existing one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Join them (the existing contact keeps everything and gains what is new).
    #[default]
    Merge,
    /// Leave the existing contact; drop the incoming one.
    Skip,
    /// The incoming contact takes the existing one's place (and id).
    Replace,
    /// Add the incoming one beside it.
    KeepBoth,
}

/// One contact of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Where it came from: `import_source_card` (card 3, line 40), `import_source_row` (row 5).
    pub source: Msg,
    pub contact: Contact,
    /// The existing contact it matches (id and name) and by what.
    pub matches: Option<Match>,
    pub warnings: Vec<Msg>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    pub id: String,
    pub name: String,
    /// "number" or "e-mail".
    pub by: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub kind: Kind,
    pub items: Vec<Item>,
    pub new: usize,
    pub matching: usize,
    /// Cards or rows that could not be imported, and problems with the file, each with why.
    pub problems: Vec<Msg>,
    /// For CSV: the table (header, encoding, delimiter, mapping) so the user can map columns.
    pub table: Option<CsvInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsvInfo {
    pub encoding: String,
    pub delimiter: char,
    pub header: Option<Vec<String>>,
    pub mapping: Vec<csv::Field>,
    /// The first rows, for the mapping step.
    pub sample: Vec<Vec<String>>,
}

/// A file as read, before it meets the address book: each card or row's contact as written
/// (with where it came from and what could not be kept), and the file's problems.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub kind: Kind,
    pub people: Vec<Person>,
    pub problems: Vec<Msg>,
    pub table: Option<CsvInfo>,
}

/// One card or row as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Where it came from: `import_source_card` (card 3, line 40), `import_source_row` (row 5).
    pub source: Msg,
    pub contact: Contact,
    pub warnings: Vec<Msg>,
}

/// Reads a file and matches it against `existing`: [`read`] then [`matched`]. `mapping`
/// replaces the guessed CSV mapping.
pub fn preview(bytes: &[u8], existing: &[Contact], region: &str, mapping: Option<&[csv::Field]>, charsets: &dyn Charsets) -> Preview {
    matched(read(bytes, mapping, charsets), existing, region)
}

/// What a file holds (the file readers' part, which only the options page's module carries).
pub fn read(bytes: &[u8], mapping: Option<&[csv::Field]>, charsets: &dyn Charsets) -> Read {
    let kind = kind_of(bytes);
    let mut problems = Vec::new();
    let mut people = Vec::new();
    let mut table = None;
    match kind {
        Kind::Vcard => {
            let read = vcard::read(bytes, charsets);
            problems.extend(read.problems);
            for (i, card) in read.cards.iter().enumerate() {
                let (contact, unkept) = vcard::contact_of(card);
                let warnings = card.warnings.iter().cloned().chain(unkept).collect();
                people.push(Person { source: msg!("import_source_card", i + 1, card.line), contact, warnings });
            }
        }
        Kind::Csv => {
            let t = csv::read(bytes, charsets);
            problems.extend(t.problems.iter().cloned());
            let map = mapping.map(<[csv::Field]>::to_vec).unwrap_or_else(|| t.mapping.clone());
            // Columns with data that nothing is mapped to: said, so nothing is lost silently.
            let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
            let unmapped: Vec<Msg> = (0..width)
                .filter(|&i| map.get(i).is_none_or(|f| *f == csv::Field::Ignore) && t.rows.iter().any(|r| r.get(i).is_some_and(|v| !v.trim().is_empty())))
                .map(|i| {
                    t.header.as_ref().and_then(|h| h.get(i)).map_or_else(|| msg!("import_csv_column_numbered", i + 1), |h| msg!("import_csv_column_named", h))
                })
                .collect();
            if !unmapped.is_empty() {
                problems.push(Msg::plural("import_csv_unmapped", unmapped.len()).arg(super::list(unmapped.into_iter().map(Into::into))));
            }
            let first_row = 1 + usize::from(t.header.is_some());
            for (i, row) in t.rows.iter().enumerate() {
                match csv::contact_of(row, &map) {
                    Some(contact) => people.push(Person { source: msg!("import_source_row", i + first_row), contact, warnings: Vec::new() }),
                    None => problems.push(msg!("import_csv_row_empty", i + first_row)),
                }
            }
            table =
                Some(CsvInfo { encoding: t.encoding, delimiter: t.delimiter, header: t.header, mapping: map, sample: t.rows.into_iter().take(5).collect() });
        }
    }
    Read { kind, people, problems, table }
}

/// The people of a file met with the address book (the worker's part, which holds no file
/// reader): contacts are normalised with `region`; numbers that do not parse are kept as
/// written (flagged); anything a contact cannot hold (a malformed e-mail) goes to its notes
/// with a warning, so nothing is lost silently; matches with `existing` are found by number
/// or e-mail. Reading the same people against the same book gives the same items, in order.
pub fn matched(read: Read, existing: &[Contact], region: &str) -> Preview {
    let Read { kind, people, mut problems, table } = read;
    let mut by_number: std::collections::HashMap<&str, usize> = Default::default();
    let mut by_email: std::collections::HashMap<String, usize> = Default::default();
    for (i, c) in existing.iter().enumerate() {
        for e in c.e164s() {
            by_number.entry(e).or_insert(i);
        }
        for e in &c.emails {
            by_email.entry(e.to_lowercase()).or_insert(i);
        }
    }
    let mut items = Vec::new();
    for Person { source, mut contact, mut warnings } in people {
        let mut bad = Vec::new();
        contact.emails.retain(|e| {
            let ok = crate::contacts::is_email(e.trim());
            if !ok {
                bad.push(e.clone());
            }
            ok
        });
        for e in bad {
            warnings.push(msg!("import_bad_email", &e));
            contact.notes = if contact.notes.is_empty() { e } else { format!("{}\n{e}", contact.notes) };
        }
        let contact = match contact.normalised(region) {
            Ok(c) => c,
            Err(e) => {
                problems.push(msg!("import_skipped", source, e.msg));
                continue;
            }
        };
        for n in contact.numbers.iter().filter(|n| n.e164.is_none()) {
            warnings.push(msg!("import_bad_number", &n.raw));
        }
        let matches = contact
            .e164s()
            .find_map(|e| by_number.get(e).map(|&i| (i, "number")))
            .or_else(|| contact.emails.iter().find_map(|e| by_email.get(&e.to_lowercase()).map(|&i| (i, "e-mail"))))
            .map(|(i, by)| Match { id: existing[i].id.clone(), name: existing[i].display_name.clone(), by });
        items.push(Item { source, contact, matches, warnings });
    }
    let matching = items.iter().filter(|i| i.matches.is_some()).count();
    Preview { kind, new: items.len() - matching, matching, items, problems, table }
}

/// The address book after the import: new contacts added, matches handled by `default` or
/// the per-item `overrides` (index into `preview.items`). `id` makes ids for added contacts.
/// Nothing is written here: the caller stores the result in one write, or nothing.
pub fn apply(
    existing: &[Contact],
    preview: &Preview,
    default: Choice,
    overrides: &[(usize, Choice)],
    id: &mut dyn FnMut() -> String,
    now: i64,
) -> Vec<Contact> {
    let mut out = existing.to_vec();
    // Linear in the file and the address book: matches are found by an index of ids (the first
    // of a repeated id, as a search would), choices by a map (the first override for an item, as before).
    let mut by_id: std::collections::HashMap<&str, usize> = std::collections::HashMap::with_capacity(existing.len());
    for (i, c) in existing.iter().enumerate() {
        by_id.entry(c.id.as_str()).or_insert(i);
    }
    let chosen: std::collections::HashMap<usize, Choice> = overrides.iter().rev().map(|(k, c)| (*k, *c)).collect();
    for (i, item) in preview.items.iter().enumerate() {
        let mut incoming = item.contact.clone();
        incoming.created = now;
        incoming.updated = now;
        let choice = chosen.get(&i).copied().unwrap_or(default);
        let at = item.matches.as_ref().and_then(|m| by_id.get(m.id.as_str()).copied());
        match (at, choice) {
            (None, _) | (Some(_), Choice::KeepBoth) => {
                incoming.id = id();
                out.push(incoming);
            }
            (Some(_), Choice::Skip) => {}
            (Some(at), Choice::Replace) => {
                incoming.id = out[at].id.clone();
                incoming.created = out[at].created;
                incoming.last_used = out[at].last_used;
                out[at] = incoming;
            }
            (Some(at), Choice::Merge) => out[at] = crate::contacts::merge(&out[at], &incoming, now),
        }
    }
    out
}
