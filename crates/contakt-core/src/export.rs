//! Export: vCard 3.0 or 4.0 and Google-compatible CSV, written from our own contact model so
//! that what we export imports back the same (tested), and other readers read it.

use crate::contacts::{Contact, NumberLabel};

fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.replace("\r\n", "\n").replace('\r', "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            _ => out.push(c),
        }
    }
    out
}

/// A parameter value as a vCard reader reads it: letters, digits, `-`, `_` and `.` only (a
/// `:`, `;`, `,`, quote or line break in a service name would end the parameter, or the line,
/// and let the value inject properties or whole cards).
fn param(v: &str) -> String {
    v.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')).collect()
}

/// Folds a content line at 75 octets without splitting a character (RFC 6350 3.2).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn tel_type(label: NumberLabel) -> &'static str {
    match label {
        NumberLabel::Mobile => "cell",
        NumberLabel::Work => "work",
        NumberLabel::Home => "home",
        NumberLabel::Whatsapp => "x-whatsapp",
        NumberLabel::Other => "x-other",
    }
}

/// The contacts as one vCard file (`version` "3.0" or "4.0"), CRLF line ends.
pub fn to_vcard(contacts: &[Contact], version: &str) -> String {
    let v4 = version == "4.0";
    let mut out = String::new();
    for c in contacts {
        let mut lines = vec!["BEGIN:VCARD".to_string(), format!("VERSION:{}", if v4 { "4.0" } else { "3.0" })];
        lines.push(format!("FN:{}", escape(&c.display_name)));
        lines.push(format!("N:{};{};;;", escape(&c.last_name), escape(&c.first_name)));
        for n in &c.numbers {
            let t = tel_type(n.label);
            lines.push(if v4 { format!("TEL;TYPE={t}:{}", escape(&n.raw)) } else { format!("TEL;TYPE={}:{}", t.to_ascii_uppercase(), escape(&n.raw)) });
        }
        for e in &c.emails {
            lines.push(format!("EMAIL:{}", escape(e)));
        }
        if !c.company.is_empty() {
            lines.push(format!("ORG:{}", escape(&c.company)));
        }
        if !c.position.is_empty() {
            lines.push(format!("TITLE:{}", escape(&c.position)));
        }
        if !c.city.is_empty() || !c.country.is_empty() {
            lines.push(format!("ADR:;;;{};;;{}", escape(&c.city), escape(&c.country)));
        }
        for u in &c.usernames {
            let service = param(&u.service);
            lines.push(if service.is_empty() {
                format!("X-SOCIALPROFILE:{}", escape(&u.handle))
            } else {
                format!("X-SOCIALPROFILE;TYPE={service}:{}", escape(&u.handle))
            });
        }
        if !c.notes.is_empty() {
            lines.push(format!("NOTE:{}", escape(&c.notes)));
        }
        if !c.tags.is_empty() {
            lines.push(format!("CATEGORIES:{}", c.tags.iter().map(|t| escape(t)).collect::<Vec<_>>().join(",")));
        }
        lines.push("END:VCARD".into());
        for l in lines {
            fold(&l, &mut out);
        }
    }
    out
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, TAB, CR first) gets a
/// leading `'`; the CSV reader takes it off again. A cell that itself starts with `'` before
/// one of those (or another `'`) gets one too, so the reader's rule is exact.
pub fn guard(cell: &str) -> String {
    let risky = |c: char| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r');
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some(c), _) if risky(c) => format!("'{cell}"),
        (Some('\''), Some(c)) if risky(c) || c == '\'' => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn label_name(label: NumberLabel) -> &'static str {
    match label {
        NumberLabel::Mobile => "Mobile",
        NumberLabel::Work => "Work",
        NumberLabel::Home => "Home",
        NumberLabel::Whatsapp => "WhatsApp",
        NumberLabel::Other => "Other",
    }
}

/// The contacts as a Google Contacts CSV (current column names; a "Name" column for the
/// display name), every cell guarded against formula injection.
pub fn to_csv(contacts: &[Contact]) -> String {
    let phones = contacts.iter().map(|c| c.numbers.len()).max().unwrap_or(0).max(1);
    let mut header: Vec<String> = [
        "Name",
        "First Name",
        "Last Name",
        "Organization Name",
        "Organization Title",
        "Notes",
        "Labels",
        "E-mail 1 - Value",
        "Address 1 - City",
        "Address 1 - Country",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for i in 1..=phones {
        header.push(format!("Phone {i} - Label"));
        header.push(format!("Phone {i} - Value"));
    }
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = w.write_record(&header);
    for c in contacts {
        let mut row = vec![
            c.display_name.clone(),
            c.first_name.clone(),
            c.last_name.clone(),
            c.company.clone(),
            c.position.clone(),
            c.notes.clone(),
            c.tags.join(" ::: "),
            c.emails.join(" ::: "),
            c.city.clone(),
            c.country.clone(),
        ];
        for i in 0..phones {
            match c.numbers.get(i) {
                Some(n) => row.extend([label_name(n.label).to_string(), n.raw.clone()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        let _ = w.write_record(row.iter().map(|cell| guard(cell)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
