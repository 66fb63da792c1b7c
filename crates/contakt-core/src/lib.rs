//! Contakt's core: every rule of the extension, as plain Rust.
//!
//! Architecture invariant: this crate never touches `chrome.*`, the DOM, the network, the
//! clock or randomness. Times and ids come in as arguments, so every rule is testable with
//! `cargo test` on any machine.
//!
//! - [`phone`]: parsing, validating and formatting numbers (the only door to the engine).
//! - [`links`]: each platform's deep link and what it can do.
//! - [`send`]: from typed input to a link, with the reason when it cannot be sent.
//! - [`settings`], [`history`]: what is stored and how stored data is read back.
//! - [`contacts`]: the address book's rules (normalising, search, duplicates, merge).
//! - [`templates`]: filling message templates, with what could not be filled.
//! - [`campaigns`]: one message to many people, opened one chat at a time, with a status each.
//! - [`tags`]: the tag registry (names, colours), rename and delete across contacts.
//! - [`schedule`]: reminders and scheduled messages: what fires when, across time zones.
//! - [`import`]: reading vCard and CSV files (bytes in), the import preview and its choices.
//! - [`export`]: writing contacts as vCard 3.0/4.0 and Google CSV.
//! - [`qr`]: a chat link as a QR code (an SVG path).
//! - [`app`]: the one entry: every request and browser event answered with reply, writes and effects.
//! - [`words`]: messages as codes with arguments (the extension renders them from its locales).
//! - [`backup`], [`crypto`]: the backup file, its restore (checked whole first), and its encrypted form.
//! - [`schema`]: the stored data's version and the migrations from every earlier one.

pub mod app;
pub mod backup;
pub mod campaigns;
pub mod contacts;
pub mod counters;
pub mod crypto;
pub mod export;
pub mod history;
pub mod import;
pub mod links;
pub mod phone;
pub mod qr;
pub mod schedule;
pub mod schema;
pub mod send;
pub mod settings;
pub mod tags;
pub mod templates;
pub mod words;
