//! Planning a send: from what the user typed to the link to open and the history entry.

use serde::Serialize;

use crate::links::{chat_link, ChatLink, Platform};
use crate::msg;
use crate::phone::{self, PhoneError, PhoneNumber};
use crate::settings::Settings;
use crate::words::Msg;

/// The longest message we put in a link. Browsers and platforms cut URLs near 32K–64K;
/// each character may take 12 bytes percent-encoded.
pub const MAX_TEXT_CHARS: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SendPlan {
    pub number: PhoneNumber,
    pub link: ChatLink,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    Number(PhoneError),
    TextTooLong { chars: usize },
}

impl SendError {
    pub fn code(&self) -> &'static str {
        match self {
            SendError::Number(e) => e.code(),
            SendError::TextTooLong { .. } => "text_too_long",
        }
    }
    /// What to tell the user.
    pub fn msg(&self) -> Msg {
        match self {
            SendError::Number(e) => e.msg(),
            SendError::TextTooLong { chars } => msg!("send_text_too_long", *chars, MAX_TEXT_CHARS),
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            SendError::Number(_) => "number",
            SendError::TextTooLong { .. } => "text",
        }
    }
}

/// Validates the number (with the settings' default region) and the text, and builds the link.
pub fn plan(input: &str, platform: Platform, text: &str, settings: &Settings) -> Result<SendPlan, SendError> {
    let number = phone::parse(input, &settings.default_region).map_err(SendError::Number)?;
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(SendError::TextTooLong { chars });
    }
    let link = chat_link(platform, &number, text, settings.whatsapp_target);
    Ok(SendPlan { number, link, text: text.to_string() })
}
