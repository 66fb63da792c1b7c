// `make package`: the store screenshots (1280×800, the size both stores take) of the popup and
// the options page, in a few of the languages Contakt speaks, from the built extension.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, until } from '../e2e/harness.mjs';

const out = resolve(process.argv[2] ?? 'target/package/listing/screenshots');
mkdirSync(out, { recursive: true });
const CONTACTS = [
  { id: 's1', display_name: 'Ana Silva', first_name: 'Ana', last_name: 'Silva', numbers: [{ label: 'mobile', raw: '+55 11 91234-5678', e164: '+5511912345678' }], tags: ['clients'] },
  { id: 's2', display_name: 'Kenji Sato', first_name: 'Kenji', last_name: 'Sato', numbers: [{ label: 'work', raw: '+81 3-1234-5678', e164: '+81312345678' }], tags: ['suppliers'] },
];
const HISTORY = ['+442079460958', '+33612345678', '+14155551234'].map((e164, i) => ({ id: `h${i}`, e164, platform: ['whatsapp', 'telegram', 'sms'][i], text: '', at: Date.now() - (i + 1) * 3600000 }));

for (const locale of ['en-US', 'de', 'ja']) {
  const x = await launch({ locale });
  try {
    await x.worker.evaluate(([contacts, history]) => chrome.storage.local.set({ contacts, history }), [CONTACTS, HISTORY]);
    const popup = await x.page('popup.html');
    await popup.setViewportSize({ width: 1280, height: 800 });
    // The popup as the toolbar shows it, centred on the store's canvas.
    await popup.addStyleTag({ content: 'html:root { background: #e8eeeb; } body.popup { margin: 90px auto; background: var(--bg); border-radius: 8px; box-shadow: 0 8px 30px #0003; }' });
    await until(async () => (await popup.locator('#recent li').count()) === 3, 5000, 'the recent chats');
    await popup.locator('#number').fill('+44 20 7946 0958');
    await popup.screenshot({ path: join(out, `${locale}-popup.png`) });
    const options = await x.page('options.html#contacts');
    await options.setViewportSize({ width: 1280, height: 800 });
    await until(async () => (await options.locator('#contact-list li').count()) === 2, 5000, 'the contacts');
    await options.screenshot({ path: join(out, `${locale}-options.png`) });
    console.log(`screenshots: ${out}/${locale}-popup.png, ${locale}-options.png`);
  } finally { await x.close(); }
}
