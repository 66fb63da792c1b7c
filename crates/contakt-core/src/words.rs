//! Words as codes: the core never writes a sentence. Everything a person reads is a [`Msg`]:
//! a key of `extension/_locales/<lang>/messages.json` with its arguments (which may be
//! messages themselves) and, for plurals, a count whose `Intl.PluralRules` category picks
//! the key's variant (`<key>_one`, `<key>_other`, …). The extension renders them with
//! `chrome.i18n`; `tests/tidy.rs` checks that every key made here exists in every locale.

use serde::Serialize;

/// A message for people, by key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Msg {
    pub key: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Arg>,
    /// Picks the plural variant of `key` (the count itself is not an argument unless given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

/// An argument of a message: text as it is (names, numbers) or another message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Text(String),
    Msg(Msg),
    /// An instant (ms since the epoch), written as a date and time in the user's language.
    Time {
        time: i64,
    },
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(m)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Text(n.to_string())
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Text(n.to_string())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Text(n.to_string())
    }
}

/// An instant as a message argument.
pub fn time(ms: i64) -> Arg {
    Arg::Time { time: ms }
}

impl Msg {
    /// A message without arguments.
    pub const fn new(key: &'static str) -> Msg {
        Msg { key, args: Vec::new(), count: None }
    }

    /// The plural variant for `n`, with `n` as the first argument (`$1`).
    pub fn plural(key: &'static str, n: usize) -> Msg {
        Msg { key, args: vec![Arg::Text(n.to_string())], count: Some(n as i64) }
    }

    /// Adds an argument (`$2`, `$3`, … in order).
    pub fn arg(mut self, a: impl Into<Arg>) -> Msg {
        self.args.push(a.into());
        self
    }

    /// The argument texts, for tests and logs (nested messages by key).
    pub fn texts(&self) -> Vec<String> {
        self.args
            .iter()
            .map(|a| match a {
                Arg::Text(t) => t.clone(),
                Arg::Msg(m) => m.key.to_string(),
                Arg::Time { time } => time.to_string(),
            })
            .collect()
    }
}

/// `msg!("key")`, `msg!("key", a, b)`: a message with arguments. `tests/tidy.rs` reads the
/// keys given this way (and by [`Msg::new`] / [`Msg::plural`]) to check the locales.
#[macro_export]
macro_rules! msg {
    ($key:literal) => { $crate::words::Msg::new($key) };
    ($key:literal, $($a:expr),+ $(,)?) => { $crate::words::Msg::new($key)$(.arg($a))+ };
}

impl std::fmt::Display for Msg {
    /// Key and arguments (for logs and panics; people see the locale's text).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.key)?;
        if !self.args.is_empty() {
            write!(f, "({})", self.texts().join(", "))?;
        }
        Ok(())
    }
}
