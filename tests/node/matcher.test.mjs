// The number matcher on the labelled page texts, against libphonenumber-js's
// findPhoneNumbersInText on the same texts: precision and recall at least as high, and
// above floors. Also checks that the Rust tests' copy of the pages is current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import { pages, score } from '../bench/pages.mjs';

const utf8 = new TextEncoder();
const pkg = resolve(import.meta.dirname, '../../dist/pkg');
const core = await import(`${pkg}/contakt_wasm.js`);
core.initSync({ module: readFileSync(`${pkg}/contakt_wasm_bg.wasm`) });
const all = pages();

test('the Rust tests read the current labelled pages', () => {
  const copy = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../crates/contakt-core/tests/data/pages.json'), 'utf8'));
  assert.deepEqual(copy, all, 'run: node tests/bench/pages.mjs --write');
  assert.ok(all.reduce((n, p) => n + p.numbers.length, 0) >= 500);
  assert.ok(new Set(all.map((p) => p.region)).size >= 20);
});

test('precision and recall: Contakt >= libphonenumber-js, and above floors', () => {
  const ours = score(all, all.map((p) => core.findNumbers(utf8.encode(p.text), p.region).value));
  const theirs = score(all, all.map((p) => findPhoneNumbersInText(p.text, { defaultCountry: p.region })
    .map((m) => ({ start: m.startsAt, end: m.endsAt, e164: m.number.number }))));
  const show = (s) => `precision ${(100 * s.precision).toFixed(2)}%, recall ${(100 * s.recall).toFixed(2)}%`;
  const detail = `Contakt ${show(ours)}; libphonenumber-js ${show(theirs)}\nfalse positives:\n${ours.falsePositives.slice(0, 15).join('\n')}\nmissed:\n${ours.missed.slice(0, 15).join('\n')}`;
  assert.ok(ours.precision >= theirs.precision, detail);
  assert.ok(ours.recall >= theirs.recall, detail);
  assert.ok(ours.precision >= 0.99, detail);
  assert.ok(ours.recall >= 0.97, detail);
});
