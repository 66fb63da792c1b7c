// Parse throughput, start-up and agreement: Contakt's wasm core against libphonenumber-js
// (max metadata), on the same 20,000 inputs in one Node process. Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpus, REGIONS } from './corpus.mjs';
import { explain, KINDS } from './differences.mjs';

// BENCH_PKG: another build's pkg (a base commit's, to compare in the same conditions).
const pkg = process.env.BENCH_PKG ?? resolve(import.meta.dirname, '../../dist/pkg');
const inputs = corpus(20000, 42);

// --- Contakt: instantiate, then the first parse.
const bytes = readFileSync(`${pkg}/contakt_wasm_bg.wasm`);
const t0 = performance.now();
const ours = await import(`${pkg}/contakt_wasm.js`);
const wasm = ours.initSync({ module: bytes });
const t1 = performance.now();
ours.parseNumber('+44 20 7946 0958', 'US');
const t2 = performance.now();

// --- libphonenumber-js: import, then the first parse.
const t3 = performance.now();
const lib = await import('libphonenumber-js/max');
const t4 = performance.now();
lib.parsePhoneNumberFromString('+44 20 7946 0958', 'US');
const t5 = performance.now();

function time(label, fn, rounds = 3) {
  let best = Infinity; let result;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - s);
  }
  return { label, ms: best, perSec: inputs.length / (best / 1000), result };
}

const oursE164 = () => inputs.map(([t, r]) => ours.e164(t, r).value ?? null);
const oursFull = () => inputs.map(([t, r]) => { const p = ours.parseNumber(t, r); return p.ok ? p.value.e164 : null; });
const libE164 = () => inputs.map(([t, r]) => lib.parsePhoneNumberFromString(t, r)?.number ?? null);
const libValid = () => inputs.map(([t, r]) => { const p = lib.parsePhoneNumberFromString(t, r); return p && p.isValid() ? p.number : null; });

const a = time('Contakt wasm: parse -> E.164 (valid only)', oursE164);
const f = time('Contakt wasm: parse -> every format (object)', oursFull);
const b = time('libphonenumber-js max: parse -> E.164', libE164);
const c = time('libphonenumber-js max: parse + isValid', libValid);

const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`inputs: ${inputs.length} from ${REGIONS.length} regions (seed 42)`);
console.log(`cold start   Contakt: instantiate ${(t1 - t0).toFixed(1)} ms, first parse ${(t2 - t1).toFixed(1)} ms`);
console.log(`cold start   libphonenumber-js: import ${(t4 - t3).toFixed(1)} ms, first parse ${(t5 - t4).toFixed(1)} ms`);
for (const r of [a, f, b, c]) console.log(`${r.label.padEnd(44)} ${fmt(r.perSec).padStart(9)} numbers/s (${r.ms.toFixed(0)} ms)`);
console.log(`Contakt's parse always includes validity (it answers only for valid numbers):`);
console.log(`  vs libphonenumber-js parse -> E.164:  ${(a.perSec / b.perSec).toFixed(2)}x`);
console.log(`  vs libphonenumber-js parse + isValid: ${(a.perSec / c.perSec).toFixed(2)}x`);
console.log(`wasm memory after the run: ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(1)} MiB`);

// --- Agreement on validity and E.164, grouped.
const groups = new Map();
let agree = 0;
inputs.forEach(([text, region], i) => {
  const o = a.result[i]; const l = c.result[i];
  if (o === l) { agree++; return; }
  const side = o && l ? 'both valid, different E.164' : o ? 'valid for Contakt only' : 'valid for libphonenumber-js only';
  const why = explain(text, region, o, l);
  const kind = why ? `${why} (${side}): ${KINDS[why]}` : `UNEXPLAINED (${side})`;
  const g = groups.get(kind) ?? { count: 0, examples: [], regions: new Map() };
  g.count++;
  g.regions.set(region, (g.regions.get(region) ?? 0) + 1);
  if (g.examples.length < 4) g.examples.push(`${JSON.stringify(text)} (${region}): Contakt ${o ?? 'invalid'}, libphonenumber-js ${l ?? 'invalid'}`);
  groups.set(kind, g);
});
const validEither = inputs.filter((_, i) => a.result[i] || c.result[i]).length;
console.log(`agreement: ${agree}/${inputs.length} inputs (${(100 * agree / inputs.length).toFixed(2)}%); ` +
  `on inputs valid for either: ${(100 * (validEither - (inputs.length - agree)) / validEither).toFixed(2)}%`);
for (const [kind, g] of groups) {
  console.log(`  ${kind}: ${g.count} (by region: ${[...g.regions].map(([r, n]) => `${r} ${n}`).join(', ')})`);
  for (const e of g.examples) console.log(`    ${e}`);
}
