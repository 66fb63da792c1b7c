//! Message templates: a body with `{variables}` filled from a contact, the user's number and
//! the date. Unknown or empty variables are reported so the user sees them before sending;
//! nothing is ever sent as raw braces without the user's say. `{{` and `}}` write braces.

use serde::{Deserialize, Serialize};

use crate::contacts::Contact;
use crate::msg;
use crate::words::Msg;

/// The variables a template may use.
pub const VARIABLES: [&str; 6] = ["first_name", "last_name", "name", "company", "my_number", "date"];

/// The longest template body (a message, not a document).
pub const MAX_BODY_CHARS: usize = 4000;

/// chrome.storage.sync's limit for one item (its key plus its value as JSON), in bytes.
pub const SYNC_ITEM_BYTES: usize = 8192;

/// A saved template. Each is one `chrome.storage.sync` item under [`Template::key`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Template {
    pub id: String,
    pub title: String,
    pub body: String,
    pub updated: i64,
}

/// Why a template was refused, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub field: &'static str,
    pub msg: Msg,
}

impl Template {
    /// The storage key of this template.
    pub fn key(&self) -> String {
        format!("template:{}", self.id)
    }

    /// Checks a template the user wrote: a title, a body of reasonable length, and small
    /// enough to be one synced item.
    pub fn validated(mut self) -> Result<Template, TemplateError> {
        self.title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.title.is_empty() {
            return Err(TemplateError { field: "title", msg: msg!("template_no_title") });
        }
        if self.title.chars().count() > 100 {
            return Err(TemplateError { field: "title", msg: msg!("template_title_too_long", 100usize) });
        }
        if self.body.trim().is_empty() {
            return Err(TemplateError { field: "body", msg: msg!("template_no_body") });
        }
        let chars = self.body.chars().count();
        if chars > MAX_BODY_CHARS {
            return Err(TemplateError { field: "body", msg: msg!("template_body_too_long", chars, MAX_BODY_CHARS) });
        }
        let bytes = self.key().len() + serde_json::to_string(&self).map(|j| j.len()).unwrap_or(usize::MAX);
        if bytes > SYNC_ITEM_BYTES {
            return Err(TemplateError { field: "body", msg: msg!("template_too_big", bytes, SYNC_ITEM_BYTES) });
        }
        Ok(self)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rendered {
    pub text: String,
    /// Variables the template names that Contakt does not know (left as written).
    pub unknown: Vec<String>,
    /// Known variables with no value for this contact (left as written).
    pub empty: Vec<String>,
}

impl Rendered {
    /// Whether the text can be sent without asking the user first.
    pub fn complete(&self) -> bool {
        self.unknown.is_empty() && self.empty.is_empty()
    }
}

/// The variables still written in a message (`{first_name}`, `{unknown}`…): what a filled
/// template left for the user to fill, checked again before sending.
pub fn unfilled(text: &str) -> Rendered {
    render(text, None, "", "")
}

/// Fills `body` for `contact` (or no contact), `my_number` and `date` (already formatted for
/// the user's locale by the caller).
pub fn render(body: &str, contact: Option<&Contact>, my_number: &str, date: &str) -> Rendered {
    let value = |name: &str| -> Option<String> {
        let v = match name {
            "first_name" => contact.map(|c| c.first_name.clone()),
            "last_name" => contact.map(|c| c.last_name.clone()),
            "name" => contact.map(|c| c.display_name.clone()),
            "company" => contact.map(|c| c.company.clone()),
            "my_number" => Some(my_number.to_string()),
            "date" => Some(date.to_string()),
            _ => return None,
        };
        Some(v.unwrap_or_default())
    };
    let mut text = String::with_capacity(body.len());
    let (mut unknown, mut empty) = (Vec::new(), Vec::new());
    let mut rest = body;
    while let Some(i) = rest.find(['{', '}']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            text.push(tail.as_bytes()[0] as char);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{') {
            if let Some(end) = tail.find('}') {
                let name = &tail[1..end];
                let plain = !name.is_empty() && name.len() <= 32 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if plain {
                    match value(name) {
                        Some(v) if !v.is_empty() => text.push_str(&v),
                        Some(_) => {
                            if !empty.iter().any(|e| e == name) {
                                empty.push(name.to_string());
                            }
                            text.push_str(&tail[..=end]);
                        }
                        None => {
                            if !unknown.iter().any(|e| e == name) {
                                unknown.push(name.to_string());
                            }
                            text.push_str(&tail[..=end]);
                        }
                    }
                    rest = &tail[end + 1..];
                    continue;
                }
            }
        }
        // A lone brace is text.
        text.push(tail.as_bytes()[0] as char);
        rest = &tail[1..];
    }
    text.push_str(rest);
    Rendered { text, unknown, empty }
}
