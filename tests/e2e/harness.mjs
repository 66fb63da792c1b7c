// Starts headless Chromium with dist/ loaded, offline: every http(s) request is recorded and
// answered by a stub page, and the host resolver maps every other name to nowhere.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DIST = resolve(import.meta.dirname, '../../dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launch({ locale = 'en-US' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'contakt-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-gpu', '--disable-quic', `--lang=${locale}`,
    ],
  });
  const requests = [];
  await context.route((url) => url.protocol === 'http:' || url.protocol === 'https:', (route) => {
    requests.push(route.request().url());
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>stub</title>' });
  });
  let worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  const id = new URL(worker.url()).host;
  // Record the URL of every tab the extension opens, whatever its scheme (custom schemes
  // never load; without the "tabs" permission onCreated does not show URLs).
  const record = (w) => w.evaluate(() => {
    globalThis.__opened ??= [];
    if (globalThis.__recording) return;
    globalThis.__recording = true;
    const create = chrome.tabs.create.bind(chrome.tabs);
    chrome.tabs.create = (props) => { globalThis.__opened.push(props.url); return create(props); };
  });
  await record(worker);
  const url = (page) => `chrome-extension://${id}/${page}`;
  return {
    context, id, requests, url,
    get worker() { return worker; },
    opened: () => worker.evaluate(() => globalThis.__opened),
    /**
     * Stops the service worker as Chrome does when it idles (its DevTools target is closed),
     * then wakes it with `wake` (default: an extension page asking it something) and returns
     * the fresh worker.
     */
    async restartWorker(wake) {
      const blank = await context.newPage();
      const cdp = await context.newCDPSession(blank);
      await worker.evaluate(() => { globalThis.__old = true; });
      const { targetInfos } = await cdp.send('Target.getTargets');
      const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(url('')));
      await cdp.send('Target.closeTarget', { targetId: target.targetId });
      await cdp.detach();
      await until(async () => {
        try { return !(await worker.evaluate(() => globalThis.__old)); } catch { return true; }
      }, 5000, 'the worker to stop');
      if (wake) await wake(); else {
        await blank.goto(url('options.html'));
        await blank.waitForSelector('html[data-ready="true"]');
      }
      await blank.close();
      worker = await until(async () => {
        for (const w of context.serviceWorkers()) {
          try { if (!(await w.evaluate(() => globalThis.__old))) return w; } catch { /* gone */ }
        }
        return null;
      }, 5000, 'the restarted worker');
      await record(worker);
      return worker;
    },
    async page(name) {
      const page = await context.newPage();
      await page.goto(url(name));
      await page.waitForSelector('html[data-ready="true"]');
      return page;
    },
    storage: (area) => worker.evaluate((a) => chrome.storage[a].get(null), area),
    async close() { await context.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** Waits until `fn()` returns a truthy value (polling), or fails after `ms`. */
export async function until(fn, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
