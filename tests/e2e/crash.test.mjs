// A restore or an import cut short (the browser killed, the worker stopped) is never left half
// applied: the worker journals a write of more than one storage call before making it and,
// at its next start, completes it (or, if that cannot be done, puts back what it changed).
// The write is stopped at each of its storage calls in turn: the worker's storage calls are
// wrapped so that the n-th never returns, then the browser is killed (SIGKILL) or the worker
// stopped, and the data is checked after a restart: all of the old, or all of the new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launch, until, section } from './harness.mjs';

/** A contact list of `n` people whose ids start with `tag`. */
const people = (tag, n) => Array.from({ length: n }, (_, i) => ({
  id: `${tag}${i}`, display_name: `${tag} Person ${i}`, numbers: [{ label: 'mobile', raw: `+44 20 7946 ${String(i).padStart(4, '0')}` }], updated: 1,
}));

/** The state before (A) and the backup restored over it (B): they differ in sync and local. */
async function seed(x) {
  await x.worker.evaluate(async ([a, b]) => {
    const run = globalThis.contakt.run;
    await run({ type: 'saveSettings', settings: { default_region: 'DE' } }, 'extension');
    await chrome.storage.local.set({ contacts: b });
    await chrome.storage.sync.set({ tags: [{ name: 'new', colour: 'blue' }] });
    const backup = await run({ type: 'backup' }, 'extension');
    globalThis.__backup = btoa(unescape(encodeURIComponent(backup.value)));
    await run({ type: 'saveSettings', settings: { default_region: 'FR' } }, 'extension');
    await chrome.storage.local.set({ contacts: a });
    await chrome.storage.sync.remove('tags');
  }, [people('a', 50), people('b', 400)]);
}

/** Which of the two states storage is in: 'old', 'new', or 'mixed' (what must never be). */
async function state(x) {
  const [local, sync] = await Promise.all([x.storage('local'), x.storage('sync')]);
  const ids = (local.contacts ?? []).map((c) => c.id);
  const parts = [
    ids.length === 50 && ids.every((id) => id.startsWith('a')) ? 'old' : ids.length === 400 && ids.every((id) => id.startsWith('b')) ? 'new' : 'mixed',
    sync.settings?.default_region === 'FR' && !sync.tags ? 'old' : sync.settings?.default_region === 'DE' && sync.tags ? 'new' : 'mixed',
  ];
  return { state: parts[0] === parts[1] ? parts[0] : `mixed (${parts.join(', ')})`, journal: 'journal' in local };
}

/** From now on the worker's `n`-th durable storage call (local or sync, set or remove) never returns. */
function stallAt(x, n) {
  return x.worker.evaluate((at) => {
    let calls = 0;
    globalThis.__stalled = 0;
    for (const area of ['local', 'sync']) {
      for (const op of ['set', 'remove']) {
        const real = chrome.storage[area][op].bind(chrome.storage[area]);
        chrome.storage[area][op] = (...args) => {
          calls += 1;
          if (calls === at) { globalThis.__stalled = at; return new Promise(() => {}); }
          return real(...args);
        };
      }
    }
  }, n);
}

/** Kills the browser as a crash would (no shutdown, nothing flushed by it). */
function kill(dir) {
  try { execFileSync('pkill', ['-KILL', '-f', `--user-data-dir=${dir}`]); } catch { /* already gone */ }
}

for (const [what, start] of [
  ['a restore', (x) => x.worker.evaluate(() => { globalThis.contakt.run({ type: 'restoreBackup', file: globalThis.__backup, mode: 'replace' }, 'extension'); })],
]) {
  for (const n of [1, 2, 3, 4]) {
    test(`${what} killed at its storage call ${n}: all old or all new after the restart`, async () => {
      let x = await launch();
      const dir = x.dir;
      await seed(x);
      assert.equal((await state(x)).state, 'old');
      await stallAt(x, n);
      await start(x);
      await until(() => x.worker.evaluate((at) => globalThis.__stalled === at, n), 10000, `storage call ${n}`);
      kill(dir);
      await x.context.close().catch(() => {});
      x = await launch({ dir });
      try {
        await until(() => x.worker.evaluate(() => globalThis.contakt !== undefined), 5000, 'the worker');
        await x.worker.evaluate(() => globalThis.contakt.started); // recovery runs before the start
        const after = await state(x);
        assert.deepEqual(after, { state: n === 1 ? 'old' : 'new', journal: false },
          n === 1 ? 'stopped before the journal was written: nothing happened' : 'the journal was there: the restore is completed');
      } finally { await x.close(); }
    });
  }
}

test('the worker stopped mid-restore: the page says so instead of "Restoring…", and the restore completes', async () => {
  const x = await launch();
  try {
    await seed(x);
    const page = await x.page('options.html#data');
    const file = await x.worker.evaluate(() => atob(globalThis.__backup));
    await page.getByLabel('Backup file to restore').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(file, 'latin1') });
    await page.getByLabel('Restoring').selectOption('replace');
    await stallAt(x, 3);
    await page.getByRole('button', { name: 'Restore backup' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restore backup' }).click();
    await until(() => x.worker.evaluate(() => globalThis.__stalled === 3), 10000, 'the stalled write');
    assert.match(await page.locator('#data-status').textContent(), /Restoring/);
    // The browser stops the worker (as it does after a while, or when it crashes).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await until(async () => /stopped before it could answer/.test(await page.locator('#data-status').textContent()), 10000, 'the page to say so');
    await cdp.detach();
    // The next request starts the worker again: the journal is completed first.
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await section(page, 'contacts');
    await until(async () => (await page.locator('#contact-list li').count()) === 400, 10000, 'the restored contacts');
    const worker = x.context.serviceWorkers().at(-1);
    const local = await worker.evaluate(() => chrome.storage.local.get(null));
    assert.equal('journal' in local, false);
    assert.equal(local.contacts.length, 400);
    await page.close();
  } finally { await x.close(); }
});

test('an import cut short by a killed browser adds all of the file or none of it', async () => {
  // An import is one write of one key (the contact list), which the browser makes whole or
  // not at all; killed at that write, the list is the old one, and importing again works.
  let x = await launch();
  const dir = x.dir;
  const vcf = Array.from({ length: 300 }, (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New ${i}\r\nTEL:+44 20 7946 ${String(i).padStart(4, '0')}\r\nEND:VCARD\r\n`).join('');
  await x.worker.evaluate((a) => chrome.storage.local.set({ contacts: a }), people('a', 50));
  await stallAt(x, 1);
  const request = { type: 'importContacts', file: Buffer.from(vcf).toString('base64'), choice: 'keep_both' };
  await x.worker.evaluate((r) => { globalThis.contakt.run(r, 'extension'); }, request);
  await until(() => x.worker.evaluate(() => globalThis.__stalled === 1), 10000, 'the import write');
  kill(dir);
  await x.context.close().catch(() => {});
  x = await launch({ dir });
  try {
    await x.worker.evaluate(() => globalThis.contakt.started);
    const ids = ((await x.storage('local')).contacts ?? []).map((c) => c.id);
    assert.equal(ids.length, 50);
    assert.ok(ids.every((id) => id.startsWith('a')));
    const again = await x.worker.evaluate((r) => globalThis.contakt.run(r, 'extension'), request);
    assert.equal(again.ok, true);
    assert.equal((await x.storage('local')).contacts.length, 350);
  } finally { await x.close(); }
});
