// axe-core on the popup and the options page, in the states people see: empty, and full
// (history, a due reminder, contact search results; contacts, duplicates, tags, templates, an
// import preview), in English and in Arabic (right to left), light and dark. 0 violations.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, until } from './harness.mjs';

const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** axe's violations on the page as it is now ("id: selectors" lines). */
async function violations(page) {
  await page.evaluate(AXE); // DevTools evaluation: the page's CSP does not apply to it
  return page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const FULL = {
  contacts: [
    { id: 'a', display_name: 'Maria', numbers: [{ label: 'mobile', raw: '(415) 555-1234', e164: '+14155551234' }], tags: ['vip'] },
    { id: 'b', display_name: 'M. Lopez', numbers: [{ label: 'work', raw: '+1 415 555 1234', e164: '+14155551234' }] },
    { id: 'c', display_name: 'Tom', numbers: [{ label: 'mobile', raw: 'not a number', e164: null }] },
  ],
  history: [{ id: 'h1', e164: '+12015550123', platform: 'sms', text: 'Hello', at: Date.now() - 60000 }],
  reminders: [{ id: 'r1', kind: 'message', e164: '+12015550123', label: 'Ana', text: 'Happy birthday!', platform: 'whatsapp', zone: 'UTC', repeat: 'never', next: null, due: { at: Date.now() - 1000, missed: false } }],
};

for (const [locale, colorScheme] of [['en-US', 'light'], ['ar', 'light'], ['en-US', 'dark']]) {
  const x = await launch({ locale, colorScheme });
  after(() => x.close());

  test(`the popup, empty and full, has no axe violations (${locale}, ${colorScheme})`, async () => {
    const empty = await x.page('popup.html');
    assert.deepEqual(await violations(empty), []);
    await empty.close();
    await x.worker.evaluate(async (full) => {
      await chrome.storage.local.set(full);
      await chrome.storage.sync.set({ 'template:t1': { id: 't1', title: 'Hi', body: 'Hi {first_name}', updated: 1 } });
    }, FULL);
    const page = await x.page('popup.html');
    await until(async () => (await page.locator('#upcoming li').count()) === 1, 5000, 'the due reminder');
    await page.locator('#contact-pick').fill('Mar');
    await until(async () => (await page.locator('#contact-results li').count()) > 0, 5000, 'the contact results');
    await page.locator('#number').fill('12');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  test(`the options page, with contacts, tags, templates and an import preview, has no axe violations (${locale}, ${colorScheme})`, async () => {
    const page = await x.page('options.html');
    await until(async () => (await page.locator('#duplicate-list li').count()) === 1, 5000, 'the duplicates');
    await page.locator('#import-file').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from('First Name,Phone 1 - Value,Birthday\nAna,+1 415 555 1234,1990-01-01\n') });
    await until(async () => !(await page.locator('#import-preview').isHidden()), 5000, 'the preview');
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
}
