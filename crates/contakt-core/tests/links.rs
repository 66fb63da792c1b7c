//! Deep links: one table row per platform, and round trips of any text.

use contakt_core::links::{chat_link, decode, encode, Platform, WhatsappTarget};
use contakt_core::phone;
use proptest::prelude::*;

fn number() -> phone::PhoneNumber {
    phone::parse("+44 20 7946 0958", "US").unwrap()
}

#[test]
fn each_platform_builds_its_documented_link() {
    let n = number();
    let text = "Hi & welcome #1 + 100% 😀\nsee you";
    let enc = "Hi%20%26%20welcome%20%231%20%2B%20100%25%20%F0%9F%98%80%0Asee%20you";
    // (platform, whatsapp target, url, clipboard)
    let rows: Vec<(Platform, WhatsappTarget, Option<String>, Option<String>)> = vec![
        (Platform::Whatsapp, WhatsappTarget::Web, Some(format!("https://wa.me/442079460958?text={enc}")), None),
        (Platform::Whatsapp, WhatsappTarget::Desktop, Some(format!("whatsapp://send?phone=442079460958&text={enc}")), None),
        (Platform::WhatsappBusiness, WhatsappTarget::Web, Some(format!("https://wa.me/442079460958?text={enc}")), None),
        (Platform::Telegram, WhatsappTarget::Web, Some("https://t.me/+442079460958".into()), Some(text.into())),
        (Platform::Signal, WhatsappTarget::Web, Some("https://signal.me/#p/+442079460958".into()), Some(text.into())),
        (Platform::Viber, WhatsappTarget::Web, Some(format!("viber://chat?number=%2B442079460958&draft={enc}")), None),
        (Platform::Wechat, WhatsappTarget::Web, Some("weixin://".into()), Some(format!("+44 20 7946 0958\n{text}"))),
        (Platform::Line, WhatsappTarget::Web, Some(format!("https://line.me/R/share?text={enc}")), Some("+44 20 7946 0958".into())),
        (Platform::Kakaotalk, WhatsappTarget::Web, None, Some(format!("+44 20 7946 0958\n{text}"))),
        (Platform::Zalo, WhatsappTarget::Web, Some("https://zalo.me/442079460958".into()), Some(text.into())),
        (Platform::Sms, WhatsappTarget::Web, Some(format!("sms:+442079460958?body={enc}")), None),
    ];
    for (platform, target, url, clipboard) in rows {
        let link = chat_link(platform, &n, text, target);
        assert_eq!(link.url, url, "{platform:?} {target:?}");
        assert_eq!(link.clipboard, clipboard, "{platform:?}");
        // What the notice promises matches what the link does.
        let cap = platform.capability();
        assert_eq!(cap.prefills_text, link.clipboard.as_deref() != Some(text) && link.url.as_deref().is_some_and(|u| u.contains(enc)), "{platform:?}");
        assert!(link.notice.key.starts_with("notice_"));
    }
}

#[test]
fn no_text_means_no_empty_parameter() {
    let n = number();
    assert_eq!(chat_link(Platform::Whatsapp, &n, "", WhatsappTarget::Web).url.unwrap(), "https://wa.me/442079460958");
    assert_eq!(chat_link(Platform::Sms, &n, "", WhatsappTarget::Web).url.unwrap(), "sms:+442079460958");
    assert_eq!(chat_link(Platform::Telegram, &n, "", WhatsappTarget::Web).clipboard, None);
    assert_eq!(chat_link(Platform::Line, &n, "", WhatsappTarget::Web).url.unwrap(), "https://line.me/R/nv/addFriends");
}

#[test]
fn platform_ids_round_trip() {
    for p in Platform::ALL {
        assert_eq!(Platform::from_id(p.id()), Some(p));
        assert_eq!(serde_json::to_value(p).unwrap(), serde_json::json!(p.id()));
    }
    assert_eq!(Platform::from_id("myspace"), None);
}

#[test]
fn decode_refuses_broken_escapes() {
    assert_eq!(decode("%"), None);
    assert_eq!(decode("%G1"), None);
    assert_eq!(decode("%FF"), None);
    assert_eq!(decode("a%2fb").as_deref(), Some("a/b"));
}

/// The query value of `key` in `url`.
fn query_value<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

proptest! {
    #[test]
    fn any_text_survives_encode_decode(text in any::<String>()) {
        let enc = encode(&text);
        prop_assert!(enc.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        prop_assert_eq!(decode(&enc), Some(text));
    }

    #[test]
    fn any_text_survives_every_prefilling_link(text in "\\PC{1,200}") {
        let n = number();
        for (platform, key) in [(Platform::Whatsapp, "text"), (Platform::Viber, "draft"), (Platform::Sms, "body"), (Platform::Line, "text")] {
            for target in [WhatsappTarget::Web, WhatsappTarget::Desktop] {
                let url = chat_link(platform, &n, &text, target).url.unwrap();
                let value = query_value(&url, key).unwrap();
                prop_assert_eq!(decode(value), Some(text.clone()));
            }
        }
    }
}
