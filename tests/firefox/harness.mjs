// Starts headless Firefox ESR with dist-firefox/ installed, through puppeteer-core over
// WebDriver BiDi (playwright-core cannot drive stock Firefox). Offline: every http(s) request
// goes to a proxy that does not exist, except 127.0.0.1, where the tests serve their pages.
// Facts this relies on are in ../shared/notes/firefox.md.
import puppeteer from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DIST = resolve(import.meta.dirname, '../../dist-firefox');
export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
/** The add-on id (manifest.json) and the extension's host, fixed in advance by a pref. */
export const ADDON = 'contakt@contakt.app';
const UUID = '6f1c2f7e-6d1b-4c1e-9b1a-2b8f3c4d5e6f';

/** Waits until `fn()` returns a truthy value (polling), or fails after `ms`. */
export async function until(fn, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function launch({ dist = DIST, locale = 'en-US', dir } = {}) {
  const fresh = !dir;
  dir ??= mkdtempSync(join(tmpdir(), 'contakt-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: dir,
    // Without it Firefox refuses to navigate to moz-extension:// pages over BiDi.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON]: UUID }),
      'intl.locale.requested': locale,
      'intl.accept_languages': locale,
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1', 'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1', 'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1',
      'network.protocol-handler.external-default': false,
      'network.protocol-handler.warn-external-default': false,
      'browser.shell.checkDefaultBrowser': false,
      // Optional permissions (access to pages for detection, clipboardRead) granted without
      // the prompt a test cannot answer; the request is still made, on the user's click.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  if (fresh) await browser.installExtension(dist);
  const url = (page) => `moz-extension://${UUID}/${page}`;

  /** Opens an extension page (page.goto never resolves for them over BiDi: poll instead). */
  async function page(name) {
    const p = await browser.newPage();
    p.goto(url(name)).catch(() => {});
    await until(() => p.evaluate(() => document.readyState === 'complete' && document.documentElement.dataset.ready === 'true'), 15000, `${name} to be ready`);
    return p;
  }

  // A page of the extension to reach the background from (Firefox runs it as an event page:
  // chrome.runtime.getBackgroundPage() gives its window, where the worker's handlers are).
  const helper = await page('options.html');
  /**
   * Runs `fn(background, arg)` in the background page; `arg` must be JSON.
   * @template T @param {(bg: any, arg: any) => T | Promise<T>} fn @param {any} [arg]
   */
  const background = (fn, arg = null) => helper.evaluate(`(async () => {
    const bg = await chrome.runtime.getBackgroundPage();
    return (${fn.toString()})(bg, ${JSON.stringify(arg)});
  })()`);
  // Record the URL of every tab the extension opens (custom schemes would ask for an outside
  // application: only http(s) ones are really opened, into the dead proxy).
  // And every notification it shows (headless Firefox has no notification service to ask:
  // they close at once), with its options.
  await background((bg) => {
    bg.__notified = [];
    const notify = bg.chrome.notifications.create.bind(bg.chrome.notifications);
    bg.chrome.notifications.create = (id, options) => { bg.__notified.push({ id, options }); return notify(id, options); };
    bg.__opened = [];
    const create = bg.chrome.tabs.create.bind(bg.chrome.tabs);
    bg.chrome.tabs.create = (props) => {
      bg.__opened.push(props.url);
      return /^(https?:|moz-extension:|[a-z]+\.html)/.test(props.url) ? create(props) : Promise.resolve({});
    };
  });

  return {
    browser, url, page, background, helper,
    opened: () => background((bg) => bg.__opened),
    notified: () => background((bg) => bg.__notified),
    storage: (area) => helper.evaluate((a) => chrome.storage[a].get(null), area),
    /** Pages whose URL ends with `suffix` (asked of each page: over BiDi a tab the extension
     * opened still reports about:blank). */
    async tabs(suffix) {
      const out = [];
      for (const p of await browser.pages()) {
        const href = await p.evaluate(() => location.href).catch(() => '');
        if (href.endsWith(suffix)) out.push(p);
      }
      return out;
    },
    /** Quits Firefox and starts it again on the same profile (the add-on and its data stay). */
    async relaunch() {
      await browser.close();
      return launch({ dist, locale, dir });
    },
    async close() { await browser.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
