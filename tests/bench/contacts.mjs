// The address book at 10,000 contacts: search per keystroke in the wasm core (Node), and the
// popup's open time with 10,000 contacts stored (headless Chromium). Prints figures only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch } from '../e2e/harness.mjs';

const pkg = resolve(import.meta.dirname, '../../dist/pkg');
const core = await import(`${pkg}/contakt_wasm.js`);
core.initSync({ module: readFileSync(`${pkg}/contakt_wasm_bg.wasm`) });

const FIRST = ['Maria', 'Ana', 'Tom', 'Li', 'Yuki', 'Omar', 'Sofia', 'Jonas', 'Priya', 'Lucas', 'Chen', 'Fatima'];
const LAST = ['Lopez', 'Silva', 'Smith', 'Wang', 'Sato', 'Haddad', 'Rossi', 'Berg', 'Patel', 'Costa', 'Kim', 'Nowak'];
export function book(n = 10000) {
  return Array.from({ length: n }, (_, i) => {
    const first = FIRST[i % FIRST.length]; const last = LAST[(i * 7) % LAST.length];
    const tail = String(i).padStart(4, '0');
    return {
      id: `c${i}`, first_name: first, last_name: `${last}${i}`, display_name: `${first} ${last}${i}`,
      numbers: [{ label: 'mobile', raw: `+1 415 555 ${tail}`, e164: `+1415555${tail}` }],
      emails: [`${first.toLowerCase()}.${i}@example.com`], company: i % 3 ? 'ACME' : '', tags: i % 5 ? [] : ['clients'],
      notes: i % 11 ? '' : 'met at the fair', created: i, updated: i,
    };
  });
}

const contacts = book();
const t0 = performance.now();
const addressBook = new core.AddressBook(contacts);
const built = performance.now() - t0;
const queries = ['m', 'ma', 'mar', 'mari', 'maria', 'maria l', '555 1', '555 12', 'acme', 'fair'];
const times = [];
for (const q of queries) {
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    addressBook.search(q, undefined);
    best = Math.min(best, performance.now() - t);
  }
  times.push([q, best]);
}
console.log(`search over ${contacts.length} contacts: index built once in ${built.toFixed(1)} ms; per keystroke (best of 5):`);
console.log(`  ${times.map(([q, t]) => `"${q}" ${t.toFixed(1)} ms`).join(', ')}`);

const x = await launch({ intercept: false });
try {
  await x.worker.evaluate((c) => chrome.storage.local.set({ contacts: c }), contacts);
  const ready = [];
  for (let i = 0; i < 11; i++) {
    const page = await x.page('popup.html');
    const r = await page.evaluate(() => ({
      ready: performance.getEntriesByName('contakt-ready')[0].startTime,
      own: performance.getEntriesByName('contakt-ready')[0].startTime - performance.getEntriesByName('contakt-start')[0].startTime,
    }));
    if (i) ready.push(r);
    await page.close();
  }
  const med = (a) => a.sort((p, q) => p - q)[a.length >> 1];
  console.log(`popup ready with ${contacts.length} contacts stored (median of ${ready.length}): ${med(ready.map((r) => r.ready)).toFixed(1)} ms from navigation start, ${med(ready.map((r) => r.own)).toFixed(1)} ms from its first script line`);
} finally { await x.close(); }
