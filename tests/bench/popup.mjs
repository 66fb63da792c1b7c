// Popup cold start in headless Chromium: navigation start to "ready", and to the first parsed
// number typed right at ready. Prints figures only.
//
// Side by side in one run, interleaved (one popup of each build in turn, so the machine's
// drift falls on all of them alike), median of 20 fresh popups each:
// - the shipped build in English, and in German (its words come from the German locale);
// - the same build with English as its only locale: what the 15 other locales cost;
// - with BENCH_BASE_DIST=<dir> (`make bench BASE=<commit>` builds that commit's dist), the
//   popup of another build: "before" for a change.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, DIST } from '../e2e/harness.mjs';

const RUNS = 21; // the first of each warms the cache and is not counted
const englishOnly = mkdtempSync(join(tmpdir(), 'contakt-en-only-'));
cpSync(DIST, englishOnly, { recursive: true });
for (const dir of readdirSync(join(englishOnly, '_locales'))) if (dir !== 'en') rmSync(join(englishOnly, '_locales', dir), { recursive: true });

// The browser's floor (issue 17): the shipped build with one more page that loads one empty
// module script, which only marks when it runs; the popup's ready is compared with it.
const withFloor = mkdtempSync(join(tmpdir(), 'contakt-floor-'));
cpSync(DIST, withFloor, { recursive: true });
writeFileSync(join(withFloor, 'floor.html'), '<!doctype html><meta charset="utf-8"><title>floor</title><script type="module" src="floor.js"></script>\n');
writeFileSync(join(withFloor, 'floor.js'), "performance.mark('floor-ready');\n");

const builds = [
  { name: 'shipped, English', dist: withFloor, locale: 'en-US', floor: true },
  { name: 'shipped, German', dist: DIST, locale: 'de' },
  { name: 'English locale only', dist: englishOnly, locale: 'en-US' },
];
if (process.env.BENCH_BASE_DIST && existsSync(process.env.BENCH_BASE_DIST)) {
  builds.push({ name: `base (${process.env.BENCH_BASE_NAME ?? process.env.BENCH_BASE_DIST}), English`, dist: process.env.BENCH_BASE_DIST, locale: 'en-US', base: true });
}

for (const b of builds) {
  b.x = await launch({ intercept: false, dist: b.dist, locale: b.locale, awaitWelcome: !b.base });
  Object.assign(b, { ready: [], parsed: [], own: [], blank: [], floor: b.floor ? [] : null });
}
try {
  for (let i = 0; i < RUNS; i++) {
    for (const b of builds) {
      const page = await b.x.page('popup.html');
      const r = await page.evaluate(() => new Promise((resolve) => {
        const readyAt = performance.getEntriesByName('contakt-ready')[0].startTime;
        const htmlAt = performance.getEntriesByType('navigation')[0].responseEnd;
        const input = /** @type {HTMLInputElement} */ (document.getElementById('number'));
        const out = /** @type {HTMLElement} */ (document.getElementById('number-status'));
        // The number is typed at once; its status comes when the core has compiled.
        const done = () => resolve({ readyAt, htmlAt, parsedAt: performance.now(), status: out.textContent });
        input.value = '+44 20 7946 0958';
        input.dispatchEvent(new Event('input'));
        if (out.textContent) done();
        else new MutationObserver((_, o) => { o.disconnect(); done(); }).observe(out, { childList: true, characterData: true, subtree: true });
      }));
      if (!r.status.startsWith('+44 20 7946 0958')) throw new Error(`${b.name}: unexpected status ${r.status}`);
      await page.close();
      // Baseline: an extension page with no script at all (the browser's own cost of a tab).
      const blank = await b.x.context.newPage();
      await blank.goto(b.x.url('manifest.json'));
      const blankAt = await blank.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd || performance.now());
      await blank.close();
      if (i > 0) { b.ready.push(r.readyAt); b.parsed.push(r.parsedAt); b.own.push(r.readyAt - r.htmlAt); b.blank.push(blankAt); }
      if (b.floor) {
        const floor = await b.x.context.newPage();
        await floor.goto(b.x.url('floor.html'));
        await floor.waitForFunction(() => performance.getEntriesByName('floor-ready').length > 0);
        const floorAt = await floor.evaluate(() => performance.getEntriesByName('floor-ready')[0].startTime);
        await floor.close();
        if (i > 0) b.floor.push(floorAt);
      }
    }
  }
} finally {
  for (const b of builds) await b.x.close();
  rmSync(englishOnly, { recursive: true, force: true });
  rmSync(withFloor, { recursive: true, force: true });
}
const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const p90 = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length * 0.9)];
const rows = builds.map((b) => ({
  build: b.name,
  'ready from nav start (median)': median(b.ready).toFixed(1),
  'ready p90': p90(b.ready).toFixed(1),
  'HTML received to ready': median(b.own).toFixed(1),
  'first parsed number': median(b.parsed).toFixed(1),
  'script-free page': median(b.blank).toFixed(1),
}));
console.log(`Popup cold start, ms, medians of ${RUNS - 1} interleaved runs each:`);
console.table(rows);
const shipped = builds.find((b) => b.floor);
const floorMedian = median(shipped.floor);
console.log(`Browser floor (an extension page loading one empty module script): ${floorMedian.toFixed(1)} ms to its first line; `
  + `the popup is ready at ${(median(shipped.ready) / floorMedian).toFixed(2)}x that (issue 17's goal: at most 1.3x).`);
