// Keyboard only: send, save a contact, create a reminder and import, reaching every control
// with Tab (in document order) and acting with the keyboard; focus is visible on each stop.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

const x = await launch();
after(() => x.close());

/** Presses Tab until the element with `id` has focus (each stop's focus must be visible). */
async function tabTo(page, id, most = 80) {
  for (let i = 0; i < most; i++) {
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      const s = el ? getComputedStyle(el) : null;
      const visible = !el || el === document.body || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      return { id: el?.id ?? '', visible };
    });
    assert.ok(at.visible, `focus on #${at.id} is not visible`);
    if (at.id === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`#${id} is not reachable with Tab`);
}

test('send from the popup with the keyboard alone', async () => {
  const page = await x.page('popup.html');
  await tabTo(page, 'number');
  await page.keyboard.type('+44 20 7946 0958');
  await tabTo(page, 'message');
  await page.keyboard.type('Hi');
  const before = (await x.opened()).length;
  await page.keyboard.press('Enter');
  await until(async () => (await x.opened()).length > before, 5000, 'the chat');
  assert.equal((await x.opened()).at(-1), 'https://wa.me/442079460958?text=Hi');
  await page.close();
});

test('create a reminder with the keyboard alone', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ reminders: [] }));
  const page = await x.page('popup.html');
  await tabTo(page, 'number');
  await page.keyboard.type('+44 20 7946 0958');
  // Reminders are a second view: a disclosure under Send, opened with the keyboard.
  await tabTo(page, 'reminders-summary');
  await page.keyboard.press('Enter');
  await tabTo(page, 'remind-when');
  await page.keyboard.press('Home'); // the first preset: in 15 minutes
  await tabTo(page, 'remind-me');
  await page.keyboard.press('Enter');
  await until(async () => ((await x.storage('local')).reminders ?? []).length === 1, 5000, 'the reminder');
  assert.equal((await x.storage('local')).reminders[0].e164, '+442079460958');
  await page.close();
});

test('save a contact and import a file with the keyboard alone', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [] }));
  const page = await x.page('options.html');
  // The navigation leads to each section; the section's heading takes the focus.
  await tabTo(page, 'nav-contacts');
  await page.keyboard.press('Enter');
  await until(async () => page.evaluate(() => document.activeElement?.id === 'contacts-title'), 5000, 'the contacts section');
  assert.equal(new URL(page.url()).hash, '#contacts');
  await tabTo(page, 'first-name', 120);
  await page.keyboard.type('Ana');
  await tabTo(page, 'contact-numbers');
  await page.keyboard.type('+44 20 7946 0958');
  await tabTo(page, 'save-contact');
  await page.keyboard.press('Enter');
  await until(async () => ((await x.storage('local')).contacts ?? []).length === 1, 5000, 'the contact');
  await page.keyboard.press('Shift+Tab');
  for (let i = 0; i < 120 && await page.evaluate(() => document.activeElement?.id !== 'nav-data'); i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await until(async () => page.evaluate(() => document.activeElement?.id === 'data-title'), 5000, 'the data section');
  await tabTo(page, 'import-file', 120);
  // The file dialog is the browser's; the file is given to the focused control.
  await page.locator('#import-file').setInputFiles({ name: 'c.vcf', mimeType: 'text/vcard', buffer: Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoe\r\nTEL:+1 415 555 1234\r\nEND:VCARD\r\n') });
  await until(async () => !(await page.locator('#import-preview').isHidden()), 5000, 'the preview');
  await tabTo(page, 'import-apply');
  await page.keyboard.press('Enter');
  await until(async () => ((await x.storage('local')).contacts ?? []).length === 2, 5000, 'the import');
  await page.close();
});

test('a dialog traps the focus, Escape closes it and the focus returns', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ history: [{ id: 'h1', e164: '+12015550123', platform: 'sms', text: 'hi', at: Date.now() }] }));
  const page = await x.page('popup.html');
  await tabTo(page, 'history-summary');
  await page.keyboard.press('Enter');
  await tabTo(page, 'clear-history');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Clear the history?' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'confirm-no', 'the safe answer has the focus');
  // Tab stays inside the dialog (the page behind is inert).
  const stops = new Set();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    stops.add(await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'the browser';
      return el.closest('dialog')?.id ?? `outside: #${el.id}`;
    }));
  }
  assert.ok(stops.has('confirm-dialog'));
  assert.deepEqual([...stops].filter((s) => s.startsWith('outside')), [], 'the focus stays in the dialog (or the browser UI)');
  await page.keyboard.press('Escape');
  await until(async () => !(await dialog.isVisible()), 5000, 'the dialog to close');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'clear-history', 'the focus returns to the button');
  assert.equal((await x.storage('local')).history.length, 1, 'Escape changed nothing');
  // Confirming clears.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Clear history' }).click();
  await until(async () => !(await dialog.isVisible()), 5000, 'the dialog to close on yes');
  await until(async () => ((await x.storage('local')).history ?? []).length === 0, 10000, 'the history cleared');
  await page.close();
});
