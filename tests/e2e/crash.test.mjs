// A restore or an import cut short (the browser killed, the worker stopped) is never left half
// applied: the worker journals a write of more than one storage call around one commit point
// and, at its next start, undoes it (stopped before the commit) or finishes it (after).
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
    await run({ type: 'saveTemplate', template: { title: 'New', body: 'Hello from the backup' } }, 'extension');
    const backup = await run({ type: 'backup' }, 'extension');
    globalThis.__backup = btoa(unescape(encodeURIComponent(backup.value)));
    await run({ type: 'saveSettings', settings: { default_region: 'FR' } }, 'extension');
    await chrome.storage.local.set({ contacts: a });
    await chrome.storage.sync.remove('tags');
    await chrome.storage.sync.remove(Object.keys(await chrome.storage.sync.get(null)).filter((k) => k.startsWith('template:')));
    await run({ type: 'saveTemplate', template: { title: 'Old', body: 'Hello from before' } }, 'extension');
  }, [people('a', 50), people('b', 400)]);
}

/** Which of the two states storage is in: 'old', 'new', or 'mixed' (what must never be). */
async function state(x) {
  const [local, sync] = await Promise.all([x.storage('local'), x.storage('sync')]);
  const ids = (local.contacts ?? []).map((c) => c.id);
  const templates = Object.entries(sync).filter(([k]) => k.startsWith('template:')).map(([, t]) => t.title).join();
  const parts = [
    ids.length === 50 && ids.every((id) => id.startsWith('a')) ? 'old' : ids.length === 400 && ids.every((id) => id.startsWith('b')) ? 'new' : 'mixed',
    sync.settings?.default_region === 'FR' && !sync.tags ? 'old' : sync.settings?.default_region === 'DE' && sync.tags ? 'new' : 'mixed',
    templates === 'Old' ? 'old' : templates === 'New' ? 'new' : 'mixed',
  ];
  return { state: parts.every((p) => p === parts[0]) ? parts[0] : `mixed (${parts.join(', ')})`, journal: 'journal' in local };
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

// How many storage calls a restore makes (the journal's included) is measured on a probe, not
// assumed: each one is a point to kill at.
const restoreCalls = await (async () => {
  const probe = await launch();
  try {
    await seed(probe);
    return await callsOf(probe, { type: 'restoreBackup', file: await probe.worker.evaluate(() => globalThis.__backup), mode: 'replace' });
  } finally { await probe.close(); }
})();

for (const [what, start] of [
  ['a restore', (x) => x.worker.evaluate(() => { globalThis.contakt.run({ type: 'restoreBackup', file: globalThis.__backup, mode: 'replace' }, 'extension'); })],
]) {
  for (let n = 1; n <= restoreCalls.calls; n += 1) {
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
        assert.ok(restoreCalls.commit > 1, 'the restore is journaled');
        assert.deepEqual(after, { state: n <= restoreCalls.commit ? 'old' : 'new', journal: false },
          n <= restoreCalls.commit ? 'stopped before its commit: undone' : 'committed: finished');
      } finally { await x.close(); }
    });
  }
}

/** The options page's Data section with the seeded backup chosen to replace everything. */
async function restorePage(x) {
  const page = await x.page('options.html#data');
  const file = await x.worker.evaluate(() => atob(globalThis.__backup));
  await page.getByLabel('Backup file to restore').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(file, 'latin1') });
  await page.getByLabel('Restoring').selectOption('replace');
  return page;
}

test('the worker stopped mid-restore: the page says so instead of "Restoring…", and nothing is left half done', async () => {
  const x = await launch();
  try {
    await seed(x);
    const page = await restorePage(x);
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
    // The next request starts the worker again: the restore, stopped before its commit, is
    // undone first; the user can restore again.
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await section(page, 'contacts');
    await until(async () => (await page.locator('#contact-list li').count()) === 50, 10000, 'the contacts from before');
    const worker = x.context.serviceWorkers().at(-1);
    const local = await worker.evaluate(() => chrome.storage.local.get(null));
    assert.equal('journal' in local, false);
    assert.equal((await state({ storage: (a) => worker.evaluate((area) => chrome.storage[area].get(null), a) })).state, 'old');
    await page.close();
  } finally { await x.close(); }
});

/** The durable storage calls (local or sync, set or remove) the worker makes for `request`. */
/** ... and which of them is the commit (the local set that also marks the journal committed; 0: none). */
async function callsOf(x, request) {
  return x.worker.evaluate(async (r) => {
    let calls = 0;
    let commit = 0;
    const real = {};
    for (const area of ['local', 'sync']) {
      for (const op of ['set', 'remove']) {
        real[`${area}.${op}`] = chrome.storage[area][op];
        const bound = real[`${area}.${op}`].bind(chrome.storage[area]);
        chrome.storage[area][op] = (...args) => {
          calls += 1;
          if (area === 'local' && op === 'set' && args[0]?.journal?.after) commit = calls;
          return bound(...args);
        };
      }
    }
    const reply = await globalThis.contakt.run(r, 'extension');
    for (const area of ['local', 'sync']) for (const op of ['set', 'remove']) chrome.storage[area][op] = real[`${area}.${op}`];
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    return { calls, commit };
  }, request);
}

const vcf = Array.from({ length: 300 }, (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:New ${i}\r\nTEL:+44 20 7946 ${String(i).padStart(4, '0')}\r\nEND:VCARD\r\n`).join('');
// The file's people as the options page's file module reads them (the worker gets people, not files).
const importing = {
  type: 'importContacts', kind: 'vcard', choice: 'keep_both',
  people: Array.from({ length: 300 }, (_, i) => ({ display_name: `New ${i}`, numbers: [{ label: 'mobile', raw: `+44 20 7946 ${String(i).padStart(4, '0')}` }] })),
};

test('an import cut short by a killed browser, at each of its storage calls, adds all of the file or none of it', async () => {
  // How many calls an import makes is measured, not assumed: each one is a point to kill at.
  const probe = await launch();
  await probe.worker.evaluate((a) => chrome.storage.local.set({ contacts: a }), people('a', 50));
  const { calls } = await callsOf(probe, importing);
  await probe.close();
  assert.ok(calls >= 1);
  for (let n = 1; n <= calls; n += 1) {
    let x = await launch();
    const dir = x.dir;
    await x.worker.evaluate((a) => chrome.storage.local.set({ contacts: a }), people('a', 50));
    await stallAt(x, n);
    await x.worker.evaluate((r) => { globalThis.contakt.run(r, 'extension'); }, importing);
    await until(() => x.worker.evaluate((at) => globalThis.__stalled === at, n), 10000, `the import's storage call ${n}`);
    kill(dir);
    await x.context.close().catch(() => {});
    x = await launch({ dir });
    try {
      await x.worker.evaluate(() => globalThis.contakt.started);
      const ids = ((await x.storage('local')).contacts ?? []).map((c) => c.id);
      assert.ok(ids.length === 50 || ids.length === 350, `killed at call ${n} of ${calls}: ${ids.length} contacts`);
      assert.ok(ids.filter((id) => id.startsWith('a')).length === 50, 'the contacts from before are all there');
      if (ids.length === 50) {
        const again = await x.worker.evaluate((r) => globalThis.contakt.run(r, 'extension'), importing);
        assert.equal(again.ok, true);
        assert.equal((await x.storage('local')).contacts.length, 350);
      }
    } finally { await x.close(); }
  }
});

test('the worker stopped mid-import: the page says so instead of "Importing…"', async () => {
  const x = await launch();
  try {
    const page = await x.page('options.html#data');
    await page.getByLabel('Import contacts').setInputFiles({ name: 'people.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) });
    await until(async () => /300/.test(await page.locator('#import-summary').textContent()), 15000, 'the preview');
    await stallAt(x, 1);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await until(() => x.worker.evaluate(() => globalThis.__stalled === 1), 10000, 'the stalled write');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await until(async () => /stopped before it could answer/.test(await page.locator('#data-status').textContent()), 10000, 'the page to say so');
    await cdp.detach();
    await page.close();
  } finally { await x.close(); }
});

/**
 * The worker's storage as a failing disk: the restore's local write fails, and so does every
 * sync write after the first (the undo's too), until `__heal()`.
 */
function failingDisk(x) {
  return x.worker.evaluate(() => {
    const real = { local: chrome.storage.local.set, sync: chrome.storage.sync.set };
    let syncSets = 0;
    chrome.storage.local.set = (items, ...rest) => ('contacts' in items ? Promise.reject(new Error('disk full')) : real.local.call(chrome.storage.local, items, ...rest));
    chrome.storage.sync.set = (items, ...rest) => (++syncSets > 1 ? Promise.reject(new Error('sync broken')) : real.sync.call(chrome.storage.sync, items, ...rest));
    globalThis.__heal = () => { chrome.storage.local.set = real.local; chrome.storage.sync.set = real.sync; };
  });
}

for (const [when, settle] of [
  ['at the next start', async (x) => {
    const again = await x.relaunch();
    await again.worker.evaluate(() => globalThis.contakt.started);
    return again;
  }],
  ['before the next write', async (x) => {
    await x.worker.evaluate(() => globalThis.__heal());
    const next = await x.worker.evaluate(() => globalThis.contakt.run({ type: 'clearHistory' }, 'extension'));
    assert.equal(next.ok, true);
    return x;
  }],
]) {
  test(`a restore that fails midway, and whose undo fails too, is undone ${when}, never completed`, async () => {
    let x = await launch();
    try {
      await seed(x);
      await failingDisk(x);
      const reply = await x.worker.evaluate(() => globalThis.contakt.run({ type: 'restoreBackup', file: globalThis.__backup, mode: 'replace' }, 'extension'));
      assert.equal(reply.ok, false, 'the user is told the restore failed');
      const journal = (await x.storage('local')).journal;
      assert.ok(journal?.undo && !journal.after, 'the journal stays, not committed: to be undone');
      assert.match((await state(x)).state, /mixed/, 'half applied until it is undone');
      x = await settle(x);
      assert.deepEqual(await state(x), { state: 'old', journal: false });
    } finally { await x.close(); }
  });
}

/** From now on the worker's next `area.op` storage call waits until `__release()`. */
function holdAt(x, area, op) {
  return x.worker.evaluate(([a, o]) => {
    const real = chrome.storage[a][o];
    globalThis.__held = false;
    chrome.storage[a][o] = (...args) => {
      chrome.storage[a][o] = real;
      globalThis.__held = true;
      return new Promise((done) => { globalThis.__release = () => done(real.apply(chrome.storage[a], args)); });
    };
  }, [area, op]);
}

for (const [where, area, op] of [['while it reads', 'local', 'get'], ['while it writes, before its commit', 'sync', 'set']]) {
  test(`Stop during a restore (${where}): nothing is changed and the page says so`, async () => {
    const x = await launch();
    try {
      await seed(x);
      const page = await restorePage(x);
      assert.equal(await page.getByRole('button', { name: 'Stop' }).isVisible(), false, 'no Stop before anything runs');
      await holdAt(x, area, op);
      await page.getByRole('button', { name: 'Restore backup' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Restore backup' }).click();
      await until(() => x.worker.evaluate(() => globalThis.__held), 10000, 'the restore under way');
      assert.match(await page.locator('#data-status').textContent(), /Restoring/);
      await page.getByRole('button', { name: 'Stop' }).click();
      await x.worker.evaluate(() => new Promise((r) => setTimeout(r, 200)).then(() => globalThis.__release()));
      await until(async () => /Stopped before anything was changed/.test(await page.locator('#data-status').textContent()), 10000, 'the page to say so');
      assert.equal(await page.getByRole('button', { name: 'Stop' }).isVisible(), false);
      assert.deepEqual(await state(x), { state: 'old', journal: false });
      // Not stopped, the same restore is made.
      await page.getByRole('button', { name: 'Restore backup' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Restore backup' }).click();
      await until(async () => (await state(x)).state === 'new', 10000, 'the restore');
    } finally { await x.close(); }
  });
}

test('Stop during an import: nothing is added and the page says so', async () => {
  const x = await launch();
  try {
    await x.worker.evaluate((a) => chrome.storage.local.set({ contacts: a }), people('a', 50));
    const page = await x.page('options.html#data');
    await page.getByLabel('Import contacts').setInputFiles({ name: 'people.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) });
    await until(async () => /300/.test(await page.locator('#import-summary').textContent()), 15000, 'the preview');
    await holdAt(x, 'local', 'get');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await until(() => x.worker.evaluate(() => globalThis.__held), 10000, 'the import under way');
    assert.match(await page.locator('#data-status').textContent(), /Importing/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await x.worker.evaluate(() => new Promise((r) => setTimeout(r, 200)).then(() => globalThis.__release()));
    await until(async () => /Stopped before anything was changed/.test(await page.locator('#data-status').textContent()), 10000, 'the page to say so');
    assert.equal((await x.storage('local')).contacts.length, 50);
  } finally { await x.close(); }
});
