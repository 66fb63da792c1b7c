// axe-core on every page, in the states people see: the popup empty and full (recent chats,
// history and reminders open with a due one, contact search results, a confirmation dialog),
// every section of the options page (contacts with duplicates, tags, templates, an import
// preview, usage), the onboarding page, in English and Arabic (right to left), light and
// dark; and Contakt's controls on a web page (closed shadow root) with their menu. 0 violations.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, until, overlayButtons } from './harness.mjs';

const AXE = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** axe's violations on the page as it is now ("id: selectors" lines). */
async function violations(page, context = null) {
  await page.evaluate(AXE); // DevTools evaluation: the page's CSP does not apply to it
  return page.evaluate(async (c) => {
    const r = await globalThis.axe.run(c ?? document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, context);
}

const FULL = {
  contacts: [
    { id: 'a', display_name: 'Maria', numbers: [{ label: 'mobile', raw: '(415) 555-1234', e164: '+14155551234' }], tags: ['vip'] },
    { id: 'b', display_name: 'M. Lopez', numbers: [{ label: 'work', raw: '+1 415 555 1234', e164: '+14155551234' }] },
    { id: 'c', display_name: 'Tom', numbers: [{ label: 'mobile', raw: 'not a number', e164: null }] },
  ],
  history: [{ id: 'h1', e164: '+12015550123', platform: 'sms', text: 'Hello', at: Date.now() - 60000 }],
  reminders: [{ id: 'r1', kind: 'message', e164: '+12015550123', label: 'Ana', text: 'Happy birthday!', platform: 'whatsapp', zone: 'UTC', repeat: 'never', next: null, due: { at: Date.now() - 1000, missed: false } }],
};

for (const [locale, colorScheme] of [['en-US', 'light'], ['ar', 'light'], ['en-US', 'dark']]) {
  const x = await launch({ locale, colorScheme });
  after(() => x.close());

  test(`the popup, empty and full, has no axe violations (${locale}, ${colorScheme})`, async () => {
    const empty = await x.page('popup.html');
    assert.deepEqual(await violations(empty), []);
    await empty.close();
    await x.worker.evaluate(async (full) => {
      await chrome.storage.local.set(full);
      await chrome.storage.sync.set({ 'template:t1': { id: 't1', title: 'Hi', body: 'Hi {first_name}', updated: 1 } });
    }, FULL);
    const page = await x.page('popup.html');
    await until(async () => (await page.locator('#upcoming li').count()) === 1, 5000, 'the due reminder');
    await page.locator('#contact-pick').fill('Mar');
    await until(async () => (await page.locator('#contact-results li').count()) > 0, 5000, 'the contact results');
    await page.locator('#number').fill('12');
    await page.locator('#history-summary').click();
    await until(async () => (await page.locator('#recent li').count()) === 1, 5000, 'the recent chat');
    assert.equal(await page.locator('#reminders-panel').getAttribute('open'), '', 'a due reminder opens its panel');
    assert.deepEqual(await violations(page), []);
    // "Didn't work?" opened on the history entry.
    await page.locator('#history > li .row .link').first().click();
    await until(async () => (await page.locator('.trouble li').count()) > 0, 5000, 'the help');
    assert.deepEqual(await violations(page), [], "with Didn't work? open");
    await page.locator('#clear-history').click();
    await page.getByRole('dialog').waitFor();
    assert.deepEqual(await violations(page), [], 'with the confirmation dialog open');
    await page.keyboard.press('Escape');
    await page.close();
  });

  test(`the onboarding page has no axe violations (${locale}, ${colorScheme})`, async () => {
    const page = await x.page('onboarding.html');
    assert.deepEqual(await violations(page), []);
    await page.locator('#try-number').fill('+44 20 7946 0958');
    await until(async () => (await page.locator('#try-result').textContent()).includes('wa.me'), 5000, 'the try-it result');
    await page.locator('#default-platform').selectOption('wechat');
    assert.deepEqual(await violations(page), [], 'with a result shown');
    await page.close();
  });

  test(`the options page, with contacts, tags, templates and an import preview, has no axe violations (${locale}, ${colorScheme})`, async () => {
    await x.worker.evaluate(() => chrome.storage.local.set({ counters: { sent: 3, by_platform: { whatsapp: 2, sms: 1 } } }));
    const page = await x.page('options.html');
    for (const section of ['settings', 'contacts', 'tags', 'templates', 'campaigns', 'data', 'usage']) {
      await page.evaluate((s) => { location.hash = s; }, section);
      await until(async () => page.locator(`#${section}`).isVisible(), 5000, `the ${section} section`);
      if (section === 'contacts') await until(async () => (await page.locator('#duplicate-list li').count()) === 1, 5000, 'the duplicates');
      if (section === 'data') {
        await page.locator('#import-file').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from('First Name,Phone 1 - Value,Birthday\nAna,+1 415 555 1234,1990-01-01\n') });
        await until(async () => !(await page.locator('#import-preview').isHidden()), 5000, 'the preview');
      }
      if (section === 'usage') await until(async () => !(await page.locator('#usage-table').isHidden()), 5000, 'the usage table');
      if (section === 'campaigns') {
        // A preview with a left-out row (its Include box) shown.
        await page.locator('#source-contacts').check();
        await page.locator('#campaign-contacts').selectOption({ index: 0 });
        await page.locator('#campaign-body').fill('Hi {nickname}');
        await page.locator('#campaign-preview').click();
        await until(async () => (await page.locator('#campaign-preview-rows input[type="checkbox"]').count()) === 1, 5000, 'the preview with its Include box');
        assert.deepEqual(await violations(page), [], 'the campaign preview');
        // Created and its first chat opened: the run panel.
        await page.locator('#campaign-name').fill('Test');
        await page.locator('#campaign-body').fill('Hi');
        await page.locator('#campaign-preview').click();
        await page.locator('#campaign-create').click();
        await until(async () => !(await page.locator('#campaign-run').isHidden()), 5000, 'the run');
        await page.locator('#run-next').click();
        await until(async () => !(await page.locator('#run-current').isHidden()), 5000, 'the open chat');
      }
      assert.deepEqual(await violations(page), [], `the ${section} section`);
    }
    await page.close();
  });
}

test("Contakt's controls on a web page, and their menu, have no axe violations", async () => {
  const x = await launch({ granted: true });
  try {
    await x.context.route('https://*.example/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Shop</title><main><p>Call +44 20 7946 0958 today.</p></main></html>' }));
    await x.settings({ detect_numbers: true });
    const page = await x.context.newPage();
    await page.goto('https://shop.example/');
    const found = await until(async () => { const b = await overlayButtons(page); return b.length === 2 && b; }, 8000, 'the controls');
    const more = found.find((b) => b.name.startsWith('Other ways'));
    await page.mouse.click(more.x, more.y);
    await until(async () => (await overlayButtons(page, /^Message on /, 'menuitem')).length > 0, 5000, 'the menu');
    // axe cannot enter a closed shadow root: its content (markup and styles, as the DevTools
    // protocol sees it) is copied into an open one at the same place, and checked there.
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const hosts = [];
    (function walk(n) { if (n.nodeName === 'CONTAKT-OVERLAY') hosts.push(n); for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c); })(root);
    assert.equal(hosts.length, 1);
    const shadow = hosts[0].shadowRoots[0];
    assert.equal(shadow.shadowRootType, 'closed');
    const html = [];
    for (const c of shadow.children) html.push((await cdp.send('DOM.getOuterHTML', { nodeId: c.nodeId })).outerHTML);
    await cdp.detach();
    assert.ok(html.join('').includes('menuitem'), 'the menu is in the copy');
    await page.evaluate((markup) => {
      const host = document.createElement('div');
      host.id = 'contakt-copy';
      host.setAttribute('style', 'all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; overflow: visible; z-index: 2147483647;');
      host.attachShadow({ mode: 'open' }).innerHTML = markup;
      document.documentElement.append(host);
    }, html.join(''));
    assert.deepEqual(await violations(page, { include: ['#contakt-copy'] }), []);
    // The copy is really checked: a nameless button added to it is caught.
    await page.evaluate(() => document.querySelector('#contakt-copy').shadowRoot.append(document.createElement('button')));
    assert.match((await violations(page, { include: ['#contakt-copy'] })).join(), /button-name/);
    await page.close();
  } finally { await x.close(); }
});
