// Popup cold start in headless Chromium: navigation start to "ready", and to the first
// parsed number typed right at ready. Median of 20 fresh popups. Prints figures only.
import { launch } from '../e2e/harness.mjs';

const x = await launch();
const ready = []; const parsed = [];
try {
  for (let i = 0; i < 21; i++) {
    const page = await x.page('popup.html');
    const r = await page.evaluate(() => {
      const readyAt = performance.getEntriesByName('contakt-ready')[0].startTime;
      const input = document.getElementById('number');
      input.value = '+44 20 7946 0958';
      input.dispatchEvent(new Event('input'));
      const status = document.getElementById('number-status').textContent;
      return { readyAt, parsedAt: performance.now(), status };
    });
    if (!r.status.startsWith('+44 20 7946 0958')) throw new Error(`unexpected status ${r.status}`);
    if (i > 0) { ready.push(r.readyAt); parsed.push(r.parsedAt); } // the first warms the disk cache
    await page.close();
  }
} finally { await x.close(); }
const median = (a) => a.sort((p, q) => p - q)[Math.floor(a.length / 2)];
console.log(`popup ready (median of ${ready.length}): ${median(ready).toFixed(1)} ms`);
console.log(`first parsed number shown (median of ${parsed.length}): ${median(parsed).toFixed(1)} ms`);
