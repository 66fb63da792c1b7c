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
}

#[wasm_bindgen]
impl AddressBook {
    #[wasm_bindgen(constructor)]
    pub fn new(contacts: JsValue) -> AddressBook {
        AddressBook { index: contacts::SearchIndex::new(&contacts_of(&contacts)) }
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
