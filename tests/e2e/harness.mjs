// Starts headless Chromium with dist/ loaded, offline: every http(s) request is recorded and
// answered by a stub page, and the host resolver maps every other name to nowhere.
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DIST = resolve(import.meta.dirname, '../../dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * `dist` as it is once the user granted its optional permissions (access to pages for number
 * detection, clipboardRead): no test can answer the browser's permission prompt, so this copy
 * asks for them at install instead. Everything else is `dist` unchanged. Made once per run.
 */
const grantedCopies = new Map();
export function granted(dist = DIST) {
  if (grantedCopies.has(dist)) return grantedCopies.get(dist);
  const out = mkdtempSync(join(tmpdir(), 'contakt-granted-'));
  cpSync(dist, out, { recursive: true });
  const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  m.host_permissions = m.optional_host_permissions;
  m.permissions = [...m.permissions, ...(m.optional_permissions ?? [])];
  delete m.optional_host_permissions;
  delete m.optional_permissions;
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(m, null, 2));
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  grantedCopies.set(dist, out);
  return out;
}

/**
 * A build whose telemetry goes to `url` (a local server of the test), made by the packager as
 * `CONTAKT_TELEMETRY_URL=url contakt-pack dist` (from target/pkg, which `make dist` made).
 * @param {string} url
 */
export function telemetryBuild(url) {
  const out = mkdtempSync(join(tmpdir(), 'contakt-telemetry-'));
  const root = resolve(import.meta.dirname, '../..');
  execFileSync('cargo', ['run', '-q', '--release', '-p', 'contakt-pack', '--', 'dist', 'target/pkg', join(out, 'chromium'), join(out, 'firefox')],
    { cwd: root, env: { ...process.env, CONTAKT_TELEMETRY_URL: url }, stdio: 'ignore' });
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  return join(out, 'chromium');
}

/**
 * `granted: true` loads `granted(dist)`: the user has allowed access to pages and the clipboard.
 * `intercept: false` (benchmarks of extension pages only) leaves requests alone: Playwright's
 * interception adds a round trip to Node for every resource, ~15 ms on the popup. Nothing
 * leaves the machine either way: the host resolver maps every name to nowhere.
 */
export async function launch({ locale = 'en-US', intercept = true, dist = DIST, colorScheme = 'light', dir, keepWelcome = false, awaitWelcome = true, granted: grant = false, passThrough = '' } = {}) {
  const fresh = !dir;
  const base = dist;
  if (grant) dist = granted(dist);
  dir ??= mkdtempSync(join(tmpdir(), 'contakt-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    colorScheme,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-gpu', '--disable-quic', `--lang=${locale}`,
    ],
  });
  const requests = [];
  if (intercept) {
    await context.route((url) => url.protocol === 'http:' || url.protocol === 'https:', (route) => {
      requests.push(route.request().url());
      // A local server of the test (`passThrough`, an origin) gets its requests; every other
      // address gets a stub page.
      if (passThrough && route.request().url().startsWith(passThrough)) return route.continue();
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>stub</title>' });
    });
  }
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  const id = new URL(worker.url()).host;
  // A first install opens the onboarding page (and only a first install): wait for it, and
  // close it unless the test is about it (`awaitWelcome: false` for builds from before it).
  let welcome = null;
  if (fresh && awaitWelcome) {
    welcome = await until(() => context.pages().find((p) => p.url().endsWith('/onboarding.html')), 10000, 'the onboarding page');
    if (!keepWelcome) { await welcome.close(); welcome = null; }
  }
  // Record the URL of every tab the extension opens, whatever its scheme (custom schemes
  // never load; without the "tabs" permission onCreated does not show URLs).
  await worker.evaluate(() => {
    globalThis.__opened = [];
    const create = chrome.tabs.create.bind(chrome.tabs);
    chrome.tabs.create = (props) => { globalThis.__opened.push(props.url); return create(props); };
  });
  const url = (page) => `chrome-extension://${id}/${page}`;
  return {
    context, id, requests, url, dir,
    worker, welcome,
    opened: () => worker.evaluate(() => globalThis.__opened),
    /**
     * Quits the browser and starts it again on the same profile: the worker starts afresh
     * with what was stored (and the alarms Chrome kept). Returns the new harness.
     */
    async relaunch(options = {}) {
      await context.close();
      return launch({ locale, intercept, dist: base, granted: grant, colorScheme, passThrough, ...options, dir });
    },
    /** Changes settings as the options page does (through the core: detection follows). */
    settings: (patch) => worker.evaluate(async (p) => {
      const view = await globalThis.contakt.run({ type: 'view' }, 'extension');
      return globalThis.contakt.run({ type: 'saveSettings', settings: { ...view.value.settings, ...p } }, 'extension');
    }, patch),
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

/**
 * Contakt's controls on a web page (in a closed shadow root, so found through the
 * accessibility tree, as a screen reader finds them), by accessible name, with their centres.
 */
export async function overlayButtons(page, names = /^(Message|Other ways to message) /, role = 'button') {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const out = [];
  for (const n of nodes) {
    const name = n.name?.value ?? '';
    if (n.role?.value !== role || !names.test(name)) continue;
    const box = await cdp.send('DOM.getBoxModel', { backendNodeId: n.backendDOMNodeId }).catch(() => null);
    const q = box?.model?.content;
    out.push({ name, x: q ? (q[0] + q[4]) / 2 : null, y: q ? (q[1] + q[5]) / 2 : null });
  }
  await cdp.detach();
  return out;
}

/** Opens a section of the options page through its navigation, as a user does. */
export async function section(page, name) {
  await page.locator(`#nav-${name}`).click();
  await page.locator(`section#${name}`).waitFor({ state: 'visible' });
}
