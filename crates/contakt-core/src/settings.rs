//! User settings: what they hold, their defaults and how stored values are read back.
//! Settings live in `chrome.storage.sync`; the service worker writes them after
//! [`Settings::validated`] accepted them.

use serde::{Deserialize, Serialize};

use crate::links::{Platform, WhatsappTarget};
use crate::msg;
use crate::phone;
use crate::words::Msg;

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
    /// Find phone numbers on web pages and make them clickable (off until the user turns it on).
    pub detect_numbers: bool,
    /// Sites where numbers are never looked for: host names; each covers its subdomains.
    pub excluded_sites: Vec<String>,
    /// A scheduled message opens its chat at its time instead of showing a notification.
    pub open_scheduled_directly: bool,
    /// Whether sends are recorded in the history (off: nothing is recorded from then on).
    pub keep_history: bool,
    /// In a campaign, what the open chat is marked when the user opens the next one unmarked.
    pub campaign_move_on: crate::campaigns::MoveOn,
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
    pub msg: Msg,
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
            detect_numbers: false,
            excluded_sites: Vec::new(),
            open_scheduled_directly: false,
            keep_history: true,
            campaign_move_on: crate::campaigns::MoveOn::Unmarked,
        }
    }

    /// Checks settings coming from the user; "my number" is stored normalised to E.164.
    pub fn validated(mut self) -> Result<Settings, SettingsError> {
        self.default_region = self.default_region.trim().to_ascii_uppercase();
        if !phone::is_region(&self.default_region) {
            return Err(SettingsError { field: "default_region", msg: msg!("phone_unknown_region", &self.default_region) });
        }
        let mine = self.my_number.trim();
        self.my_number = if mine.is_empty() {
            String::new()
        } else {
            phone::parse(mine, &self.default_region).map_err(|e| SettingsError { field: "my_number", msg: e.msg() })?.e164
        };
        let mut sites = Vec::new();
        for entry in &self.excluded_sites {
            if entry.trim().is_empty() {
                continue;
            }
            let site = site_of(entry).ok_or_else(|| SettingsError { field: "excluded_sites", msg: msg!("settings_not_a_site", entry.trim()) })?;
            if !sites.contains(&site) {
                sites.push(site);
            }
        }
        sites.sort();
        self.excluded_sites = sites;
        self.version = SETTINGS_VERSION;
        Ok(self)
    }

    /// Whether numbers may be looked for on a page of `host`.
    pub fn detection_allowed(&self, host: &str) -> bool {
        let Some(host) = site_of(host) else { return false };
        self.detect_numbers && !self.excluded_sites.iter().any(|s| host == *s || host.ends_with(&format!(".{s}")))
    }

    /// These settings with `host`'s site added to (or, with `exclude == false`, removed from)
    /// the excluded sites.
    pub fn with_site_excluded(mut self, host: &str, exclude: bool) -> Settings {
        if let Some(site) = site_of(host) {
            self.excluded_sites.retain(|s| *s != site);
            if exclude {
                self.excluded_sites.push(site);
                self.excluded_sites.sort();
            }
        }
        self
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
        if let Some(d) = obj.get("detect_numbers").and_then(|v| v.as_bool()) {
            settings.detect_numbers = d;
        }
        if let Some(list) = obj.get("excluded_sites").and_then(|v| v.as_array()) {
            settings.excluded_sites = list.iter().filter_map(|v| v.as_str()).filter_map(site_of).collect();
        }
        if let Some(d) = obj.get("open_scheduled_directly").and_then(|v| v.as_bool()) {
            settings.open_scheduled_directly = d;
        }
        if let Some(k) = obj.get("keep_history").and_then(|v| v.as_bool()) {
            settings.keep_history = k;
        }
        if let Some(m) = obj.get("campaign_move_on").cloned().and_then(|m| serde_json::from_value(m).ok()) {
            settings.campaign_move_on = m;
        }
        settings
    }
}

/// The site a host name, URL or what a user typed names: lower case, without scheme, port,
/// path or a leading "www.". `None` when it is not a host name.
pub fn site_of(input: &str) -> Option<String> {
    let mut s = input.trim().to_ascii_lowercase();
    if let Some(i) = s.find("://") {
        s = s[i + 3..].to_string();
    }
    let end = s.find(['/', ':', '?', '#']).unwrap_or(s.len());
    s.truncate(end);
    let s = s.strip_prefix("www.").unwrap_or(&s).trim_end_matches('.').to_string();
    let ok =
        !s.is_empty() && s.len() <= 253 && s.split('.').all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    ok.then_some(s)
}
