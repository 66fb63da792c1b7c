// The address book's finer parts: every field of the form, tags (filter, colour, rename and
// delete across contacts), duplicates merged, sorting and "recently used" from the popup,
// and stored data of the first schema migrated when the worker starts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until, section } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

const names = (page) => page.locator('#contact-list li strong').allTextContents();
const field = (page, name) => page.getByRole('textbox', { name, exact: true });
const contacts = async () => (await x.storage('local')).contacts ?? [];

async function seed(list) {
  await x.worker.evaluate((l) => chrome.storage.local.set({ contacts: l }), list);
}

test('every field is saved, labels are read, and the display name follows the names', async () => {
  await seed([]);
  const page = await x.page('options.html#contacts');
  await field(page, 'First name').fill('Maria');
  await field(page, 'Last name').fill('Lopez');
  await field(page, 'Phone numbers').fill('work: (415) 555-1234\n+44 20 7946 0958');
  await field(page, 'Position').fill('CTO');
  await field(page, 'City').fill('Lisbon');
  await field(page, 'Country').fill('Portugal');
  await field(page, 'Messenger usernames').fill('telegram: @maria');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(page)).includes('Maria Lopez'), 5000, 'the contact');
  const [c] = await contacts();
  assert.deepEqual(c.numbers.map((n) => [n.label, n.e164]), [['work', '+14155551234'], ['mobile', '+442079460958']]);
  assert.deepEqual([c.position, c.city, c.country], ['CTO', 'Lisbon', 'Portugal']);
  assert.deepEqual(c.usernames, [{ service: 'telegram', handle: '@maria' }]);
  assert.match(await page.locator('#contact-list li').first().textContent(), /work: \+1 415-555-1234/);

  // Editing the first name renames the derived display name; a chosen one stays.
  await page.getByRole('button', { name: 'Edit Maria Lopez' }).click();
  assert.equal(await field(page, 'Display name').inputValue(), '');
  assert.equal(await field(page, 'Phone numbers').inputValue(), 'work: (415) 555-1234\n+44 20 7946 0958');
  await field(page, 'First name').fill('Mariana');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(page)).includes('Mariana Lopez'), 5000, 'the rename');
  await page.getByRole('button', { name: 'Edit Mariana Lopez' }).click();
  await field(page, 'Display name').fill('Mari (CTO)');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await names(page)).includes('Mari (CTO)'), 5000, 'the display name');
  await page.getByRole('button', { name: 'Edit Mari (CTO)' }).click();
  await field(page, 'Last name').fill('Perez');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await contacts())[0].last_name === 'Perez', 5000, 'the edit');
  assert.equal((await contacts())[0].display_name, 'Mari (CTO)');
  assert.equal((await contacts()).length, 1);
  await page.close();
});

test('tags: filter, colour, rename and delete apply to every contact', async () => {
  await seed([
    { id: 'a', display_name: 'Ana', tags: ['VIP', 'clients'] },
    { id: 'b', display_name: 'Ben', tags: ['vip'] },
    { id: 'c', display_name: 'Cy', tags: ['friends'] },
  ]);
  const page = await x.page('options.html#contacts');
  await page.getByLabel('Filter by tag').selectOption('VIP');
  assert.deepEqual((await names(page)).sort(), ['Ana', 'Ben']);
  await page.getByLabel('Filter by tag').selectOption('friends');
  assert.deepEqual(await names(page), ['Cy']);
  await page.getByLabel('Filter by tag').selectOption('');
  assert.equal((await names(page)).length, 3);

  await section(page, 'tags');
  await page.getByLabel('Colour of tag VIP').selectOption('red');
  await until(async () => ((await x.storage('sync')).tags ?? []).some((t) => t.name === 'VIP' && t.colour === 'red'), 5000, 'the colour');
  await section(page, 'contacts');
  await until(async () => (await page.locator('#contact-list .chip.tag-red').count()) === 2, 5000, 'red chips');
  await section(page, 'tags');

  await page.getByLabel('New name for tag VIP').fill('Key clients');
  await page.getByRole('button', { name: 'Rename tag VIP' }).click();
  await until(async () => /Renamed VIP to Key clients on 2 contacts/.test(await page.locator('#tag-status').textContent()), 5000, 'the rename');
  const byId = Object.fromEntries((await contacts()).map((c) => [c.id, c.tags]));
  assert.deepEqual(byId, { a: ['Key clients', 'clients'], b: ['Key clients'], c: ['friends'] });
  assert.deepEqual((await x.storage('sync')).tags, [{ name: 'Key clients', colour: 'red' }]);

  await page.getByRole('button', { name: 'Delete tag friends' }).click();
  await until(async () => (await contacts()).find((c) => c.id === 'c').tags.length === 0, 5000, 'the deletion');
  await until(async () => /Deleted tag friends from 1 contact\./.test(await page.locator('#tag-status').textContent()), 5000, 'the status');

  await page.getByLabel('New tag', { exact: true }).fill('Family');
  await page.getByLabel('New tag colour').selectOption('green');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await until(async () => (await page.getByLabel('Colour of tag Family').count()) === 1, 5000, 'the new tag');
  await page.getByLabel('New tag', { exact: true }).fill('family');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await until(async () => /already a tag/.test(await page.locator('#tag-status').textContent()), 5000, 'the refusal');
  await page.close();
});

test('contacts sharing a number are flagged and merged without losing anything', async () => {
  await seed([
    { id: 'a', display_name: 'Maria', numbers: [{ label: 'mobile', raw: '(415) 555-1234', e164: '+14155551234' }], emails: ['m@example.com'], tags: ['vip'], notes: 'met at the fair', created: 1 },
    { id: 'b', display_name: 'M. Lopez', numbers: [{ label: 'work', raw: '+1 415 555 1234', e164: '+14155551234' }, { label: 'home', raw: '+44 20 7946 0958', e164: '+442079460958' }], emails: ['lopez@example.com'], tags: ['clients'], notes: 'prefers Signal', created: 2 },
    { id: 'c', display_name: 'Tom', numbers: [{ label: 'mobile', raw: '+33 6 12 34 56 78', e164: '+33612345678' }] },
  ]);
  const page = await x.page('options.html#contacts');
  assert.match(await page.locator('#duplicate-list').textContent(), /Maria and M\. Lopez share a number/);
  await page.getByRole('button', { name: 'Merge Maria and M. Lopez' }).click();
  await until(async () => (await contacts()).length === 2, 5000, 'the merge');
  const merged = (await contacts()).find((c) => c.id === 'a');
  assert.deepEqual(merged.numbers.map((n) => n.e164), ['+14155551234', '+442079460958']);
  assert.deepEqual(merged.emails, ['m@example.com', 'lopez@example.com']);
  assert.deepEqual(merged.tags, ['vip', 'clients']);
  assert.match(merged.notes, /met at the fair[\s\S]*prefers Signal/);
  await until(() => page.locator('#duplicates').isHidden(), 5000, 'the flag to go');
  assert.match(await page.locator('#contact-status').textContent(), /Merged into Maria/);
  await page.close();
});

test('sort by name or recent use; sending from the popup to a contact marks it used', async () => {
  await seed([
    { id: 'z', display_name: 'Zoe', numbers: [{ label: 'mobile', raw: '+1 201 555 0123', e164: '+12015550123' }], updated: 3 },
    { id: 'a', display_name: 'adam', updated: 2 },
    { id: 'm', display_name: 'Mia', updated: 1 },
  ]);
  const popup = await x.page('popup.html');
  await popup.getByLabel('Contact', { exact: true }).fill('zoe');
  await popup.getByRole('button', { name: /Zoe · mobile/ }).click();
  await popup.getByRole('button', { name: 'Send' }).click();
  await until(async () => (await contacts()).find((c) => c.id === 'z').last_used > 0, 5000, 'last_used');
  await popup.close();

  const page = await x.page('options.html#contacts');
  await page.getByLabel('Sort contacts').selectOption('name');
  assert.deepEqual(await names(page), ['adam', 'Mia', 'Zoe']);
  await page.getByLabel('Sort contacts').selectOption('recent');
  assert.deepEqual(await names(page), ['Zoe', 'adam', 'Mia']);
  await page.close();
});

test('data stored by the first release is migrated when the browser starts again', async () => {
  await x.worker.evaluate(() => chrome.storage.local.clear().then(() => chrome.storage.local.set({
    contacts: [{ id: 'old', display_name: 'Old friend', usernames: [['telegram', '@old']], numbers: [] }],
    history: [],
  })));
  x = await x.relaunch();
  const local = await until(async () => { const l = await x.storage('local'); return l.schema && l; }, 5000, 'the migration');
  assert.equal(local.schema, 2);
  assert.deepEqual(local.contacts[0].usernames, [{ service: 'telegram', handle: '@old' }]);
  const page = await x.page('options.html#contacts');
  await page.getByRole('button', { name: 'Edit Old friend' }).click();
  assert.equal(await field(page, 'Messenger usernames').inputValue(), 'telegram: @old');
  await page.close();

  // Data from a newer Contakt is left alone and not written to; the page says why.
  await x.worker.evaluate(() => chrome.storage.local.set({ schema: 99 }));
  x = await x.relaunch();
  const options = await x.page('options.html#contacts');
  assert.match(await options.locator('#schema-status').textContent(), /newer Contakt/);
  await options.getByRole('button', { name: 'Delete Old friend' }).click();
  await until(async () => /newer Contakt/.test(await options.locator('#contact-status').textContent()), 5000, 'the refusal');
  assert.equal((await contacts()).length, 1);
  assert.equal((await x.storage('local')).schema, 99);
  await options.close();
});
