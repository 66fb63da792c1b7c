// Main-thread cost of number detection on a large page, in headless Chromium: a table of
// 5,000 rows, each with a phone number and decoys, loaded with detection on and off. From a
// trace of the renderer's main thread: total task time, the longest task after the page's
// own load, and the same for a page without digits. Prints figures only.
import { launch, until } from '../e2e/harness.mjs';

const rows = Array.from({ length: 5000 }, (_, i) => {
  const n = String(1000 + (i % 9000)).padStart(4, '0');
  return `<tr><td>Customer ${i}</td><td>(201) 555-${n}</td><td>Order #${100000 + i}</td><td>2024-03-${String(1 + (i % 28)).padStart(2, '0')}</td></tr>`;
}).join('');
const BIG = `<!doctype html><meta charset="utf-8"><table>${rows}</table>`;
const WORDS = `<!doctype html><meta charset="utf-8">${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(5000)}`;

async function trace(x, url) {
  const page = await x.context.newPage();
  const cdp = await x.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' });
  await page.goto(url);
  await page.waitForTimeout(6000); // detection runs in idle time after load
  await cdp.send('Tracing.end');
  await done;
  await page.close();
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((t) => t.pid === e.pid && t.name === 'RunTask' && t.dur > 1000));
  const tasks = events.filter((e) => e.name === 'RunTask' && e.pid === main?.pid && e.tid === main?.tid && e.dur);
  // Trace timestamps are monotonic µs; align with the load event through the navigation task.
  const total = tasks.reduce((a, t) => a + t.dur, 0) / 1000;
  const sorted = tasks.map((t) => t.dur / 1000).sort((a, b) => b - a);
  // Tasks that ran Contakt's content script: a function call from content.js inside them.
  const calls = events.filter((e) => e.pid === main?.pid && e.tid === main?.tid && e.dur
    && /content\.js/.test(e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.data?.frame ?? ''));
  const ours = tasks.filter((t) => calls.some((c) => c.ts >= t.ts && c.ts < t.ts + t.dur));
  const oursMs = ours.map((t) => t.dur / 1000).sort((a, b) => b - a);
  const end = Math.max(0, ...ours.map((t) => t.ts + t.dur)); const begin = Math.min(...tasks.map((t) => t.ts));
  return { total, top: sorted.slice(0, 3), ours: oursMs, span: ours.length ? (end - begin) / 1000 : 0 };
}

async function run(detect, url) {
  const x = await launch();
  try {
    await x.context.route('https://bench.example/**', (r) => r.fulfill({ contentType: 'text/html', body: r.request().url().endsWith('/words') ? WORDS : BIG }));
    await x.worker.evaluate(async (d) => {
      const { settings } = await chrome.storage.sync.get('settings');
      await chrome.storage.sync.set({ settings: { ...settings, detect_numbers: d } });
    }, detect);
    return await trace(x, url);
  } finally { await x.close(); }
}

const fmt = (r) => `main-thread tasks ${r.total.toFixed(0)} ms in all (longest ${r.top.map((t) => t.toFixed(0)).join(', ')} ms); `
  + `Contakt's tasks: ${r.ours.length}, ${r.ours.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, longest ${(r.ours[0] ?? 0).toFixed(1)} ms, done ${r.span.toFixed(0)} ms after navigation`;
const off = await run(false, 'https://bench.example/table');
const on = await run(true, 'https://bench.example/table');
console.log(`5,000-row table (5,000 numbers + 10,000 decoys), detection off: ${fmt(off)}`);
console.log(`5,000-row table (5,000 numbers + 10,000 decoys), detection on:  ${fmt(on)}`);

const wOff = await run(false, 'https://bench.example/words');
const wOn = await run(true, 'https://bench.example/words');
console.log(`page without digits (5,000 paragraphs), detection off: ${fmt(wOff)}`);
console.log(`page without digits (5,000 paragraphs), detection on:  ${fmt(wOn)}`);
console.log('(the wasm is never loaded into pages: matching runs in the service worker, off the page\'s main thread)');
