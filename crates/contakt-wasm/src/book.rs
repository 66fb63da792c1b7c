//! The address book for the pages: a search index kept by the page, the edit form's text,
//! duplicates.

use contakt_core::contacts::{self, Contact, Sort};
use wasm_bindgen::prelude::*;

use crate::{answer, from_js, ok, read};

fn contacts_of(v: &JsValue) -> Vec<Contact> {
    contacts::from_stored(&from_js(v)).0
}

/// The contacts prepared for search once (an opaque handle kept by the page), so each
/// keystroke only scans.
#[wasm_bindgen]
pub struct AddressBook {
    index: contacts::SearchIndex,
    /// The contacts themselves, for the questions asked of all of them (a campaign's preview).
    contacts: Vec<Contact>,
}

#[wasm_bindgen]
impl AddressBook {
    #[wasm_bindgen(constructor)]
    pub fn new(contacts: JsValue) -> AddressBook {
        let contacts = contacts_of(&contacts);
        AddressBook { index: contacts::SearchIndex::new(&contacts), contacts }
    }

    /// A campaign draft's preview against these contacts (see
    /// `contakt_core::app::campaigns::preview_with_book`): the page asks it as the user types,
    /// without the worker reading and parsing the address book again. `sync`: the synced items
    /// the page has (`settings`, `template:<id>`); `optOut`: the opt-out list's numbers.
    #[wasm_bindgen(js_name = campaignPreview)]
    pub fn campaign_preview(&self, draft: JsValue, offset: usize, opt_out: JsValue, sync: JsValue, locale: &str) -> JsValue {
        let sync = match from_js(&sync) {
            serde_json::Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        let opt_out: Vec<String> = serde_json::from_value(from_js(&opt_out)).unwrap_or_default();
        let settings = sync.get("settings").cloned().unwrap_or_default();
        answer(contakt_core::app::campaign_preview_with_book(&self.contacts, from_js(&draft), offset, &opt_out, &settings, &sync, locale))
    }

    /// The indices of the matching contacts, best first (`sort`: "relevance", "name", "recent").
    pub fn search(&self, query: &str, tag: Option<String>, sort: Option<String>) -> JsValue {
        let sort = Sort::from_name(sort.as_deref().unwrap_or(""));
        ok(self.index.search(query, tag.as_deref(), sort))
    }
}

/// The edit form's text for a contact.
#[wasm_bindgen(js_name = contactForm)]
pub fn contact_form(contact: JsValue) -> JsValue {
    answer(read::<Contact>(&contact, contakt_core::words::Msg::new("what_contact")).map(|c| c.to_form()))
}

/// Groups of contacts sharing a normalised number: `[[index, …], …]`, each with its message.
#[wasm_bindgen(js_name = duplicateGroups)]
pub fn duplicate_groups(stored: JsValue) -> JsValue {
    ok(contakt_core::app::duplicate_groups(&contacts_of(&stored)))
}
