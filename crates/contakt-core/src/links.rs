//! Deep links: which URL opens a chat with a number on each platform, and what the user
//! must be told when a platform cannot do that. `docs/deep-links.md` gives each link's source.

use serde::{Deserialize, Serialize};

use crate::phone::PhoneNumber;
use crate::words::Msg;

/// The platforms Contakt can message on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Whatsapp,
    WhatsappBusiness,
    Telegram,
    Signal,
    Viber,
    Wechat,
    Line,
    Kakaotalk,
    Zalo,
    Sms,
}

impl Platform {
    pub const ALL: [Platform; 10] = [
        Platform::Whatsapp,
        Platform::WhatsappBusiness,
        Platform::Telegram,
        Platform::Signal,
        Platform::Viber,
        Platform::Wechat,
        Platform::Line,
        Platform::Kakaotalk,
        Platform::Zalo,
        Platform::Sms,
    ];

    /// The stable identifier stored in settings and history.
    pub fn id(self) -> &'static str {
        match self {
            Platform::Whatsapp => "whatsapp",
            Platform::WhatsappBusiness => "whatsapp_business",
            Platform::Telegram => "telegram",
            Platform::Signal => "signal",
            Platform::Viber => "viber",
            Platform::Wechat => "wechat",
            Platform::Line => "line",
            Platform::Kakaotalk => "kakaotalk",
            Platform::Zalo => "zalo",
            Platform::Sms => "sms",
        }
    }

    pub fn from_id(id: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Platform::Whatsapp => "WhatsApp",
            Platform::WhatsappBusiness => "WhatsApp Business",
            Platform::Telegram => "Telegram",
            Platform::Signal => "Signal",
            Platform::Viber => "Viber",
            Platform::Wechat => "WeChat",
            Platform::Line => "LINE",
            Platform::Kakaotalk => "KakaoTalk",
            Platform::Zalo => "Zalo",
            Platform::Sms => "SMS",
        }
    }

    /// What this platform can do with a number and a text, independent of the number.
    pub fn capability(self) -> Capability {
        use Capability as C;
        match self {
            Platform::Whatsapp | Platform::WhatsappBusiness | Platform::Viber | Platform::Sms => C { opens_chat: true, prefills_text: true },
            Platform::Telegram | Platform::Signal | Platform::Zalo => C { opens_chat: true, prefills_text: false },
            Platform::Line => C { opens_chat: false, prefills_text: true },
            Platform::Wechat | Platform::Kakaotalk => C { opens_chat: false, prefills_text: false },
        }
    }

    /// What Send will do on this platform, told before the user presses it (a key of the
    /// locales' messages).
    pub fn notice(self) -> Msg {
        match self {
            Platform::Whatsapp | Platform::WhatsappBusiness => Msg::new("notice_whatsapp"),
            Platform::Viber => Msg::new("notice_viber"),
            Platform::Sms => Msg::new("notice_sms"),
            Platform::Telegram => Msg::new("notice_telegram"),
            Platform::Signal => Msg::new("notice_signal"),
            Platform::Zalo => Msg::new("notice_zalo"),
            Platform::Line => Msg::new("notice_line"),
            Platform::Wechat => Msg::new("notice_wechat"),
            Platform::Kakaotalk => Msg::new("notice_kakaotalk"),
        }
    }
}

/// What a platform's link can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capability {
    /// The link opens a conversation with the number itself.
    pub opens_chat: bool,
    /// The link carries the message text.
    pub prefills_text: bool,
}

/// How WhatsApp links open: in the browser (wa.me) or in the desktop app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhatsappTarget {
    #[default]
    Web,
    Desktop,
}

/// Everything needed to carry out a send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChatLink {
    pub platform: Platform,
    /// The URL to open in a new tab; `None` when the platform has no honest link.
    pub url: Option<String>,
    /// Text to put on the clipboard before opening, when the link cannot carry it all.
    pub clipboard: Option<String>,
    pub capability: Capability,
    pub notice: Msg,
}

/// Builds the link that messages `number` with `text` on `platform`.
pub fn chat_link(platform: Platform, number: &PhoneNumber, text: &str, whatsapp: WhatsappTarget) -> ChatLink {
    let digits = number.e164.trim_start_matches('+');
    let e164 = &number.e164;
    let t = encode(text);
    let has_text = !text.is_empty();
    let with_text = |base: String, sep: &str, key: &str| {
        if has_text {
            format!("{base}{sep}{key}={t}")
        } else {
            base
        }
    };
    let (url, clipboard): (Option<String>, Option<String>) = match platform {
        Platform::Whatsapp | Platform::WhatsappBusiness => match whatsapp {
            WhatsappTarget::Web => (Some(with_text(format!("https://wa.me/{digits}"), "?", "text")), None),
            WhatsappTarget::Desktop => (Some(with_text(format!("whatsapp://send?phone={digits}"), "&", "text")), None),
        },
        Platform::Viber => (Some(with_text(format!("viber://chat?number=%2B{digits}"), "&", "draft")), None),
        Platform::Sms => (Some(with_text(format!("sms:{e164}"), "?", "body")), None),
        Platform::Telegram => (Some(format!("https://t.me/{e164}")), has_text.then(|| text.to_string())),
        Platform::Signal => (Some(format!("https://signal.me/#p/{e164}")), has_text.then(|| text.to_string())),
        Platform::Zalo => (Some(format!("https://zalo.me/{digits}")), has_text.then(|| text.to_string())),
        Platform::Line => {
            let url = if has_text { format!("https://line.me/R/share?text={t}") } else { "https://line.me/R/nv/addFriends".to_string() };
            (Some(url), Some(number.international.clone()))
        }
        Platform::Wechat => (Some("weixin://".to_string()), Some(number_and_text(number, text))),
        Platform::Kakaotalk => (None, Some(number_and_text(number, text))),
    };
    ChatLink { platform, url, clipboard, capability: platform.capability(), notice: platform.notice() }
}

fn number_and_text(number: &PhoneNumber, text: &str) -> String {
    if text.is_empty() {
        number.international.clone()
    } else {
        format!("{}\n{}", number.international, text)
    }
}

/// Percent-encodes UTF-8 text for a query value: everything but RFC 3986's unreserved
/// characters is escaped, so `&`, `#`, `+`, `%`, newlines and emoji survive.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[(byte >> 4) as usize] as char);
                out.push(HEX[(byte & 15) as usize] as char);
            }
        }
    }
    out
}

/// The inverse of [`encode`] (also accepts lower-case hex). `None` for malformed escapes or
/// bytes that are not UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
