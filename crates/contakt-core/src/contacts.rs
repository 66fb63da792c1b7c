//! The address book's rules: what a contact holds, how what the user typed is normalised
//! (numbers kept as entered when they do not parse, never dropped), search as you type,
//! duplicates by number, and merging two contacts without losing anything.
//! Storage and UI come later (issue 5); ids and times are given by the caller.

use serde::{Deserialize, Serialize};

use crate::phone;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberLabel {
    #[default]
    Mobile,
    Work,
    Home,
    Whatsapp,
    Other,
}

/// One of a contact's numbers: as entered, and in E.164 when it parses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactNumber {
    #[serde(default)]
    pub label: NumberLabel,
    /// What the user typed or imported, always kept.
    pub raw: String,
    /// `None`: the number did not parse; it is flagged in the UI, not dropped.
    pub e164: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    pub numbers: Vec<ContactNumber>,
    pub emails: Vec<String>,
    pub company: String,
    pub position: String,
    pub city: String,
    pub country: String,
    /// Messenger usernames, e.g. ("telegram", "@maria").
    pub usernames: Vec<(String, String)>,
    pub notes: String,
    pub tags: Vec<String>,
    pub created: i64,
    pub updated: i64,
    pub last_used: Option<i64>,
}

/// Why a contact was refused, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactError {
    pub field: &'static str,
    pub message: String,
}

impl Contact {
    /// Trims every field, parses numbers with `region` (keeping unparseable ones as entered),
    /// drops empty entries and duplicates, and derives a display name when there is none.
    pub fn normalised(mut self, region: &str) -> Result<Contact, ContactError> {
        for f in [&mut self.first_name, &mut self.last_name, &mut self.display_name, &mut self.company,
            &mut self.position, &mut self.city, &mut self.country] {
            *f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        self.notes = self.notes.trim().to_string();
        let mut numbers: Vec<ContactNumber> = Vec::new();
        for n in self.numbers {
            let raw = n.raw.trim().to_string();
            if raw.is_empty() {
                continue;
            }
            let e164 = n.e164.filter(|e| phone::parse(e, region).is_ok()).or_else(|| phone::e164(&raw, region));
            let dup = numbers.iter().any(|o| match (&o.e164, &e164) {
                (Some(a), Some(b)) => a == b,
                _ => o.raw == raw,
            });
            if !dup {
                numbers.push(ContactNumber { label: n.label, raw, e164 });
            }
        }
        self.numbers = numbers;
        let mut emails: Vec<String> = Vec::new();
        for e in &self.emails {
            let e = e.trim().to_string();
            if e.is_empty() {
                continue;
            }
            let ok = e.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.') && !e.contains(char::is_whitespace));
            if !ok {
                return Err(ContactError { field: "emails", message: format!("'{e}' is not an e-mail address.") });
            }
            if !emails.iter().any(|o| o.eq_ignore_ascii_case(&e)) {
                emails.push(e);
            }
        }
        self.emails = emails;
        let mut tags: Vec<String> = Vec::new();
        for t in &self.tags {
            let t = t.trim().to_string();
            if !t.is_empty() && !tags.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
                tags.push(t);
            }
        }
        self.tags = tags;
        if self.display_name.is_empty() {
            self.display_name = self.derived_name();
        }
        if self.display_name.is_empty() {
            return Err(ContactError { field: "display_name", message: "Give the contact a name, a number or an e-mail address.".into() });
        }
        Ok(self)
    }

    /// A name from the parts the contact has: names, then company, e-mail, number.
    fn derived_name(&self) -> String {
        let full = format!("{} {}", self.first_name, self.last_name).trim().to_string();
        if !full.is_empty() {
            return full;
        }
        if !self.company.is_empty() {
            return self.company.clone();
        }
        if let Some(e) = self.emails.first() {
            return e.split('@').next().unwrap_or(e).to_string();
        }
        self.numbers.first().map(|n| n.raw.clone()).unwrap_or_default()
    }

    /// Every normalised number of the contact.
    pub fn e164s(&self) -> impl Iterator<Item = &str> {
        self.numbers.iter().filter_map(|n| n.e164.as_deref())
    }
}

/// Stored contacts read back. Entries that do not fit the shape (or have no id) are counted,
/// not hidden, so the user can be told.
pub fn from_stored(stored: &serde_json::Value) -> (Vec<Contact>, usize) {
    let mut list = Vec::new();
    let mut unreadable = 0;
    for item in stored.as_array().into_iter().flatten() {
        match serde_json::from_value::<Contact>(item.clone()) {
            Ok(c) if !c.id.is_empty() => list.push(c),
            _ => unreadable += 1,
        }
    }
    (list, unreadable)
}

/// Contacts matching what the user typed, best first (as indices into `contacts`). Words of
/// the query must all match: names and company by word prefix (best), any text field by
/// substring, numbers by their digits in any format ("555 12" finds "+1 415 555 1234").
/// Ties go to the most recently used. For many searches over the same contacts (typing),
/// build a [`SearchIndex`] once.
pub fn search(contacts: &[Contact], query: &str, tag: Option<&str>) -> Vec<usize> {
    SearchIndex::new(contacts).search(query, tag)
}

/// Contacts prepared for search: lower-cased text and the digits of every number, computed
/// once, so each keystroke only scans.
pub struct SearchIndex {
    entries: Vec<Entry>,
}

struct Entry {
    names: String,
    rest: String,
    digits: Vec<String>,
    tags: Vec<String>,
    recency: i64,
    sort_name: String,
}

impl SearchIndex {
    pub fn new(contacts: &[Contact]) -> SearchIndex {
        let entries = contacts
            .iter()
            .map(|c| Entry {
                names: format!("{} {} {} {}", c.display_name, c.first_name, c.last_name, c.company).to_lowercase(),
                rest: format!("{} {} {} {} {} {}", c.emails.join(" "), c.notes, c.tags.join(" "), c.city, c.country, c.position).to_lowercase(),
                digits: c
                    .numbers
                    .iter()
                    .flat_map(|n| [n.raw.chars().filter(char::is_ascii_digit).collect::<String>(), n.e164.clone().unwrap_or_default()])
                    .filter(|d| !d.is_empty())
                    .collect(),
                tags: c.tags.iter().map(|t| t.to_lowercase()).collect(),
                recency: c.last_used.unwrap_or(c.updated),
                sort_name: c.display_name.to_lowercase(),
            })
            .collect();
        SearchIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn search(&self, query: &str, tag: Option<&str>) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let digits: String = query.chars().filter(char::is_ascii_digit).collect();
        let only_digits = !query.trim().is_empty() && query.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let tag = tag.map(str::to_lowercase);
        let mut scored: Vec<(u32, i64, usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if tag.as_ref().is_some_and(|t| !e.tags.contains(t)) {
                continue;
            }
            let score = if words.is_empty() {
                Some(1)
            } else if only_digits && digits.len() >= 2 {
                e.digits.iter().any(|d| d.contains(&digits)).then_some(50)
            } else {
                score_words(e, &words)
            };
            if let Some(s) = score {
                scored.push((s, e.recency, i));
            }
        }
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then_with(|| self.entries[a.2].sort_name.cmp(&self.entries[b.2].sort_name))
        });
        scored.into_iter().map(|(_, _, i)| i).collect()
    }
}

fn score_words(e: &Entry, words: &[String]) -> Option<u32> {
    let mut total = 0;
    for w in words {
        let prefix = e.names.split_whitespace().any(|n| n.starts_with(w.as_str()));
        total += if prefix {
            10
        } else if e.names.contains(w.as_str()) {
            5
        } else if e.rest.contains(w.as_str()) {
            2
        } else {
            return None;
        };
    }
    Some(total)
}

/// Groups of contacts (indices) that share a normalised number, each group sorted.
pub fn duplicates(contacts: &[Contact]) -> Vec<Vec<usize>> {
    let mut by_number: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, c) in contacts.iter().enumerate() {
        for e in c.e164s() {
            let list = by_number.entry(e).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for list in by_number.into_values().filter(|l| l.len() > 1) {
        if let Some(g) = groups.iter_mut().find(|g| g.iter().any(|i| list.contains(i))) {
            for i in list {
                if !g.contains(&i) {
                    g.push(i);
                }
            }
            g.sort_unstable();
        } else {
            groups.push(list);
        }
    }
    groups
}

/// `keep` with everything of `other` it lacks: numbers, e-mails, usernames and tags joined,
/// notes appended, empty fields filled. Nothing of either is lost.
pub fn merge(keep: &Contact, other: &Contact, now: i64) -> Contact {
    let mut m = keep.clone();
    for n in &other.numbers {
        let present = m.numbers.iter().any(|o| match (&o.e164, &n.e164) {
            (Some(a), Some(b)) => a == b,
            _ => o.raw == n.raw,
        });
        if !present {
            m.numbers.push(n.clone());
        }
    }
    for e in &other.emails {
        if !m.emails.iter().any(|o| o.eq_ignore_ascii_case(e)) {
            m.emails.push(e.clone());
        }
    }
    for u in &other.usernames {
        if !m.usernames.contains(u) {
            m.usernames.push(u.clone());
        }
    }
    for t in &other.tags {
        if !m.tags.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            m.tags.push(t.clone());
        }
    }
    if !other.notes.is_empty() && !m.notes.contains(&other.notes) {
        m.notes = if m.notes.is_empty() { other.notes.clone() } else { format!("{}\n\n{}", m.notes, other.notes) };
    }
    for (mine, theirs) in [
        (&mut m.first_name, &other.first_name), (&mut m.last_name, &other.last_name),
        (&mut m.company, &other.company), (&mut m.position, &other.position),
        (&mut m.city, &other.city), (&mut m.country, &other.country),
    ] {
        if mine.is_empty() {
            *mine = theirs.clone();
        }
    }
    m.created = keep.created.min(other.created);
    m.last_used = keep.last_used.max(other.last_used);
    m.updated = now;
    m
}
