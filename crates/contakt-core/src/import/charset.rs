//! Text encodings: what the core decodes itself (UTF-8, UTF-16, Latin-1, Windows-1252) and the
//! door for the rest.

/// Decodes `bytes` written in the charset `label` (a WHATWG/IANA label such as "shift_jis"),
/// or `None` when the label is unknown.
pub trait Charsets {
    fn decode(&self, label: &str, bytes: &[u8]) -> Option<String>;
}

/// The charsets every Contakt build has.
pub struct Builtin;

/// Windows-1252's characters for 0x80..=0x9F (0 where the code page has none).
const CP1252: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

pub fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(CP1252[(b - 0x80) as usize] as u32).filter(|&c| c != '\0').unwrap_or(b as char),
            _ => b as char,
        })
        .collect()
}

pub fn utf16(bytes: &[u8], big_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| if big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) });
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

impl Charsets for Builtin {
    fn decode(&self, label: &str, bytes: &[u8]) -> Option<String> {
        match label.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(String::from_utf8_lossy(bytes).into_owned()),
            "us-ascii" | "ascii" | "iso-8859-1" | "iso8859-1" | "latin1" | "l1" | "windows-1252" | "cp1252" => Some(windows_1252(bytes)),
            "utf-16le" => Some(utf16(bytes, false)),
            "utf-16be" | "utf-16" => Some(utf16(bytes, true)),
            _ => None,
        }
    }
}

/// How a whole file is encoded, from its first bytes: a BOM, or UTF-16 without one (every
/// other byte zero in the ASCII text of a contact file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Not UTF-16; no BOM: bytes, decoded per value.
    Bytes,
}

pub fn sniff(bytes: &[u8]) -> (FileEncoding, usize) {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (FileEncoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (FileEncoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (FileEncoding::Utf16Be, 2),
        _ => {
            let head = &bytes[..bytes.len().min(400) & !1];
            let pairs = head.len() / 2;
            if pairs >= 4 {
                let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
                let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
                if even * 10 >= pairs * 7 && odd * 10 < pairs {
                    return (FileEncoding::Utf16Be, 0);
                }
                if odd * 10 >= pairs * 7 && even * 10 < pairs {
                    return (FileEncoding::Utf16Le, 0);
                }
            }
            (FileEncoding::Bytes, 0)
        }
    }
}

/// The file as bytes in which every ASCII character is itself: UTF-16 is decoded to UTF-8; a
/// UTF-8 BOM is dropped; anything else is left for per-value decoding.
pub fn normalise(bytes: &[u8]) -> Vec<u8> {
    match sniff(bytes) {
        (FileEncoding::Utf16Le, skip) => utf16(&bytes[skip..], false).into_bytes(),
        (FileEncoding::Utf16Be, skip) => utf16(&bytes[skip..], true).into_bytes(),
        (_, skip) => bytes[skip..].to_vec(),
    }
}

/// Text of a value's bytes: its declared charset if any (known to `charsets`), else UTF-8 when
/// valid, else Windows-1252 (the common legacy default). The flag says a guess was made.
pub fn decode_value(bytes: &[u8], charset: Option<&str>, charsets: &dyn Charsets) -> (String, bool) {
    if let Some(label) = charset {
        if let Some(text) = Builtin.decode(label, bytes).or_else(|| charsets.decode(label, bytes)) {
            return (text, false);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), charset.is_some()),
        Err(_) => (windows_1252(bytes), true),
    }
}
