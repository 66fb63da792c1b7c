//! The vCard reader on the real corpus (`../shared/corpus/vcf`, with the expected readings
//! in `expected-vcf.json`) when it is there, and on our own fixtures for every quirk always.

use contakt_core::import::vcard::{read, Card};
use contakt_core::import::Charsets;
use contakt_core::msg;
use std::path::PathBuf;

/// What the browser's TextDecoder does, natively.
struct EncodingRs;

impl Charsets for EncodingRs {
    fn decode(&self, label: &str, bytes: &[u8]) -> Option<String> {
        encoding_rs::Encoding::for_label(label.as_bytes()).map(|e| e.decode_without_bom_handling(bytes).0.into_owned())
    }
}

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    dir.join("expected-vcf.json").exists().then_some(dir)
}

fn summary(card: &Card) -> serde_json::Value {
    serde_json::json!({
        "formatted_name": card.formatted_name(),
        "name_parts": card.name_parts(),
        "phones": card.all("TEL").map(|p| p.value.trim().to_string()).collect::<Vec<_>>(),
        "emails": card.all("EMAIL").map(|p| p.value.trim().to_string()).collect::<Vec<_>>(),
    })
}

/// Equal, where an expected string ending in "…" (the file abbreviates long values) is a prefix.
fn same(got: &serde_json::Value, want: &serde_json::Value) -> bool {
    match (got, want) {
        (serde_json::Value::String(g), serde_json::Value::String(w)) => match w.strip_suffix('…') {
            Some(prefix) => g.starts_with(prefix),
            None => g == w,
        },
        (serde_json::Value::Array(g), serde_json::Value::Array(w)) => g.len() == w.len() && g.iter().zip(w).all(|(g, w)| same(g, w)),
        (serde_json::Value::Object(g), serde_json::Value::Object(w)) => g.len() == w.len() && w.iter().all(|(k, w)| g.get(k).is_some_and(|g| same(g, w))),
        _ => got == want,
    }
}

#[test]
fn every_corpus_file_reads_as_expected() {
    let Some(dir) = corpus() else {
        eprintln!("../shared/corpus not present: corpus test skipped (fixtures below still run)");
        return;
    };
    let expected: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("expected-vcf.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut files = 0;
    for (file, want) in expected.as_object().unwrap() {
        files += 1;
        let bytes = std::fs::read(dir.join("vcf").join(file)).unwrap();
        let got = read(&bytes, &EncodingRs);
        if got.cards.len() as u64 != want["cards"].as_u64().unwrap() {
            failures.push(format!("{file}: {} cards, expected {}", got.cards.len(), want["cards"]));
            continue;
        }
        for (i, w) in want["first_cards"].as_array().unwrap().iter().enumerate() {
            let g = summary(&got.cards[i]);
            if !same(&g, w) {
                failures.push(format!("{file} card {i}:\n  got      {g}\n  expected {w}"));
            }
        }
    }
    assert_eq!(files, 20);
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn quirks_of_real_exporters() {
    // 2.1 with bare parameters, QP with a soft break and CHARSET, CR CR LF, comments, blank
    // lines, lower-case keywords, a line without a colon, a photo, a missing END.
    let file = b"\r\n# exported\r\nbegin:vcard\r\r\nversion:2.1\r\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\r\nller;J=C3=B6rg;;;\r\ntel;WORK;VOICE:+49 30 1234567\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n AAAA\r\n\r\nNOTE:line one\\nline two\r\nbroken line\r\nEND:VCARD\r\n\r\nBEGIN:VCARD\nVERSION:3.0\nFN:Ana\\, the second\nEMAIL;type=INTERNET:ana@example.com\nBEGIN:VCARD\nVERSION:4.0\nTEL;VALUE=uri;TYPE=\"cell,voice\":tel:+1-201-555-0123\nEND:VCARD\n";
    let got = read(file, &EncodingRs);
    assert_eq!(got.cards.len(), 3);
    let [a, b, c] = [&got.cards[0], &got.cards[1], &got.cards[2]];
    assert_eq!(a.version, "2.1");
    assert_eq!(a.name_parts(), ["Müller", "Jörg", "", "", ""]);
    assert_eq!(a.get("TEL").unwrap().types(), ["work", "voice"]);
    assert_eq!(a.get("NOTE").unwrap().value, "line one\\nline two", "2.1 has no \\n escape");
    assert!(a.warnings.contains(&msg!("import_vcard_binary_skipped", "8", "PHOTO")), "{:?}", a.warnings);
    assert!(a.warnings.contains(&msg!("import_vcard_not_a_property", "12")), "{:?}", a.warnings);
    assert_eq!(b.formatted_name(), "Ana, the second");
    assert!(b.warnings.contains(&msg!("import_vcard_begin_before_end", "19")), "{:?}", b.warnings);
    assert_eq!(c.get("TEL").unwrap().value, "tel:+1-201-555-0123");
    assert_eq!(c.get("TEL").unwrap().types(), ["cell", "voice"]);

    // UTF-16 with and without BOM; a fold inside a UTF-8 character; Shift_JIS by CHARSET;
    // Latin-1 guessed (and said) for 8-bit QP without a charset.
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ωmega\r\nEND:VCARD\r\n";
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for bytes in [le, be] {
        assert_eq!(read(&bytes, &EncodingRs).cards[0].formatted_name(), "Zoë Ωmega");
    }
    let split = "BEGIN:VCARD\nFN:Ζήνων\nEND:VCARD\n".as_bytes().to_vec();
    let at = split.iter().position(|&b| b == 0xCE).unwrap() + 3; // inside the second letter
    let folded: Vec<u8> = [&split[..at], b"\n ", &split[at..]].concat();
    assert_eq!(read(&folded, &EncodingRs).cards[0].formatted_name(), "Ζήνων");
    let sjis = [b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=SHIFT_JIS:".as_slice(), &[0x88, 0xC0, 0x93, 0xA1], b"\nEND:VCARD\n"].concat();
    assert_eq!(read(&sjis, &EncodingRs).cards[0].formatted_name(), "安藤");
    let latin = read(b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski\nEND:VCARD\n", &EncodingRs);
    assert_eq!(latin.cards[0].formatted_name(), "Iksiñski");
    assert!(latin.cards[0].warnings.contains(&msg!("import_vcard_charset_missing", "3", "FN")), "{:?}", latin.cards[0].warnings);

    // Text outside cards is reported, not silently dropped.
    let stray = read(b"hello\nBEGIN:VCARD\nFN:X\nEND:VCARD\nEND:VCARD\n", &EncodingRs);
    assert_eq!(stray.cards.len(), 1);
    assert_eq!(stray.problems, [msg!("import_vcard_text_outside_card", "1"), msg!("import_vcard_end_without_begin", "5")]);
}

/// The product owner's `vcard_parser` as a second reader: on the corpus files it accepts
/// (clean 4.0 only; it refuses or misreads the rest, see docs/ARCHITECTURE.md), it finds the
/// same cards, names and e-mail addresses as ours.
#[test]
fn vcard_parser_agrees_where_it_reads() {
    use vcard_parser::traits::HasValue;
    let Some(dir) = corpus() else { return };
    let mut read_by_both = Vec::new();
    let mut dropped = Vec::new();
    for entry in std::fs::read_dir(dir.join("vcf")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let Ok(theirs) = vcard_parser::parse_vcards(text) else { continue };
        let ours = read(&bytes, &EncodingRs);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // Its documented defect: after a line it cannot read, it drops that card and all later
        // ones while answering Ok. Ours reads the count expected-vcf.json gives (test above).
        assert!(theirs.len() <= ours.cards.len(), "{name}: it found more cards than ours");
        if theirs.len() < ours.cards.len() {
            dropped.push(format!("{name}: {} of {} cards", theirs.len(), ours.cards.len()));
        }
        for (t, o) in theirs.iter().zip(&ours.cards) {
            let emails: Vec<String> = t.get_properties_by_name("EMAIL").iter().map(|p| p.get_value().to_string()).collect();
            assert_eq!(emails, o.all("EMAIL").map(|p| p.value.clone()).collect::<Vec<_>>(), "{name}: e-mails");
            let fn_theirs = t.get_property_by_name("FN").map(|p| p.get_value().to_string()).unwrap_or_default();
            if !fn_theirs.contains('\\') {
                assert_eq!(fn_theirs, o.formatted_name(), "{name}: FN");
            }
        }
        read_by_both.push(name);
    }
    eprintln!("vcard_parser read {} of the corpus files: {read_by_both:?}; silently short: {dropped:?}", read_by_both.len());
    assert!(!read_by_both.is_empty(), "the oracle read nothing: the comparison would be empty");
}
