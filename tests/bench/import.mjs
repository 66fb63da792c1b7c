// Import of 10,000 contacts (parse, normalise every number, match against 1,000 stored
// contacts) from vCard and from CSV, in the wasm, in the options page of headless Chromium:
// the options page's file module reads the file (its preview, which carries the people), and
// the worker's core module imports the people. Median of 5 runs each; then 100,000 contacts
// (issue 19). Prints figures only.
import { launch } from '../e2e/harness.mjs';

const x = await launch({ intercept: false });
try {
  const page = await x.page('options.html#data');
  const figures = await page.evaluate(async () => {
    const core = await import('./core.js').then((m) => m.ready);
    const files = await import('./files.js').then((m) => m.ready);
    const first = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eun-ji', 'Farah', 'Giulia', 'Hiro', 'Ines', 'José'];
    const last = ['Silva', 'Müller', 'Nakamura', 'Kowalski', 'Okafor', 'Rossi', 'Dubois', 'Kim', 'Novak', 'Lopez'];
    const formats = [(i) => `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`, (i) => `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`,
      (i) => `+49 30 ${String(1000000 + i).slice(0, 7)}`, (i) => `(201) 555-${String(i % 10000).padStart(4, '0')}`, (i) => `+33 6 12 ${String(10 + (i % 90))} ${String(10 + (i % 89))} ${String(10 + (i % 87))}`];
    const contact = (i) => ({
      id: `c${i}`, first_name: first[i % 10], last_name: `${last[(i / 10 | 0) % 10]} ${i}`, display_name: '',
      numbers: [{ label: 'mobile', raw: formats[i % 5](i), e164: null }, ...(i % 3 ? [] : [{ label: 'work', raw: formats[(i + 2) % 5](i + 7), e164: null }])],
      emails: [`person${i}@example.com`], company: i % 4 ? '' : 'ACME', tags: i % 7 ? [] : ['clients'], notes: i % 11 ? '' : 'met at the fair',
    });
    const all = Array.from({ length: 10000 }, (_, i) => contact(i));
    // The page's path (the file module's read and preview), then the worker's (the core's one
    // entry, as the service worker calls it, with the people the preview carries).
    const env = { now: 0, zone: 'UTC', locale: 'en-US', version: '0' };
    const settings = { default_region: 'US' };
    const importing = (bytes, contacts) => {
      const t = performance.now();
      const read = files.importPreview(bytes, contacts, 'US', null).value;
      const t2 = performance.now();
      const out = core.handle({ type: 'importContacts', people: read.people, kind: read.format, choice: 'merge', overrides: [] }, { local: { contacts }, sync: { settings } }, env).value;
      return { out, read, page: t2 - t, worker: performance.now() - t2 };
    };
    const stored = importing(new TextEncoder().encode(files.exportVcard(all.slice(0, 1000), '4.0').value), []).out.writes.local_set.contacts;
    const inputs = { vCard: new TextEncoder().encode(files.exportVcard(all, '3.0').value), CSV: new TextEncoder().encode(files.exportCsv(all).value) };
    const out = {};
    const median = (a) => [...a].sort((p, q) => p - q)[2];
    for (const [kind, bytes] of Object.entries(inputs)) {
      const page = [], worker = [];
      let result;
      for (let i = 0; i < 5; i++) {
        result = importing(bytes, stored);
        page.push(result.page);
        worker.push(result.worker);
      }
      out[kind] = { page: median(page), worker: median(worker), bytes: bytes.length, total: result.out.reply.value.total, added: result.out.reply.value.added, matching: result.read.matching };
    }
    return out;
  });
  for (const [kind, f] of Object.entries(figures)) {
    console.log(`import ${f.total} contacts from ${kind} (${(f.bytes / 1e6).toFixed(1)} MB; ${f.matching} match the 1,000 stored, ${f.added} added): ${(f.page + f.worker).toFixed(0)} ms `
      + `(medians of 5: read and preview in the options page's file module ${f.page.toFixed(0)} ms, then normalise, match and merge in the worker's core ${f.worker.toFixed(0)} ms)`);
  }
  // Ten times the sizes of the hardening review (issue 19): 100,000 contacts imported onto
  // 100,000 stored, and a 100,000-contact backup merged onto 100,000, through the worker's
  // entry (the core's whole request: decode, read, match, merge, the writes as JavaScript
  // values). One run each (seconds); the goal is under 5 s each.
  const large = await page.evaluate(async () => {
    const core = await import('./core.js').then((m) => m.ready);
    const files = await import('./files.js').then((m) => m.ready);
    const n = 100000;
    const contact = (i, p) => ({ id: `${p}${i}`, first_name: ['Ana', 'Ben', 'Chloé', 'Dmitri'][i % 4], last_name: `Person ${i}`, display_name: '',
      numbers: [{ label: 'mobile', raw: `+44 20 ${String(7000 + (i % 3000)).padStart(4, '0')} ${String(i % 10000).padStart(4, '0')}`, e164: null }],
      emails: [`person${i}@example.com`], company: i % 4 ? '' : 'ACME', tags: i % 7 ? [] : ['clients'], notes: '', updated: i });
    const base64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000)); return btoa(s); };
    const env = { now: 0, zone: 'UTC', locale: 'en-US', version: '0' };
    const settings = { default_region: 'GB' };
    const stored = Array.from({ length: n }, (_, i) => contact(i, 's'));
    const incoming = Array.from({ length: n }, (_, i) => contact(i + (i % 2 ? n : 0), 'n'));
    const out = {};
    const vcf = new TextEncoder().encode(files.exportVcard(incoming, '3.0').value);
    let t = performance.now();
    const read = files.importPreview(vcf, stored, 'GB', null).value;
    const message = JSON.stringify({ people: read.people }).length;
    const t2 = performance.now();
    const imported = core.handle({ type: 'importContacts', people: read.people, kind: read.format, choice: 'merge', overrides: [] }, { local: { contacts: stored }, sync: { settings } }, env).value;
    out.import = { ms: performance.now() - t, page: t2 - t, worker: performance.now() - t2, mb: vcf.length / 1e6, message: message / 1e6, result: imported.reply.value.contacts };
    const backup = core.handle({ type: 'backup' }, { local: { contacts: incoming, schema: 2 }, sync: { settings } }, env).value.reply.value;
    const file = base64(new TextEncoder().encode(backup));
    t = performance.now();
    const merged = core.handle({ type: 'restoreBackup', file, mode: 'merge' }, { local: { contacts: stored, schema: 2 }, sync: { settings } }, env).value;
    out.merge = { ms: performance.now() - t, mb: backup.length / 1e6, result: merged.writes.local_set.contacts.length };
    return out;
  });
  console.log(`import 100,000 contacts from vCard (${large.import.mb.toFixed(0)} MB) onto 100,000 stored: ${(large.import.ms / 1000).toFixed(1)} s (${large.import.result} after; goal < 5 s): `
    + `read and preview in the file module ${(large.import.page / 1000).toFixed(1)} s, the worker's import ${(large.import.worker / 1000).toFixed(1)} s; the people sent to the worker ${large.import.message.toFixed(0)} MB of JSON`);
  console.log(`merge a 100,000-contact backup (${large.merge.mb.toFixed(0)} MB) onto 100,000 stored: ${(large.merge.ms / 1000).toFixed(1)} s (${large.merge.result} after; goal < 5 s)`);
} finally { await x.close(); }
