// The telemetry server as built (crates/contakt-telemetry-server/build, `make telemetry-server`):
// raw HTTP against `wrangler dev` on 127.0.0.1, started and stopped here, and what reaches the
// Analytics Engine binding, observed through a test double at the binding (the built worker
// run by Miniflare, its EVENTS dataset bound to a small worker that hands each data point to
// this test). The whitelist itself is never replaced: both run the server's own wasm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWithDouble, startWrangler } from './wrangler.mjs';
const ID = '0123456789abcdef';
const HOUR = 3_600_000;
const sent = (extra = {}) => ({ event: 'message_sent', platform: 'whatsapp', country: 'DE', id: ID, ts: 490_000 * HOUR, ...extra });

let wrangler;
before(async () => { wrangler = await startWrangler(); });
after(() => wrangler?.stop());

const post = (body, headers = { 'content-type': 'application/json' }) => fetch(`${wrangler.url}/v1/events`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

test('raw HTTP: a tampered client\'s extra fields and unknown events are dropped, never kept', async () => {
  const r = await post({ events: [sent({ name: 'Ana Silva', number: '+4915123456789', text: 'hi' }), { event: 'page_viewed', url: 'https://a.example' }, sent()] });
  assert.equal(r.status, 202);
  assert.deepEqual(await r.json(), { accepted: 2, droppedEvents: 1, droppedFields: 3 });
});

test('raw HTTP: bad requests are refused with a clear status and the field', async () => {
  const cases = [
    [() => fetch(`${wrangler.url}/v1/events`), 405, 'method_not_allowed'],
    [() => fetch(`${wrangler.url}/elsewhere`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 404, 'not_found'],
    [() => post('{"events":[]}', { 'content-type': 'text/plain' }), 415, 'json_only'],
    [() => post('{not json'), 400, 'not_json'],
    [() => post({ events: 'all' }), 400, 'no_events', 'events'],
    [() => post({ events: [sent({ platform: 'myspace' })] }), 400, 'bad_value', 'platform'],
    [() => post({ events: [sent({ ts: '2026-12-01' })] }), 400, 'bad_value', 'ts'],
    [() => post({ events: [sent({ id: 'ABCDEF0123456789' })] }), 400, 'bad_value', 'id'],
    [() => post({ events: [{ event: 'contacts_imported', importFormat: 'vcard', importCount: 37, id: ID, ts: 0 }] }), 400, 'bad_value', 'importCount'],
    [() => post({ events: [{ event: 'message_sent', id: ID, ts: 0 }] }), 400, 'missing_field', 'platform'],
    [() => post({ events: Array(101).fill(sent()) }), 413, 'too_many_events', 'events'],
    [() => post(' '.repeat(40_000)), 413, 'too_large'],
    // A body of undeclared length (chunked) is never read.
    [() => fetch(`${wrangler.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, duplex: 'half', body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"events":[]}')); c.close(); } }) }), 411, 'length_required'],
  ];
  for (const [send, status, error, field] of cases) {
    const r = await send();
    assert.equal(r.status, status, error);
    assert.deepEqual(await r.json(), field ? { error, field } : { error });
  }
});

test('the binding receives exactly the whitelisted fields, one data point per accepted event', async () => {
  const points = [];
  const server = await startWithDouble((p) => points.push(p));
  try {
    const events = [
      sent({ note: 'call back about the invoice' }),
      { event: 'reminder_created', reminderPreset: 'tomorrow9', id: ID, ts: 0, tag: 'clients' },
      { event: 'contact_added', country: 'BR', duplicateAction: 'merge', id: ID, ts: HOUR },
      { event: 'contacts_imported', importFormat: 'csv', importCount: 1000, id: ID, ts: HOUR },
      { event: 'unknown_event', platform: 'sms', id: ID, ts: 0 },
    ];
    const r = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    assert.equal(r.status, 202);
    for (let i = 0; points.length < 4 && i < 100; i++) await new Promise((done) => setTimeout(done, 50));
    const key = (p) => JSON.stringify([p.indexes, p.blobs, p.doubles]);
    assert.deepEqual(points.map(key).sort(), [
      { indexes: [ID], blobs: ['message_sent', 'whatsapp', 'DE', '', '', ''], doubles: [0, 490_000 * HOUR] },
      { indexes: [ID], blobs: ['reminder_created', '', '', '', 'tomorrow9', ''], doubles: [0, 0] },
      { indexes: [ID], blobs: ['contact_added', '', 'BR', 'merge', '', ''], doubles: [0, HOUR] },
      { indexes: [ID], blobs: ['contacts_imported', '', '', '', '', 'csv'], doubles: [1000, HOUR] },
    ].map(key).sort());
    // A refused batch writes nothing.
    const bad = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [sent(), sent({ country: 'Germany' })] }) });
    assert.equal(bad.status, 400);
    await new Promise((done) => setTimeout(done, 300));
    assert.equal(points.length, 4);
  } finally {
    await server.stop();
  }
});
