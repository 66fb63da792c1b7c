// The store packages of `make package` load and work in each browser: each zip, unpacked as a
// store would, in headless Chromium; the Firefox one installed as the archive in Firefox ESR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch as chromium, until } from '../e2e/harness.mjs';
import { launch as firefox } from '../firefox/harness.mjs';

const PACKAGES = resolve(import.meta.dirname, '../../target/package');
const zip = (store) => join(PACKAGES, readdirSync(PACKAGES).find((f) => f.endsWith(`-${store}.zip`)));

/** Types a number in the popup and presses Send. */
async function sendFrom(popup) {
  await popup.locator('#number').fill('+44 20 7946 0958');
  await popup.locator('#send').click();
}

test('the Chrome Web Store zip, unpacked, loads in Chromium and sends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'contakt-cws-'));
  try {
    execFileSync('python3', ['-m', 'zipfile', '-e', zip('chrome-web-store'), dir]);
    assert.ok(statSync(join(dir, 'manifest.json')).isFile());
    const x = await chromium({ dist: dir });
    try {
      const popup = await x.page('popup.html');
      await sendFrom(popup);
      await until(async () => (await x.opened()).includes('https://wa.me/442079460958'), 5000, 'the chat');
    } finally { await x.close(); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the addons.mozilla.org zip installs in Firefox as an archive and sends', async () => {
  const x = await firefox({ dist: zip('addons-mozilla-org') });
  try {
    const popup = await x.page('popup.html');
    await popup.type('#number', '+44 20 7946 0958');
    await popup.click('#send');
    await until(async () => (await x.opened()).includes('https://wa.me/442079460958'), 5000, 'the chat');
  } finally { await x.close(); }
});
