//! User settings: what they hold, their defaults and how stored values are read back.
//! Settings live in `chrome.storage.sync`; the service worker writes them after
//! [`Settings::validated`] accepted them.

use serde::{Deserialize, Serialize};

use crate::links::{Platform, WhatsappTarget};
use crate::phone;

/// Version of the stored settings' shape; [`Settings::from_stored`] reads every earlier one.
pub const SETTINGS_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub version: u32,
    /// ISO 3166 region used for numbers written without a country code.
    pub default_region: String,
    pub default_platform: Platform,
    /// The user's own number in E.164, or empty.
    pub my_number: String,
    pub whatsapp_target: WhatsappTarget,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::for_locale("en-US")
    }
}

/// Why settings were refused, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    pub field: &'static str,
    pub message: String,
}

impl Settings {
    /// First-run settings for a browser locale (the region comes from it).
    pub fn for_locale(locale: &str) -> Settings {
        Settings {
            version: SETTINGS_VERSION,
            default_region: phone::region_from_locale(locale),
            default_platform: Platform::Whatsapp,
            my_number: String::new(),
            whatsapp_target: WhatsappTarget::Web,
        }
    }

    /// Checks settings coming from the user; "my number" is stored normalised to E.164.
    pub fn validated(mut self) -> Result<Settings, SettingsError> {
        self.default_region = self.default_region.trim().to_ascii_uppercase();
        if !phone::is_region(&self.default_region) {
            return Err(SettingsError {
                field: "default_region",
                message: format!("'{}' is not a country Contakt knows.", self.default_region),
            });
        }
        let mine = self.my_number.trim();
        self.my_number = if mine.is_empty() {
            String::new()
        } else {
            phone::parse(mine, &self.default_region)
                .map_err(|e| SettingsError { field: "my_number", message: e.message() })?
                .e164
        };
        self.version = SETTINGS_VERSION;
        Ok(self)
    }

    /// Reads whatever is stored (missing, older or damaged) into usable settings: known
    /// fields are kept, unknown or invalid ones fall back to the locale's defaults.
    pub fn from_stored(stored: &serde_json::Value, locale: &str) -> Settings {
        let defaults = Settings::for_locale(locale);
        let mut settings = defaults.clone();
        let Some(obj) = stored.as_object() else { return defaults };
        if let Some(r) = obj.get("default_region").and_then(|v| v.as_str()) {
            if phone::is_region(r) {
                settings.default_region = r.to_ascii_uppercase();
            }
        }
        if let Some(p) = obj.get("default_platform").and_then(|v| v.as_str()).and_then(Platform::from_id) {
            settings.default_platform = p;
        }
        if let Some(n) = obj.get("my_number").and_then(|v| v.as_str()) {
            if n.is_empty() || phone::parse(n, &settings.default_region).is_ok() {
                settings.my_number = n.to_string();
            }
        }
        if let Some(w) = obj.get("whatsapp_target").cloned() {
            if let Ok(w) = serde_json::from_value(w) {
                settings.whatsapp_target = w;
            }
        }
        settings
    }
}
