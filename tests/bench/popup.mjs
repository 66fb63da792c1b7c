// Popup cold start in headless Chromium: navigation start to "ready", and to the first
// parsed number typed right at ready. Median of 20 fresh popups. Prints figures only.
import { launch } from '../e2e/harness.mjs';

const x = await launch({ intercept: false });
const ready = []; const parsed = []; const own = []; const blank = []; const script = [];
try {
  for (let i = 0; i < 21; i++) {
    const page = await x.page('popup.html');
    const r = await page.evaluate(() => {
      const readyAt = performance.getEntriesByName('contakt-ready')[0].startTime;
      const htmlAt = performance.getEntriesByType('navigation')[0].responseEnd;
      const startAt = performance.getEntriesByName('contakt-start')[0].startTime;
      const input = document.getElementById('number');
      input.value = '+44 20 7946 0958';
      input.dispatchEvent(new Event('input'));
      const status = document.getElementById('number-status').textContent;
      return { readyAt, htmlAt, startAt, parsedAt: performance.now(), status };
    });
    if (!r.status.startsWith('+44 20 7946 0958')) throw new Error(`unexpected status ${r.status}`);
    if (i > 0) { ready.push(r.readyAt); parsed.push(r.parsedAt); own.push(r.readyAt - r.htmlAt); script.push(r.readyAt - r.startAt); } // the first warms the cache
    await page.close();
    // Baseline: an extension page with no script at all (the browser's own cost of a tab).
    const b = await x.context.newPage();
    await b.goto(x.url('manifest.json'));
    if (i > 0) blank.push(await b.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd || performance.now()));
    await b.close();
  }
} finally { await x.close(); }
const median = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
const p90 = (a) => a.sort((p, q) => p - q)[Math.floor(a.length * 0.9)];
console.log(`popup ready, from navigation start (median of ${ready.length}): ${median(ready).toFixed(1)} ms (90th percentile ${p90(ready).toFixed(1)} ms)`);
console.log(`popup ready, from its HTML received to ready (median): ${median(own).toFixed(1)} ms`);
console.log(`popup ready, from its first script line to ready (median): ${median(script).toFixed(1)} ms`);
console.log(`baseline: a script-free extension page loaded (median): ${median(blank).toFixed(1)} ms`);
console.log(`first parsed number shown (median of ${parsed.length}): ${median(parsed).toFixed(1)} ms`);
