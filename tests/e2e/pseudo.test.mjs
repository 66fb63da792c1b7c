// The pseudo-locale: every English message accented and 40% longer, bracketed ⟦…⟧, loaded as
// the extension's only language. Every text the pages show comes from the locale (a string not
// translated would show without brackets), and nothing overflows its box or the page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, until, DIST } from './harness.mjs';

const ACCENTS = { a: 'á', e: 'ë', i: 'ï', o: 'ö', u: 'ü', c: 'ç', n: 'ñ', A: 'Å', E: 'É', O: 'Ö', U: 'Û', y: 'ý' };
/** Accented, 40% longer, bracketed; placeholders ($1) and the text direction stay. */
function pseudo(key, text) {
  if (key === 'text_direction') return text;
  const body = text.replace(/\$\d|./gu, (c) => (c.length > 1 ? c : ACCENTS[c] ?? c));
  const letters = text.replace(/\$\d/g, '').length;
  return `⟦${body}${'·'.repeat(Math.ceil(letters * 0.4))}⟧`;
}

const dist = mkdtempSync(join(tmpdir(), 'contakt-pseudo-'));
cpSync(DIST, dist, { recursive: true });
rmSync(join(dist, '_locales'), { recursive: true });
const en = JSON.parse(readFileSync(join(DIST, '_locales/en/messages.json'), 'utf8'));
const out = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, { message: pseudo(k, v.message) }]));
cpSync(join(DIST, '_locales/en'), join(dist, '_locales/en'), { recursive: true });
writeFileSync(join(dist, '_locales/en/messages.json'), JSON.stringify(out));
const x = await launch({ dist });
after(async () => { await x.close(); rmSync(dist, { recursive: true, force: true }); });

/** Text on the page not from the locale, and boxes whose text overflows. */
function check() {
  const untranslated = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('[hidden]') || el.closest('#history, #upcoming, #contact-results, #contact-list, #duplicate-list, #template-list, #tag-list, #mapping-list, #import-matches, #import-issue-list, select:not(#remind-repeat):not(#contact-sort):not(#import-choice):not(#restore-mode):not(#whatsapp-target)')) continue;
    const text = n.data.trim();
    if (/[A-Za-z]{2,}/.test(text) && !text.includes('⟦') && !/^(Contakt)$/.test(text)) untranslated.push(`${el.tagName.toLowerCase()}#${el.id}: ${text}`);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label]')) {
    for (const attr of ['placeholder', 'aria-label']) {
      const v = el.getAttribute(attr);
      if (v && /[A-Za-z]{3,}/.test(v) && !v.includes('⟦')) untranslated.push(`${attr} of #${el.id}: ${v}`);
    }
  }
  const overflowing = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('[hidden], .visually-hidden') || !el.getClientRects().length || ['SELECT', 'OPTION', 'TEXTAREA', 'INPUT'].includes(el.tagName)) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX !== 'auto') overflowing.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) overflowing.push(`the page: ${page.scrollWidth} > ${page.clientWidth}`);
  return { untranslated, overflowing };
}

// 800 CSS pixels: the options page in a 1,600-pixel window at 200% zoom, or 800 at 100%;
// 640: a 1,280-pixel window at 200% (text resized to twice its size loses nothing). Every
// section of the options page, the popup with its disclosures open, the onboarding page.
const VIEWS = [
  ['popup.html', 360, ['']],
  ['onboarding.html', 640, ['']],
  ['options.html', 800, ['settings', 'contacts', 'tags', 'templates', 'data', 'usage']],
  ['options.html', 640, ['settings', 'contacts', 'tags', 'templates', 'data', 'usage']],
];
for (const [name, width, sections] of VIEWS) {
  test(`${name} in the pseudo-locale at ${width} CSS pixels: everything from the locale, nothing overflows`, async () => {
    const page = await x.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(x.url(name));
    await page.waitForSelector('html[data-ready="true"]');
    await until(async () => page.evaluate(() => document.querySelector('#send, #save, #confirm')?.textContent.includes('⟦')), 5000, 'the locale');
    if (name === 'popup.html') {
      // The send screen fits the popup's largest size (600 pixels high) without scrolling,
      // even with 40% longer words; then the disclosures are opened for the checks below.
      const height = await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
      assert.ok(height <= 600, `the popup is ${height} pixels high`);
      await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    }
    for (const section of sections) {
      if (section) {
        await page.evaluate((s) => { location.hash = s; }, section);
        await until(async () => page.locator(`section#${section}`).isVisible(), 5000, section);
      }
      const { untranslated, overflowing } = await page.evaluate(check);
      assert.deepEqual(untranslated, [], section);
      assert.deepEqual(overflowing, [], section);
    }
    await page.close();
  });
}
