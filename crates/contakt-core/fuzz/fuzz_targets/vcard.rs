//! Any bytes through the vCard reader and the import preview: no panic, and every card is
//! either an item or a reported problem (none vanish).
#![no_main]
use contakt_core::import::{plan, vcard, Builtin};
use contakt_core::words::Arg;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = vcard::read(data, &Builtin);
    for card in &read.cards {
        let _ = vcard::contact_of(card).0;
    }
    if plan::kind_of(data) == plan::Kind::Vcard {
        let p = plan::preview(data, &[], "US", None, &Builtin);
        let from_a_card = |m: &&contakt_core::words::Msg| matches!(m.args.first(), Some(Arg::Msg(s)) if s.key == "import_source_card");
        let problems_from_cards = p.problems.iter().filter(from_a_card).count();
        assert_eq!(p.items.len() + problems_from_cards, read.cards.len(), "a card vanished");
    }
});
