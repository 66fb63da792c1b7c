// Contakt's service worker: the only writer of storage and the only opener of chat tabs.
// Every listener is registered synchronously at top level and awaits the core's readiness;
// writes run one at a time through `exclusive`, so two pages can never lose each other's update.
import { ready } from './core.js';

// The browser's preferred language (e.g. de-DE) gives the first-run default country.
const locale = () => navigator.language || chrome.i18n.getUILanguage();

// Stored data is brought up to the current schema (the core's migrations) before any
// request is answered. Data written by a newer Contakt is left untouched and not written to.
let schemaError = null;

let queue = Promise.resolve();
/**
 * Runs `job` after every job queued before it: read-modify-write without races. Every write
 * to stored data goes through here, so here it is refused (an error with code "schema") while
 * the data is from a newer Contakt; `session: true` marks jobs that only touch
 * chrome.storage.session, which go on.
 */
function exclusive(job, { session = false } = {}) {
  const run = queue.then(() => {
    if (schemaError && !session) throw Object.assign(new Error(schemaError.message), { code: 'schema' });
    return job();
  });
  queue = run.catch(() => {});
  return run;
}

/** An exception turned into the reply a page shows: the schema refusal says why as it is. */
function failure(e) {
  return e?.code === 'schema'
    ? { ok: false, code: 'schema', message: e.message }
    : { ok: false, code: 'internal', message: `Contakt failed: ${e?.message ?? e}` };
}

const migrated = ready.then((core) => exclusive(async () => {
  const data = await chrome.storage.local.get(null);
  const result = core.migrateStored(data);
  if (!result.ok) { schemaError = result; return; }
  if (result.value.changed) await chrome.storage.local.set(result.value.data);
})).catch((e) => { schemaError = { ok: false, code: 'schema', message: `Stored data could not be updated: ${e?.message ?? e}` }; });
const started = migrated.then(() => ready);

async function loadSettings(core) {
  const { settings } = await chrome.storage.sync.get('settings');
  return core.settingsFromStored(settings ?? null, locale());
}

async function loadHistory(core) {
  const { history } = await chrome.storage.local.get('history');
  return core.historyFromStored(history ?? null);
}

/** Plans the send in the core, records it, opens the tab. The page has copied any clipboard text. */
async function send(core, { number, platform, text, contactId }) {
  const settings = await loadSettings(core);
  const plan = core.planSend(String(number ?? ''), String(platform ?? ''), String(text ?? ''), settings);
  if (!plan.ok) return plan;
  const { value } = plan;
  await exclusive(async () => {
    const { history } = await chrome.storage.local.get('history');
    const next = core.historyPush(history ?? null, value.number.e164, platform, value.text, Date.now());
    if (!next.ok) throw new Error(next.message);
    const { counters } = await chrome.storage.local.get('counters');
    await chrome.storage.local.set({ history: next.value, counters: core.countSend(counters ?? null, platform) });
    if (contactId) {
      const { contacts } = await chrome.storage.local.get('contacts');
      const touched = core.touchContact(contacts ?? [], String(contactId), Date.now());
      if (touched) await chrome.storage.local.set({ contacts: touched });
    }
  });
  if (value.link.url) await chrome.tabs.create({ url: value.link.url });
  return { ok: true, value };
}

/** Shows a notification; `id` replaces an earlier one with the same id. */
function notify(id, title, message, buttons) {
  return chrome.notifications.create(id, {
    type: 'basic', iconUrl: 'icons/128.png', title, message, ...(buttons ? { buttons } : {}),
  });
}

/**
 * A send for a platform that needs the clipboard, which a worker cannot write: handed to the
 * popup (chrome.storage.session), opened if the browser lets us, else a notification says so.
 */
async function handToPopup(number, platform, text) {
  await chrome.storage.session.set({ pending: { number, platform, text } });
  return chrome.action.openPopup().then(() => ({ ok: true, value: { popup: true } }), async () => {
    await notify('contakt-pending', `${number} is ready in Contakt`,
      'Click the Contakt icon in the toolbar and press Send: this platform needs the clipboard.');
    return { ok: true, value: { popup: false } };
  });
}

/**
 * Messages the first number in `text` (a selection or a tel: link) on `platform` (default:
 * the settings'), and offers the others in a notification. Numbers that need the clipboard
 * (WeChat, LINE, KakaoTalk…) go to the popup, which can write it.
 */
async function messageFromPage(core, text, platform) {
  const settings = await loadSettings(core);
  const found = core.numbersInSelection(String(text ?? ''), settings.default_region);
  if (!found.ok) {
    await notify('contakt-no-number', 'No phone number to message', found.message);
    return found;
  }
  const [first, ...rest] = found.value;
  platform = platform ?? settings.default_platform;
  const plan = core.planSend(first.e164, platform, '', settings);
  if (!plan.ok) return plan;
  const reply = plan.value.link.clipboard
    ? await handToPopup(first.international, platform, '')
    : await send(core, { number: first.e164, platform, text: '' });
  if (rest.length) {
    const shown = rest.slice(0, 2);
    await chrome.storage.session.set({ offer: { numbers: shown.map((n) => n.e164), platform } });
    await notify('contakt-more', `Also in the selection: ${rest.length} more`,
      rest.map((n) => n.international).join(', '),
      shown.map((n) => ({ title: `Message ${n.international}` })));
  }
  return reply;
}

async function loadContacts(core) {
  const { contacts } = await chrome.storage.local.get('contacts');
  return core.contactsFromStored(contacts ?? []);
}

/** Adds or replaces a contact (normalised by the core) in one serialised write. */
async function saveContact(core, contact) {
  const settings = await loadSettings(core);
  const checked = core.normaliseContact(contact, settings.default_region, Date.now());
  if (!checked.ok) return checked;
  await exclusive(async () => {
    const { contacts } = await loadContacts(core);
    const at = contacts.findIndex((c) => c.id === checked.value.id);
    if (at >= 0) contacts[at] = checked.value; else contacts.push(checked.value);
    await chrome.storage.local.set({ contacts });
  });
  return checked;
}

/** Saves the edit form's text on top of the stored contact it edits (read inside the write). */
async function saveContactForm(core, form) {
  const settings = await loadSettings(core);
  return exclusive(async () => {
    const { contacts } = await loadContacts(core);
    const at = form?.id ? contacts.findIndex((c) => c.id === form.id) : -1;
    if (form?.id && at < 0) return { ok: false, code: 'not_found', message: 'This contact was deleted meanwhile; nothing was saved.' };
    const checked = core.contactFromForm(form, at >= 0 ? contacts[at] : null, settings.default_region, Date.now());
    if (!checked.ok) return checked;
    if (at >= 0) contacts[at] = checked.value; else contacts.push(checked.value);
    await chrome.storage.local.set({ contacts });
    return checked;
  });
}

async function loadTagRegistry() {
  const { tags } = await chrome.storage.sync.get('tags');
  return tags ?? [];
}

/** "Save as contact" for a number met on a page: a contact holding just that number. */
async function saveNumber(core, e164) {
  const parsed = core.parseNumber(String(e164 ?? ''), (await loadSettings(core)).default_region);
  const raw = parsed.ok ? parsed.value.international : String(e164 ?? '');
  const reply = await saveContact(core, { numbers: [{ label: 'mobile', raw }] }).catch(failure);
  await notify('contakt-saved', reply.ok ? `Saved ${reply.value.display_name}` : 'Not saved',
    reply.ok ? 'Add a name and more in Contakt\'s options, under Contacts.' : reply.message);
  return reply;
}

/** Every template: one chrome.storage.sync item each ("template:<id>"), by title. */
async function loadTemplates() {
  const all = await chrome.storage.sync.get(null);
  return Object.entries(all).filter(([k]) => k.startsWith('template:')).map(([, v]) => v)
    .sort((a, b) => String(a.title).localeCompare(String(b.title)));
}

const QUOTA_MESSAGE = 'Synced storage is full (about 100 KB for all templates, tags and settings): delete or shorten a template. Nothing was changed.';

/**
 * What the popup renders: settings, platforms and history (numbers formatted by the core).
 * Kept ready in chrome.storage.session (`view`) whenever settings or history change, so the
 * popup reads it directly at start instead of waiting for its first message to the worker
 * (~20 ms) and for its own core.
 */
async function currentView(core) {
  const [settings, history] = await Promise.all([loadSettings(core), loadHistory(core)]);
  const entries = history.entries.map((e) => {
    const shown = core.parseNumber(e.e164, settings.default_region);
    return { ...e, international: shown.ok ? shown.value.international : e.e164 };
  });
  return { settings, platforms: core.platforms(), history: entries, unreadableHistory: history.unreadable, schemaError: schemaError?.message ?? null };
}
function refreshView() {
  return started.then((core) => exclusive(async () => chrome.storage.session.set({ view: await currentView(core) }), { session: true }));
}
refreshView();
chrome.storage.onChanged.addListener((changes, area) => {
  if ((area === 'sync' && changes.settings) || (area === 'local' && (changes.history || changes.schema))) refreshView();
});

/** Bytes of a file a page sent as base64 (messages carry JSON only). */
function fromBase64(text) {
  const binary = atob(String(text ?? ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Puts back the keys `written` had over `before` in `area` (a failed restore's undo). */
async function putBack(area, before, written) {
  const keys = Object.keys(written);
  const old = Object.fromEntries(keys.filter((k) => k in before).map((k) => [k, before[k]]));
  const added = keys.filter((k) => !(k in before));
  await chrome.storage[area].set(old).catch(() => {});
  if (added.length) await chrome.storage[area].remove(added).catch(() => {});
}

/** A number a page handed to the popup (platforms that need the clipboard), taken once. */
async function takePending() {
  const { pending } = await chrome.storage.session.get('pending');
  if (pending) await exclusive(() => chrome.storage.session.remove('pending'), { session: true });
  return pending ?? null;
}

const handlers = {
  async templates() {
    return { ok: true, value: await loadTemplates() };
  },
  async saveTemplate(core, { template }) {
    const checked = core.validateTemplate(template, Date.now());
    if (!checked.ok) return checked;
    try {
      await exclusive(() => chrome.storage.sync.set({ [checked.value.key]: checked.value.template }));
    } catch (e) {
      return { ok: false, code: 'quota', field: 'body', message: /QUOTA/i.test(String(e?.message)) ? QUOTA_MESSAGE : `Not saved: ${e?.message ?? e}` };
    }
    return { ok: true, value: checked.value.template };
  },
  async deleteTemplate(core, { id }) {
    await exclusive(() => chrome.storage.sync.remove(`template:${id}`));
    return { ok: true, value: null };
  },
  async contacts(core) {
    return { ok: true, value: await loadContacts(core) };
  },
  async counters(core) {
    const { counters } = await chrome.storage.local.get('counters');
    return { ok: true, value: core.countersFromStored(counters ?? null) };
  },
  async saveContact(core, { contact }) {
    return saveContact(core, contact);
  },
  async saveContactForm(core, { form }) {
    return saveContactForm(core, form);
  },
  /** Merges the contacts `ids` into the first (the core's merge: nothing is lost). */
  async mergeContacts(core, { ids }) {
    return exclusive(async () => {
      const { contacts } = await chrome.storage.local.get('contacts');
      const merged = core.mergeContacts(contacts ?? [], (ids ?? []).map(String), Date.now());
      if (merged.ok) await chrome.storage.local.set({ contacts: merged.value.contacts });
      return merged.ok ? { ok: true, value: merged.value.merged } : merged;
    });
  },
  /** Every tag with its colour and how many contacts carry it. */
  async tags(core) {
    const [registry, { contacts }] = await Promise.all([loadTagRegistry(), chrome.storage.local.get('contacts')]);
    return { ok: true, value: { tags: core.tagList(registry, contacts ?? []), colours: core.tagColours() } };
  },
  /** Creates, renames, deletes or colours a tag: the registry (sync) first, then the contacts. */
  async tagChange(core, { change }) {
    return exclusive(async () => {
      const [registry, { contacts }] = await Promise.all([loadTagRegistry(), chrome.storage.local.get('contacts')]);
      const applied = core.applyTagChange(registry, contacts ?? [], change, Date.now());
      if (!applied.ok) return applied;
      try {
        await chrome.storage.sync.set({ tags: applied.value.registry });
      } catch (e) {
        return { ok: false, code: 'quota', message: /QUOTA/i.test(String(e?.message)) ? QUOTA_MESSAGE : `Not saved: ${e?.message ?? e}` };
      }
      if (applied.value.changed) await chrome.storage.local.set({ contacts: applied.value.contacts });
      return { ok: true, value: { changed: applied.value.changed } };
    });
  },
  /**
   * Deletes a contact and returns it, so the page can offer Undo (which saves it again). When
   * reminders refer to it, `reminders` says what to do with them ("delete" or "keep"); without
   * it the answer is `has_reminders` with their count, and nothing changes.
   */
  async deleteContact(core, { id, reminders: choice }) {
    const result = await exclusive(async () => {
      const { contacts } = await loadContacts(core);
      const at = contacts.findIndex((c) => c.id === id);
      if (at < 0) return { ok: false, code: 'not_found', message: 'That contact no longer exists.' };
      const stored = await loadReminders();
      const count = core.remindersForContact(stored, String(id));
      if (count && choice !== 'delete' && choice !== 'keep') {
        return { ok: false, code: 'has_reminders', count, message: `${contacts[at].display_name} has ${count} ${count === 1 ? 'reminder' : 'reminders'}: delete them too, or keep them with the number?` };
      }
      const [removed] = contacts.splice(at, 1);
      const writes = { contacts };
      if (count) writes.reminders = core.remindersOnContactDeleted(stored, String(id), choice === 'keep').reminders;
      await chrome.storage.local.set(writes);
      return { ok: true, value: removed };
    });
    if (result.ok) await syncAlarms(core);
    return result;
  },
  /** Reminders in upcoming order, with the presets and the zone they are made in. */
  async reminders(core) {
    return { ok: true, value: { ...core.remindersFromStored(await loadReminders()), presets: core.reminderPresets(), zone: zone() } };
  },
  async saveReminder(core, { draft }) {
    const saved = await exclusive(async () => {
      const r = core.saveReminder(await loadReminders(), draft, zone(), Date.now());
      if (r.ok) await chrome.storage.local.set({ reminders: r.value.reminders });
      return r;
    });
    if (saved.ok) await syncAlarms(core);
    return saved.ok ? { ok: true, value: saved.value.reminder } : saved;
  },
  /** "done", "cancel" or "snooze" (`minutes`). */
  async updateReminder(core, { id, action, minutes }) {
    const updated = await exclusive(async () => {
      const r = core.updateReminder(await loadReminders(), String(id), String(action), Number(minutes ?? 0), Date.now());
      if (r.ok) await chrome.storage.local.set({ reminders: r.value });
      return r;
    });
    if (updated.ok) {
      await syncAlarms(core);
      chrome.notifications.clear(`reminder:${id}`);
    }
    return updated.ok ? { ok: true, value: null } : updated;
  },
  async openReminder(core, { id }) {
    return openReminder(core, String(id));
  },
  /** Imports a file (base64) with the user's choices: one write of the whole address book. */
  async importContacts(core, { file, mapping, choice, overrides }) {
    const settings = await loadSettings(core);
    const bytes = fromBase64(file);
    return exclusive(async () => {
      const { contacts } = await chrome.storage.local.get('contacts');
      const r = core.importApply(bytes, contacts ?? [], settings.default_region, mapping ?? null, choice, overrides ?? [], Date.now());
      if (!r.ok) return r;
      await chrome.storage.local.set({ contacts: r.value.contacts });
      return { ok: true, value: { added: r.value.added, total: r.value.total, contacts: r.value.contacts.length } };
    });
  },
  /** The backup file of everything stored, encrypted when a passphrase is given. */
  async backup(core, { passphrase }) {
    const [sync, local] = await Promise.all([chrome.storage.sync.get(null), chrome.storage.local.get(null)]);
    return core.makeBackup(sync, local, Date.now(), chrome.runtime.getManifest().version, String(passphrase ?? ''));
  },
  /**
   * Restores a backup file (base64): the core checks it whole and gives the writes; they are
   * made together, and undone if one fails, so a restore applies whole or changes nothing.
   */
  async restoreBackup(core, { file, passphrase, mode }) {
    const bytes = fromBase64(file);
    const result = await exclusive(async () => {
      const [sync, local] = await Promise.all([chrome.storage.sync.get(null), chrome.storage.local.get(null)]);
      const r = core.restoreBackup(bytes, String(passphrase ?? ''), mode, sync, local);
      if (!r.ok) return r;
      const { sync_set: syncSet, sync_remove: syncRemove, local_set: localSet } = r.value;
      try {
        await chrome.storage.sync.set(syncSet);
      } catch (e) {
        await putBack('sync', sync, syncSet);
        return { ok: false, code: 'quota', message: `The backup's templates and settings do not fit in synced storage (${e?.message ?? e}). Nothing was changed.` };
      }
      try {
        await chrome.storage.local.set(localSet);
        if (syncRemove.length) await chrome.storage.sync.remove(syncRemove);
      } catch (e) {
        await putBack('sync', sync, syncSet);
        await putBack('local', local, localSet);
        return { ok: false, code: 'write', message: `Restoring failed (${e?.message ?? e}); what was there before is back.` };
      }
      const { contacts, templates, reminders, history, tags } = r.value;
      return { ok: true, value: { contacts, templates, reminders, history, tags } };
    });
    if (result.ok) await syncAlarms(core);
    return result;
  },
  /** Everything a page needs to render (see `view`), and a send waiting for the popup. */
  async state(core) {
    const [value, pending] = await Promise.all([currentView(core), takePending()]);
    return { ok: true, value: { ...value, pending } };
  },
  /** The same without taking the pending send (the options page). */
  async view(core) {
    return { ok: true, value: await currentView(core) };
  },
  async takePending() {
    return { ok: true, value: await takePending() };
  },
  /** Turns number detection on or off everywhere, or for one site. */
  async setDetection(core, { enabled, host, exclude }) {
    return exclusive(async () => {
      let settings = await loadSettings(core);
      if (typeof enabled === 'boolean') settings = { ...settings, detect_numbers: enabled };
      if (host) settings = core.withSiteExcluded(settings, String(host), Boolean(exclude));
      const checked = core.validateSettings(settings);
      if (checked.ok) await chrome.storage.sync.set({ settings: checked.value });
      return checked;
    });
  },
  async saveSettings(core, { settings }) {
    const checked = core.validateSettings(settings);
    if (!checked.ok) return checked;
    await exclusive(() => chrome.storage.sync.set({ settings: checked.value }));
    return checked;
  },
  send,
  async resend(core, { id }) {
    const { entries } = await loadHistory(core);
    const entry = entries.find((e) => e.id === id);
    if (!entry) return { ok: false, code: 'not_found', message: 'That message is no longer in the history.' };
    return send(core, { number: entry.e164, platform: entry.platform, text: entry.text });
  },
  async clearHistory() {
    await exclusive(() => chrome.storage.local.set({ history: [] }));
    return { ok: true, value: null };
  },
};

/** Requests from the content script on web pages: answered only for the page it runs in. */
const pageHandlers = {
  async pageConfig(core, _message, host) {
    const enabled = core.detectionAllowed(await loadSettings(core), host);
    return { ok: true, value: { enabled, platforms: enabled ? core.platforms().map(({ id, name }) => ({ id, name })) : [] } };
  },
  async findInPage(core, { texts }, host) {
    const settings = await loadSettings(core);
    if (!core.detectionAllowed(settings, host)) return { ok: false, code: 'disabled', message: 'Number detection is off here.' };
    const list = Array.isArray(texts) ? texts.slice(0, 500).map((t) => String(t).slice(0, 20000)) : [];
    return { ok: true, value: core.findNumbersInTexts(list, settings.default_region) };
  },
  async messageNumber(core, { e164, platform }) {
    return messageFromPage(core, String(e164 ?? ''), platform ? String(platform) : undefined);
  },
  async saveNumber(core, { e164 }) {
    return saveNumber(core, e164);
  },
};

// ---- Reminders and scheduled messages: the core decides what fires when; alarms are derived
// from the stored reminders and rebuilt at every start.

/** The user's time zone (IANA name); reminders keep the one they were made in. */
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

async function loadReminders() {
  const { reminders } = await chrome.storage.local.get('reminders');
  return reminders ?? [];
}

/** Makes chrome.alarms match the stored reminders, and the badge their due count. */
async function syncAlarms(core) {
  const reminders = await loadReminders();
  const want = new Map(core.reminderAlarms(reminders));
  const have = await chrome.alarms.getAll();
  for (const a of have) {
    if (a.name.startsWith('reminder:') && want.get(a.name) !== a.scheduledTime) await chrome.alarms.clear(a.name);
  }
  for (const [name, when] of want) {
    if (!have.some((a) => a.name === name && a.scheduledTime === when)) await chrome.alarms.create(name, { when });
  }
  const { due } = core.remindersFromStored(reminders);
  await chrome.action.setBadgeBackgroundColor({ color: '#b3261e' });
  await chrome.action.setBadgeText({ text: due ? String(due) : '' });
}

function notifyReminder(r, missed) {
  const title = r.kind === 'message' ? `Your message to ${r.label} is ready` : `Reminder: ${r.label}`;
  const body = [r.text || (r.kind === 'message' ? '(no text)' : 'Time to get in touch.'), missed ? 'Missed while the browser was closed.' : '']
    .filter(Boolean).join('\n');
  const buttons = [{ title: r.e164 ? 'Open chat' : 'Done' }, { title: 'Snooze 10 minutes' }];
  return notify(`reminder:${r.id}`, title, body, buttons);
}

/**
 * Fires what is due, in one write (an occurrence can fire only once, whatever races), then
 * shows the notifications (or opens the chats, when the settings say so) and rebuilds alarms.
 */
async function processDue(core) {
  const settings = await loadSettings(core);
  const { fired } = await exclusive(async () => {
    const r = core.fireDue(await loadReminders(), Date.now(), settings.open_scheduled_directly);
    if (r.fired.length) await chrome.storage.local.set({ reminders: r.reminders });
    return r;
  });
  for (const f of fired) {
    if (f.open) await openReminder(core, f.id);
    else await notifyReminder(f.reminder, f.missed);
  }
  await syncAlarms(core);
  return fired;
}

/** "Open chat": the deep link with the text (recorded in the history), and the reminder done. */
async function openReminder(core, id) {
  const r = (await loadReminders()).find((x) => x.id === id);
  if (!r) return { ok: false, code: 'not_found', message: 'This reminder no longer exists.' };
  const settings = await loadSettings(core);
  const what = core.reminderMessage(r, settings.default_platform);
  if (!what.ok) return what;
  const { e164, platform, text } = what.value;
  const plan = core.planSend(e164, platform, text, settings);
  if (!plan.ok) return plan;
  const reply = plan.value.link.clipboard
    ? await handToPopup(plan.value.number.international, platform, text)
    : await send(core, { number: e164, platform, text, contactId: r.contact_id ?? undefined });
  if (reply.ok) await handlers.updateReminder(core, { id, action: 'done' });
  return reply;
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name.startsWith('reminder:')) started.then(processDue).catch(() => {}); // refused: data from a newer Contakt
});
// At every start: what came due while the worker (or the browser) was stopped fires now,
// once, marked missed when late; the alarms are rebuilt from storage.
started.then(processDue).catch(() => {});

/** Only Contakt's own pages may talk to the worker. */
function trusted(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string'
    && sender.url.startsWith(chrome.runtime.getURL(''));
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id === chrome.runtime.id && sender.tab && !trusted(sender)) {
    const pageHandler = message && Object.hasOwn(pageHandlers, message.type) ? pageHandlers[message.type] : null;
    if (!pageHandler) return false;
    let host = '';
    try { host = new URL(sender.url).hostname; } catch { /* no host: nothing is allowed */ }
    started.then((core) => pageHandler(core, message, host)).then(reply, (e) => reply(failure(e)));
    return true;
  }
  const handler = message && Object.hasOwn(handlers, message.type) ? handlers[message.type] : null;
  if (!handler || !trusted(sender)) {
    reply({ ok: false, code: 'refused', message: 'Unknown or untrusted request.' });
    return false;
  }
  started
    .then((core) => handler(core, message))
    .then(reply, (e) => reply(failure(e)));
  return true;
});

// ---- Right-click menu, keyboard command and notification buttons.

const MENU_PLATFORMS = [
  ['whatsapp', 'WhatsApp'], ['whatsapp_business', 'WhatsApp Business'], ['telegram', 'Telegram'],
  ['signal', 'Signal'], ['viber', 'Viber'], ['wechat', 'WeChat'], ['line', 'LINE'],
  ['kakaotalk', 'KakaoTalk'], ['zalo', 'Zalo'], ['sms', 'SMS'],
];

function createMenus() {
  const contexts = ['selection', 'link'];
  const targetUrlPatterns = ['tel:*'];
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({ id: 'message', title: chrome.i18n.getMessage('menuMessage'), contexts, targetUrlPatterns });
    chrome.contextMenus.create({ id: 'message-on', title: chrome.i18n.getMessage('menuMessageOn'), contexts, targetUrlPatterns });
    for (const [id, name] of MENU_PLATFORMS) {
      chrome.contextMenus.create({ id: `message-on:${id}`, parentId: 'message-on', title: name, contexts, targetUrlPatterns });
    }
    chrome.contextMenus.create({ id: 'save-contact', title: chrome.i18n.getMessage('menuSave'), contexts, targetUrlPatterns });
  });
}

/** The click handler of the right-click menu (exported to tests through the worker's scope). */
async function onMenuClick(info) {
  if (info.menuItemId === 'save-contact') {
    const core = await started;
    const text = info.linkUrl?.toLowerCase().startsWith('tel:') ? decodeURIComponent(info.linkUrl) : info.selectionText;
    const found = core.numbersInSelection(String(text ?? ''), (await loadSettings(core)).default_region);
    if (!found.ok) {
      await notify('contakt-no-number', 'No phone number to save', found.message);
      return found;
    }
    return saveNumber(core, found.value[0].e164);
  }
  if (info.menuItemId !== 'message' && !String(info.menuItemId).startsWith('message-on:')) return null;
  const platform = info.menuItemId === 'message' ? undefined : String(info.menuItemId).slice('message-on:'.length);
  const text = info.linkUrl?.toLowerCase().startsWith('tel:') ? decodeURIComponent(info.linkUrl) : info.selectionText;
  return messageFromPage(await started, text, platform);
}
// The handlers, reachable from tests through the worker's global scope (Chrome cannot
// click a context menu or a notification button headless).
globalThis.contakt = {
  onMenuClick,
  processDue: () => started.then(processDue),
  onCommand: (command, tab) => onCommand(command, tab),
  onNotificationButton: (id, index) => onNotificationButton(id, index),
};

async function onCommand(command, tab) {
  if (command !== 'message-selection') return null;
  let text = '';
  try {
    text = (await chrome.tabs.sendMessage(tab.id, { type: 'selection' }))?.text ?? '';
  } catch {
    await notify('contakt-no-number', 'No phone number to message', 'Select a phone number on a web page, then press the shortcut.');
    return { ok: false, code: 'no_page' };
  }
  return messageFromPage(await started, text);
}

/** A menu, shortcut or notification action that failed says so (e.g. data from a newer Contakt). */
function tellFailure(e) {
  return notify('contakt-failed', 'Contakt could not do that', failure(e).message);
}
chrome.contextMenus.onClicked.addListener((info) => { onMenuClick(info).catch(tellFailure); });
chrome.commands.onCommand.addListener((command, tab) => { onCommand(command, tab).catch(tellFailure); });
async function onNotificationButton(id, index) {
  if (id.startsWith('reminder:')) {
    const core = await started;
    const rid = id.slice('reminder:'.length);
    const r = (await loadReminders()).find((x) => x.id === rid);
    chrome.notifications.clear(id);
    if (!r) return null;
    if (index === 1) return handlers.updateReminder(core, { id: rid, action: 'snooze', minutes: 10 });
    return r.e164 ? openReminder(core, rid) : handlers.updateReminder(core, { id: rid, action: 'done' });
  }
  if (id !== 'contakt-more') return null;
  const { offer } = await chrome.storage.session.get('offer');
  const number = offer?.numbers?.[index];
  if (!number) return null;
  chrome.notifications.clear(id);
  return send(await started, { number, platform: offer.platform, text: '' });
}
chrome.notifications.onButtonClicked.addListener((id, index) => { onNotificationButton(id, index).catch(tellFailure); });

chrome.runtime.onInstalled.addListener(({ reason }) => {
  createMenus();
  if (reason !== 'install') return;
  ready.then((core) => exclusive(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    if (!settings) await chrome.storage.sync.set({ settings: core.settingsFromStored(null, locale()) });
  })).catch(() => {}); // refused: data from a newer Contakt, left as it is
});
