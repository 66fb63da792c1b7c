// Reminders and scheduled messages in the real browser: made in the popup, alarms set by the
// worker, a notification at the time with "Open chat" and "Snooze", the badge count, nothing
// fired twice, alarms and missed reminders across a browser restart, contact deletion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

const reminders = async () => (await x.storage('local')).reminders ?? [];
const alarms = () => x.worker.evaluate(() => chrome.alarms.getAll());
const notifications = () => x.worker.evaluate(() => chrome.notifications.getAll());
const badge = () => x.worker.evaluate(() => chrome.action.getBadgeText({}));

async function reset() {
  await x.worker.evaluate(async () => {
    await chrome.storage.local.set({ reminders: [], history: [] });
    await chrome.alarms.clearAll();
    for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
    globalThis.__opened.length = 0;
  });
}

/** Saves a reminder through the worker's protocol, as the popup does, due `ms` from now. */
async function dueIn(page, ms, extra = {}) {
  const reply = await page.evaluate(([ms, extra]) => chrome.runtime.sendMessage({
    type: 'saveReminder',
    draft: { kind: 'message', e164: '+12015550123', label: 'Ana', text: 'Happy birthday!', platform: 'whatsapp', when: { type: 'instant', value: Date.now() + ms }, ...extra },
  }), [ms, extra]);
  assert.equal(reply.ok, true, JSON.stringify(reply));
  return reply.value;
}

test('a reminder made in the popup gets an alarm; edit and cancel change it', async () => {
  await reset();
  const popup = await x.page('popup.html');
  await popup.locator('#reminders-summary').click(); // reminders are a disclosure under Send
  await popup.getByLabel('Phone number').fill('+44 20 7946 0958');
  await popup.getByLabel('When').selectOption({ label: 'In 15 minutes' });
  await popup.getByLabel('Reminder note').fill('ask about the offer');
  const before = Date.now();
  await popup.getByRole('button', { name: 'Remind me' }).click();
  await until(async () => /Reminder set for \+44 20 7946 0958/.test(await popup.locator('#remind-status').textContent()), 5000, 'the confirmation');
  const [r] = await reminders();
  assert.equal(r.kind, 'reminder');
  assert.equal(r.e164, '+442079460958');
  assert.equal(r.text, 'ask about the offer');
  assert.ok(r.next >= before + 15 * 60000 && r.next <= Date.now() + 15 * 60000);
  assert.deepEqual((await alarms()).map((a) => [a.name, a.scheduledTime]), [[`reminder:${r.id}`, r.next]]);
  await until(async () => (await popup.locator('#upcoming li').count()) === 1, 5000, 'the list');
  assert.match(await popup.locator('#upcoming li').textContent(), /Reminder · \+44 20 7946 0958 ·.*ask about the offer/);

  // Edit: a custom time, repeating every week; the alarm follows.
  await popup.getByRole('button', { name: 'Edit the reminder for +44 20 7946 0958' }).click();
  await popup.getByLabel('Date and time').fill('2031-01-31T09:30');
  await popup.getByLabel('Repeat').selectOption('weekly');
  await popup.getByRole('button', { name: 'Remind me' }).click();
  await until(async () => (await reminders())[0]?.repeat === 'weekly', 5000, 'the edit');
  const edited = (await reminders())[0];
  assert.equal(edited.id, r.id);
  assert.equal(edited.label, r.label, 'whom it is for stays');
  assert.equal((await reminders()).length, 1);
  assert.deepEqual(edited.at, { year: 2031, month: 1, day: 31, hour: 9, minute: 30 });
  // The alarms follow the stored reminders (made right after the write).
  await until(async () => JSON.stringify((await alarms()).map((a) => a.scheduledTime)) === JSON.stringify([edited.next]), 5000, 'the alarm to follow the edit');

  // A time in the past is refused with the reason; nothing changes.
  await popup.getByLabel('Date and time').fill('2020-01-01T09:00');
  await popup.getByLabel('Repeat').selectOption('never');
  await popup.getByRole('button', { name: 'Remind me' }).click();
  await until(async () => /That time has passed/.test(await popup.locator('#remind-status').textContent()), 5000, 'the refusal');
  assert.equal((await reminders())[0].repeat, 'weekly');

  await popup.getByRole('button', { name: 'Cancel the reminder for +44 20 7946 0958' }).click();
  await until(async () => (await reminders()).length === 0, 5000, 'the cancel');
  await until(async () => (await alarms()).length === 0, 5000, 'the alarm to go with it');
  await popup.close();
});

test('due in a second: notification, badge, "Open chat" opens the link and records it once', async () => {
  await reset();
  const page = await x.page('popup.html');
  const r = await dueIn(page, 1000);
  const shown = await until(async () => (await notifications())[`reminder:${r.id}`], 10000, 'the notification');
  assert.ok(shown);
  await until(async () => (await badge()) === '1', 5000, 'the badge');
  assert.equal((await reminders())[0].due.missed, false);
  // A second alarm for the same reminder (a race) fires nothing.
  assert.deepEqual(await x.worker.evaluate(() => globalThis.contakt.processDue()), []);
  await x.worker.evaluate((id) => globalThis.contakt.onNotificationButton(id, 0), `reminder:${r.id}`);
  assert.deepEqual(await x.opened(), ['https://wa.me/12015550123?text=Happy%20birthday%21']);
  const { history } = await x.storage('local');
  assert.deepEqual(history.map((h) => [h.e164, h.platform, h.text]), [['+12015550123', 'whatsapp', 'Happy birthday!']]);
  assert.deepEqual(await reminders(), [], 'a one-off is done once opened');
  await until(async () => (await badge()) === '', 5000, 'the badge to clear');
  await page.close();
});

test('a click on the notification itself does its main action: the chat opens', async () => {
  await reset();
  const page = await x.page('popup.html');
  const r = await dueIn(page, 500);
  await until(async () => (await notifications())[`reminder:${r.id}`], 10000, 'the notification');
  await x.worker.evaluate((id) => globalThis.contakt.onNotificationClick(id), `reminder:${r.id}`);
  assert.deepEqual(await x.opened(), ['https://wa.me/12015550123?text=Happy%20birthday%21']);
  assert.deepEqual(await reminders(), []);
  await until(async () => (await notifications())[`reminder:${r.id}`] === undefined, 5000, 'the notification to go');
  await page.close();
});

test('"Snooze" puts it off by 10 minutes; the popup lists it due with Done', async () => {
  await reset();
  const page = await x.page('popup.html');
  const r = await dueIn(page, 800, { kind: 'reminder', text: 'call back', platform: null });
  await until(async () => (await notifications())[`reminder:${r.id}`], 10000, 'the notification');
  const at = Date.now();
  await x.worker.evaluate((id) => globalThis.contakt.onNotificationButton(id, 1), `reminder:${r.id}`);
  const snoozed = (await reminders())[0];
  assert.ok(snoozed.snoozed_until >= at + 10 * 60000 - 1000 && snoozed.snoozed_until <= Date.now() + 10 * 60000);
  assert.equal(snoozed.due, null);
  assert.deepEqual((await alarms()).map((a) => a.scheduledTime), [snoozed.snoozed_until]);
  assert.equal(await badge(), '');
  assert.equal((await notifications())[`reminder:${r.id}`], undefined);
  await page.close();

  // Due again (snooze over): the popup shows it as due, with Done.
  await x.worker.evaluate(async () => {
    const { reminders } = await chrome.storage.local.get('reminders');
    reminders[0].snoozed_until = Date.now() - 1000;
    await chrome.storage.local.set({ reminders });
  });
  await x.worker.evaluate(() => globalThis.contakt.processDue());
  assert.equal(await badge(), '1');
  const popup = await x.page('popup.html');
  await until(async () => (await popup.locator('#upcoming li.due').count()) === 1, 5000, 'the due item');
  await popup.getByRole('button', { name: 'Done: reminder for Ana' }).click();
  await until(async () => (await reminders()).length === 0, 5000, 'done');
  await until(async () => (await badge()) === '', 5000, 'the badge to clear');
  await popup.close();
});

test('the browser restarted keeps every alarm, and what came due while closed fires once, marked missed', async () => {
  await reset();
  const page = await x.page('popup.html');
  const later = await dueIn(page, 3 * 3600000);
  const weekly = await dueIn(page, 2 * 86400000, { repeat: 'weekly', label: 'Ben' });
  await page.close();
  // A daily reminder that was due an hour ago, while the browser was closed.
  await x.worker.evaluate(async () => {
    const { reminders } = await chrome.storage.local.get('reminders');
    reminders.push({ id: 'missed', kind: 'reminder', label: 'Cy', text: 'water the plants', zone: 'UTC', at: { year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, repeat: 'daily', next: Date.now() - 3600000, created: 1, updated: 1 });
    await chrome.storage.local.set({ reminders });
  });
  x = await x.relaunch();
  const names = await until(async () => {
    const a = (await alarms()).map((al) => al.name).sort();
    return a.length === 3 && a;
  }, 10000, 'the alarms');
  assert.deepEqual(names, ['reminder:missed', `reminder:${later.id}`, `reminder:${weekly.id}`].sort());
  const shown = await until(async () => (await notifications())['reminder:missed'], 10000, 'the missed notification');
  assert.ok(shown);
  const missed = (await reminders()).find((r) => r.id === 'missed');
  assert.equal(missed.due.missed, true);
  assert.ok(missed.next > Date.now(), 'next occurrence is ahead');
  await until(async () => (await badge()) === '1', 5000, 'the badge');
  // Nothing fires twice: another start (or alarm) finds nothing due.
  assert.deepEqual(await x.worker.evaluate(() => globalThis.contakt.processDue()), []);
  x = await x.relaunch();
  await until(async () => (await alarms()).length === 3, 10000, 'the alarms again');
  assert.equal((await reminders()).find((r) => r.id === 'missed').due.at, missed.due.at);
  await until(async () => (await badge()) === '1', 5000, 'the badge after the second start');
});

test('a scheduled message can open its chat directly, by setting', async () => {
  await reset();
  await x.worker.evaluate(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...settings, open_scheduled_directly: true } });
  });
  const page = await x.page('popup.html');
  const r = await dueIn(page, 800, { text: 'Ready?' });
  await until(async () => (await x.opened()).length === 1, 10000, 'the tab');
  assert.deepEqual(await x.opened(), ['https://wa.me/12015550123?text=Ready%3F']);
  assert.equal((await notifications())[`reminder:${r.id}`], undefined);
  assert.deepEqual(await reminders(), []);
  await x.worker.evaluate(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    await chrome.storage.sync.set({ settings: { ...settings, open_scheduled_directly: false } });
  });
  await page.close();
});

test('deleting a contact asks what to do with its reminders', async () => {
  await reset();
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [
    { id: 'c1', display_name: 'Dana', numbers: [{ label: 'mobile', raw: '+1 201 555 0123', e164: '+12015550123' }] },
    { id: 'c2', display_name: 'Eli', numbers: [] },
  ] }));
  const page = await x.page('popup.html');
  await dueIn(page, 3600000, { contact_id: 'c1', label: 'Dana' });
  await dueIn(page, 7200000, { contact_id: 'c2', label: 'Eli', e164: null, kind: 'reminder', text: 'lunch', platform: null });
  await page.close();
  const options = await x.page('options.html#contacts');
  await options.getByRole('button', { name: 'Delete Dana' }).click();
  await until(async () => /Dana has 1 reminder/.test(await options.locator('#contact-status').textContent()), 5000, 'the question');
  assert.equal((await x.storage('local')).contacts.length, 2, 'nothing deleted before the answer');
  await options.getByRole('button', { name: 'Keep them with the number' }).click();
  await until(async () => (await x.storage('local')).contacts.length === 1, 5000, 'the deletion');
  const kept = (await reminders()).find((r) => r.label === 'Dana');
  assert.equal(kept.contact_id, null);
  assert.equal(kept.e164, '+12015550123');

  await options.getByRole('button', { name: 'Delete Eli' }).click();
  await options.getByRole('button', { name: 'Delete them too' }).click();
  await until(async () => (await x.storage('local')).contacts.length === 0, 5000, 'the second deletion');
  assert.deepEqual((await reminders()).map((r) => r.label), ['Dana']);
  await until(async () => JSON.stringify((await alarms()).map((a) => a.name)) === JSON.stringify([`reminder:${kept.id}`]), 5000, 'the alarms to follow');
  await options.close();
});
