//! The server's answers, decided natively (the same code runs in the Worker).

use contakt_telemetry::{Event, MAX_BODY_BYTES};
use contakt_telemetry_server::*;
use serde_json::json;

#[test]
fn a_request_that_cannot_be_a_batch_is_refused_before_its_body_is_read() {
    let status = |m, p, t, n| check_head(m, p, t, n).map(|a| a.status);
    assert_eq!(status("POST", "/v1/events", Some("application/json"), Some(100)), None);
    assert_eq!(status("POST", "/v1/events", Some("application/json; charset=utf-8"), Some(2)), None);
    assert_eq!(status("POST", "/v1/events", Some("application/json"), None), Some(411), "a body of undeclared length is not read");
    assert_eq!(status("GET", "/v1/events", None, None), Some(405));
    assert_eq!(status("POST", "/", Some("application/json"), None), Some(404));
    assert_eq!(status("POST", "/v1/events", Some("text/plain"), None), Some(415));
    assert_eq!(status("POST", "/v1/events", None, None), Some(415));
    assert_eq!(status("POST", "/v1/events", Some("application/json"), Some(MAX_BODY_BYTES + 1)), Some(413));
}

#[test]
fn a_batch_is_stored_as_whitelisted_data_points_only() {
    let e = Event::new("message_sent", &[("platform", json!("signal")), ("country", json!("FR"))], "00112233aabbccdd", 7_200_000).unwrap();
    let mut tampered = serde_json::to_value(&e).unwrap();
    tampered["text"] = json!("see you at 5");
    let body = json!({ "events": [tampered, { "event": "clicked", "x": 1 }] }).to_string();
    let a = answer(body.as_bytes());
    assert_eq!(a.status, 202);
    assert_eq!(a.body, json!({ "accepted": 1, "droppedEvents": 1, "droppedFields": 1 }));
    assert_eq!(a.points, [e.data_point()]);
    let bad = answer(br#"{"events":[{"event":"message_sent","platform":"signal","id":"00112233aabbccdd","ts":"soon"}]}"#);
    assert_eq!((bad.status, bad.body), (400, json!({ "error": "bad_value", "field": "ts" })));
    assert!(bad.points.is_empty(), "a refused batch stores nothing");
}
