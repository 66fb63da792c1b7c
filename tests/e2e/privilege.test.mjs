// What a web page's world can reach: the content script runs on pages, so a compromised
// renderer could act as it. Storage is closed to it (only Contakt's pages and the worker may
// read or write the address book).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

const x = await launch();
after(() => x.close());

/** Evaluates `expression` in Contakt's content-script world of `page` (DevTools protocol). */
async function inContentScript(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await cdp.send('Runtime.enable');
  const world = await until(() => worlds.find((c) => c.origin === `chrome-extension://${x.id}` || c.auxData?.type === 'isolated'), 5000, "the content script's world");
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  if (exceptionDetails) return `threw: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`;
  return result.value;
}

test("a page's content-script world can neither read nor write Contakt's storage", async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ contacts: [{ id: 'a', display_name: 'Secret Person' }] }));
  await x.context.route('https://*.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>x</title><p>Call +44 20 7946 0958</p>' }));
  const page = await x.context.newPage();
  await page.goto('https://shop.example/');
  // The world is the content script's: it has the extension's runtime.
  assert.equal(await inContentScript(page, 'typeof chrome.runtime.sendMessage'), 'function');
  const read = await inContentScript(page, "chrome.storage.local.get(null).then((v) => 'read: ' + JSON.stringify(v), (e) => 'refused: ' + e.message)");
  assert.doesNotMatch(String(read), /Secret Person/);
  assert.match(String(read), /refused|threw|undefined|Cannot read/, String(read));
  const write = await inContentScript(page, "chrome.storage.local.set({ schema: 99 }).then(() => 'written', (e) => 'refused: ' + e.message)");
  assert.notEqual(write, 'written');
  const sync = await inContentScript(page, "chrome.storage.sync.set({ settings: {} }).then(() => 'written', (e) => 'refused: ' + e.message)");
  assert.notEqual(sync, 'written');
  assert.notEqual((await x.storage('local')).schema, 99);
  await page.close();
});
