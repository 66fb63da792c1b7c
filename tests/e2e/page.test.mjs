// Messaging a number found on a page: the right-click menu, notifications, the keyboard
// command. The native menu cannot be clicked headless: the tests check the items exist and
// call the worker's click handler with what Chrome would pass.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

let x;
before(async () => { x = await launch(); });
after(async () => { await x?.close(); });

/** Alt+Shift+<key> as the keyboard sends it: the browser, not the page, runs the command. */
async function pressShortcut(page, key) {
  const cdp = await page.context().newCDPSession(page);
  for (const type of ['rawKeyDown', 'keyUp']) {
    await cdp.send('Input.dispatchKeyEvent', { type, modifiers: 1 | 8, key, code: `Key${key}`, windowsVirtualKeyCode: key.charCodeAt(0), nativeVirtualKeyCode: key.charCodeAt(0) });
  }
  await cdp.detach();
}

const call = (fn, ...args) => x.worker.evaluate(([f, a]) => globalThis.contakt[f](...a), [fn, args]);
const notifications = () => x.worker.evaluate(() => chrome.notifications.getAll());
const clearNotifications = () => x.worker.evaluate(async () => {
  for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
});

test('the menu items exist, and only they', async () => {
  // The worker creates them when the extension is installed, right after it starts.
  await until(() => x.worker.evaluate(() => chrome.contextMenus.update('message-on:sms', {}).then(() => true, () => false)), 5000, 'the menus');
  for (const id of ['message', 'message-on', 'message-on:whatsapp', 'message-on:sms']) {
    await assert.doesNotReject(x.worker.evaluate((i) => chrome.contextMenus.update(i, {}), id), id);
  }
  await assert.rejects(x.worker.evaluate(() => chrome.contextMenus.update('no-such-item', {})));
});

test('a selected number opens the default platform and is recorded', async () => {
  const before = (await x.opened()).length;
  const reply = await call('onMenuClick', { menuItemId: 'message', selectionText: 'Call our office on +44 20 7946 0958 today' });
  assert.equal(reply.ok, true);
  assert.deepEqual((await x.opened()).slice(before), ['https://wa.me/442079460958']);
  const { history } = await x.storage('local');
  assert.equal(history[0].e164, '+442079460958');
});

test('a tel: link on another platform from the submenu', async () => {
  const before = (await x.opened()).length;
  await call('onMenuClick', { menuItemId: 'message-on:sms', linkUrl: 'tel:+1-201-555-0123' });
  assert.deepEqual((await x.opened()).slice(before), ['sms:+12015550123']);
});

test('text without a number opens nothing and says why', async () => {
  await clearNotifications();
  const before = (await x.opened()).length;
  const reply = await call('onMenuClick', { menuItemId: 'message', selectionText: 'call me at 201 555' });
  assert.equal(reply.ok, false);
  const shown = await until(async () => (await notifications())['contakt-no-number'] !== undefined, 5000, 'the notification');
  assert.ok(shown);
  assert.equal((await x.opened()).length, before);
});

test('several numbers: the first is opened, the others offered and messaged from the notification', async () => {
  await clearNotifications();
  const before = (await x.opened()).length;
  await call('onMenuClick', { menuItemId: 'message-on:telegram', selectionText: 'Sales +44 20 7946 0958, support (201) 555-0123' });
  assert.deepEqual((await x.opened()).slice(before), ['https://t.me/+442079460958']);
  await until(async () => (await notifications())['contakt-more'] !== undefined, 5000, 'the offer');
  await call('onNotificationButton', 'contakt-more', 0);
  assert.deepEqual((await x.opened()).slice(before), ['https://t.me/+442079460958', 'https://t.me/+12015550123']);
});

test('a platform that needs the clipboard hands the number to the popup', async () => {
  await x.worker.evaluate(() => chrome.storage.session.clear());
  // Playwright cannot see the real popup that chrome.action.openPopup() opens: record the
  // call instead, and open popup.html as a page.
  await x.worker.evaluate(() => {
    globalThis.__popups = 0;
    chrome.action.openPopup = async () => { globalThis.__popups++; };
  });
  const before = (await x.opened()).length;
  await call('onMenuClick', { menuItemId: 'message-on:wechat', selectionText: '+44 20 7946 0958' });
  assert.equal((await x.opened()).length, before, 'no tab before the user presses Send');
  assert.equal(await x.worker.evaluate(() => globalThis.__popups), 1);
  const popup = await x.page('popup.html');
  assert.equal(await popup.getByLabel('Phone number').inputValue(), '+44 20 7946 0958');
  assert.equal(await popup.getByLabel('Platform').inputValue(), 'wechat');
  assert.match(await popup.locator('#send-status').textContent(), /Press Send/);
  await popup.close();
  // Handed over once: the next popup starts empty.
  const again = await x.page('popup.html');
  assert.equal(await again.getByLabel('Phone number').inputValue(), '');
  await again.close();
});

test('the keyboard command messages the number selected on a page, through activeTab alone', async () => {
  // dist/ as installed: no access to pages, no content script. The real shortcut (the key
  // press reaches the browser, which runs the command and grants activeTab for the tab).
  assert.deepEqual((await x.worker.evaluate(() => chrome.permissions.getAll())).origins, []);
  const page = await x.context.newPage();
  await page.route('https://shop.example/contact', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><p id="p">Questions? Call <b>(201) 555-0123</b> any time.</p>' }));
  await page.goto('https://shop.example/contact');
  await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('b'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  // Before the shortcut the tab is closed to Contakt (its address hidden, nothing injected).
  assert.equal(await x.worker.evaluate(async () => (await chrome.tabs.query({})).some((t) => t.url?.startsWith('https://shop.example'))), false);
  const before = (await x.opened()).length;
  await pressShortcut(page, 'M');
  await until(async () => (await x.opened()).length > before, 10000, 'the chat');
  assert.deepEqual((await x.opened()).slice(before), ['https://wa.me/12015550123']);
  await page.close();
});
