// Templates: written in the options page (synced storage, one item each), picked in the popup
// and filled for the chosen contact; unfilled variables are shown and Send asks once; the
// synced quota refuses with a clear message and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

test('write a template, pick it in the popup for a contact, send it filled in', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [{ id: 'c1', first_name: 'Ana', last_name: 'Silva', display_name: 'Ana Silva', company: 'ACME', numbers: [{ label: 'mobile', raw: '+44 20 7946 0958', e164: '+442079460958' }] }] }));
  const options = await x.page('options.html#templates');
  await options.getByLabel('Template title').fill('Follow-up');
  await options.getByLabel('Template message').fill('Hi {first_name}, thanks for visiting {company}! {unknown_thing}');
  await options.getByRole('button', { name: 'Save template' }).click();
  await until(async () => (await options.getByRole('status', { name: 'Templates status' }).textContent()) === 'Saved template Follow-up.', 5000, 'saved');
  const synced = await x.storage('sync');
  assert.equal(Object.keys(synced).filter((k) => k.startsWith('template:')).length, 1);
  await options.close();

  const popup = await x.page('popup.html');
  await popup.getByLabel('Contact', { exact: true }).fill('ana');
  await popup.getByRole('button', { name: /^Ana Silva/ }).click();
  await popup.getByLabel('Template').selectOption({ label: 'Follow-up' });
  assert.equal(await popup.getByLabel('Message', { exact: true }).inputValue(), 'Hi Ana, thanks for visiting ACME! {unknown_thing}');
  assert.match(await popup.locator('#send-status').textContent(), /Not filled in: \{unknown_thing\}/);
  const before = (await x.opened()).length;
  await popup.getByRole('button', { name: 'Send', exact: true }).click();
  assert.match(await popup.locator('#send-status').textContent(), /Press Send again/);
  assert.equal((await x.opened()).length, before, 'nothing sent with raw braces before the user confirms');
  await popup.getByRole('button', { name: 'Send', exact: true }).click();
  await until(async () => (await x.opened()).length > before, 5000, 'the chat');
  assert.equal((await x.opened()).at(-1), `https://wa.me/442079460958?text=${encodeURIComponent('Hi Ana, thanks for visiting ACME! {unknown_thing}').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  await popup.close();
});

test('a template too big for synced storage is refused with the reason, nothing lost', async () => {
  await x.worker.evaluate(() => chrome.storage.sync.set({ settings: { default_region: 'GB' } }));
  const options = await x.page('options.html#templates');
  await options.getByLabel('Template title').fill('Huge');
  await options.getByLabel('Template message').fill('€'.repeat(3000));
  await options.getByRole('button', { name: 'Save template' }).click();
  await until(async () => /holds at most 8192/.test(await options.getByRole('status', { name: 'Templates status' }).textContent()), 5000, 'the refusal');
  // Fill the whole synced quota with templates of ~4 KB: the one that does not fit is refused.
  const replies = await options.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 30; i++) {
      out.push(await chrome.runtime.sendMessage({ type: 'saveTemplate', template: { title: `Big ${i}`, body: 'x'.repeat(3990) } }));
    }
    return out;
  });
  const refused = replies.find((r) => !r.ok);
  assert.ok(refused, 'the quota was reached');
  assert.match(refused.message, /Synced storage is full/);
  const synced = await x.storage('sync');
  assert.equal(synced.settings?.default_region, 'GB', 'settings survive');
  assert.equal(Object.keys(synced).filter((k) => k.startsWith('template:')).length, 1 + replies.filter((r) => r.ok).length);
  await options.close();
});
