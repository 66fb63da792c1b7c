// Number matching on about 1 MB of labelled page text: Contakt's wasm matcher against
// libphonenumber-js's findPhoneNumbersInText, in one Node process. Prints figures only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { pages, score } from './pages.mjs';

const utf8 = new TextEncoder();
// BENCH_PKG: another build's pkg (a base commit's, to compare in the same conditions).
const pkg = process.env.BENCH_PKG ?? resolve(import.meta.dirname, '../../dist/pkg');
const core = await import(`${pkg}/contakt_wasm.js`);
core.initSync({ module: readFileSync(`${pkg}/contakt_wasm_bg.wasm`) });

const labelled = pages();
const big = [];
let bytes = 0;
for (let i = 0; bytes < 1_000_000; i++) {
  const p = labelled[i % labelled.length];
  big.push(p);
  bytes += Buffer.byteLength(p.text);
}
const run = (fn) => {
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    for (const p of big) fn(p);
    best = Math.min(best, performance.now() - t);
  }
  return best;
};
const ours = run((p) => core.findNumbers(utf8.encode(p.text), p.region).value);
const theirs = run((p) => findPhoneNumbersInText(p.text, { defaultCountry: p.region }));
const mbs = (ms) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
console.log(`text: ${(bytes / 1e6).toFixed(2)} MB in ${big.length} pages from ${new Set(big.map((p) => p.region)).size} regions`);
console.log(`Contakt wasm findNumbers:             ${mbs(ours).padStart(7)} MB/s (${ours.toFixed(0)} ms)`);
console.log(`libphonenumber-js findPhoneNumbersInText: ${mbs(theirs).padStart(7)} MB/s (${theirs.toFixed(0)} ms)`);
console.log(`speed-up: ${(theirs / ours).toFixed(1)}x`);
const a = score(labelled, labelled.map((p) => core.findNumbers(utf8.encode(p.text), p.region).value));
const b = score(labelled, labelled.map((p) => findPhoneNumbersInText(p.text, { defaultCountry: p.region }).map((m) => ({ start: m.startsAt, end: m.endsAt, e164: m.number.number }))));
const planted = a.planted; const decoys = labelled.length * 12;
console.log(`labelled pages: ${planted} planted numbers, ${decoys} decoys, ${labelled.length} pages`);
console.log(`  Contakt:           precision ${(100 * a.precision).toFixed(2)}%, recall ${(100 * a.recall).toFixed(2)}% (${a.fp} false positives, ${planted - a.tp} missed)`);
console.log(`  libphonenumber-js: precision ${(100 * b.precision).toFixed(2)}%, recall ${(100 * b.recall).toFixed(2)}% (${b.fp} false positives, ${planted - b.tp} missed)`);
for (const f of b.falsePositives.slice(0, 5)) console.log(`    libphonenumber-js false positive: ${f}`);
for (const f of a.missed.slice(0, 5)) console.log(`    Contakt missed: ${f}`);
