// The service worker is a loop: every request is one read (at most one get per storage area)
// and at most one write (one set and one remove per area; a write of several calls journaled
// first, in one set, and the journal removed after), counted by a spy on
// chrome.storage in the worker, for every kind of request the pages and the browser send.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';

const x = await launch();
after(() => x.close());


/** [origin, request]: every kind, with payloads that succeed where they can. */
const REQUESTS = [
  ['extension', { type: 'view' }],
  ['extension', { type: 'state' }],
  ['extension', { type: 'takePending' }],
  ['extension', { type: 'saveSettings', settings: { default_region: 'GB' } }],
  ['extension', { type: 'setDetection', enabled: true }],
  ['extension', { type: 'send', number: '+44 20 7946 0958', platform: 'sms', text: 'hi', contact_id: 'c1' }],
  ['extension', { type: 'resend', id: 'h1' }],
  ['extension', { type: 'counters' }],
  ['extension', { type: 'contacts' }],
  ['extension', { type: 'saveContact', contact: { first_name: 'Cleo' } }],
  ['extension', { type: 'saveContactForm', form: { id: 'c1', first_name: 'Ana', numbers: '+44 20 7946 0958' } }],
  ['extension', { type: 'mergeContacts', ids: ['c1', 'c2'] }],
  ['extension', { type: 'tags' }],
  ['extension', { type: 'tagChange', change: { op: 'create', name: 'new', colour: 'blue' } }],
  ['extension', { type: 'templates' }],
  ['extension', { type: 'saveTemplate', template: { title: 'T', body: 'Hi {name}' } }],
  ['extension', { type: 'deleteTemplate', id: 'x' }],
  ['extension', { type: 'reminders' }],
  ['extension', { type: 'saveReminder', draft: { kind: 'reminder', e164: '+442079460958', text: 'call', preset: 'in1_hour' } }],
  ['extension', { type: 'updateReminder', id: 'r1', action: 'snooze' }],
  ['extension', { type: 'openReminder', id: 'r1' }],
  ['extension', { type: 'importContacts', people: [{ display_name: 'Zoe', numbers: [{ raw: '+1 415 555 1234' }] }], kind: 'vcard', choice: 'merge' }],
  ['extension', { type: 'backup' }],
  ['extension', { type: 'restoreBackup', file: 'BACKUP', mode: 'merge' }],
  ['extension', { type: 'refreshView' }],
  ['extension', { type: 'clearHistory' }],
  ['extension', { type: 'deleteContact', id: 'c2', reminders: 'delete' }],
  ['page', { type: 'pageConfig', host: 'example.com' }],
  ['page', { type: 'findInPage', host: 'example.com', texts: ['Call 020 7946 0958'] }],
  ['page', { type: 'messageNumber', e164: '+442079460958' }],
  ['page', { type: 'saveNumber', e164: '+442079460958' }],
  ['browser', { type: 'alarm', name: 'reminder:r1' }],
  ['browser', { type: 'menuClick', menu_item_id: 'message', selection_text: '+44 20 7946 0958, +1 201 555 0123' }],
  ['browser', { type: 'command', command: 'message-selection', selection: '+44 20 7946 0958' }],
  ['browser', { type: 'notificationButton', id: 'contakt-more', index: 0 }],
  ['browser', { type: 'notificationButton', id: 'reminder:r1', index: 1 }],
  ['browser', { type: 'installed', reason: 'update' }],
  ['browser', { type: 'started' }],
];

test('every request reads once and writes at most once per storage area', async () => {
  // Stored data every request can act on, then a spy on every storage call.
  await x.worker.evaluate(async () => {
    await chrome.storage.local.set({
      schema: 2,
      contacts: [{ id: 'c1', display_name: 'Ana', numbers: [{ label: 'mobile', raw: '+44 20 7946 0958', e164: '+442079460958' }] },
        { id: 'c2', display_name: 'Ana L.', numbers: [{ label: 'mobile', raw: '+44 20 7946 0958', e164: '+442079460958' }] }],
      history: [{ id: 'h1', e164: '+12015550123', platform: 'sms', text: 'old', at: Date.now() }],
      reminders: [{ id: 'r1', kind: 'message', e164: '+442079460958', label: 'Ana', text: 'Hi', platform: 'sms', zone: 'UTC', repeat: 'daily', next: Date.now() - 1000, at: { year: 2024, month: 1, day: 1, hour: 0, minute: 0 } }],
    });
    globalThis.__calls = [];
    // Tabs and the popup a request opens would read storage beside it (before its writes, for
    // the requests whose chat opens first): what they read is theirs, not the request's, so
    // nothing opens here (effects are not what this test counts).
    chrome.tabs.create = async () => /** @type {any} */ ({});
    chrome.action.openPopup = async () => {};
    for (const area of ['local', 'sync', 'session']) {
      for (const op of ['get', 'set', 'remove']) {
        const real = chrome.storage[area][op].bind(chrome.storage[area]);
        chrome.storage[area][op] = (...args) => {
          // The journal of a write in several calls (written first, removed after) is counted apart.
          const journal = (op === 'set' && Object.keys(args[0] ?? {}).join() === 'journal') || (op === 'remove' && args[0] === 'journal');
          globalThis.__calls.push({ job: globalThis.contakt.currentJob(), area, op, journal });
          return real(...args);
        };
      }
    }
  });
  for (const [origin, request] of REQUESTS) {
    // Contakt's pages an earlier request opened (the options page for a page's "Save as
    // contact", the popup) read on every storage change, beside the request: closed first.
    for (const p of x.context.pages()) if (p.url().startsWith(`chrome-extension://${x.id}/`)) await p.close();
    const { reply, calls } = await x.worker.evaluate(async ([o, r]) => {
      await globalThis.contakt.idle(); // what the last request set off (view refresh) is over
      if (r.file === 'BACKUP') { // the backup made just before, restored
        const made = await globalThis.contakt.run({ type: 'backup' }, 'extension');
        r = { ...r, file: btoa(unescape(encodeURIComponent(made.value))) };
        await globalThis.contakt.idle();
      }
      globalThis.__calls.length = 0;
      const reply = await globalThis.contakt.run(r, o);
      const job = globalThis.__calls[0]?.job;
      return { reply, calls: globalThis.__calls.filter((c) => c.job === job) };
    }, [origin, request]);
    assert.ok(reply && typeof reply.ok === 'boolean', `${request.type}: ${JSON.stringify(reply)}`);
    if (['send', 'saveContact', 'backup', 'restoreBackup', 'importContacts', 'saveReminder'].includes(request.type)) assert.equal(reply.ok, true, `${request.type}: ${JSON.stringify(reply)}`);
    const count = (area, op) => calls.filter((c) => c.area === area && c.op === op && !c.journal).length;
    // A journal only where a write takes more than one call, and then written and removed once.
    const journal = calls.filter((c) => c.journal);
    const parts = calls.filter((c) => !c.journal && c.area !== 'session' && (c.op === 'set' || c.op === 'remove')).length;
    assert.equal(journal.length, parts > 1 ? 2 : 0, `${request.type}: the journal`);
    for (const area of ['local', 'sync', 'session']) {
      assert.ok(count(area, "get") <= 1, `${request.type}: ${count(area, "get")} reads of ${area}`);
      assert.ok(count(area, 'set') <= 1, `${request.type}: ${count(area, 'set')} writes of ${area}`);
      assert.ok(count(area, 'remove') <= 1, `${request.type}: ${count(area, 'remove')} removals from ${area}`);
    }
    assert.ok(calls.some((c) => c.op === 'get'), `${request.type} read nothing`);
  }
});

test('a request from the wrong place is refused', async () => {
  const reply = await x.worker.evaluate(() => globalThis.contakt.run({ type: 'started' }, 'extension'));
  assert.equal(reply.ok, false);
  assert.equal(reply.code, 'refused');
  const page = await x.worker.evaluate(() => globalThis.contakt.run({ type: 'backup' }, 'page'));
  assert.equal(page.code, 'refused');
});
