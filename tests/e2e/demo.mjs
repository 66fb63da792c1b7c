// `make run` without a display: loads dist/ in headless Chromium and uses Contakt the way a new
// user would (the welcome page, then the popup to open a WhatsApp chat, then the options page),
// prints each step, and saves the screenshots the README shows (docs/screenshots/), so they
// always show the current build.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch, until } from './harness.mjs';

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');
mkdirSync(SHOTS, { recursive: true });

const x = await launch({ keepWelcome: true });
try {
  console.log(`Contakt loaded in headless Chromium (extension id ${x.id}).`);
  const welcome = x.welcome;
  await welcome.setViewportSize({ width: 760, height: 900 });
  await welcome.waitForSelector('html[data-ready="true"]');
  console.log(`The welcome page opened by itself; it guessed the country: ${await welcome.locator('#default-region option:checked').textContent()}.`);
  await welcome.getByLabel('Phone number').fill('+44 20 7946 0958');
  await until(async () => (await welcome.locator('#try-result').textContent()).length > 0, 5000, 'the try-it result');
  console.log(`Tried "+44 20 7946 0958" -> ${await welcome.locator('#try-result').textContent()}`);
  await welcome.screenshot({ path: `${SHOTS}/onboarding.png` });
  await welcome.getByRole('button', { name: 'Save and start' }).click();
  console.log(`Pressed "Save and start" -> ${await until(async () => welcome.locator('#welcome-status').textContent(), 5000, 'the confirmation')}`);

  const popup = await x.page('popup.html');
  await popup.setViewportSize({ width: 360, height: 600 });
  console.log('Opened the popup.');
  await popup.getByLabel('Phone number').fill('+44 20 7946 0958');
  console.log(`Typed "+44 20 7946 0958" -> ${await popup.locator('#number-status').textContent()}`);
  await popup.getByLabel('Platform').selectOption({ label: 'WhatsApp' });
  await popup.getByLabel('Message', { exact: true }).fill('Hello from Contakt 👋');
  console.log('Chose WhatsApp and wrote "Hello from Contakt 👋".');
  await popup.getByRole('button', { name: 'Send', exact: true }).click();
  const url = await until(async () => (await x.opened())[0], 5000, 'the chat tab');
  console.log(`Pressed Send -> opened ${url}`);
  console.log(`Popup says: ${await popup.locator('#send-status').textContent()}`);
  await popup.locator('#recent button').waitFor();
  console.log(`The chat is now one click away under "Recent chats": ${await popup.locator('#recent button').textContent()}`);
  const { history } = await x.storage('local');
  console.log(`History now holds ${history.length} message(s): ${history[0].e164} on ${history[0].platform}.`);
  await popup.screenshot({ path: `${SHOTS}/popup.png` });

  await x.worker.evaluate(() => chrome.storage.local.set({
    contacts: [
      { id: 'd1', display_name: 'Ana Silva', first_name: 'Ana', last_name: 'Silva', numbers: [{ label: 'mobile', raw: '+55 11 91234-5678', e164: '+5511912345678' }], tags: ['clients'] },
      { id: 'd2', display_name: 'Kenji Sato', first_name: 'Kenji', last_name: 'Sato', numbers: [{ label: 'work', raw: '+81 3-1234-5678', e164: '+81312345678' }], tags: ['suppliers'] },
    ],
  }));
  const options = await x.page('options.html#contacts');
  await options.setViewportSize({ width: 1000, height: 760 });
  await until(async () => (await options.locator('#contact-list li').count()) === 2, 5000, 'the contacts');
  console.log(`Opened the options page at #contacts: ${await options.locator('#contact-list li').count()} contacts listed.`);
  await options.screenshot({ path: `${SHOTS}/options.png` });
  console.log(`Screenshots: ${SHOTS}/onboarding.png, popup.png, options.png`);
  console.log('(Run `make run` with a DISPLAY to open Chromium with Contakt loaded.)');
} finally {
  await x.close();
}
