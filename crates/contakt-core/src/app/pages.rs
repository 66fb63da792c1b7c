//! What the pages render that needs a rule: a filled template's completeness, duplicate
//! groups, and the import preview with its messages.

use serde::Serialize;

use crate::contacts::Contact;
use crate::import::csv::Field;
use crate::import::plan::{CsvInfo, Preview};
use crate::templates::Rendered;
use crate::words::{Arg, Msg};
use crate::{contacts, msg};

/// Settings a page sends (the view's): read like stored ones; missing fields take the
/// defaults of the first release's language, English (US).
pub fn page_settings(value: &serde_json::Value) -> crate::settings::Settings {
    crate::settings::Settings::from_stored(value, "en-US")
}

/// A send planned as the popup shows it while the user types (the worker plans again).
pub fn plan_send(input: &str, platform: &str, text: &str, settings: &serde_json::Value) -> Result<crate::send::SendPlan, super::Failure> {
    let platform = super::messaging::platform_of(platform)?;
    crate::send::plan(input, platform, text, &page_settings(settings)).map_err(|e| super::Failure::new(e.code(), e.msg()).on(e.field()))
}

/// The chat a send would open, as a QR code for a phone to scan: the link a phone can open
/// (WhatsApp's web link even when this computer opens the desktop app), with the message where
/// the platform's link carries it.
#[derive(Serialize)]
pub struct QrForSend {
    pub url: String,
    pub qr: crate::qr::Qr,
}

pub fn qr_for_send(input: &str, platform: &str, text: &str, settings: &serde_json::Value) -> Result<QrForSend, super::Failure> {
    let platform = super::messaging::platform_of(platform)?;
    let mut settings = page_settings(settings);
    settings.whatsapp_target = crate::links::WhatsappTarget::Web;
    let plan = crate::send::plan(input, platform, text, &settings).map_err(|e| super::Failure::new(e.code(), e.msg()).on(e.field()))?;
    let url = plan.link.url.ok_or_else(|| super::Failure::new("no_link", crate::msg!("qr_no_link")))?;
    let qr = crate::qr::encode(&url).map_err(|m| super::Failure::new("too_long", m).on("message"))?;
    Ok(QrForSend { url, qr })
}

/// A filled template or typed message, checked: what is still unfilled and what to say.
#[derive(Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub rendered: Rendered,
    /// Nothing left to fill: it can be sent without asking.
    pub complete: bool,
    /// The variables left, as written (`{first_name}`).
    pub unfilled: Vec<String>,
    /// Said when a template is picked and not complete.
    pub msg: Option<Msg>,
    /// Said when Send is pressed on an incomplete message (a second press sends it).
    pub confirm: Option<Msg>,
}

pub fn checked(rendered: Rendered) -> Checked {
    let unfilled: Vec<String> = rendered.empty.iter().chain(&rendered.unknown).map(|v| format!("{{{v}}}")).collect();
    let complete = rendered.complete();
    let list = unfilled.join(", ");
    Checked {
        complete,
        msg: (!complete).then(|| msg!("template_unfilled", &list)),
        confirm: (!complete).then(|| msg!("template_unfilled_confirm", &list)),
        unfilled,
        rendered,
    }
}

/// People's names as a list: "A and B", "A, B and C".
pub fn names(names: &[&str]) -> Msg {
    match names {
        [] => msg!("plain", ""),
        [one] => msg!("plain", *one),
        [init @ .., last] => msg!("name_list", init.join(", "), *last),
    }
}

/// Contacts sharing a number, each group with what to say.
#[derive(Serialize)]
pub struct DuplicateGroup {
    pub indices: Vec<usize>,
    pub msg: Msg,
    /// The Merge button's accessible name.
    pub merge_label: Msg,
}

pub fn duplicate_groups(list: &[Contact]) -> Vec<DuplicateGroup> {
    contacts::duplicates(list)
        .into_iter()
        .map(|indices| {
            let who: Vec<&str> = indices.iter().map(|&i| list[i].display_name.as_str()).collect();
            DuplicateGroup { msg: msg!("duplicates_share", names(&who)), merge_label: msg!("merge_label", names(&who)), indices }
        })
        .collect()
}

/// How many matches and issues a preview lists (the counts say how many there are in all).
pub const MAX_LISTED: usize = 200;

/// A column's possible contents, as the mapping step offers them.
#[derive(Serialize)]
pub struct FieldChoice {
    pub id: &'static str,
    pub label: Msg,
    pub value: Field,
}

fn field_choices() -> Vec<FieldChoice> {
    use crate::contacts::NumberLabel;
    let all: [(&str, Msg, Field); 15] = [
        ("ignore", Msg::new("field_ignore"), Field::Ignore),
        ("first_name", Msg::new("field_first_name"), Field::FirstName),
        ("middle_name", Msg::new("field_middle_name"), Field::MiddleName),
        ("last_name", Msg::new("field_last_name"), Field::LastName),
        ("display_name", Msg::new("field_display_name"), Field::DisplayName),
        ("prefix", Msg::new("field_prefix"), Field::Prefix),
        ("suffix", Msg::new("field_suffix"), Field::Suffix),
        ("company", Msg::new("field_company"), Field::Company),
        ("position", Msg::new("field_position"), Field::Position),
        ("email", Msg::new("field_email"), Field::Email),
        ("phone", Msg::new("field_phone"), Field::Phone { label: NumberLabel::Mobile, typed_by: None }),
        ("city", Msg::new("field_city"), Field::City),
        ("country", Msg::new("field_country"), Field::Country),
        ("notes", Msg::new("field_notes"), Field::Notes),
        ("tags", Msg::new("field_tags"), Field::Tags),
    ];
    all.into_iter().map(|(id, label, value)| FieldChoice { id, label, value }).collect()
}

/// The id of the choice a column's field is.
fn field_id(f: &Field) -> &'static str {
    field_choices().into_iter().find(|c| std::mem::discriminant(&c.value) == std::mem::discriminant(f)).map_or("ignore", |c| c.id)
}

#[derive(Serialize)]
pub struct MatchView {
    pub index: usize,
    pub msg: Msg,
    /// The per-contact choice's accessible name.
    pub label: Msg,
}

#[derive(Serialize)]
pub struct ColumnView {
    pub field: &'static str,
    pub msg: Msg,
    pub label: Msg,
}

/// What the import preview shows.
#[derive(Serialize)]
pub struct PreviewView {
    pub total: usize,
    /// How many contacts of the file are already there (all of them, though `matches` lists 200).
    pub matching: usize,
    pub summary: Msg,
    pub matches: Vec<MatchView>,
    /// Problems, then warnings ("source: warning"), at most 200 in all.
    pub issues: Vec<Msg>,
    pub issue_summary: Msg,
    pub has_issues: bool,
    /// The CSV table's columns (`None` for vCard) and the fields they can hold.
    pub columns: Option<Vec<ColumnView>>,
    pub fields: Vec<FieldChoice>,
    pub table: Option<CsvInfo>,
    /// What an import sends the worker: the file's kind and the items' contacts, in order
    /// (`importContacts`; a campaign's file source), and the file's problems alone (at most
    /// 200), which a campaign shows beside its own preview.
    pub format: crate::import::plan::Kind,
    pub people: Vec<Contact>,
    pub problems: Vec<Msg>,
}

/// What importing `bytes` would do against `existing` (the options page's preview): refused
/// with the reason when the file is too large or not text.
pub fn import_preview(
    bytes: &[u8],
    existing: &[Contact],
    region: &str,
    mapping: Option<&[Field]>,
    charsets: &dyn crate::import::Charsets,
) -> Result<PreviewView, super::Failure> {
    crate::import::plan::check_file(bytes, charsets).map_err(|m| super::Failure::new("bad_file", m).on("file"))?;
    sendable(preview_view(&crate::import::plan::preview(bytes, existing, region, mapping, charsets)), crate::import::plan::MAX_PEOPLE_JSON)
}

/// The people travel to the worker in one message: refused now, before the user chooses
/// anything, when their JSON is longer than `limit`.
fn sendable(view: PreviewView, limit: usize) -> Result<PreviewView, super::Failure> {
    if json_size(&view.people) > limit {
        return Err(super::Failure::new("too_many", msg!("import_too_many", view.people.len())).on("file"));
    }
    Ok(view)
}

/// The length of `value` as JSON, counted without writing it out.
fn json_size<T: Serialize>(value: &T) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

pub fn preview_view(p: &Preview) -> PreviewView {
    let total = p.items.len();
    let kind = match &p.table {
        None => msg!("import_kind_vcard"),
        Some(t) => msg!(
            "import_kind_csv",
            &t.encoding,
            match t.delimiter {
                '\t' => msg!("delimiter_tab"),
                d => msg!("delimiter_char", d.to_string()),
            }
        ),
    };
    let mut summary = msg!("import_summary", kind, Msg::plural("n_contacts", total), p.new, p.matching);
    if !p.problems.is_empty() {
        summary = msg!("import_summary_problems", summary, Msg::plural("n_problems", p.problems.len()));
    }
    let warnings: Vec<Msg> =
        p.items.iter().flat_map(|i| i.warnings.iter().map(move |w| msg!("import_item_warning", source_arg(&i.source), w.clone()))).collect();
    let warning_count = warnings.len();
    let issues: Vec<Msg> = p.problems.iter().map(|m| msg!("plain", source_arg(m))).chain(warnings).take(MAX_LISTED).collect();
    let matches = p
        .items
        .iter()
        .enumerate()
        .filter_map(|(index, i)| {
            let m = i.matches.as_ref()?;
            let by = if m.by == "number" { msg!("by_number") } else { msg!("by_email") };
            Some(MatchView {
                index,
                msg: msg!("import_match", &i.contact.display_name, source_arg(&i.source), &m.name, by),
                label: msg!("import_match_label", &i.contact.display_name),
            })
        })
        .take(MAX_LISTED)
        .collect();
    let columns = p.table.as_ref().map(|t| {
        t.mapping
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let name = t.header.as_ref().and_then(|h| h.get(i)).filter(|h| !h.is_empty()).map_or_else(|| msg!("column_n", i + 1), |h| msg!("plain", h));
                let example = t.sample.iter().filter_map(|r| r.get(i)).find(|v| !v.trim().is_empty()).map(|v| v.chars().take(40).collect::<String>());
                ColumnView {
                    field: field_id(field),
                    msg: match example {
                        Some(e) => msg!("column_example", name.clone(), e),
                        None => name.clone(),
                    },
                    label: msg!("column_holds", name),
                }
            })
            .collect()
    });
    PreviewView {
        total,
        matching: p.matching,
        summary,
        matches,
        has_issues: !issues.is_empty(),
        issue_summary: msg!("import_issue_counts", Msg::plural("n_problems", p.problems.len()), Msg::plural("n_warnings", warning_count)),
        issues,
        columns,
        fields: field_choices(),
        table: p.table.clone(),
        format: p.kind,
        people: p.items.iter().map(|i| i.contact.clone()).collect(),
        problems: p.problems.iter().map(|m| msg!("plain", source_arg(m))).take(MAX_LISTED).collect(),
    }
}

/// An item's source (where in the file) as a message argument.
fn source_arg<T: Clone + Into<Arg>>(source: &T) -> Arg {
    source.clone().into()
}

/// A backup encrypted with the user's passphrase. The options page's module does this: the
/// worker hands out the backup as JSON text and never loads the cipher.
pub fn encrypt_backup(plain: &str, passphrase: &str, random: &mut dyn FnMut(&mut [u8]) -> bool) -> Result<String, super::Failure> {
    let (mut salt, mut nonce) = ([0u8; 16], [0u8; 12]);
    if !random(&mut salt) || !random(&mut nonce) {
        return Err(super::Failure::new("no_random", msg!("backup_no_random")));
    }
    crate::crypto::encrypt(plain.as_bytes(), passphrase, salt, nonce, crate::crypto::COST).map_err(|e| super::Failure::new(e.code, e.msg).on("passphrase"))
}

/// A backup file as the worker's restore reads it: decrypted with `passphrase` when it is
/// encrypted (the options page's module; the worker refuses an encrypted file).
pub fn decrypt_backup(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, super::Failure> {
    if !crate::crypto::is_encrypted(bytes) {
        return Ok(bytes.to_vec());
    }
    if passphrase.is_empty() {
        return Err(needs_passphrase());
    }
    crate::crypto::decrypt(bytes, passphrase).map_err(|e| super::Failure::new(e.code, e.msg).on("passphrase"))
}

/// An encrypted backup without its passphrase: the page asks for it (the options page when it
/// decrypts, the worker when a file reaches it still encrypted).
pub fn needs_passphrase() -> super::Failure {
    super::Failure::new("encrypted", msg!("nothing_changed", msg!("backup_encrypted"))).on("passphrase")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_too_long_for_one_message_are_refused_with_their_count() {
        let csv = "Name,Phone\nZoe,+44 20 7946 0111\nYan,+44 20 7946 0112\n";
        let view = import_preview(csv.as_bytes(), &[], "GB", None, &crate::import::Builtin).ok().unwrap();
        let size = json_size(&view.people);
        assert_eq!(size, serde_json::to_vec(&view.people).unwrap().len());
        assert!(sendable(view, size).is_ok(), "exactly the limit fits");
        let view = import_preview(csv.as_bytes(), &[], "GB", None, &crate::import::Builtin).ok().unwrap();
        let refused = sendable(view, size - 1).err().unwrap();
        assert_eq!((refused.code, refused.field, refused.msg), ("too_many", Some("file"), msg!("import_too_many", 2usize)));
    }
}
