// The popup, end to end, in headless Chromium with the built extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, until } from './harness.mjs';

let x;
// Allowed to read the clipboard (as after "Paste a number"): the tests read what Send copied.
before(async () => { x = await launch({ granted: true }); });
after(async () => { await x?.close(); });

const text = 'Hi & welcome #1 + 100% 😀\nsee you';
const enc = 'Hi%20%26%20welcome%20%231%20%2B%20100%25%20%F0%9F%98%80%0Asee%20you';
// [platform label, url opened (null: none), clipboard after Send (null: untouched)]
const PLATFORMS = [
  ['WhatsApp', `https://wa.me/442079460958?text=${enc}`, null],
  ['WhatsApp Business', `https://wa.me/442079460958?text=${enc}`, null],
  ['Telegram', 'https://t.me/+442079460958', text],
  ['Signal', 'https://signal.me/#p/+442079460958', text],
  ['Viber', `viber://chat?number=%2B442079460958&draft=${enc}`, null],
  ['WeChat', 'weixin://', `+44 20 7946 0958\n${text}`],
  ['LINE', `https://line.me/R/share?text=${enc}`, '+44 20 7946 0958'],
  ['KakaoTalk', null, `+44 20 7946 0958\n${text}`],
  ['Zalo', 'https://zalo.me/442079460958', text],
  ['SMS', `sms:+442079460958?body=${enc}`, null],
];

for (const [platform, url, clipboard] of PLATFORMS) {
  test(`Send on ${platform} opens ${url ?? 'nothing'}`, async () => {
    const page = await x.page('popup.html');
    await page.evaluate(() => navigator.clipboard.writeText('untouched'));
    const before = (await x.opened()).length;
    await page.getByLabel('Phone number').fill('+44 20 7946 0958');
    await page.getByLabel('Platform').selectOption({ label: platform });
    await assert.doesNotReject(page.getByText(/./).first().waitFor());
    assert.ok((await page.locator('#platform-notice').textContent()).length > 10, 'the platform says what Send will do');
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await until(async () => (await page.locator('#send-status').textContent()).length > 0, 5000, 'send status');
    if (url) {
      const opened = await until(async () => (await x.opened()).slice(before), 5000, 'a tab');
      assert.deepEqual(opened, [url]);
      if (url.startsWith('https:')) {
        const requested = url.split('#')[0];
        await until(() => x.requests.includes(requested), 5000, `the tab to load ${requested}`);
      }
    } else {
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual((await x.opened()).slice(before), [], 'no tab for a platform without a link');
      assert.match(await page.locator('#send-status').textContent(), /KakaoTalk has no link/);
    }
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), clipboard ?? 'untouched');
    await page.close();
  });
}

test('the number is formatted as it is typed, and deleting is left alone', async () => {
  const page = await x.page('popup.html');
  const field = page.getByLabel('Phone number');
  await field.pressSequentially('+4420794');
  assert.equal(await field.inputValue(), '+44 20 794');
  await field.pressSequentially('60958');
  assert.equal(await field.inputValue(), '+44 20 7946 0958');
  await field.press('Backspace');
  assert.equal(await field.inputValue(), '+44 20 7946 095');
  await field.fill('');
  await field.pressSequentially('2015550123');
  assert.equal(await field.inputValue(), '(201) 555-0123');
  await page.close();
});

test('an invalid number is refused with its reason and opens nothing', async () => {
  const page = await x.page('popup.html');
  const before = (await x.opened()).length;
  const historyBefore = (await x.storage('local')).history?.length ?? 0;
  await page.getByLabel('Phone number').fill('+44 20');
  assert.match(await page.locator('#number-status').textContent(), /Too short/);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  assert.match(await page.locator('#send-status').textContent(), /Too short/);
  await page.getByLabel('Phone number').fill('not a phone');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  assert.match(await page.locator('#send-status').textContent(), /doesn't look like a phone number/);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await x.opened()).length, before);
  assert.equal((await x.storage('local')).history?.length ?? 0, historyBefore);
  await page.close();
});

test("0044 typed in the United States: the international reading is offered in one click", async () => {
  const page = await x.page('popup.html');
  await page.getByLabel('Phone number').fill('0044 20 7946 0958');
  const hint = page.getByRole('button', { name: 'Did you mean +44 20 7946 0958, United Kingdom?' });
  await hint.waitFor();
  assert.match(await page.locator('#number-status').textContent(), /./, 'the refusal still says why');
  await hint.click();
  assert.equal(await page.getByLabel('Phone number').inputValue(), '+44 20 7946 0958');
  assert.match(await page.locator('#number-status').textContent(), /\+44 20 7946 0958.*United Kingdom/);
  assert.equal(await hint.isVisible(), false);
  await page.close();
});

test('Enter in the message sends; history records it and resends it', async () => {
  await x.worker.evaluate(() => chrome.storage.local.set({ history: [] }));
  const page = await x.page('popup.html');
  await page.getByLabel('Phone number').fill('(201) 555-0123');
  assert.match(await page.locator('#number-status').textContent(), /\+1 201-555-0123 · United States/);
  await page.getByLabel('Platform').selectOption({ label: 'SMS' });
  await page.getByLabel('Message', { exact: true }).fill('hello');
  const before = (await x.opened()).length;
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await until(async () => (await x.opened()).length === before + 1, 5000, 'the SMS tab');
  const { history } = await x.storage('local');
  assert.equal(history.length, 1);
  assert.deepEqual({ ...history[0], id: undefined, at: undefined }, { id: undefined, at: undefined, e164: '+12015550123', platform: 'sms', text: 'hello' });
  // From now on the chat is one click away (with whatever message is written), …
  const recent = page.getByRole('button', { name: '+1 201-555-0123 SMS', exact: true });
  assert.equal(await recent.getAttribute('title'), 'Open the chat with +1 201-555-0123 on SMS');
  await recent.waitFor();
  await page.getByLabel('Message', { exact: true }).fill('');
  await page.getByLabel('Phone number').fill('');
  await recent.click();
  await until(async () => (await x.opened()).length === before + 2, 5000, 'the recent chat');
  assert.equal((await x.opened()).at(-1), 'sms:+12015550123');
  assert.equal(await page.getByLabel('Phone number').inputValue(), '+1 201-555-0123');
  await until(async () => (await x.storage('local')).history.length === 2, 5000, 'two history entries');
  assert.equal(await page.locator('#recent button').count(), 1, 'one recent chat per number and platform');
  // … and the history, one click further, resends any entry as it was.
  const resend = page.getByRole('button', { name: 'Resend to +1 201-555-0123 on SMS' });
  assert.equal(await resend.first().isVisible(), false, 'the history is closed at first');
  await page.locator('summary', { hasText: 'History' }).click();
  await until(async () => (await resend.count()) === 2, 5000, 'both entries listed');
  await resend.last().click();
  await until(async () => (await x.opened()).length === before + 3, 5000, 'the resent tab');
  assert.equal((await x.opened()).at(-1), 'sms:+12015550123?body=hello');
  await until(async () => (await x.storage('local')).history.length === 3, 5000, 'three history entries');
  await until(async () => (await page.getByRole('button', { name: /^Resend to/ }).count()) === 3, 5000, 'all entries listed');
  await page.close();
});

test('sending is the first screen: it fits the popup without scrolling, with recent chats', async () => {
  const at = Date.now();
  await x.worker.evaluate((t) => chrome.storage.local.set({ history: ['+12015550123', '+442079460958', '+33612345678', '+81312345678', '+5511912345678']
    .map((e164, i) => ({ id: `f${i}`, e164, platform: 'whatsapp', text: 'a longer message that was sent earlier', at: t - i * 1000 })) }), at);
  const page = await x.page('popup.html');
  await page.setViewportSize({ width: 360, height: 600 });
  await until(async () => (await page.locator('#recent li').count()) === 4, 5000, 'four recent chats');
  const fit = await page.evaluate(() => ({
    height: Math.ceil(document.body.getBoundingClientRect().height),
    send: document.querySelector('#send').getBoundingClientRect().bottom,
    width: document.documentElement.scrollWidth,
  }));
  assert.ok(fit.height <= 600, `the popup is ${fit.height} pixels high (Chrome's popup is at most 600)`);
  assert.ok(fit.send <= 600 && fit.width <= 360, JSON.stringify(fit));
  for (const id of ['number', 'platform', 'template', 'message', 'send', 'contact-pick']) assert.ok(await page.locator(`#${id}`).isVisible(), id);
  assert.equal(await page.locator('#remind-me').isVisible(), false, 'reminders are a second view');
  await page.close();
});

test('a full storage does not stop a send: the chat opens, and the popup says it was not recorded', async () => {
  await x.worker.evaluate(() => {
    globalThis.__set = chrome.storage.local.set;
    chrome.storage.local.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
  });
  try {
    const page = await x.page('popup.html');
    const before = (await x.opened()).length;
    await page.getByLabel('Phone number').fill('+44 20 7946 0958');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await until(async () => (await x.opened()).length > before, 5000, 'the chat, despite the full storage');
    assert.equal((await x.opened()).at(-1), 'https://wa.me/442079460958');
    await until(async () => /could not record it.*storage on this device is full/.test(await page.locator('#send-status').textContent()), 5000, 'the reason');
    await page.close();
  } finally {
    await x.worker.evaluate(() => { chrome.storage.local.set = globalThis.__set; });
  }
});

test('the history keeps the newest 100 messages', async () => {
  const old = Array.from({ length: 100 }, (_, i) => ({
    id: `id-${i}`, e164: '+12015550123', platform: 'whatsapp', text: `old ${i}`, at: 1_000_000 + i,
  }));
  await x.worker.evaluate((h) => chrome.storage.local.set({ history: h }), old);
  const page = await x.page('popup.html');
  await page.getByLabel('Phone number').fill('+33 6 12 34 56 78');
  await page.getByLabel('Platform').selectOption({ label: 'WhatsApp' });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const history = await until(async () => {
    const h = (await x.storage('local')).history;
    return h[0]?.e164 === '+33612345678' && h;
  }, 5000, 'the new entry');
  assert.equal(history.length, 100);
  assert.ok(!history.some((e) => e.text === 'old 0'), 'the oldest fell off');
  assert.equal(history[99].text, 'old 1');
  await page.close();
});

test('the clipboard is read only once the user allows it, from "Paste a number"', async () => {
  // Installed, Contakt may not read the clipboard: no offer, a button that asks.
  const fresh = await launch();
  after(() => fresh.close());
  const setup = await fresh.page('popup.html');
  await setup.evaluate(() => navigator.clipboard.writeText('Call +44 20 7946 0958 please'));
  await setup.close();
  const page = await fresh.page('popup.html');
  const paste = page.getByRole('button', { name: 'Paste a number' });
  await paste.waitFor();
  assert.equal(await page.getByRole('button', { name: /from the clipboard/ }).isVisible(), false);
  // The browser's prompt cannot be answered headless: record the request, refuse it.
  await page.evaluate(() => {
    globalThis.__asked = [];
    chrome.permissions.request = async (p) => { globalThis.__asked.push(p); return false; };
  });
  await paste.click();
  await until(async () => /not give the permission/.test(await page.locator('#send-status').textContent()), 5000, 'the refusal');
  assert.deepEqual(await page.evaluate(() => globalThis.__asked), [{ permissions: ['clipboardRead'] }]);
  assert.equal(await page.getByLabel('Phone number').inputValue(), '');
  await page.close();
});

test('allowed, a number on the clipboard is offered, never forced', async () => {
  const g = x;
  const setup = await g.page('popup.html');
  await setup.evaluate(() => navigator.clipboard.writeText('Call +44 20 7946 0958 please'));
  await setup.close();
  const page = await g.page('popup.html');
  assert.equal(await page.getByRole('button', { name: 'Paste a number' }).isVisible(), false, 'already allowed');
  const offer = page.getByRole('button', { name: 'Use +44 20 7946 0958 from the clipboard' });
  await offer.waitFor();
  assert.equal(await page.getByLabel('Phone number').inputValue(), '', 'nothing is filled in by itself');
  await offer.click();
  assert.equal(await page.getByLabel('Phone number').inputValue(), '+44 20 7946 0958');
  await page.close();

  // What the user typed first is never replaced by an offer.
  const typed = await g.context.newPage();
  await typed.goto(g.url('popup.html'));
  await typed.getByLabel('Phone number').fill('030 123456');
  await typed.waitForSelector('html[data-ready="true"]');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await typed.getByRole('button', { name: /from the clipboard/ }).isVisible(), false);
  assert.equal(await typed.getByLabel('Phone number').inputValue(), '030 123456');
  await typed.close();
});

test('user text is rendered as text, never as HTML', async () => {
  const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await x.worker.evaluate((t) => chrome.storage.local.set({ history: [{ id: 'e', e164: '+12015550123', platform: 'sms', text: t, at: Date.now() }] }), evil);
  const page = await x.page('popup.html');
  await page.locator('summary', { hasText: 'History' }).click();
  assert.equal(await page.locator('#history li .text').textContent(), evil);
  assert.equal(await page.locator('#history img, #history b').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.close();
});

test('nothing leaves the machine: the only requests are the chat tabs, answered by stubs', async () => {
  const allowed = ['https://wa.me/', 'https://t.me/', 'https://signal.me/', 'https://line.me/', 'https://zalo.me/'];
  assert.ok(x.requests.length > 0, 'the chat tabs were requested (and stubbed)');
  const unexpected = x.requests.filter((u) => !allowed.some((a) => u.startsWith(a)));
  assert.deepEqual(unexpected, []);
});
