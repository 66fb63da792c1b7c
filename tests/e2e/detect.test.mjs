// Numbers found on web pages: marked where detection is on, never in code, editable areas or
// links, never on excluded sites; clickable; invisible to the page's scripts; numbers added
// later are found. The UI is in a closed shadow root, so the tests find it through the
// accessibility tree (as a screen reader does) and click it with the mouse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until, overlayButtons } from './harness.mjs';

let x;
before(async () => {
  x = await launch({ granted: true });
  await x.context.route('https://*.example/**', (r) => r.fulfill({ contentType: 'text/html', body: PAGE }));
});
after(async () => { await x?.close(); });

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
  <h1>Contact</h1>
  <p>London office: +44 20 7946 0958 (Mon–Fri).</p>
  <p>US sales (201) 555-0123, Paris 01 23 45 67 89.</p>
  <p>Also 201.555.0199, +1-201-555-0188, mobile +33 6 12 34 56 78, from the US dial 011 44 20 7946 0123.</p>
  <p>Order #381485858 shipped on 2024-03-15 for $1,299.00; server 192.168.10.20; ISBN 978-3-16-148410-0.</p>
  <code>+44 20 7946 0111</code><pre>+44 20 7946 0222</pre>
  <textarea>+44 20 7946 0333</textarea><input value="+44 20 7946 0444">
  <div contenteditable="true">+44 20 7946 0555</div>
  <a href="https://example.org/+442079460666">+44 20 7946 0666</a>
  <a href="tel:+442079460777">+44 20 7946 0777</a>
  <div id="later"></div>
</body></html>`;

/** Settings as the options page saves them (detection's script follows through the core). */
const setSettings = (patch) => x.settings(patch);

/** Buttons of Contakt's UI on the page, by accessible name, with their centres. */
const buttons = (page) => overlayButtons(page);

test('detection is off until the user turns it on', async () => {
  const page = await x.context.newPage();
  await page.goto('https://shop.example/contact');
  await page.waitForTimeout(800);
  assert.deepEqual(await buttons(page), []);
  assert.equal(await page.evaluate(() => document.querySelector('contakt-overlay')), null);
  await page.close();
});

test('numbers become actionable; decoys, code, editable areas and links do not', async () => {
  await setSettings({ detect_numbers: true, excluded_sites: [] });
  const page = await x.context.newPage();
  await page.goto('https://shop.example/contact');
  const found = await until(async () => { const b = await buttons(page); return b.length >= 14 && b; }, 8000, 'the marks');
  const names = found.filter((b) => b.name.startsWith('Message ')).map((b) => b.name).sort();
  assert.deepEqual(names, ['Message (201) 555-0123', 'Message +44 20 7946 0777', 'Message +44 20 7946 0958',
    'Message 201.555.0199', 'Message +1-201-555-0188', 'Message +33 6 12 34 56 78', 'Message 011 44 20 7946 0123'].sort(),
    'Paris 01 23… is not a US number: the default region is US');
  // The page's text and layout are unchanged.
  assert.equal(await page.locator('p').first().textContent(), 'London office: +44 20 7946 0958 (Mon–Fri).');
  // One click on the mark opens the chat on the default platform.
  const before = (await x.opened()).length;
  const mark = found.find((b) => b.name === 'Message +44 20 7946 0958');
  await page.mouse.click(mark.x, mark.y);
  await until(async () => (await x.opened()).length > before, 5000, 'the chat');
  assert.equal((await x.opened()).at(-1), 'https://wa.me/442079460958');
  const viaIdd = found.find((b) => b.name === 'Message 011 44 20 7946 0123');
  await page.mouse.click(viaIdd.x, viaIdd.y);
  await until(async () => (await x.opened()).length > before + 1, 5000, 'the second chat');
  assert.equal((await x.opened()).at(-1), 'https://wa.me/442079460123');
  // The second control lists the other platforms.
  const more = found.find((b) => b.name === 'Other ways to message (201) 555-0123');
  await page.mouse.click(more.x, more.y);
  const cdp = await page.context().newCDPSession(page);
  const items = await until(async () => {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const list = nodes.filter((n) => n.role?.value === 'menuitem').map((n) => n.name.value);
    return list.length && list;
  }, 5000, 'the platform menu');
  assert.ok(items.includes('Message on Telegram') && items.includes('Message on SMS'), items.join());
  await cdp.detach();
  await page.close();
});

test("the page's scripts cannot see Contakt's UI", async () => {
  const page = await x.context.newPage();
  await page.goto('https://shop.example/contact');
  await until(async () => (await buttons(page)).length > 0, 8000, 'the marks');
  const seen = await page.evaluate(() => {
    const host = document.querySelector('contakt-overlay');
    return { shadow: host?.shadowRoot ?? null, buttons: document.querySelectorAll('button').length, text: host?.textContent ?? '' };
  });
  assert.deepEqual(seen, { shadow: null, buttons: 0, text: '' });
  await page.close();
});

test('numbers added after load are found', async () => {
  const page = await x.context.newPage();
  await page.goto('https://shop.example/contact');
  await until(async () => (await buttons(page)).length > 0, 8000, 'the first marks');
  await page.evaluate(() => { document.getElementById('later').textContent = 'New branch: 030 123456 (call +49 30 123456).'; });
  await until(async () => (await buttons(page)).some((b) => b.name === 'Message +49 30 123456'), 8000, 'the later number');
  await page.close();
});

test('never on an excluded site', async () => {
  await setSettings({ detect_numbers: true, excluded_sites: ['example'] });
  const page = await x.context.newPage();
  await page.goto('https://blocked.example/contact');
  await page.waitForTimeout(1000);
  assert.deepEqual(await buttons(page), []);
  await page.close();
  await setSettings({ excluded_sites: [] });
});

test('"Disable on <site>" in the popup excludes the page\'s site, and enables it again', async () => {
  await setSettings({ detect_numbers: true, excluded_sites: [] });
  const page = await x.context.newPage();
  await page.goto('https://news.example/contact');
  await until(async () => (await buttons(page)).length > 0, 8000, 'the marks');
  // Open the popup in its own window, as the toolbar button does, over the page's window.
  const opened = x.context.waitForEvent('page');
  await x.worker.evaluate((url) => chrome.windows.create({ url, type: 'popup', focused: false }), x.url('popup.html'));
  const popup = await opened;
  await popup.waitForSelector('html[data-ready="true"]');
  const disable = popup.getByRole('button', { name: 'Disable on news.example' });
  await disable.waitFor();
  await disable.click();
  await until(async () => ((await x.storage('sync')).settings.excluded_sites ?? []).includes('news.example'), 5000, 'the exclusion');
  await popup.getByRole('button', { name: 'Enable on news.example' }).waitFor();
  await page.reload();
  await page.waitForTimeout(1000);
  assert.deepEqual(await buttons(page), []);
  await popup.getByRole('button', { name: 'Enable on news.example' }).click();
  await until(async () => !((await x.storage('sync')).settings.excluded_sites ?? []).includes('news.example'), 5000, 'the inclusion');
  await popup.close();
  await page.close();
});

/** The controls of `page` once drawn (the session's count of page actions reset first). */
async function freshControls(page, url, body = PAGE) {
  await x.worker.evaluate(() => chrome.storage.session.remove('page_actions'));
  await page.route(url, (r) => r.fulfill({ contentType: 'text/html', body }));
  await page.goto(url);
  return until(async () => { const b = await buttons(page); return b.length >= 2 && b; }, 8000, 'the controls');
}

test('a click on a control the page made invisible or covered does nothing', async () => {
  await setSettings({ detect_numbers: true, excluded_sites: [] });
  const page = await x.context.newPage();
  const body = '<!doctype html><html><body><p style="margin:80px">Call +44 20 7946 0958 today.</p></body></html>';
  const [go] = (await freshControls(page, 'https://trick.example/', body)).filter((b) => b.name.startsWith('Message '));
  const before = (await x.opened()).length;
  // 1. Contakt's layer made transparent by the page's style sheet.
  await page.addStyleTag({ content: 'contakt-overlay { opacity: 0 !important; }' });
  await page.waitForTimeout(300);
  await page.mouse.click(go.x, go.y);
  // 2. Covered by something that lets clicks through (the user sees the page's bait).
  await page.evaluate(() => {
    document.querySelector('style:last-of-type').remove();
    const bait = document.createElement('div');
    bait.id = 'bait';
    bait.textContent = 'Click here to win';
    bait.setAttribute('style', 'position:fixed;inset:0;background:#fff;pointer-events:none;z-index:2147483647');
    document.documentElement.append(bait);
  });
  await page.waitForTimeout(300);
  await page.mouse.click(go.x, go.y);
  // 3. The whole page faded out.
  await page.evaluate(() => { document.getElementById('bait').remove(); document.documentElement.style.opacity = '0.01'; });
  await page.waitForTimeout(300);
  await page.mouse.click(go.x, go.y);
  await page.waitForTimeout(500);
  assert.equal((await x.opened()).length, before, 'no chat from a click the user could not see');
  // The same click on the visible control works (the checks above are what stopped it).
  await page.evaluate(() => { document.documentElement.style.opacity = ''; });
  await page.waitForTimeout(300);
  await page.mouse.click(go.x, go.y);
  await until(async () => (await x.opened()).length > before, 5000, 'the chat');
  assert.equal((await x.opened()).at(-1), 'https://wa.me/442079460958');
  await page.close();
});

test('a page gets at most 3 actions in 10 seconds; the user is told why the next did nothing', async () => {
  const page = await x.context.newPage();
  const body = '<!doctype html><html><body><p style="margin:80px">Call +44 20 7946 0958 today.</p></body></html>';
  const [go] = (await freshControls(page, 'https://busy.example/', body)).filter((b) => b.name.startsWith('Message '));
  await x.worker.evaluate(async () => { for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id); });
  const before = (await x.opened()).length;
  for (let i = 0; i < 5; i++) {
    await page.mouse.click(go.x, go.y);
    await page.waitForTimeout(150);
  }
  await until(async () => (await x.worker.evaluate(() => chrome.notifications.getAll()))['contakt-failed'] !== undefined, 5000, 'the notification');
  assert.equal((await x.opened()).length - before, 3);
  await page.close();
});

test('"Save as contact" on a page saves nothing until the user saves it in Contakt', async () => {
  const page = await x.context.newPage();
  const body = '<!doctype html><html><body><p style="margin:80px">Call +44 20 7946 0958 today.</p></body></html>';
  const controls = await freshControls(page, 'https://save.example/', body);
  const contacts = async () => (await x.storage('local')).contacts ?? [];
  const count = (await contacts()).length;
  const more = controls.find((b) => b.name.startsWith('Other ways'));
  await page.mouse.click(more.x, more.y);
  const [save] = await until(async () => { const m = await overlayButtons(page, /^Save as contact$/, 'menuitem'); return m.length && m; }, 5000, 'the menu');
  const opened = x.context.waitForEvent('page');
  await page.mouse.click(save.x, save.y);
  const options = await opened;
  await options.waitForSelector('html[data-ready="true"]');
  assert.match(options.url(), /options\.html#contacts$/);
  assert.equal(await options.getByLabel('Phone numbers').inputValue(), '+44 20 7946 0958');
  assert.match(await options.locator('#contact-status').textContent(), /From save\.example: save \+44 20 7946 0958 as a new contact\?/);
  assert.equal((await contacts()).length, count, 'nothing saved by the page');
  await options.getByLabel('First name').fill('Reception');
  await options.getByRole('button', { name: 'Save contact' }).click();
  await until(async () => (await contacts()).some((c) => c.display_name === 'Reception'), 5000, 'the saved contact');
  await options.close();
  await page.close();
});
