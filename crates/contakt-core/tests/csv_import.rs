//! CSV import: every corpus file (`../shared/corpus/csv`) when present, with what we read in
//! each by hand; our own fixtures for each quirk always.

use contakt_core::contacts::{Contact, NumberLabel};
use contakt_core::import::csv::{contact_of, read, Field, Table};
use contakt_core::import::Charsets;
use contakt_core::msg;
use contakt_core::words::Msg;
use std::path::PathBuf;

struct EncodingRs;

impl Charsets for EncodingRs {
    fn decode(&self, label: &str, bytes: &[u8]) -> Option<String> {
        encoding_rs::Encoding::for_label(label.as_bytes()).map(|e| e.decode_without_bom_handling(bytes).0.into_owned())
    }
}

fn contacts(t: &Table) -> Vec<Contact> {
    t.rows.iter().filter_map(|r| contact_of(r, &t.mapping)).collect()
}

fn corpus(file: &str) -> Option<Table> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/csv").join(file);
    path.exists().then(|| read(&std::fs::read(path).unwrap(), &EncodingRs))
}

fn numbers(c: &Contact) -> Vec<(NumberLabel, &str)> {
    c.numbers.iter().map(|n| (n.label, n.raw.as_str())).collect()
}

#[test]
fn corpus_files() {
    let Some(t) = corpus("rc_gmail.csv") else {
        eprintln!("../shared/corpus not present: corpus CSV test skipped (fixtures still run)");
        return;
    };
    // Legacy Google: typed phones, ` ::: ` groups, a quoted multi-line address, "" escapes.
    let c = &contacts(&t)[0];
    assert_eq!((t.encoding.as_str(), t.delimiter, t.rows.len()), ("utf-8", ',', 1));
    assert_eq!(
        (c.display_name.as_str(), c.first_name.as_str(), c.last_name.as_str()),
        ("Prefix Firstname Middle Lastname Suffix", "Firstname Middle", "Lastname")
    );
    assert_eq!(c.emails, ["home@aaa.pl", "work@email.pl", "unknown@email.com", "other@email.com"]);
    assert_eq!(
        numbers(c),
        [
            (NumberLabel::Other, "pager"),
            (NumberLabel::Other, "mainphone"),
            (NumberLabel::Home, "homephone"),
            (NumberLabel::Home, "homefax"),
            (NumberLabel::Mobile, "mobile"),
            (NumberLabel::Work, "workphone"),
            (NumberLabel::Work, "workfax"),
        ]
    );
    assert_eq!((c.company.as_str(), c.position.as_str(), c.city.as_str(), c.country.as_str()), ("company", "jobtitle", "home_city", "home_country"));
    assert_eq!(c.tags, ["Test"]);
    assert_eq!(c.notes, "note\"note");

    // Current Google headers.
    let t = corpus("rolomind_google_new.csv").unwrap();
    let all = contacts(&t);
    assert_eq!(all.len(), 4);
    assert_eq!((all[0].first_name.as_str(), all[0].last_name.as_str(), all[0].company.as_str(), all[0].position.as_str()), ("John", "Doe", "Acme Corp", "CEO"));
    assert_eq!(numbers(&all[0]), [(NumberLabel::Work, "+1-555-0123")]);
    assert_eq!(numbers(&all[3]), [(NumberLabel::Mobile, "+1-555-0125")]);
    assert!(all[2].numbers.is_empty());
    assert_eq!(all[2].emails, ["bob@startup.com"]);

    // German Outlook, cp1252, data row one field short (reported).
    let t = corpus("ox_outlook_de_cp1252.csv").unwrap();
    assert_eq!(t.encoding, "windows-1252");
    assert!(
        t.problems.iter().any(|p| p.key == "import_csv_row_fields" && p.count == Some(91) && p.texts()[0] == "91" && p.texts()[2] == "92"),
        "{:?}",
        t.problems
    );
    let c = &contacts(&t)[0];
    assert_eq!(
        (c.first_name.as_str(), c.last_name.as_str(), c.company.as_str(), c.position.as_str()),
        ("Vorname Zweiter Vorname", "Nachname", "Firma", "Position")
    );
    assert_eq!(c.emails, ["email@geschaeftlich.tld", "email@privat.tld", "email@weitere.tld"]);
    assert!(numbers(c).contains(&(NumberLabel::Mobile, "Mobiltelefon")));
    assert!(numbers(c).contains(&(NumberLabel::Work, "Telefon (geschäftlich)")));
    assert!(numbers(c).contains(&(NumberLabel::Home, "Telefon (privat)")));
    assert_eq!((c.city.as_str(), c.country.as_str(), c.notes.as_str(), c.tags.clone()), ("Stadt", "Land", "Anmerkungen", vec!["Tag1".to_string()]));

    // Thunderbird: embedded newline, mixed line ends.
    let t = corpus("tb_export.csv").unwrap();
    let all = contacts(&t);
    assert_eq!(all.iter().map(|c| c.display_name.as_str()).collect::<Vec<_>>(), ["contact number one", "contact number two"]);
    assert_eq!(all[0].emails, ["contact1@invalid"]);

    let t = corpus("tb_csv_semicolon.csv").unwrap();
    assert_eq!(t.delimiter, ';');
    assert_eq!(contacts(&t).iter().map(|c| c.emails[0].as_str()).collect::<Vec<_>>(), ["john@doe.invalid", "jane@doe.invalid"]);

    let t = corpus("tb_shiftjis_addressbook.csv").unwrap();
    assert_eq!(t.encoding, "shift_jis");
    let c = &contacts(&t)[0];
    assert_eq!((c.first_name.as_str(), c.last_name.as_str(), c.display_name.as_str()), ("権兵衛", "名無し", "名無しの権兵衛"));

    let t = corpus("tb_utf16_addressbook.csv").unwrap();
    assert_eq!(t.encoding, "utf-16le");
    assert_eq!(contacts(&t)[0].emails, ["johndoe@host.invalid"]);

    // No header row; the first line comma-separated, the rest TAB-separated.
    let t = corpus("tb_tab_comma_mixed.csv").unwrap();
    assert_eq!(t.header, None);
    assert!(t.problems.contains(&msg!("import_csv_no_header")), "{:?}", t.problems);
    let all = contacts(&t);
    assert_eq!(all.len(), 4);
    assert_eq!(all.iter().map(|c| c.emails[0].as_str()).collect::<Vec<_>>(), ["1@host.invalid", "2@host.invalid", "3@host.invalid", "4@host.invalid"]);
}

#[test]
fn fixtures_for_each_quirk() {
    // UTF-8 BOM, quoted newline and delimiter, ragged row, multi-values, LinkedIn headers.
    let file = "\u{feff}First Name,Last Name,Email Address,Company,Position,Connected On\r\n\"Ana\",\"Lopez, Jr\",ana@example.com ::: ana@work.example,\"ACME\nLabs\",CTO,01 Jan 2024\r\nBen,Short\r\n";
    let t = read(file.as_bytes(), &EncodingRs);
    assert_eq!(t.encoding, "utf-8");
    let all = contacts(&t);
    assert_eq!(all[0].last_name, "Lopez, Jr");
    assert_eq!(all[0].emails, ["ana@example.com", "ana@work.example"]);
    assert_eq!(all[0].company, "ACME\nLabs");
    assert_eq!(all[1].first_name, "Ben");
    assert!(t.problems.contains(&Msg::plural("import_csv_row_fields", 2).arg("3").arg("6")), "{:?}", t.problems);

    // UTF-16BE without BOM, tab-delimited, English Outlook phones.
    let text = "First Name\tLast Name\tMobile Phone\tBusiness Phone\tHome Phone\nZoë\tΩ\t+1 201 555 0123\t+1 201 555 0124\t\n";
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let t = read(&be, &EncodingRs);
    assert_eq!((t.encoding.as_str(), t.delimiter), ("utf-16be", '\t'));
    let c = &contacts(&t)[0];
    assert_eq!(c.first_name, "Zoë");
    assert_eq!(numbers(c), [(NumberLabel::Mobile, "+1 201 555 0123"), (NumberLabel::Work, "+1 201 555 0124")]);

    // Windows-1252 German is not mistaken for Shift_JIS.
    let t = read(b"Vorname;Nachname;Ort privat\nJ\xfcrgen;M\xfcller;K\xf6ln\n", &EncodingRs);
    assert_eq!(t.encoding, "windows-1252");
    let c = &contacts(&t)[0];
    assert_eq!((c.first_name.as_str(), c.last_name.as_str(), c.city.as_str()), ("Jürgen", "Müller", "Köln"));

    // A user's own mapping replaces the guess; a row with nothing mapped is no contact.
    let t = read(b"x,y,+44 20 7946 0958\n,,\n", &EncodingRs);
    let mapping = [Field::DisplayName, Field::Ignore, Field::Phone { label: NumberLabel::Work, typed_by: None }];
    let all: Vec<Contact> = t.rows.iter().filter_map(|r| contact_of(r, &mapping)).collect();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].display_name.as_str(), numbers(&all[0])), ("x", vec![(NumberLabel::Work, "+44 20 7946 0958")]));

    // Nothing at all, or garbage: no panic, no rows.
    assert!(read(b"", &EncodingRs).rows.is_empty());
    let _ = read(&[0xFF, 0x00, 0x22, 0x22, 0x0A, 0x81], &EncodingRs);
}

#[test]
fn binary_and_oversized_files_are_refused_with_the_reason_and_real_files_are_not() {
    use contakt_core::import::plan::{check_file, MAX_FILE_BYTES};
    // 2 MB of (deterministic) random bytes: read as CSV they made 16,278 contacts.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let random: Vec<u8> = (0..2 * 1024 * 1024)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    assert_eq!(check_file(&random, &EncodingRs).unwrap_err().key, "import_not_text");
    // A PNG's header and a zip's local header: binary from the first bytes.
    let png = [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &[0u8; 200]].concat();
    assert_eq!(check_file(&png, &EncodingRs).unwrap_err().key, "import_not_text");
    // Too large: refused before anything is read, saying both sizes.
    let big = "Name,Phone\nAna,+1 415 555 1234\n".repeat(MAX_FILE_BYTES / 30 + 10);
    let refused = check_file(big.as_bytes(), &EncodingRs).unwrap_err();
    assert_eq!(refused.key, "import_too_large");
    assert_eq!(refused, msg!("import_too_large", 21usize, 20usize));
    // Every real contact file (corpus, any encoding: UTF-16, Shift_JIS, cp1252) is text.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    for sub in ["csv", "vcf"] {
        for entry in std::fs::read_dir(dir.join(sub)).into_iter().flatten().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert_eq!(check_file(&bytes, &EncodingRs), Ok(()), "{}", entry.path().display());
        }
    }
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Name,Phone\r\nÄna,+49 30 123456\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(check_file(&utf16, &EncodingRs), Ok(()));
}
