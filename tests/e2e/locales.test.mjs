// The popup, the options page and the onboarding page in every language Contakt ships: started under --lang, every
// marked text is the locale's own message (none is left in English by mistake or shows a raw
// key), Arabic lays out right to left, and screenshots of de, ja and ar are kept as artefacts
// (target/screenshots/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch, DIST } from './harness.mjs';

const LOCALES = join(DIST, '_locales');
const SHOTS = resolve(import.meta.dirname, '../../target/screenshots');
const chrome = (dir) => dir.replace('_', '-');
const messages = (dir) => JSON.parse(readFileSync(join(LOCALES, dir, 'messages.json'), 'utf8'));

for (const dir of readdirSync(LOCALES).sort()) {
  test(`the pages speak ${dir}`, async () => {
    const own = messages(dir);
    const x = await launch({ locale: chrome(dir) });
    try {
      for (const name of ['popup.html', 'options.html', 'onboarding.html']) {
        const page = await x.page(name);
        const shown = await page.evaluate(() => ({
          ui: chrome.i18n.getUILanguage(),
          dir: document.documentElement.dir,
          marked: [...document.querySelectorAll('[data-i18n]')].map((el) => [el.dataset.i18n, el.textContent]),
        }));
        assert.equal(shown.ui.replace('-', '_').toLowerCase().split('_')[0], dir.toLowerCase().split('_')[0], `${name}: the browser speaks ${shown.ui}`);
        assert.equal(shown.dir, dir === 'ar' ? 'rtl' : 'ltr', `${name}: direction`);
        assert.ok(shown.marked.length > (name === 'onboarding.html' ? 12 : 20), `${name}: ${shown.marked.length} marked texts`);
        for (const [key, text] of shown.marked) {
          assert.ok(own[key], `${dir} has no ${key}`);
          assert.equal(text, own[key].message, `${name} ${key}`);
        }
        if (['de', 'ja', 'ar'].includes(dir)) {
          mkdirSync(SHOTS, { recursive: true });
          await page.setViewportSize({ width: name === 'popup.html' ? 360 : 1000, height: name === 'popup.html' ? 600 : 1000 });
          await page.screenshot({ path: join(SHOTS, `${name.replace('.html', '')}-${dir}.png`), fullPage: name === 'popup.html' });
        }
        await page.close();
      }
    } finally { await x.close(); }
  });
}
