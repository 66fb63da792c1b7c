// Least privilege. Installed, Contakt asks for nothing that warns (no access to pages, no
// clipboard) and runs nothing on pages; detection asks for access when turned on. Where its
// content script does run, a page's world (a compromised renderer could act as the content
// script) cannot reach storage: only Contakt's pages and the worker read or write it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, until } from './harness.mjs';

const x = await launch();
after(() => x.close());

/** What Chrome's install prompt and its extension page list for Contakt (chrome://extensions). */
async function installWarnings(h) {
  const page = await h.context.newPage();
  await page.goto(`chrome://extensions/?id=${h.id}`);
  const info = await page.evaluate((id) => new Promise((r) => globalThis.chrome.developerPrivate.getExtensionInfo(id, r)), h.id);
  await page.close();
  return { warnings: info.permissions.simplePermissions.map((p) => p.message), hosts: info.permissions.runtimeHostPermissions?.hosts ?? [] };
}

test('installed, Contakt asks for no permission that warns and runs nothing on pages', async () => {
  // What the install prompt shows is what the README says it shows (no access to pages, no
  // clipboard: the manifest of the previous release showed both).
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('\n### ').find((s) => s.startsWith('What installing asks for')) ?? '';
  const listed = [...section.matchAll(/^- \*\*"(.+)"\*\*/gm)].map((m) => m[1]);
  assert.ok(listed.length > 0, 'the README lists the install prompt');
  assert.deepEqual(await installWarnings(x), { warnings: listed, hosts: [] });
  const granted = await x.worker.evaluate(() => chrome.permissions.getAll());
  assert.deepEqual(granted.origins, []);
  assert.ok(!granted.permissions.includes('clipboardRead'));
  assert.deepEqual(await x.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);
  // A web page gets no content script: no Contakt world is created in it.
  await x.context.route('https://*.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>x</title><p>Call +44 20 7946 0958</p>' }));
  const page = await x.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await cdp.send('Runtime.enable');
  await page.goto('https://shop.example/');
  await page.waitForTimeout(1000);
  assert.deepEqual(worlds.filter((c) => c.origin.startsWith('chrome-extension:')).map((c) => c.name), []);
  await cdp.detach();
  await page.close();
});

test('turning detection on asks the browser for access to pages; refused, it stays off and says why', async () => {
  const popup = await x.page('popup.html');
  // The browser's prompt cannot be answered headless: record the request and refuse it.
  await popup.evaluate(() => {
    globalThis.__asked = [];
    chrome.permissions.request = async (p) => { globalThis.__asked.push(p); return false; };
  });
  await popup.getByLabel('Detect numbers on web pages').click();
  await until(() => popup.evaluate(() => globalThis.__asked.length === 1), 5000, 'the request');
  assert.deepEqual(await popup.evaluate(() => globalThis.__asked[0]), { origins: ['<all_urls>'] });
  await until(async () => !(await popup.getByLabel('Detect numbers on web pages').isChecked()), 5000, 'the switch back off');
  assert.match(await popup.locator('#send-status').textContent(), /Number detection stays off/);
  assert.equal((await x.storage('sync')).settings?.detect_numbers ?? false, false);
  assert.deepEqual(await x.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts()), []);
  await popup.close();
});

test('the popup closed under the permission prompt (Firefox): the access that comes turns detection on', async () => {
  const h = await launch({ granted: true });
  after(() => h.close());
  const popup = await h.page('popup.html');
  // The prompt is open and the popup goes away before it is answered.
  await popup.evaluate(() => { chrome.permissions.request = () => new Promise(() => {}); });
  await popup.getByLabel('Detect numbers on web pages').click();
  await until(async () => (await h.storage('session')).detection_wanted, 5000, 'the wish in the worker');
  await popup.close();
  assert.equal((await h.storage('sync')).settings?.detect_numbers ?? false, false);
  // The user grants access: the browser tells the worker (permissions.onAdded).
  await h.worker.evaluate(() => globalThis.contakt.accessChanged());
  assert.equal((await h.storage('sync')).settings.detect_numbers, true);
  assert.equal((await h.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length, 1, 'the content script is registered');
  assert.equal((await h.storage('session')).detection_wanted, undefined, 'the wish is answered once');
  // Refused instead (no access): nothing turns on.
  await x.worker.evaluate(() => chrome.storage.session.set({ detection_wanted: Date.now() }));
  await x.worker.evaluate(() => globalThis.contakt.accessChanged());
  assert.equal((await x.storage('sync')).settings?.detect_numbers ?? false, false);
});

/** Evaluates `expression` in Contakt's content-script world of `page` (DevTools protocol). */
async function inContentScript(h, page, expression) {
  const cdp = await page.context().newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await cdp.send('Runtime.enable');
  const world = await until(() => worlds.find((c) => c.origin === `chrome-extension://${h.id}` || c.auxData?.type === 'isolated'), 5000, "the content script's world");
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  if (exceptionDetails) return `threw: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`;
  return result.value;
}

test("a page's content-script world can neither read nor write Contakt's storage", async () => {
  const h = await launch({ granted: true });
  after(() => h.close());
  await h.settings({ detect_numbers: true });
  assert.equal((await h.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length, 1, 'detection on: the script is registered');
  await h.worker.evaluate(() => chrome.storage.local.set({ contacts: [{ id: 'a', display_name: 'Secret Person' }] }));
  await h.context.route('https://*.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>x</title><p>Call +44 20 7946 0958</p>' }));
  const page = await h.context.newPage();
  await page.goto('https://shop.example/');
  // The world is the content script's: it has the extension's runtime.
  assert.equal(await inContentScript(h, page, 'typeof chrome.runtime.sendMessage'), 'function');
  const read = await inContentScript(h, page, "chrome.storage.local.get(null).then((v) => 'read: ' + JSON.stringify(v), (e) => 'refused: ' + e.message)");
  assert.doesNotMatch(String(read), /Secret Person/);
  assert.match(String(read), /refused|threw|undefined|Cannot read/, String(read));
  const write = await inContentScript(h, page, "chrome.storage.local.set({ schema: 99 }).then(() => 'written', (e) => 'refused: ' + e.message)");
  assert.notEqual(write, 'written');
  const sync = await inContentScript(h, page, "chrome.storage.sync.set({ settings: {} }).then(() => 'written', (e) => 'refused: ' + e.message)");
  assert.notEqual(sync, 'written');
  assert.notEqual((await h.storage('local')).schema, 99);
  await page.close();
});
