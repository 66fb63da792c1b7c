// Campaigns and the history the user controls, in the real browser (issue 18): a campaign over
// a tag of 5 contacts with a template, one opted out and one with an invalid number; the
// preview says why both are left out; chats opened one by one with the filled text; statuses
// marked; the browser closed mid-campaign and the campaign resumed where it stopped; results
// exported; a backup with the campaign restores it exactly. History: off records nothing;
// search, delete one, clear; "Didn't work?" explains and offers another messenger.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, section, until } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

const number = (raw, e164) => [{ label: 'mobile', raw, e164 }];
const CONTACTS = [
  { id: 'k1', display_name: 'Ana Silva', first_name: 'Ana', numbers: number('+44 20 7946 0958', '+442079460958'), tags: ['clients'] },
  { id: 'k2', display_name: 'Ben Ode', first_name: 'Ben', numbers: number('+1 201 555 0123', '+12015550123'), tags: ['clients'] },
  { id: 'k3', display_name: 'Cleo Park', first_name: 'Cleo', numbers: number('12', null), tags: ['clients'] },
  { id: 'k4', display_name: 'Dev Rao', first_name: 'Dev', numbers: number('+33 6 12 34 56 78', '+33612345678'), tags: ['clients'] },
  { id: 'k5', display_name: 'Eve Lind', first_name: 'Eve', numbers: number('+49 151 23456789', '+4915123456789'), tags: ['clients'] },
  { id: 'k6', display_name: 'Not a client', first_name: 'Zed', numbers: number('+44 20 7946 0000', '+442079460000'), tags: [] },
];

const statusText = (page) => page.locator('#campaign-status').textContent();
/** The stored campaigns, their recipients read (stored as one JSON string). */
const stored = async () => ((await x.storage('local')).campaigns ?? []).map((c) => ({ ...c, recipients: JSON.parse(c.recipients) }));

test('a campaign over a tag: preview, chats one by one, marks, restart, results, backup', async () => {
  await x.worker.evaluate(async (c) => {
    await chrome.storage.local.set({ contacts: c });
    await chrome.storage.sync.set({ 'template:t1': { id: 't1', title: 'Spring offer', body: 'Hello {first_name}, our spring offer is here.', updated: 1 }, tags: [{ name: 'clients', colour: 'green' }] });
    globalThis.__opened.length = 0;
  }, CONTACTS);
  const page = await x.page('options.html');
  await section(page, 'campaigns');

  // Ben asked not to be messaged: on the opt-out list (any form of his number).
  await page.getByLabel('Numbers to add, one per line').fill('(201) 555-0123');
  await page.getByRole('button', { name: 'Add to the opt-out list' }).click();
  await until(async () => (await page.locator('#opt-out-list li').count()) === 1, 5000, 'the opt-out list');
  assert.match(await page.locator('#opt-out-list').textContent(), /\+1 201-555-0123/);

  await page.getByLabel('Campaign name').fill('Spring');
  await page.getByLabel('Contacts with a tag').check();
  await page.getByLabel('Tag', { exact: true }).selectOption('clients');
  await page.getByLabel('Messenger', { exact: true }).selectOption('whatsapp');
  await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Spring offer' });
  await page.getByRole('button', { name: 'Preview' }).click();
  await until(async () => (await page.locator('#campaign-preview-summary').textContent()) === '3 recipients; 2 left out.', 5000, 'the preview');
  const rows = await page.locator('#campaign-preview-rows tr').allTextContents();
  assert.equal(rows.length, 5);
  assert.match(rows[0], /^Ben Ode\+1 201-555-0123Hello Ben, our spring offer is here\.Asked not to be messaged\. Include Ben Ode$/);
  assert.match(rows[1], /^Cleo Park12.*Cannot be messaged: '12' is not a phone number\.$/, 'an invalid number cannot be included');
  assert.equal(await page.getByRole('checkbox', { name: 'Include Cleo Park' }).count(), 0);
  assert.match(rows[2], /^Ana Silva\+44 20 7946 0958Hello Ana, our spring offer is here\.$/);

  await page.getByRole('button', { name: 'Create campaign' }).click();
  await until(async () => /Campaign "Spring" created for 3 recipients/.test(await statusText(page)), 5000, 'the campaign');
  await page.locator('#run-title').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-title');
  const [c] = await stored();
  assert.deepEqual(c.recipients.map((r) => [r.name, r.e164, r.status]), [
    ['Ana Silva', '+442079460958', 'pending'], ['Dev Rao', '+33612345678', 'pending'], ['Eve Lind', '+4915123456789', 'pending']]);

  // One chat at a time, with the filled message; the user marks what happened.
  await page.getByRole('button', { name: 'Open next chat' }).click();
  await until(async () => (await x.opened()).length === 1, 5000, 'the first chat');
  assert.deepEqual(await x.opened(), ['https://wa.me/442079460958?text=Hello%20Ana%2C%20our%20spring%20offer%20is%20here.']);
  await until(async () => /Open now: Ana Silva, \+44 20 7946 0958/.test(await page.locator('#run-who').textContent()), 5000, 'the open chat');
  await page.getByRole('button', { name: 'Mark sent' }).click();
  await until(async () => /Ana Silva: Sent\./.test(await statusText(page)), 5000, 'marked sent');
  await page.getByRole('button', { name: 'Open next chat' }).click();
  await until(async () => (await x.opened()).length === 2, 5000, 'the second chat');
  assert.equal((await x.opened())[1], 'https://wa.me/33612345678?text=Hello%20Dev%2C%20our%20spring%20offer%20is%20here.');
  // Failed needs a reason: said, and the field takes focus.
  await page.getByRole('button', { name: 'Mark failed' }).click();
  await until(async () => /Say why it failed/.test(await statusText(page)), 5000, 'the refusal');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-reason');
  await page.getByLabel('Why it failed').fill('no WhatsApp');
  await page.getByRole('button', { name: 'Mark failed' }).click();
  await until(async () => /Dev Rao: Failed \(no WhatsApp\)\./.test(await statusText(page)), 5000, 'marked failed');
  assert.deepEqual((await stored())[0].recipients.map((r) => r.status), ['sent', 'failed', 'pending']);
  // The history records the chats with their campaign and status.
  const history = (await x.storage('local')).history;
  assert.deepEqual(history.map((h) => [h.e164, h.campaign, h.status ?? 'opened']), [['+33612345678', 'Spring', 'failed'], ['+442079460958', 'Spring', 'sent']]);

  // The browser closes mid-campaign; after the restart the campaign goes on where it stopped.
  x = await x.relaunch();
  const again = await x.page('options.html#campaigns');
  await until(async () => (await again.locator('#campaign-list li').count()) === 1, 5000, 'the list');
  assert.match(await again.locator('#campaign-list li').textContent(), /Spring.*1 of 3 sent · 1 failed · 1 to go · WhatsApp · In progress/);
  await again.getByRole('button', { name: 'Open the campaign Spring' }).click();
  await again.getByRole('button', { name: 'Open next chat' }).click();
  // (The tab itself is looked for: the relaunched worker may have been restarted since the
  // harness wrapped its tabs.create.)
  const third = 'https://wa.me/4915123456789?text=Hello%20Eve%2C%20our%20spring%20offer%20is%20here.';
  await until(() => x.context.pages().some((p) => p.url() === third), 5000, 'the third chat');
  await again.getByRole('button', { name: 'Mark skipped' }).click();
  await until(async () => /Everyone was reached/.test(await again.locator('#run-next').textContent()), 5000, 'the end');
  assert.equal(await again.locator('#run-next').isDisabled(), true);
  assert.deepEqual((await again.locator('#run-recipients li .detail').allTextContents()), ['Sent', 'Failed (no WhatsApp)', 'Skipped']);

  // Results as CSV (formula-guarded), and the next round of those not reached.
  await again.getByRole('button', { name: 'Back to the campaigns' }).click();
  const [csv] = await Promise.all([again.waitForEvent('download'), again.getByRole('button', { name: 'Export results of Spring as CSV' }).click()]);
  assert.equal(csv.suggestedFilename(), 'Spring.csv');
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
  assert.equal(lines[0], 'Name,Number,Status,Reason,When,Message');
  assert.match(lines[1], /^Ana Silva,'\+442079460958,sent,,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,"Hello Ana, our spring offer is here\."$/);
  assert.match(lines[2], /^Dev Rao,'\+33612345678,failed,no WhatsApp,/);
  await again.getByRole('button', { name: 'Next round of Spring: those not reached yet' }).click();
  await until(async () => (await again.locator('#campaign-list li').count()) === 2, 5000, 'the next round');
  assert.deepEqual((await stored()).find((k) => k.name === 'Spring (next round)').recipients.map((r) => r.name), ['Dev Rao', 'Eve Lind']);

  // A backup holds the campaigns and the opt-out list; restoring it over nothing gives them back exactly.
  const before = await x.storage('local');
  const [dl] = await Promise.all([again.waitForEvent('download'), (async () => { await section(again, 'data'); await again.getByRole('button', { name: 'Download backup' }).click(); })()]);
  await x.worker.evaluate(() => chrome.storage.local.remove(['campaigns', 'opt_out']));
  await again.getByLabel('Backup file to restore').setInputFiles(await dl.path());
  await again.getByLabel('Restoring').selectOption('merge');
  await again.getByRole('button', { name: 'Restore backup' }).click();
  await until(async () => /^Restored/.test(await again.locator('#data-status').textContent()), 10000, 'the restore');
  const after = await x.storage('local');
  assert.deepEqual(after.campaigns, before.campaigns);
  assert.deepEqual(after.opt_out, ['+12015550123']);
  await again.close();
});

test('history: off records nothing; search, delete one, clear; "Didn\'t work?" offers the other ways', async () => {
  await x.worker.evaluate(async () => { await chrome.storage.local.set({ history: [] }); globalThis.__opened.length = 0; });
  const options = await x.page('options.html');
  await options.getByLabel('Keep a history of the chats I open').uncheck();
  await options.getByRole('button', { name: 'Save settings' }).click();
  await until(async () => (await options.locator('#settings-status').textContent()) === 'Settings saved.', 5000, 'saved');

  const send = async (popup, n, platform, text) => {
    await popup.getByLabel('Phone number').fill(n);
    await popup.getByLabel('Platform').selectOption(platform);
    await popup.getByLabel('Message', { exact: true }).fill(text);
    await popup.getByRole('button', { name: 'Send', exact: true }).click();
    await until(async () => /^Opened/.test(await popup.locator('#send-status').textContent()), 5000, 'the send');
  };
  let popup = await x.page('popup.html');
  assert.equal(await popup.locator('#history-off').isVisible(), false, 'inside the closed panel');
  await popup.locator('#history-summary').click();
  assert.equal(await popup.locator('#history-off').isVisible(), true);
  await send(popup, '+44 20 7946 0958', 'whatsapp', 'quiet');
  assert.equal((await x.opened()).length, 1, 'the chat opens');
  assert.deepEqual((await x.storage('local')).history, [], 'history off: nothing recorded');
  await popup.close();

  await options.getByLabel('Keep a history of the chats I open').check();
  await options.getByRole('button', { name: 'Save settings' }).click();
  await until(async () => (await x.storage('sync')).settings.keep_history === true, 5000, 'on again');
  popup = await x.page('popup.html');
  await send(popup, '+44 20 7946 0958', 'whatsapp', 'about the spring offer');
  await send(popup, '+1 201 555 0123', 'telegram', 'see you');
  await send(popup, '+33 6 12 34 56 78', 'sms', 'call me');
  await popup.locator('#history-summary').click();
  await until(async () => (await popup.locator('#history > li').count()) === 3, 5000, 'three entries');

  await popup.getByLabel('Search the history').fill('spring');
  await until(async () => (await popup.locator('#history > li').count()) === 1, 5000, 'the search');
  assert.match(await popup.locator('#history > li').textContent(), /\+44 20 7946 0958 · WhatsApp/);
  await popup.getByLabel('Search the history').fill('201 555');
  await until(async () => /\+1 201-555-0123 · Telegram/.test(await popup.locator('#history').textContent()) && (await popup.locator('#history > li').count()) === 1, 5000, 'by number');
  await popup.getByLabel('Search the history').fill('nothing like it');
  await until(async () => (await popup.locator('#history-empty').textContent()) === 'Nothing in the history matches.', 5000, 'no match');
  await popup.getByLabel('Search the history').fill('');
  await until(async () => (await popup.locator('#history > li').count()) === 3, 5000, 'all again');

  // "Didn't work?" on the Telegram entry: its causes, then the same number on another messenger.
  await popup.getByRole('button', { name: "Didn't work? Help for +1 201-555-0123 on Telegram" }).click();
  const causes = popup.getByRole('list', { name: 'Why a Telegram chat may not open' });
  await causes.waitFor();
  assert.match(await causes.textContent(), /privacy settings may hide their number/);
  await popup.getByLabel('Try another messenger').selectOption('whatsapp');
  await popup.locator('.trouble').getByRole('button', { name: 'Open', exact: true }).click();
  await until(async () => (await x.opened()).at(-1) === 'https://wa.me/12015550123?text=see%20you', 5000, 'the other messenger');

  // Delete one entry; then clear the rest.
  await until(async () => (await popup.locator('#history > li').count()) === 4, 5000, 'four entries');
  await popup.getByRole('button', { name: 'Delete the entry for +33 6 12 34 56 78 on SMS' }).click();
  await until(async () => (await x.storage('local')).history.length === 3, 5000, 'deleted');
  assert.ok(!(await x.storage('local')).history.some((h) => h.e164 === '+33612345678'));
  await popup.getByRole('button', { name: 'Clear history' }).click();
  await popup.getByRole('dialog').getByRole('button', { name: 'Clear history' }).click();
  await until(async () => (await x.storage('local')).history.length === 0, 5000, 'cleared');
  await popup.close();
  await options.close();
});

test('include someone left out; pause, resume, continue later with a reminder', async () => {
  await x.worker.evaluate(async (c) => {
    await chrome.storage.local.set({ contacts: c, campaigns: [], opt_out: ['+12015550123'] });
    await chrome.alarms.clearAll();
    globalThis.__opened.length = 0;
  }, CONTACTS);
  const page = await x.page('options.html#campaigns');
  await page.getByLabel('Campaign name').fill('Autumn');
  await page.getByLabel('Contacts I choose').check();
  await page.getByRole('listbox', { name: 'Contacts' }).selectOption(['k2', 'k4']);
  await page.getByLabel('Message', { exact: true }).fill('Hi {first_name}');
  await page.getByRole('button', { name: 'Preview' }).click();
  await until(async () => (await page.locator('#campaign-preview-summary').textContent()) === '1 recipient; 1 left out.', 5000, 'the preview');
  // Ben asked not to be messaged; the user includes him on purpose (the focus stays on the box).
  await page.getByRole('checkbox', { name: 'Include Ben Ode' }).check();
  await until(async () => (await page.locator('#campaign-preview-summary').textContent()) === '2 recipients; 0 left out.', 5000, 'included');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'c:k2');
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await page.locator('#run-title').waitFor({ state: 'visible' });

  await page.getByRole('button', { name: 'Pause' }).click();
  await until(async () => /Paused/.test(await page.locator('#run-progress').textContent()), 5000, 'paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await until(async () => /Not started/.test(await page.locator('#run-progress').textContent()), 5000, 'resumed');

  // Continue later: an alarm at that time; when it rings, a notification; its click opens the page.
  const when = new Date(Date.now() + 2 * 3600000);
  const local = new Date(when.getTime() - when.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  await page.getByLabel('Continue later, at').fill(local);
  await page.getByRole('button', { name: 'Remind me then' }).click();
  await until(async () => /Paused\. Contakt reminds you/.test(await page.locator('#campaign-status').textContent()), 5000, 'the reminder');
  const [c] = (await x.storage('local')).campaigns;
  const alarms = await x.worker.evaluate(() => chrome.alarms.getAll());
  assert.deepEqual(alarms.map((a) => a.name), [`campaign:${c.id}`]);
  assert.equal(alarms[0].scheduledTime, c.resume_at);
  await x.worker.evaluate(async (id) => {
    const all = await chrome.storage.local.get('campaigns');
    all.campaigns[0].resume_at = Date.now() - 1; // its time has come
    await chrome.storage.local.set(all);
    await globalThis.contakt.run({ type: 'alarm', name: `campaign:${id}` }, 'browser');
  }, c.id);
  const shown = await until(async () => (await x.worker.evaluate(() => chrome.notifications.getAll()))[`campaign:${c.id}`], 5000, 'the notification');
  assert.ok(shown);
  await x.worker.evaluate((id) => globalThis.contakt.run({ type: 'notificationClick', id: `campaign:${id}` }, 'browser'), c.id);
  await until(() => x.context.pages().some((p) => p.url().endsWith('/options.html#campaigns')), 5000, 'the campaigns page');

  // Open next chat goes on: Ben (included although opted out), then Dev.
  await page.getByRole('button', { name: 'Open next chat' }).click();
  await until(async () => (await x.opened()).some((u) => u.startsWith('https://wa.me/12015550123')), 5000, 'Ben');
  await page.close();
});

test('a campaign from a file: read by the options page\'s file module, its unreadable rows said; a file that is not text refused', async () => {
  await x.worker.evaluate(async (c) => {
    await chrome.storage.local.set({ contacts: c, campaigns: [], opt_out: [] });
    globalThis.__opened.length = 0;
  }, CONTACTS);
  const page = await x.page('options.html#campaigns');
  await page.getByLabel('Campaign name').fill('Fair');
  await page.getByLabel('Message', { exact: true }).fill('Hello {first_name}');
  // Not text: said at Preview, with the focus on the file.
  const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761 >>> 13) & 255));
  await page.getByLabel('File of recipients').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: noise });
  await page.getByRole('button', { name: 'Preview' }).click();
  await until(async () => /not a text file|not text/i.test(await statusText(page)), 5000, 'the refusal');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'campaign-file');
  // A CSV with one row that cannot be read (an unclosed quote runs to the end).
  const csv = 'First Name,Last Name,Phone\nZoe,Ray,+44 20 7946 0111\nYan,Li,+44 20 7946 0112\n"unclosed,x,+44 20 7946 0113\n';
  await page.getByLabel('File of recipients').setInputFiles({ name: 'fair.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  assert.equal(await page.getByLabel('A CSV or vCard file, for this campaign only').isChecked(), true);
  await page.getByRole('button', { name: 'Preview' }).click();
  // (The unclosed quote's row runs to the end: read as one name with no number, left out.)
  await until(async () => (await page.locator('#campaign-preview-summary').textContent()) === '2 recipients; 1 left out.', 5000, 'the preview');
  assert.equal(await statusText(page), '', 'the refusal is gone');
  assert.equal(await page.locator('#campaign-preview-problems').isHidden(), false);
  assert.match(await page.locator('#campaign-preview-problems').textContent(), /^Row 4: 1 field where the header has 3/);
  const before = (await x.storage('local')).contacts.length;
  await page.getByRole('button', { name: 'Create campaign' }).click();
  await until(async () => /Campaign "Fair" created for 2 recipients/.test(await statusText(page)), 5000, 'the campaign');
  const [c] = await stored();
  assert.deepEqual(c.recipients.map((r) => [r.name, r.e164, r.contact_id ?? null]), [['Zoe Ray', '+442079460111', null], ['Yan Li', '+442079460112', null]]);
  assert.equal((await x.storage('local')).contacts.length, before, 'nothing added to the contacts');
  await page.close();
});
