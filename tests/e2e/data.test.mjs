// The options page's Data section in the real browser: import a vCard and a CSV with each
// duplicate choice, export, download a backup and restore it (plain and encrypted), and a
// corrupt backup refused with storage untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, until, section } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus');
const contacts = async () => (await x.storage('local')).contacts ?? [];
const status = (page) => page.locator('#data-status').textContent();

const EXISTING = [
  { id: 'a', display_name: 'Ana', numbers: [{ label: 'mobile', raw: '+1 415 555 1234', e164: '+14155551234' }], notes: 'old', updated: 1 },
  { id: 'b', display_name: 'Ben', emails: ['ben@example.com'], updated: 1 },
];
const VCF = [
  'BEGIN:VCARD', 'VERSION:3.0', 'FN:Ana L.', 'TEL;TYPE=CELL:(415) 555-1234', 'NOTE:new', 'END:VCARD',
  'BEGIN:VCARD', 'VERSION:2.1', 'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;', 'TEL;WORK:+49 30 1234567', 'END:VCARD',
  'BEGIN:VCARD', 'VERSION:3.0', 'END:VCARD', '',
].join('\r\n');

async function importFile(page, name, buffer, choice) {
  await page.getByLabel('Import contacts').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  await until(() => page.locator('#import-preview').isVisible(), 5000, 'the preview');
  if (choice) await page.getByLabel('When a contact is already in Contakt').selectOption(choice);
}

test('a vCard imports with each duplicate choice, after a preview', async () => {
  const results = {};
  for (const choice of ['merge', 'skip', 'replace', 'keep_both']) {
    await x.worker.evaluate((c) => chrome.storage.local.set({ contacts: c }), EXISTING);
    const page = await x.page('options.html#data');
    await importFile(page, 'contacts.txt', Buffer.from(VCF), choice);
    assert.match(await page.locator('#import-summary').textContent(), /^vCard: 2 contacts, 1 new, 1 already in Contakt \(same number or e-mail\); 1 problem\./);
    assert.match(await page.locator('#import-matches').textContent(), /Ana L\. \(card 1 \(line 1\)\) is Ana \(same number\)/);
    assert.equal((await contacts()).length, 2, 'nothing is written before Import');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await until(async () => /^Imported 2 contacts/.test(await status(page)), 5000, 'the import');
    results[choice] = await contacts();
    await page.close();
  }
  const names = (list) => list.map((c) => c.display_name);
  assert.deepEqual(names(results.merge), ['Ana', 'Ben', 'Jörg Müller']);
  assert.equal(results.merge[0].notes, 'old\n\nnew');
  assert.deepEqual(names(results.skip), ['Ana', 'Ben', 'Jörg Müller']);
  assert.equal(results.skip[0].notes, 'old');
  assert.deepEqual(names(results.replace), ['Ana L.', 'Ben', 'Jörg Müller']);
  assert.equal(results.replace[0].id, 'a');
  assert.deepEqual(names(results.keep_both), ['Ana', 'Ben', 'Ana L.', 'Jörg Müller']);
  assert.equal(results.merge[2].numbers[0].e164, '+49301234567');
  assert.equal(results.merge[2].numbers[0].label, 'work');
});

test('a CSV imports with each duplicate choice too', async () => {
  const CSV = 'Name,Phone 1 - Label,Phone 1 - Value,Notes\r\nAna L.,Mobile,(415) 555-1234,new\r\nCora,Work,+33 1 23 45 67 89,\r\n';
  const results = {};
  for (const choice of ['merge', 'skip', 'replace', 'keep_both']) {
    await x.worker.evaluate((c) => chrome.storage.local.set({ contacts: c }), EXISTING);
    const page = await x.page('options.html#data');
    await importFile(page, 'google.csv', Buffer.from(CSV), choice);
    assert.match(await page.locator('#import-summary').textContent(), /^CSV \(utf-8, separated by ","\): 2 contacts, 1 new, 1 already in Contakt/);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await until(async () => /^Imported 2 contacts/.test(await status(page)), 5000, 'the import');
    results[choice] = (await contacts()).map((c) => `${c.display_name}|${c.notes}`);
    await page.close();
  }
  assert.deepEqual(results, {
    merge: ['Ana|old\n\nnew', 'Ben|', 'Cora|'],
    skip: ['Ana|old', 'Ben|', 'Cora|'],
    replace: ['Ana L.|new', 'Ben|', 'Cora|'],
    keep_both: ['Ana|old', 'Ben|', 'Ana L.|new', 'Cora|'],
  });
});

test('a per-contact choice overrides the general one; Cancel imports nothing', async () => {
  await x.worker.evaluate((c) => chrome.storage.local.set({ contacts: c }), EXISTING);
  const page = await x.page('options.html#data');
  await importFile(page, 'contacts.vcf', Buffer.from(VCF), 'merge');
  await page.getByLabel('For Ana L.').selectOption('skip');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await until(async () => /^Imported/.test(await status(page)), 5000, 'the import');
  assert.equal((await contacts())[0].notes, 'old');
  await importFile(page, 'again.vcf', Buffer.from(VCF));
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await status(page), 'Nothing was imported.');
  assert.equal((await contacts()).length, 3);
  await page.close();
});

test('a binary file is refused with the reason, before any preview', async () => {
  const page = await x.page('options.html#data');
  const bytes = Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 2654435761) >>> 24));
  await page.locator('#import-file').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: bytes });
  await until(async () => /not a contact list/.test(await page.locator('#data-status').textContent()), 5000, 'the refusal');
  assert.equal(await page.locator('#import-preview').isHidden(), true, 'no preview, nothing to import');
  await page.close();
});

test('a CSV imports through the column mapping (German Outlook, cp1252)', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [] }));
  const page = await x.page('options.html#data');
  const file = existsSync(`${CORPUS}/csv/ox_outlook_de_cp1252.csv`)
    ? readFileSync(`${CORPUS}/csv/ox_outlook_de_cp1252.csv`)
    : Buffer.from('"Vorname";"Nachname";"Mobiltelefon";"Ort privat"\r\n"J\xfcrgen";"M\xfcller";"+49 151 23456789";"K\xf6ln"\r\n', 'latin1');
  await importFile(page, 'outlook.csv', file, 'merge');
  assert.match(await page.locator('#import-summary').textContent(), /^CSV \(windows-1252, separated by .*\): 1 contact, 1 new/);
  // The user maps the first-name column to the display name instead.
  await page.getByLabel('Column Vorname holds').selectOption('display_name');
  await until(async () => (await page.getByLabel('Column Vorname holds').inputValue()) === 'display_name', 5000, 'the new mapping');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await until(async () => (await contacts()).length === 1, 5000, 'the import');
  const [c] = await contacts();
  assert.equal(c.first_name, existsSync(`${CORPUS}/csv`) ? 'Zweiter Vorname' : '');
  assert.equal(c.display_name, existsSync(`${CORPUS}/csv`) ? 'Vorname' : 'Jürgen');
  assert.equal(c.last_name, existsSync(`${CORPUS}/csv`) ? 'Nachname' : 'Müller');
  await page.close();
});

test('export downloads the contacts; a backup restores everything, a corrupt one changes nothing', async () => {
  await x.worker.evaluate(async (c) => {
    await chrome.storage.local.set({ contacts: c, history: [{ id: 'h1', e164: '+14155551234', platform: 'sms', text: 'hi', at: 5 }] });
    await chrome.storage.sync.set({ 'template:t1': { id: 't1', title: 'Hello', body: 'Hi {first_name}', updated: 3 }, tags: [{ name: 'VIP', colour: 'red' }] });
  }, EXISTING);
  const page = await x.page('options.html#data');
  const [vcf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as vCard 4.0' }).click()]);
  const text = readFileSync(await vcf.path(), 'utf8');
  assert.match(text, /^BEGIN:VCARD\r\nVERSION:4\.0\r\nFN:Ana\r\n/);
  assert.equal(text.match(/BEGIN:VCARD/g).length, 2);

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
  assert.match(dl.suggestedFilename(), /^contakt-backup-\d{4}-\d\d-\d\d\.json$/);
  const backupPath = await dl.path();
  const before = { local: await x.storage('local'), sync: await x.storage('sync') };

  // A corrupt (truncated) backup: refused, storage untouched.
  const truncated = readFileSync(backupPath).subarray(0, 200);
  await page.getByLabel('Backup file to restore').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: truncated });
  await restore(page);
  await until(async () => /cut short.*Nothing was changed/.test(await status(page)), 5000, 'the refusal');
  assert.deepEqual((await x.storage('local')).contacts, before.local.contacts);

  // Everything gone, then restored from the file.
  await x.worker.evaluate(async () => {
    await chrome.storage.local.set({ contacts: [], history: [] });
    await chrome.storage.sync.remove(['template:t1', 'tags']);
  });
  await page.getByLabel('Backup file to restore').setInputFiles(backupPath);
  await page.getByLabel('Restoring').selectOption('replace');
  // Replacing everything asks first; Escape (or Cancel) changes nothing.
  await page.getByRole('button', { name: 'Restore backup' }).click();
  const ask = page.getByRole('dialog', { name: 'Replace everything with this backup?' });
  await ask.waitFor();
  await page.keyboard.press('Escape');
  await until(async () => !(await ask.isVisible()), 5000, 'the dialog to close');
  assert.deepEqual((await x.storage('local')).contacts, [], 'nothing restored');
  await page.getByRole('button', { name: 'Restore backup' }).click();
  await ask.getByRole('button', { name: 'Restore backup' }).click();
  await until(async () => /^Restored 2 contacts, 1 template, 1 tag, 0 reminders and 1 history entry/.test(await status(page)), 5000, 'the restore');
  const after = { local: await x.storage('local'), sync: await x.storage('sync') };
  assert.deepEqual(after.local.contacts.map((c) => c.id), ['a', 'b']);
  assert.deepEqual(after.local.history, before.local.history);
  assert.deepEqual(after.sync['template:t1'], before.sync['template:t1']);
  assert.deepEqual(after.sync.tags, before.sync.tags);
  await section(page, 'contacts');
  await until(async () => (await page.locator('#contact-list li').count()) === 2, 5000, 'the list');
  await page.close();
});

/** Restore backup, confirmed in the dialog that a restore replacing everything asks first. */
async function restore(page) {
  await page.getByRole('button', { name: 'Restore backup' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore backup' }).click();
}

test('an encrypted backup restores only with its passphrase', async () => {
  await x.worker.evaluate((c) => chrome.storage.local.set({ contacts: c }), EXISTING);
  const page = await x.page('options.html#data');
  await page.getByLabel('Backup passphrase').fill('correct horse battery');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByRole('button', { name: 'Download backup' }).click()]);
  const file = readFileSync(await dl.path(), 'utf8');
  assert.match(file, /"format": "contakt-backup-encrypted"/);
  assert.doesNotMatch(file, /Ana/);
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [] }));

  await page.getByLabel('Backup passphrase').fill('wrong horse battery');
  await page.getByLabel('Backup file to restore').setInputFiles(await dl.path());
  await restore(page);
  await until(async () => /Wrong passphrase/.test(await status(page)), 60000, 'the refusal');
  assert.deepEqual(await contacts(), []);

  await page.getByLabel('Backup passphrase').fill('correct horse battery');
  await restore(page);
  await until(async () => /^Restored 2 contacts/.test(await status(page)), 60000, 'the restore');
  assert.deepEqual((await contacts()).map((c) => c.display_name), ['Ana', 'Ben']);
  await page.close();
});

test('usage counters count sends on this device and are shown under Usage', async () => {
  await x.worker.evaluate(() => chrome.storage.local.remove('counters'));
  const popup = await x.page('popup.html');
  for (const platform of ['whatsapp', 'sms', 'whatsapp']) {
    const r = await popup.evaluate((p) => chrome.runtime.sendMessage({ type: 'send', number: '+44 20 7946 0958', platform: p, text: '' }), platform);
    assert.equal(r.ok, true);
  }
  await popup.close();
  const counters = (await x.storage('local')).counters;
  assert.deepEqual([counters.sent, counters.by_platform], [3, { sms: 1, whatsapp: 2 }]);
  const page = await x.page('options.html#usage');
  await until(async () => /You have sent 3 messages with Contakt \(WhatsApp 2, SMS 1\)/.test(await page.locator('#usage-summary').textContent()), 5000, 'the usage line');
  const rows = await page.locator('#usage-table tbody tr').allTextContents();
  assert.deepEqual(rows, ['WhatsApp2', 'SMS1'], 'a row per messenger, most used first');
  await page.close();
});

test('a backup too large for one message is refused at once, with the limit, and nothing is sent', async () => {
  const page = await x.page('options.html#data');
  const before = await x.storage('local');
  await page.getByLabel('Backup file to restore').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(47 * 1024 * 1024, 0x20) });
  await page.getByLabel('Restoring').selectOption('merge');
  await page.getByRole('button', { name: 'Restore backup' }).click();
  await until(async () => /This backup is 47 MB; Contakt restores backups of up to 46 MB/.test(await status(page)), 5000, 'the refusal');
  assert.deepEqual(await x.storage('local'), before);
  await page.close();
});

test('a large file is read off the page: progress shows, the page answers, Cancel stops it', async () => {
  const page = await x.page('options.html#data');
  // 600,000 rows (18 MB, under the 20 MB import limit): reading takes seconds even on a fast machine,
  // so Cancel is still there when clicked (300,000 rows were read before the click once in CI).
  const rows = Array.from({ length: 600000 }, (_, i) => `Person ${i},+44 20 7946 ${String(i % 10000).padStart(4, '0')}`);
  const csv = Buffer.from(`Name,Phone\n${rows.join('\n')}\n`);
  await page.getByLabel('Import contacts').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: csv });
  const progress = page.getByRole('status').filter({ hasText: 'Reading the file…' });
  await progress.waitFor({ state: 'visible', timeout: 10000 });
  // The page's own thread is free: the Cancel button's click handler runs while the file is read.
  await page.getByRole('button', { name: 'Cancel' }).first().click();
  await until(async () => /Nothing was imported/.test(await status(page)), 5000, 'the cancellation');
  assert.equal(await progress.isVisible(), false);
  assert.equal(await page.locator('#import-preview').isVisible(), false, 'no preview after Cancel');
  await page.close();
});
