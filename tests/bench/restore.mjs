// A restore at the size limit (a backup file just under 46 MB) over an address book as large,
// in the real service worker of headless Chromium: the journal written before the write (its
// size: the new data and what it replaces), the time the whole journaled restore takes, and
// that it ends whole. Prints figures only.
import { launch } from '../e2e/harness.mjs';

const x = await launch({ intercept: false });
try {
  const figures = await x.worker.evaluate(async () => {
    const contact = (tag, i) => ({
      id: `${tag}${i}`, first_name: `First ${i}`, last_name: `Last ${tag} ${i}`, display_name: '',
      numbers: [{ label: 'mobile', raw: `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`, e164: `+4420794${String(i % 100000).padStart(5, '0')}` }],
      emails: [`person${i}@example.com`], company: i % 4 ? '' : 'ACME', tags: [], notes: i % 3 ? '' : 'met at the fair, talked about the order and the delivery dates',
    });
    const run = globalThis.contakt.run;
    const sizeOf = (v) => new TextEncoder().encode(JSON.stringify(v)).length;
    // Grow the backup until it is just under the limit.
    let n = 100000;
    let file = '';
    for (;;) {
      await chrome.storage.local.set({ contacts: Array.from({ length: n }, (_, i) => contact('b', i)) });
      file = (await run({ type: 'backup' }, 'extension')).value;
      if (file.length > 44e6) break;
      n = Math.round(n * 44.5e6 / file.length);
    }
    await chrome.storage.local.set({ contacts: Array.from({ length: n }, (_, i) => contact('a', i)) });
    let journal = 0;
    const set = chrome.storage.local.set;
    chrome.storage.local.set = (items, ...rest) => { if ('journal' in items) journal = sizeOf(items.journal); return set.call(chrome.storage.local, items, ...rest); };
    // Time spent in the storage calls, apart from the core's.
    const calls = [];
    const real = [];
    for (const area of ['local', 'sync']) {
      for (const op of ['get', 'set', 'remove']) {
        const f = chrome.storage[area][op];
        real.push([area, op, f]);
        chrome.storage[area][op] = async (...args) => { const t0 = performance.now(); try { return await f.apply(chrome.storage[area], args); } finally { calls.push([`${area}.${op}`, performance.now() - t0]); } };
      }
    }
    const base64 = btoa(unescape(encodeURIComponent(file)));
    const t = performance.now();
    const reply = await run({ type: 'restoreBackup', file: base64, mode: 'replace' }, 'extension');
    const ms = performance.now() - t;
    for (const [area, op, f] of real) chrome.storage[area][op] = f;
    chrome.storage.local.set = set;
    const after = await chrome.storage.local.get(null);
    return { calls, n, fileMB: file.length / 1e6, journalMB: journal / 1e6, ms, ok: reply.ok, msg: reply.ok ? '' : JSON.stringify(reply.msg), whole: after.contacts?.length === n && after.contacts.every((c) => c.id.startsWith('b')), left: 'journal' in after };
  });
  console.log(`restore of a ${figures.fileMB.toFixed(1)} MB backup (${figures.n.toLocaleString('en')} contacts) over as many: ${(figures.ms / 1000).toFixed(1)} s, journal ${(figures.journalMB * 1000).toFixed(1)} KB, ${figures.ok && figures.whole && !figures.left ? 'applied whole, journal removed' : `NOT whole: ${figures.msg}`}`);
  console.log('  storage calls:', figures.calls.map(([c, ms]) => `${c} ${(ms / 1000).toFixed(1)} s`).join(', '));
} finally {
  await x.close();
}
