// The wasm engine against libphonenumber-js (max metadata) on the benchmark's 20,000 inputs:
// validity, E.164 and formats must agree on at least 99.5% of the inputs either finds valid.
// Every difference is classified; an unexplained kind fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { corpus } from '../bench/corpus.mjs';
import { explain } from '../bench/differences.mjs';

const pkg = resolve(import.meta.dirname, '../../dist/pkg');
const core = await import(`${pkg}/contakt_wasm.js`);
core.initSync({ module: readFileSync(`${pkg}/contakt_wasm_bg.wasm`) });
const inputs = corpus(20000, 42);

test('validity and E.164 agree with libphonenumber-js on >= 99.5% of valid inputs', () => {
  let either = 0; let differ = 0; const unexplained = [];
  for (const [text, region] of inputs) {
    const ours = core.e164(text, region).value ?? null;
    const p = parsePhoneNumberFromString(text, region);
    const theirs = p && p.isValid() ? p.number : null;
    if (ours || theirs) either++;
    if (ours === theirs) continue;
    differ++;
    if (!explain(text, region, ours, theirs)) unexplained.push(`${text} (${region}): ${ours} vs ${theirs}`);
  }
  const rate = 1 - differ / either;
  assert.ok(either > 15000, `${either}`);
  assert.ok(rate >= 0.995, `agreement ${(rate * 100).toFixed(2)}%`);
  assert.deepEqual(unexplained, []);
});

test('international, national and RFC 3966 formats agree on >= 99% of numbers valid for both', () => {
  let both = 0; const differ = [];
  for (const [text, region] of inputs) {
    const ours = core.parseNumber(text, region);
    const p = parsePhoneNumberFromString(text, region);
    if (!ours.ok || !p || !p.isValid() || ours.value.e164 !== p.number) continue;
    both++;
    const n = ours.value;
    // libphonenumber-js writes international formats with spaces only ("+81 90 1234 5678")
    // where Google keeps the format's punctuation ("+81 90-1234-5678"), and its URI without
    // separators: compare those with separators normalised.
    const spaces = (s) => s.replace(/[-/]/g, ' ');
    const theirs = [spaces(p.formatInternational()), p.formatNational(), p.getURI()];
    const mine = [spaces(n.international), n.national, n.rfc3966.replace(/-/g, '')];
    if (mine.join('|') !== theirs.join('|')) differ.push(`${text} (${region}): ${mine.join(' / ')}  vs  ${theirs.join(' / ')}`);
  }
  const rate = 1 - differ.length / both;
  assert.ok(both > 15000, `${both}`);
  assert.ok(rate >= 0.99, `format agreement ${(rate * 100).toFixed(2)}%:\n${differ.slice(0, 20).join('\n')}`);
});
