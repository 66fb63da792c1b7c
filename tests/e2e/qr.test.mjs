// The chat as a QR code in the popup: drawn from the core's code without markup, and
// decoded back (jsQR) to the very link Send opens, from the page, the PNG and the SVG download.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { launch, until } from './harness.mjs';

const x = await launch();
after(() => x.close());

const LINK = 'https://wa.me/442079460958?text=Hi%20%26%20welcome%20%F0%9F%98%80';

/** Draws the shown code into a canvas in the page and decodes its pixels. */
async function decodeShown(popup) {
  const { data, width } = await popup.evaluate(() => {
    const svg = document.querySelector('#qr-code svg');
    const size = Number(svg.getAttribute('viewBox').split(' ')[2]);
    const scale = 6;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size * scale;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.scale(scale, scale);
    g.fillStyle = '#000';
    g.fill(new Path2D(svg.querySelector('path').getAttribute('d')));
    return { data: [...g.getImageData(0, 0, canvas.width, canvas.height).data], width: canvas.width };
  });
  return jsQR(Uint8ClampedArray.from(data), width, width)?.data;
}

test('the QR code holds the chat link Send opens, and the downloads hold it too', async () => {
  const popup = await x.page('popup.html');
  await popup.getByLabel('Phone number').fill('+44 20 7946 0958');
  await popup.getByLabel('Message', { exact: true }).fill('Hi & welcome 😀');
  const show = popup.getByRole('button', { name: 'Show as QR code, to open on a phone' });
  await show.click();
  const image = popup.getByRole('img', { name: `QR code of ${LINK}` });
  await image.waitFor();
  assert.equal(await show.getAttribute('aria-expanded'), 'true');
  assert.equal(await decodeShown(popup), LINK);
  // It follows what is typed.
  await popup.getByLabel('Message', { exact: true }).fill('');
  await until(async () => (await decodeShown(popup)) === 'https://wa.me/442079460958', 5000, 'the code to follow the message');
  await popup.getByLabel('Message', { exact: true }).fill('Hi & welcome 😀');
  await until(async () => (await decodeShown(popup)) === LINK, 5000, 'the code again');

  const [png] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Download PNG' }).click()]);
  assert.equal(png.suggestedFilename(), 'contakt-chat.png');
  const decoded = PNG.sync.read(readFileSync(await png.path()));
  assert.equal(jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data, LINK);

  const [svg] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Download SVG' }).click()]);
  const text = readFileSync(await svg.path(), 'utf8');
  assert.match(text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal(text.match(/ d="([^"]+)"/)[1], await popup.locator('#qr-code path').getAttribute('d'));
  await popup.close();
});

test('a number that cannot be sent has no QR code, and says why', async () => {
  const popup = await x.page('popup.html');
  await popup.getByLabel('Phone number').fill('+44 20');
  await popup.getByRole('button', { name: 'Show as QR code, to open on a phone' }).click();
  await until(async () => (await popup.locator('#send-status').textContent()).length > 0, 5000, 'the reason');
  assert.equal(await popup.locator('#qr').isHidden(), true);
  await popup.close();
});
