// "Help improve Contakt" end to end, against the built telemetry server run locally (Miniflare,
// its Analytics Engine binding replaced by a test double that hands each data point here). The
// extension under test is built to send there (CONTAKT_TELEMETRY_URL) and has been granted the
// access (so the test proves the switch, not the missing permission, keeps it silent). Every
// request of every context (pages, the service worker, workers) is seen through the DevTools
// protocol by Playwright.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, telemetryBuild, until } from './harness.mjs';
import { startWithDouble } from '../server/wrangler.mjs';

const points = [];
let server;
let dist;
before(async () => {
  server = await startWithDouble((p) => points.push(p));
  dist = telemetryBuild(server.url);
});
after(() => server?.stop());

/** Every request any context of the browser makes, with its body. */
function watch(x) {
  const seen = [];
  x.context.on('request', (r) => { if (/^https?:/.test(r.url())) seen.push({ url: r.url(), body: r.postData() ?? '' }); });
  return seen;
}

const SECRETS = ['Ana', 'Silva', '7946', '447946', 'dentist', 'Hello Ana', 'VIP'];

/** A tour of everything that counts: a send with a template from the popup, a contact, a reminder, a scheduled message, an import. */
async function tour(x) {
  const run = (r) => x.worker.evaluate((req) => globalThis.contakt.run(req, 'extension'), r);
  await run({ type: 'saveTemplate', template: { title: 'Greeting', body: 'Hello Ana, see you at the dentist' } });
  const popup = await x.page('popup.html');
  await popup.getByLabel('Phone number').fill('+44 20 7946 0958');
  await until(async () => (await popup.locator('#template option').count()) > 1, 5000, 'the templates');
  await popup.getByLabel('Template').selectOption({ label: 'Greeting' });
  await popup.getByRole('button', { name: 'Send', exact: true }).click();
  await until(async () => /Opened/.test(await popup.locator('#send-status').textContent()), 5000, 'the send');
  await popup.close();
  assert.equal((await run({ type: 'saveContact', contact: { first_name: 'Ana', last_name: 'Silva', tags: ['VIP'], numbers: [{ label: 'mobile', raw: '+44 20 7946 0001' }] } })).ok, true);
  assert.equal((await run({ type: 'saveReminder', draft: { kind: 'reminder', text: 'dentist', preset: 'tomorrow9' } })).ok, true);
  assert.equal((await run({ type: 'saveReminder', draft: { kind: 'message', e164: '+442079460958', text: 'Hello Ana', platform: 'telegram', preset: 'in1_hour' } })).ok, true);
  // One card already there (its number), one new.
  const people = [{ display_name: 'Ana Silva', numbers: [{ raw: '+44 20 7946 0001' }] }, { display_name: 'Ben', numbers: [{ raw: '+44 20 7946 0002' }] }];
  assert.equal((await run({ type: 'importContacts', people, kind: 'vcard', choice: 'merge' })).ok, true);
  const options = await x.page('options.html#usage');
  for (const section of ['settings', 'contacts', 'templates', 'data', 'usage']) await options.goto(x.url(`options.html#${section}`));
  return options;
}

test('telemetry off (the default): a full tour makes no request but the chat tab, and the server gets nothing', async () => {
  const x = await launch({ dist, granted: true, passThrough: new URL(server.url).origin });
  try {
    const seen = watch(x);
    const options = await tour(x);
    // The send alarm, as if its minute had passed: nothing is queued, nothing goes.
    await x.worker.evaluate(() => globalThis.contakt.run({ type: 'alarm', name: 'telemetry' }, 'browser'));
    await options.waitForTimeout(500);
    // The chat tab is the only address anything went to (seen by Playwright, and by the stub).
    assert.ok([...seen.map((r) => r.url), ...x.requests].every((u) => new URL(u).origin === 'https://wa.me'), JSON.stringify(seen));
    assert.ok((await x.opened()).some((u) => u.startsWith('https://wa.me/')), 'the chat tab opened');
    assert.equal(points.length, 0);
    assert.equal((await x.storage('local')).telemetry, undefined, 'no cohort id, no queue');
    assert.match(await options.locator('#usage-summary').textContent(), /sent 1 message/);
  } finally { await x.close(); }
});

test('telemetry on: exactly the whitelisted fields reach the server; off discards the queue at once', async () => {
  const x = await launch({ dist, granted: true, passThrough: new URL(server.url).origin });
  try {
    const seen = watch(x);
    const usage = await x.page('options.html#usage');
    await usage.getByLabel('Send anonymous usage counts to Contakt (off unless you turn it on)').check();
    await until(async () => /Thank you/.test(await usage.locator('#usage-status').textContent()), 5000, 'the switch');
    const cohort = (await x.storage('local')).telemetry.cohort;
    assert.match(cohort, /^[0-9a-f]{16}$/);
    await tour(x);
    assert.equal((await x.storage('local')).telemetry.queue.length, 7, JSON.stringify((await x.storage('local')).telemetry.queue));
    await x.worker.evaluate(() => globalThis.contakt.run({ type: 'alarm', name: 'telemetry' }, 'browser'));
    await until(() => points.length === 7, 20000, 'the data points');
    await until(async () => (await x.storage('local')).telemetry.queue.length === 0, 20000, 'the queue emptied by the answer');
    const hour = (ts) => ts % 3_600_000 === 0;
    assert.ok(points.every((p) => p.indexes[0] === cohort && p.blobs.length === 6 && p.doubles.length === 2 && hour(p.doubles[1])));
    assert.deepEqual(points.map((p) => p.blobs.join('|')).sort(), [
      'contact_added|||merge||', 'contact_added||GB|||', 'contacts_imported|||||vcard', 'message_scheduled|telegram|GB|||',
      'message_sent|whatsapp|GB|||', 'reminder_created||||tomorrow9|', 'template_used|whatsapp||||',
    ].sort());
    // What went over the network: only the batch to the server besides the chat tab, and no
    // name, number, note, tag or message in it.
    const posted = seen.filter((r) => r.url === server.url);
    assert.equal(posted.length, 1);
    for (const secret of SECRETS) assert.ok(!posted[0].body.includes(secret), `${secret} was sent`);
    assert.ok(seen.every((r) => ['https://wa.me', new URL(server.url).origin].includes(new URL(r.url).origin)), JSON.stringify(seen.map((r) => r.url)));
    // Off: what waits is discarded at once and nothing more goes.
    await x.worker.evaluate(() => globalThis.contakt.run({ type: 'send', number: '+44 20 7946 0958', platform: 'sms', text: 'x' }, 'extension'));
    assert.equal((await x.storage('local')).telemetry.queue.length, 1);
    await usage.reload();
    const box = usage.getByLabel('Send anonymous usage counts to Contakt (off unless you turn it on)');
    await until(() => box.isChecked(), 5000, 'the switch shown on');
    await box.uncheck();
    await until(async () => /Nothing is sent/.test(await usage.locator('#usage-status').textContent()), 5000, 'off');
    assert.deepEqual((await x.storage('local')).telemetry.queue, []);
    await x.worker.evaluate(() => globalThis.contakt.run({ type: 'alarm', name: 'telemetry' }, 'browser'));
    await usage.waitForTimeout(500);
    assert.equal(points.length, 7);
  } finally { await x.close(); }
});

test('Reset clears the counters and rotates the cohort id, after asking', async () => {
  const x = await launch({ dist, granted: true, passThrough: new URL(server.url).origin });
  try {
    const usage = await x.page('options.html#usage');
    await usage.getByLabel('Send anonymous usage counts to Contakt (off unless you turn it on)').check();
    await until(async () => /Thank you/.test(await usage.locator('#usage-status').textContent()), 5000, 'the switch');
    await x.worker.evaluate(() => globalThis.contakt.run({ type: 'send', number: '+44 20 7946 0958', platform: 'sms', text: 'x' }, 'extension'));
    const before = (await x.storage('local')).telemetry.cohort;
    await usage.reload();
    await until(async () => /sent 1 message/.test(await usage.locator('#usage-summary').textContent()), 5000, 'the count');
    assert.match(await usage.getByRole('img', { name: /Other actions/ }).getAttribute('aria-label'), /Scheduled messages 0/);
    await usage.getByRole('button', { name: 'Reset' }).click();
    await usage.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
    await until(async () => /Counters reset/.test(await usage.locator('#usage-status').textContent()), 5000, 'the reset');
    const t = (await x.storage('local')).telemetry;
    assert.notEqual(t.cohort, before);
    assert.match(t.cohort, /^[0-9a-f]{16}$/);
    assert.deepEqual(t.queue, []);
    assert.match(await usage.locator('#usage-summary').textContent(), /No messages sent/);
  } finally { await x.close(); }
});

test('the welcome page offers it once, off; turned on there and confirmed, it is on', async () => {
  const x = await launch({ dist, granted: true, passThrough: new URL(server.url).origin, keepWelcome: true });
  try {
    const welcome = x.welcome;
    await welcome.waitForSelector('html[data-ready="true"]');
    const box = welcome.getByLabel('Send anonymous usage counts to Contakt (off unless you turn it on)');
    assert.equal(await box.isChecked(), false, 'off by default');
    await box.check();
    assert.equal((await x.storage('local')).telemetry, undefined, 'nothing before the user confirms');
    await welcome.getByRole('button', { name: 'Save and start' }).click();
    await until(async () => (await x.storage('local')).telemetry?.on === true, 5000, 'telemetry on');
    assert.match((await x.storage('local')).telemetry.cohort, /^[0-9a-f]{16}$/);
  } finally { await x.close(); }
});
