// Contacts in the options page (create, edit, search, delete and undo, text never HTML) and
// "Save as contact" from the right-click menu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

const names = (page) => page.locator('#contact-list li strong').allTextContents();

test('create, edit, search, delete and undo', async () => {
  const page = await x.page('options.html#contacts');
  await page.getByLabel('First name').fill('Maria');
  await page.getByLabel('Last name').fill('Lopez');
  await page.getByLabel('Phone numbers').fill('(415) 555-1234\nnot a number');
  await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('clients, fair');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(page)).includes('Maria Lopez'), 5000, 'the new contact');
  assert.match(await page.locator('#contact-list li').first().textContent(), /\+1 415-555-1234.*not a number \(not a valid number\)/);
  const stored = (await x.storage('local')).contacts;
  assert.equal(stored.length, 1);
  assert.deepEqual(stored[0].numbers.map((n) => n.e164), ['+14155551234', null]);
  assert.deepEqual(stored[0].tags, ['clients', 'fair']);

  await page.getByLabel('First name').fill('Tom');
  await page.getByLabel('Phone numbers').fill('+44 20 7946 0958');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(page)).length === 2, 5000, 'two contacts');

  await page.getByRole('button', { name: 'Edit Maria Lopez' }).click();
  await page.getByLabel('Last name').fill('López');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(page)).includes('Maria López'), 5000, 'the edit');
  assert.equal((await x.storage('local')).contacts.length, 2, 'edited in place');

  await page.getByLabel('Search contacts').fill('555 12');
  assert.deepEqual(await names(page), ['Maria López']);
  await page.getByLabel('Search contacts').fill('tom');
  assert.deepEqual(await names(page), ['Tom']);
  await page.getByLabel('Search contacts').fill('');

  await page.getByRole('button', { name: 'Delete Tom' }).click();
  await until(async () => !(await names(page)).includes('Tom'), 5000, 'the deletion');
  assert.equal((await x.storage('local')).contacts.length, 1);
  await page.getByRole('button', { name: 'Undo' }).click();
  await until(async () => (await names(page)).includes('Tom'), 5000, 'the undo');
  assert.equal((await x.storage('local')).contacts.length, 2);
  await page.close();
});

test('a contact without a name, number or e-mail is refused with the reason', async () => {
  const page = await x.page('options.html#contacts');
  await page.getByLabel('E-mail addresses').fill('not-an-email');
  await page.getByLabel('First name').fill('X');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => /not an e-mail address/.test(await page.locator('#contact-status').textContent()), 5000, 'the refusal');
  await page.close();
});

test('contact fields holding HTML render as text', async () => {
  const evil = '<img src=x onerror="window.__pwned=1">';
  await x.worker.evaluate((e) => chrome.storage.local.set({ contacts: [{ id: 'evil', first_name: e, display_name: e, numbers: [{ label: 'mobile', raw: e, e164: null }], tags: [e] }] }), evil);
  const page = await x.page('options.html#contacts');
  assert.deepEqual(await names(page), [evil]);
  assert.equal(await page.locator('#contact-list img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

test('"Save as contact" from the right-click menu', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [] }));
  await until(() => x.worker.evaluate(() => chrome.contextMenus.update('save-contact', {}).then(() => true, () => false)), 5000, 'the menu item');
  const reply = await x.worker.evaluate(() => globalThis.contakt.onMenuClick({ menuItemId: 'save-contact', selectionText: 'Reception: +44 20 7946 0958' }));
  assert.equal(reply.ok, true);
  const { contacts } = await x.storage('local');
  assert.deepEqual(contacts.map((c) => [c.display_name, c.numbers[0].e164]), [['+44 20 7946 0958', '+442079460958']]);
  const bad = await x.worker.evaluate(() => globalThis.contakt.onMenuClick({ menuItemId: 'save-contact', selectionText: 'no digits' }));
  assert.equal(bad.ok, false);
  assert.equal((await x.storage('local')).contacts.length, 1);
});

test('the popup fills the number from a contact search', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [] }));
  const options = await x.page('options.html#contacts');
  await options.getByLabel('First name').fill('Ana');
  await options.getByLabel('Last name').fill('Silva');
  await options.getByLabel('Phone numbers').fill('+44 20 7946 0958\n(415) 555-1234');
  await options.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(options)).includes('Ana Silva'), 5000, 'the contact');
  await options.close();
  const popup = await x.page('popup.html');
  await popup.getByLabel('Contact', { exact: true }).fill('ana');
  const choice = popup.getByRole('button', { name: 'Ana Silva · mobile +1 415-555-1234' });
  await choice.waitFor();
  assert.equal(await popup.getByRole('list', { name: 'Matching contacts' }).getByRole('button').count(), 2);
  await choice.click();
  assert.equal(await popup.getByLabel('Phone number').inputValue(), '+1 415-555-1234');
  const before = (await x.opened()).length;
  await popup.getByLabel('Platform').selectOption({ label: 'SMS' });
  await popup.getByRole('button', { name: 'Send', exact: true }).click();
  await until(async () => (await x.opened()).length > before, 5000, 'the SMS');
  assert.equal((await x.opened()).at(-1), 'sms:+14155551234');
  await popup.close();
});

test('two tabs editing one contact: the later save asks before overwriting the other change', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [{ id: 'k1', display_name: 'Kai', first_name: 'Kai', updated: 1 }] }));
  const a = await x.page('options.html#contacts');
  const b = await x.page('options.html#contacts');
  await a.getByRole('button', { name: 'Edit Kai' }).click();
  await b.getByRole('button', { name: 'Edit Kai' }).click();
  await b.getByLabel('Last name').fill('Berg');
  await b.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await x.storage('local')).contacts[0].last_name === 'Berg', 5000, "B's save");
  await a.getByLabel('Notes').fill('met at the fair');
  await a.getByRole('button', { name: 'Save contact' }).click();
  const ask = a.getByRole('dialog', { name: 'Changed in the meantime' });
  await ask.waitFor();
  assert.equal((await x.storage('local')).contacts[0].notes ?? '', '', 'nothing overwritten before the choice');
  // Cancel: the form now shows the other tab's version.
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await until(async () => (await a.getByLabel('Last name').inputValue()) === 'Berg', 5000, 'the other version in the form');
  // Saving again from that version needs no question.
  await a.getByLabel('Notes').fill('met at the fair');
  await a.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await x.storage('local')).contacts[0].notes === 'met at the fair', 5000, 'the save');
  assert.equal((await x.storage('local')).contacts[0].last_name, 'Berg', "the other tab's change is kept");
  await a.close();
  await b.close();
});

test('two pages saving contacts at once lose no update', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [] }));
  const a = await x.page('options.html#contacts');
  const b = await x.page('options.html#contacts');
  const saves = [];
  for (let i = 0; i < 10; i++) {
    for (const [page, who] of [[a, 'A'], [b, 'B']]) {
      saves.push(page.evaluate((name) => chrome.runtime.sendMessage({ type: 'saveContact', contact: { first_name: name } }), `${who}${i}`));
    }
  }
  const replies = await Promise.all(saves);
  assert.ok(replies.every((r) => r.ok), JSON.stringify(replies.find((r) => !r.ok)));
  const stored = (await x.storage('local')).contacts.map((c) => c.first_name).sort();
  assert.deepEqual(stored, [...Array(10).keys()].flatMap((i) => [`A${i}`, `B${i}`]).sort());
  await a.close();
  await b.close();
});

test('"Save as contact" from the popup, for the typed number and from the history', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [], history: [{ id: 'h1', e164: '+12015550123', platform: 'sms', text: '', at: Date.now() }] }));
  const popup = await x.page('popup.html');
  assert.equal(await popup.getByRole('button', { name: 'Save as contact' }).isVisible(), false, 'no number, nothing to save');
  await popup.getByLabel('Phone number').fill('+44 20 7946 0958');
  await popup.getByRole('button', { name: 'Save as contact' }).click();
  await until(async () => (await x.storage('local')).contacts?.length === 1, 5000, 'the first contact');
  await popup.locator('summary', { hasText: 'History' }).click();
  await popup.getByRole('button', { name: 'Save +1 201-555-0123 as a contact' }).click();
  await until(async () => (await x.storage('local')).contacts?.length === 2, 5000, 'the second contact');
  const numbers = (await x.storage('local')).contacts.map((c) => c.numbers[0].e164).sort();
  assert.deepEqual(numbers, ['+12015550123', '+442079460958']);
  await popup.close();
});
