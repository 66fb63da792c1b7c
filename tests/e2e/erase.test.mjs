// "Erase everything": offered a backup, asked explicitly, then every item in every storage
// area, the alarms, the badge and the detection script are gone, and Contakt is as freshly
// installed (compared with a fresh profile's storage, and the welcome page opens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, until } from './harness.mjs';

/** Everything a browser profile holds for Contakt. */
async function everything(x) {
  await x.worker.evaluate(() => globalThis.contakt.idle());
  const [local, sync, session, alarms, scripts] = await x.worker.evaluate(() => Promise.all([
    chrome.storage.local.get(null), chrome.storage.sync.get(null), chrome.storage.session.get(null),
    chrome.alarms.getAll(), chrome.scripting.getRegisteredContentScripts(),
  ]));
  return { local: Object.keys(local).sort(), sync: Object.keys(sync).sort(), session: Object.keys(session).sort(), alarms, scripts };
}

test('Erase everything, after a backup is offered and an explicit yes, leaves Contakt as freshly installed', async () => {
  const fresh = await launch();
  const installed = await everything(fresh);
  await fresh.close();

  const x = await launch({ granted: true });
  try {
    const run = (r) => x.worker.evaluate((req) => globalThis.contakt.run(req, 'extension'), r);
    await x.settings({ default_region: 'DE', detect_numbers: true });
    await run({ type: 'saveContact', contact: { first_name: 'Ana', numbers: [{ label: 'mobile', raw: '+49 151 23456789' }] } });
    await run({ type: 'saveTemplate', template: { title: 'Hi', body: 'Hello' } });
    await run({ type: 'saveReminder', draft: { kind: 'reminder', text: 'call', preset: 'in1_hour' } });
    await run({ type: 'send', number: '+49 151 23456789', platform: 'sms', text: 'x' });
    const before = await everything(x);
    assert.ok(before.local.includes('contacts') && before.sync.includes('settings') && before.alarms.length === 1 && before.scripts.length === 1);

    const page = await x.page('options.html#data');
    // The backup is offered beside the button.
    const [backup] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a backup first' }).click()]);
    assert.match(readFileSync(await backup.path(), 'utf8'), /"contakt_backup"|"contacts"/);
    // No is no.
    await page.getByRole('button', { name: 'Erase everything…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual((await everything(x)).local, before.local);
    // Yes.
    const opened = (await x.opened()).length;
    await page.getByRole('button', { name: 'Erase everything…' }).click();
    assert.match(await page.getByRole('dialog').textContent(), /cannot be undone/);
    await page.getByRole('dialog').getByRole('button', { name: 'Erase everything' }).click();
    await until(async () => /Everything was erased/.test(await page.locator('#data-status').textContent()), 5000, 'the erase');
    const after = await everything(x);
    assert.deepEqual(after, installed, 'what a fresh install holds, and nothing else');
    assert.equal(await x.worker.evaluate(() => chrome.action.getBadgeText({})), '');
    assert.ok((await x.opened()).slice(opened).some((u) => u.endsWith('onboarding.html')), 'the welcome page, as after an install');
  } finally { await x.close(); }
});
