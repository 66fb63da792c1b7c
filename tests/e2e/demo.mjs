// `make run` without a display: loads dist/ in headless Chromium, uses the popup the way a
// person would to open a WhatsApp chat, prints each step and saves screenshots under dist/.
import { launch, until } from './harness.mjs';
import { DIST } from './harness.mjs';

const x = await launch();
try {
  console.log(`Contakt loaded in headless Chromium (extension id ${x.id}).`);
  const popup = await x.page('popup.html');
  await popup.setViewportSize({ width: 360, height: 560 });
  console.log('Opened the popup.');
  await popup.getByLabel('Phone number').fill('+44 20 7946 0958');
  console.log(`Typed "+44 20 7946 0958" -> ${await popup.locator('#number-status').textContent()}`);
  await popup.getByLabel('Platform').selectOption({ label: 'WhatsApp' });
  await popup.getByLabel('Message', { exact: true }).fill('Hello from Contakt 👋');
  console.log('Chose WhatsApp and wrote "Hello from Contakt 👋".');
  await popup.screenshot({ path: `${DIST}/demo-popup.png` });
  await popup.getByRole('button', { name: 'Send', exact: true }).click();
  const url = await until(async () => (await x.opened())[0], 5000, 'the chat tab');
  console.log(`Pressed Send -> opened ${url}`);
  console.log(`Popup says: ${await popup.locator('#send-status').textContent()}`);
  const { history } = await x.storage('local');
  console.log(`History now holds ${history.length} message(s): ${history[0].e164} on ${history[0].platform}.`);
  await popup.screenshot({ path: `${DIST}/demo-sent.png` });
  console.log(`Screenshots: ${DIST}/demo-popup.png, ${DIST}/demo-sent.png`);
  console.log('(Run `make run` with a DISPLAY to open Chromium with Contakt loaded.)');
} finally {
  await x.close();
}
