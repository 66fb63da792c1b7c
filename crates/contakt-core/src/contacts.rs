//! The address book's rules: what a contact holds, how what the user typed is normalised
//! (numbers kept as entered when they do not parse, never dropped), search as you type,
//! duplicates by number, and merging two contacts without losing anything.
//! Storage and UI come later (issue 5); ids and times are given by the caller.

use serde::{Deserialize, Serialize};

use crate::msg;
use crate::phone;
use crate::words::Msg;

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
    /// Messenger usernames, e.g. Telegram `@maria`.
    pub usernames: Vec<Username>,
    pub notes: String,
    pub tags: Vec<String>,
    pub created: i64,
    pub updated: i64,
    pub last_used: Option<i64>,
}

/// A messenger username: the service ("telegram") and the handle ("@maria").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Username {
    pub service: String,
    pub handle: String,
}

/// The text fields of the contact form (see [`Contact::to_form`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    pub id: String,
    /// When editing: the contact's `updated` as the form was filled. A save finds out from it
    /// whether the contact changed elsewhere (another tab or device) meanwhile.
    pub base_updated: Option<i64>,
    /// Save over such a change: the user chose to keep their version.
    pub overwrite: bool,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub numbers: String,
    pub emails: String,
    pub company: String,
    pub position: String,
    pub city: String,
    pub country: String,
    pub usernames: String,
    pub tags: String,
    pub notes: String,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

impl NumberLabel {
    pub const ALL: [NumberLabel; 5] = [NumberLabel::Mobile, NumberLabel::Work, NumberLabel::Home, NumberLabel::Whatsapp, NumberLabel::Other];

    pub fn name(self) -> &'static str {
        match self {
            NumberLabel::Mobile => "mobile",
            NumberLabel::Work => "work",
            NumberLabel::Home => "home",
            NumberLabel::Whatsapp => "whatsapp",
            NumberLabel::Other => "other",
        }
    }

    /// The label a line starts with ("Work: …", "cell: …"), if it is one.
    pub fn from_name(name: &str) -> Option<NumberLabel> {
        let name = name.trim().to_lowercase();
        match name.as_str() {
            "cell" | "mobile phone" => Some(NumberLabel::Mobile),
            _ => NumberLabel::ALL.into_iter().find(|l| l.name() == name),
        }
    }
}

/// Why a contact was refused, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactError {
    pub field: &'static str,
    pub msg: Msg,
}

impl Contact {
    /// Trims every field, parses numbers with `region` (keeping unparseable ones as entered),
    /// drops empty entries and duplicates, and derives a display name when there is none.
    pub fn normalised(mut self, region: &str) -> Result<Contact, ContactError> {
        for f in [&mut self.first_name, &mut self.last_name, &mut self.display_name, &mut self.company, &mut self.position, &mut self.city, &mut self.country] {
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
            if !is_email(&e) {
                return Err(ContactError { field: "emails", msg: msg!("contact_not_an_email", e) });
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
        let mut usernames: Vec<Username> = Vec::new();
        for u in &self.usernames {
            let u = Username { service: u.service.trim().to_lowercase(), handle: u.handle.trim().to_string() };
            if !u.handle.is_empty() && !usernames.contains(&u) {
                usernames.push(u);
            }
        }
        self.usernames = usernames;
        if self.display_name.is_empty() {
            self.display_name = self.derived_name();
        }
        if self.display_name.is_empty() {
            return Err(ContactError { field: "display_name", msg: msg!("contact_empty") });
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

    /// The contact as the edit form shows it: one line per number ("work: +1 415 555 1234";
    /// mobile numbers have no label written), per e-mail and per username ("telegram:
    /// @maria"), tags separated by commas. The display name is left empty when it is the one
    /// derived from the other fields, so editing the names keeps it in step.
    pub fn to_form(&self) -> ContactForm {
        let derived = Contact { display_name: String::new(), ..self.clone() }.derived_name();
        ContactForm {
            id: self.id.clone(),
            base_updated: Some(self.updated),
            overwrite: false,
            display_name: if self.display_name == derived { String::new() } else { self.display_name.clone() },
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            numbers: self
                .numbers
                .iter()
                .map(|n| if n.label == NumberLabel::Mobile { n.raw.clone() } else { format!("{}: {}", n.label.name(), n.raw) })
                .collect::<Vec<_>>()
                .join("\n"),
            emails: self.emails.join("\n"),
            company: self.company.clone(),
            position: self.position.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            usernames: self
                .usernames
                .iter()
                .map(|u| if u.service.is_empty() { u.handle.clone() } else { format!("{}: {}", u.service, u.handle) })
                .collect::<Vec<_>>()
                .join("\n"),
            tags: self.tags.join(", "),
            notes: self.notes.clone(),
        }
    }

    /// The contact the edit form describes, on top of `previous` (the contact being edited:
    /// its id, times and anything the form does not show are kept). Not yet normalised.
    pub fn from_form(form: &ContactForm, previous: Option<&Contact>) -> Contact {
        let mut c = previous.cloned().unwrap_or_default();
        c.id = form.id.clone();
        c.display_name = form.display_name.clone();
        c.first_name = form.first_name.clone();
        c.last_name = form.last_name.clone();
        c.numbers = lines(&form.numbers)
            .map(|line| {
                let (label, raw) = match line.split_once(':').and_then(|(l, r)| NumberLabel::from_name(l).map(|l| (l, r.trim()))) {
                    Some((label, raw)) => (label, raw),
                    None => {
                        let label = previous.and_then(|p| p.numbers.iter().find(|n| n.raw == line)).map_or(NumberLabel::Mobile, |n| n.label);
                        (label, line)
                    }
                };
                ContactNumber { label, raw: raw.to_string(), e164: None }
            })
            .collect();
        c.emails = lines(&form.emails).map(String::from).collect();
        c.company = form.company.clone();
        c.position = form.position.clone();
        c.city = form.city.clone();
        c.country = form.country.clone();
        c.usernames = lines(&form.usernames)
            .map(|line| match line.split_once(':') {
                Some((s, h)) if !s.trim().is_empty() && !s.contains(char::is_whitespace) => {
                    Username { service: s.trim().to_lowercase(), handle: h.trim().to_string() }
                }
                _ => Username { service: String::new(), handle: line.to_string() },
            })
            .collect();
        c.tags = form.tags.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        c.notes = form.notes.clone();
        c
    }

    /// Every normalised number of the contact.
    pub fn e164s(&self) -> impl Iterator<Item = &str> {
        self.numbers.iter().filter_map(|n| n.e164.as_deref())
    }
}

/// Whether a (trimmed) text looks like an e-mail address: something, `@`, a dotted domain,
/// no spaces.
pub fn is_email(e: &str) -> bool {
    e.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.') && !e.contains(char::is_whitespace))
}

/// Stored contacts read back. Entries that do not fit the shape (or have no id) are counted,
/// not hidden, so the user can be told.
pub fn from_stored(stored: &serde_json::Value) -> (Vec<Contact>, usize) {
    crate::schema::read_list::<Contact>(stored, |c| !c.id.is_empty())
}

/// Contacts matching what the user typed, best first (as indices into `contacts`). Words of
/// the query must all match: names and company by word prefix (best), any text field by
/// substring, numbers by their digits in any format ("555 12" finds "+1 415 555 1234").
/// Ties go to the most recently used. For many searches over the same contacts (typing),
/// build a [`SearchIndex`] once.
pub fn search(contacts: &[Contact], query: &str, tag: Option<&str>) -> Vec<usize> {
    SearchIndex::new(contacts).search(query, tag, Sort::Relevance)
}

/// The order of search results.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first, then most recently used, then by name.
    #[default]
    Relevance,
    /// By display name (A to Z, case and accents folded by lower-casing).
    Name,
    /// Most recently used (or edited) first.
    Recent,
}

impl Sort {
    pub fn from_name(name: &str) -> Sort {
        match name {
            "name" => Sort::Name,
            "recent" => Sort::Recent,
            _ => Sort::Relevance,
        }
    }
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

    pub fn search(&self, query: &str, tag: Option<&str>, sort: Sort) -> Vec<usize> {
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
        let name = |a: &(u32, i64, usize), b: &(u32, i64, usize)| self.entries[a.2].sort_name.cmp(&self.entries[b.2].sort_name);
        match sort {
            Sort::Relevance => scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then_with(|| name(a, b))),
            Sort::Name => scored.sort_by(|a, b| name(a, b).then(b.1.cmp(&a.1))),
            Sort::Recent => scored.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| name(a, b))),
        }
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
        (&mut m.first_name, &other.first_name),
        (&mut m.last_name, &other.last_name),
        (&mut m.company, &other.company),
        (&mut m.position, &other.position),
        (&mut m.city, &other.city),
        (&mut m.country, &other.country),
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

/// Merges the contacts with `ids` into the first of them (see [`merge`]) and removes the
/// others from `contacts`. Returns the merged contact, or an error naming a missing id.
pub fn merge_ids(contacts: &mut Vec<Contact>, ids: &[String], now: i64) -> Result<Contact, Msg> {
    let Some(first) = ids.first() else { return Err(msg!("merge_none_chosen")) };
    let mut positions = Vec::new();
    for id in ids {
        match contacts.iter().position(|c| &c.id == id) {
            Some(p) if !positions.contains(&p) => positions.push(p),
            Some(_) => {}
            None => return Err(msg!("merge_gone")),
        }
    }
    let mut merged = contacts[positions[0]].clone();
    for &p in &positions[1..] {
        merged = merge(&merged, &contacts[p], now);
    }
    merged.id = first.clone();
    contacts[positions[0]] = merged.clone();
    let others: Vec<usize> = positions[1..].to_vec();
    let mut i = 0;
    contacts.retain(|_| {
        let keep = !others.contains(&i);
        i += 1;
        keep
    });
    Ok(merged)
}

/// Marks a contact as just used (sending to it): the "recent" order and search ties use it.
pub fn touch(contacts: &mut [Contact], id: &str, now: i64) -> bool {
    match contacts.iter_mut().find(|c| c.id == id) {
        Some(c) => {
            c.last_used = Some(now);
            true
        }
        None => false,
    }
}
