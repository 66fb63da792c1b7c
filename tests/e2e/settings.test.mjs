// Settings: first-run defaults from the browser's locale, validation, and persistence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

test('a first install shows the welcome: the country from the browser locale, nothing stored until confirmed', async () => {
  const x = await launch({ locale: 'de', keepWelcome: true });
  try {
    const welcome = x.welcome;
    await welcome.waitForSelector('html[data-ready="true"]');
    assert.equal(await welcome.getByLabel('Standardland').inputValue(), 'DE', 'guessed from the language');
    assert.equal(await welcome.locator('#detect-numbers').isChecked(), false, 'detection is off by default');
    // "Try it" shows what Send would open, with the choices on the page.
    await welcome.locator('#try-number').fill('030 123456');
    await until(async () => (await welcome.locator('#try-result').textContent()).includes('https://wa.me/4930123456'), 5000, 'the try-it link');
    await welcome.locator('#whatsapp-target').selectOption('desktop');
    await until(async () => (await welcome.locator('#try-result').textContent()).includes('whatsapp://send?phone=4930123456'), 5000, 'the desktop link');
    assert.deepEqual(await x.storage('sync'), {}, 'nothing stored before the user confirms');
    assert.deepEqual(await x.opened(), [], 'nothing opened');
    await welcome.locator('#confirm').click();
    const stored = await until(async () => (await x.storage('sync')).settings, 5000, 'the settings');
    assert.equal(stored.default_region, 'DE');
    assert.equal(stored.whatsapp_target, 'desktop');
    assert.equal(stored.detect_numbers, false);
    const page = await x.page('popup.html');
    await page.getByLabel('Telefonnummer').fill('030 123456');
    assert.match(await page.locator('#number-status').textContent(), /^\+49 30 123456 · /);
    await page.close();
    // The welcome is reachable again from the settings, and not shown on the next start.
    const options = await x.page('options.html');
    await options.locator('#show-welcome').click();
    await options.waitForURL(/onboarding\.html$/);
    await options.close();
    const again = await x.relaunch();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(again.context.pages().filter((p) => p.url().endsWith('/onboarding.html')).length, 0, 'shown once, on install');
    await again.close();
  } catch (e) { await x.close(); throw e; }
});

test('settings are validated, saved by the worker, and survive a reload', async () => {
  const x = await launch({ locale: 'en-US' });
  try {
    const page = await x.page('options.html');
    assert.equal(await page.getByLabel('Default country').inputValue(), 'US');

    // A bad "my number" is refused with its reason and nothing is stored.
    await page.getByLabel('My number').fill('12');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await until(async () => /Too short/.test(await page.getByRole('status', { name: 'Settings status' }).textContent()), 5000, 'the refusal');
    assert.equal((await x.storage('sync')).settings?.my_number ?? '', '');

    await page.getByLabel('Default country').selectOption('GB');
    await page.getByLabel('Default platform').selectOption({ label: 'Telegram' });
    await page.getByLabel('My number').fill('07400 123456');
    await page.getByLabel('WhatsApp links open in').selectOption('desktop');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await until(async () => (await page.getByRole('status', { name: 'Settings status' }).textContent()) === 'Settings saved.', 5000, 'saved');
    assert.equal(await page.getByLabel('My number').inputValue(), '+447400123456', 'stored normalised');

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.equal(await page.getByLabel('Default country').inputValue(), 'GB');
    assert.equal(await page.getByLabel('Default platform').inputValue(), 'telegram');
    assert.equal(await page.getByLabel('My number').inputValue(), '+447400123456');
    assert.equal(await page.getByLabel('WhatsApp links open in').inputValue(), 'desktop');
    await page.close();

    // The popup follows the settings: GB numbers without a country code, Telegram preselected,
    // WhatsApp through the desktop app.
    const popup = await x.page('popup.html');
    assert.equal(await popup.getByLabel('Platform').inputValue(), 'telegram');
    await popup.getByLabel('Phone number').fill('020 7946 0958');
    await popup.getByLabel('Platform').selectOption({ label: 'WhatsApp' });
    await popup.getByRole('button', { name: 'Send', exact: true }).click();
    await until(async () => (await x.opened()).length === 1, 5000, 'the WhatsApp tab');
    assert.deepEqual(await x.opened(), ['whatsapp://send?phone=442079460958']);
    await popup.close();
  } finally { await x.close(); }
});

test('only Contakt pages may talk to the worker, and it refuses unknown requests', async () => {
  const x = await launch();
  try {
    const page = await x.page('popup.html');
    const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'dropEverything' }));
    assert.equal(reply.ok, false);
    assert.equal(reply.code, 'refused');
    const bad = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'saveSettings', settings: { default_region: 'ZZ' } }));
    assert.equal(bad.ok, false);
    assert.equal((await x.storage('sync')).settings, undefined, 'nothing stored');
    await page.close();
  } finally { await x.close(); }
});

test('two pages saving at once lose no update', async () => {
  const x = await launch();
  try {
    const a = await x.page('popup.html');
    const b = await x.page('popup.html');
    // 20 sends from two pages at once: every one lands in the history.
    const sends = [];
    for (let i = 0; i < 10; i++) {
      for (const [page, who] of [[a, 'a'], [b, 'b']]) {
        sends.push(page.evaluate((t) => chrome.runtime.sendMessage({ type: 'send', number: '+12015550123', platform: 'sms', text: t }), `${who}${i}`));
      }
    }
    const replies = await Promise.all(sends);
    assert.ok(replies.every((r) => r.ok), JSON.stringify(replies.find((r) => !r.ok)));
    const texts = (await x.storage('local')).history.map((e) => e.text).sort();
    assert.equal(texts.length, 20);
    assert.deepEqual(texts, [...Array(10).keys()].flatMap((i) => [`a${i}`, `b${i}`]).sort());
  } finally { await x.close(); }
});
