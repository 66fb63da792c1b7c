//! Contakt's telemetry server: a Cloudflare Worker that receives the batches of anonymous
//! events a user who turned on "Help improve Contakt" sends, re-checks each one with the same
//! whitelist the extension builds them with (`contakt-telemetry`), and writes one Workers
//! Analytics Engine data point per event. Anything outside the whitelist is dropped before it
//! is stored; a malformed, oversized or wrongly typed batch is refused with a clear status.
//! It keeps no state of its own: every request is answered from its body alone, so
//! Cloudflare runs as many copies, in as many places, as the traffic needs.

use contakt_telemetry::{read_batch, DataPoint, MAX_BODY_BYTES};
use serde_json::{json, Value};

/// Where batches are posted.
pub const PATH: &str = "/v1/events";
/// The Analytics Engine dataset binding (`wrangler.toml`).
pub const DATASET: &str = "EVENTS";

/// The answer to one request, decided without the Workers runtime (tested natively): its
/// status, its JSON body, and the data points to write.
#[derive(Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub points: Vec<DataPoint>,
}

fn refused(status: u16, error: &str, field: &str) -> Answer {
    let mut body = json!({ "error": error });
    if !field.is_empty() {
        body["field"] = json!(field);
    }
    Answer { status, body, points: Vec::new() }
}

/// The request's method, path, `Content-Type` and declared length, before its body is read:
/// refused here when it cannot be a batch (so an oversized or undeclared body is never read).
pub fn check_head(method: &str, path: &str, content_type: Option<&str>, content_length: Option<usize>) -> Option<Answer> {
    if path != PATH {
        return Some(refused(404, "not_found", ""));
    }
    if method != "POST" {
        return Some(refused(405, "method_not_allowed", ""));
    }
    if !content_type.is_some_and(|t| t.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json")) {
        return Some(refused(415, "json_only", ""));
    }
    // The length is declared (a browser's fetch always does), so a body is never read past it.
    match content_length {
        None => Some(refused(411, "length_required", "")),
        Some(n) if n > MAX_BODY_BYTES => Some(refused(413, "too_large", "")),
        Some(_) => None,
    }
}

/// The answer to a batch body.
pub fn answer(body: &[u8]) -> Answer {
    match read_batch(body) {
        Ok(batch) => Answer {
            status: 202,
            body: json!({ "accepted": batch.events.len(), "droppedEvents": batch.dropped_events, "droppedFields": batch.dropped_fields }),
            points: batch.events.iter().map(|e| e.data_point()).collect(),
        },
        Err(r) => refused(r.status, r.code, &r.field),
    }
}

#[cfg(target_arch = "wasm32")]
mod worker_entry {
    use super::*;
    use worker::*;

    fn respond(answer: &Answer) -> Result<Response> {
        let mut response = Response::from_json(&answer.body)?.with_status(answer.status);
        if answer.status == 405 {
            response.headers_mut().set("Allow", "POST")?;
        }
        response.headers_mut().set("Cache-Control", "no-store")?;
        Ok(response)
    }

    #[event(fetch)]
    async fn fetch(mut req: Request, env: Env, _ctx: Context) -> Result<Response> {
        let headers = req.headers();
        let length = headers.get("Content-Length")?.and_then(|n| n.parse::<usize>().ok());
        let content_type = headers.get("Content-Type")?;
        let path = req.path();
        if let Some(no) = check_head(req.method().as_ref(), &path, content_type.as_deref(), length) {
            return respond(&no);
        }
        let body = req.bytes().await?;
        let answer = answer(&body);
        if !answer.points.is_empty() {
            let dataset = env.analytics_engine(DATASET)?;
            for p in &answer.points {
                let point = AnalyticsEngineDataPointBuilder::new()
                    .indexes([p.index.as_str()])
                    .blobs(p.blobs.iter().map(String::as_str))
                    .doubles(p.doubles.iter().copied())
                    .build();
                // Fire and forget, each on its own: one refused point must not make the client
                // send the batch again (the others would be stored twice).
                let _ = dataset.write_data_point(&point);
            }
        }
        respond(&answer)
    }
}
