// @ts-check
// The popup: renders what the core decides and forwards actions to the service worker.
import './boot.js'; // first: it starts reading the view
import { ready, ask, said } from './core.js';
import { t, formatNumber, formatTime, localize } from './i18n.js';
import { button, confirmDialog, countryName, pageAccess, platformSelect, relativeTime, saveFile } from './ui.js';

/** The element with this id (forms are read by property). @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
localize();
// The popup is ready when the worker's answer is rendered: it has the settings, platforms and
// history (formatted by its copy of the core). This page's own core (wasm) compiles once the
// popup is ready (see boot.js); what needs it before it is there waits for it.
/** @type {typeof import('./pkg/contakt_wasm.js') | null} */
let core = null;
const coreReady = ready.then((c) => { core = c; return c; });
// The view the worker keeps ready; when there is none yet (first start), ask for it.
const early = await globalThis.contaktBoot?.view;
const state = early ? { ok: true, value: { ...early, pending: null } } : await ask('state');
if (!state?.ok) throw new Error(`No answer from Contakt's service worker: ${state?.message ?? 'none'}`);
let settings = state.value.settings;
const { platforms } = state.value;
const byId = new Map(platforms.map((p) => [p.id, p]));

platformSelect($('platform'), platforms, settings.default_platform);

function showNotice() {
  $('platform-notice').textContent = t(byId.get($('platform').value)?.notice);
}

function showNumberStatus() {
  const input = $('number').value;
  const status = $('number-status');
  status.className = '';
  $('save-number').hidden = true;
  $('number-hint').hidden = true;
  if (!input.trim()) { status.textContent = ''; return null; }
  if (!core) { coreReady.then(showNumberStatus); return null; }
  const parsed = said(core.parseNumber(input, settings.default_region));
  $('save-number').hidden = !parsed.ok;
  // Another region's way out ("0044 …" typed in the US): its international reading, one click away.
  const meant = parsed.ok ? null : core.internationalReading(input, settings.default_region).value;
  $('number-hint').hidden = !meant;
  if (meant) {
    $('number-hint').textContent = t({ key: 'number_did_you_mean', args: [meant.international, meant.region ? countryName(meant.region) : meant.international] });
    $('number-hint').onclick = () => { $('number').value = meant.international; showNumberStatus(); $('number').focus(); };
  }
  if (parsed.ok) {
    const n = parsed.value;
    status.className = 'valid';
    status.textContent = n.region ? t({ key: 'number_in_country', args: [n.international, countryName(n.region)] }) : n.international;
  } else {
    status.className = 'error';
    status.textContent = parsed.message;
  }
  return parsed;
}

function setStatus(text, isError = false) {
  $('send-status').textContent = text;
  $('send-status').className = isError ? 'error' : '';
}

let confirmed = false;
async function sendNow() {
  const core = await coreReady;
  const check = core.checkMessage($('message').value).value;
  if (templated && !check.complete && !confirmed) {
    confirmed = true;
    setStatus(t(check.confirm), true);
    return;
  }
  confirmed = false;
  const number = $('number').value;
  const platform = $('platform').value;
  const text = $('message').value;
  const plan = said(core.planSend(number, platform, text, settings));
  if (!plan.ok) {
    setStatus(plan.message, true);
    (plan.field === 'text' ? $('message') : $('number')).focus();
    return;
  }
  const { link } = plan.value;
  if (link.clipboard) {
    try {
      await navigator.clipboard.writeText(link.clipboard);
    } catch (e) {
      setStatus(t({ key: 'clipboard_failed', args: [String(e.message)] }), true);
      return;
    }
  }
  // Sending to the picked contact's number marks the contact as used ("recent" order).
  const contactId = picked && picked.number === number ? picked.contact.id : undefined;
  const template = templated ? $('template').value || null : null;
  const reply = await ask('send', { number, platform, text, contact_id: contactId ?? null, template });
  if (!reply.ok) { setStatus(reply.message, true); return; }
  const name = byId.get(platform).name;
  const args = [name, reply.value.number.international];
  if (!link.url) setStatus(t(link.notice));
  else setStatus(link.clipboard ? t({ key: 'sent_copied', args }) : t({ key: 'sent_opened', args }));
  renderHistory((await ask('view')).value);
}

/** Opens a recent chat again: its number and platform, with whatever message is written. */
function openRecent(entry) {
  picked = null;
  $('contact-pick').value = '';
  $('number').value = entry.international;
  $('platform').value = entry.platform;
  showNumberStatus();
  showNotice();
  sendNow();
}

/** The last few chats (the core picks them), one click away. */
function renderRecent(entries, recent) {
  $('recent').replaceChildren(...recent.map((i) => {
    const e = entries[i];
    const platformName = byId.get(e.platform)?.name ?? e.platform;
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    const number = document.createElement('bdi');
    number.className = 'number';
    number.textContent = e.international;
    const platform = document.createElement('span');
    platform.className = 'platform';
    platform.textContent = platformName;
    // Named by what it shows (number and platform); what it does is its description.
    b.append(number, ' ', platform);
    b.title = t({ key: 'recent_open', args: [e.international, platformName] });
    b.addEventListener('click', () => openRecent(e));
    li.append(b);
    return li;
  }));
  $('recent-section').hidden = recent.length === 0;
}

/**
 * The history list and the recent chats, from the worker's view.
 * @param {{ history: any[], recent: number[], settings?: any }} view
 */
function renderHistory({ history: entries, recent, settings: shownSettings }) {
  renderRecent(entries, recent);
  historyAll = entries.length;
  $('history-off').hidden = (shownSettings ?? settings).keep_history !== false;
  $('history-find').hidden = entries.length < 2 && !$('history-search').value;
  if ($('history-search').value) { searchHistory(); return; }
  renderEntries(entries);
}
/** How many entries the history holds (the search shows fewer). */
let historyAll = 0;

/** @param {any[]} entries */
function renderEntries(entries) {
  const list = $('history');
  list.replaceChildren(...entries.map((e) => {
    const li = document.createElement('li');
    const number = e.international;
    const platformName = byId.get(e.platform)?.name ?? e.platform;
    const head = document.createElement('span');
    head.textContent = t({ key: 'history_head', args: [number, platformName, relativeTime(e.at)] });
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = e.text || t('history_no_message');
    const about = document.createElement('span');
    if (e.campaign || e.status) {
      about.className = `detail status-${e.status ?? 'opened'}`;
      about.textContent = [e.campaign ? t({ key: 'history_campaign', args: [e.campaign] }) : '', e.status === 'sent' ? t('history_marked_sent') : e.status === 'failed' ? t('history_marked_failed') : '']
        .filter(Boolean).join(' · ');
    }
    const resend = document.createElement('button');
    resend.type = 'button';
    resend.textContent = t('resend');
    resend.setAttribute('aria-label', t({ key: 'resend_label', args: [number, platformName] }));
    resend.addEventListener('click', async () => {
      const r = await ask('resend', { id: e.id });
      if (!r.ok) setStatus(r.message, true);
      else {
        setStatus(t({ key: 'sent_opened', args: [platformName, number] }));
        renderHistory((await ask('view')).value);
      }
    });
    const save = document.createElement('button');
    save.type = 'button';
    save.textContent = t('save');
    save.setAttribute('aria-label', t({ key: 'save_number_label', args: [number] }));
    save.addEventListener('click', () => saveAsContact(number));
    const more = document.createElement('span');
    more.className = 'row';
    const trouble = document.createElement('button');
    trouble.type = 'button';
    trouble.className = 'link';
    trouble.textContent = t('history_didnt_work');
    trouble.setAttribute('aria-label', t({ key: 'history_didnt_work_label', args: [number, platformName] }));
    trouble.setAttribute('aria-expanded', 'false');
    trouble.addEventListener('click', () => showTrouble(e, li, trouble));
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'link';
    del.textContent = t('delete');
    del.setAttribute('aria-label', t({ key: 'history_delete_label', args: [number, platformName] }));
    del.addEventListener('click', async () => {
      const r = await ask('deleteHistory', { id: e.id });
      if (!r.ok) { setStatus(r.message, true); return; }
      setStatus(t('history_deleted'));
      renderHistory((await ask('view')).value);
      $('history-summary').focus();
    });
    more.append(trouble, del);
    li.append(head, text, ...(about.textContent ? [about] : []), resend, save, more);
    return li;
  }));
  $('history-empty').hidden = entries.length > 0;
  if (!entries.length && $('history-search').value) $('history-empty').textContent = t('history_none_found');
  else $('history-empty').textContent = t('popup_history_empty');
  $('clear-history').hidden = historyAll === 0;
  if (state.value.unreadable_history) {
    $('history-empty').hidden = false;
    $('history-empty').textContent = t({ key: 'history_unreadable', count: state.value.unreadable_history, args: [String(state.value.unreadable_history)] });
  }
}

/** The core's search over the history. */
async function searchHistory() {
  const reply = await ask('history', { query: $('history-search').value });
  if (reply.ok) renderEntries(reply.value);
}
$('history-search').addEventListener('input', () => searchHistory());

/**
 * "Didn't work?": the platform's known causes (the core's), and the other ways: another
 * messenger, the number to copy, a QR code.
 * @param {any} e @param {HTMLElement} li @param {HTMLButtonElement} opener
 */
async function showTrouble(e, li, opener) {
  const open = li.querySelector('.trouble');
  if (open) { open.remove(); opener.setAttribute('aria-expanded', 'false'); return; }
  const reply = await ask('trouble', { id: e.id });
  if (!reply.ok) { setStatus(reply.message, true); return; }
  const help = reply.value;
  const box = document.createElement('div');
  box.className = 'trouble';
  box.id = `trouble-${e.id}`;
  opener.setAttribute('aria-controls', box.id);
  opener.setAttribute('aria-expanded', 'true');
  const causes = document.createElement('ul');
  causes.setAttribute('aria-label', t({ key: 'trouble_causes_label', args: [byId.get(help.platform)?.name ?? help.platform] }));
  causes.replaceChildren(...help.causes.map((/** @type {any} */ m) => {
    const item = document.createElement('li');
    item.textContent = t(m);
    return item;
  }));
  const row = document.createElement('div');
  row.className = 'row';
  const other = document.createElement('select');
  other.id = `trouble-platform-${e.id}`;
  const label = document.createElement('label');
  label.htmlFor = other.id;
  label.textContent = t('trouble_other_platform');
  for (const p of help.others) other.append(new Option(p.name, p.id));
  /** The entry's number, text and a platform put in the send form, then `then`. */
  const fill = (/** @type {string} */ platform, /** @type {() => void} */ then) => {
    $('number').value = help.number;
    $('platform').value = platform;
    $('message').value = help.text;
    showNotice();
    showNumberStatus();
    then();
  };
  const tryOther = button(t('trouble_try'), null, () => fill(other.value, sendNow));
  const copy = button(t('trouble_copy_number'), null, async () => {
    try { await navigator.clipboard.writeText(help.number); setStatus(t({ key: 'trouble_number_copied', args: [help.number] })); } catch (err) { setStatus(t({ key: 'clipboard_failed', args: [String(/** @type {any} */ (err)?.message ?? err)] }), true); }
  });
  const qr = button(t('popup_qr_show'), null, () => fill(help.platform, () => $('qr-show').click()));
  row.append(copy, qr);
  const pick = document.createElement('div');
  pick.className = 'row';
  const span = document.createElement('span');
  span.append(label, other);
  pick.append(span, tryOther);
  box.append(causes, pick, row);
  li.append(box);
  box.scrollIntoView({ block: 'nearest' });
}

// The clipboard: read only with the optional clipboardRead permission, asked the first time
// the user presses "Paste a number"; from then on a number there is offered when the popup
// opens (never filled in without a click).
/** @type {chrome.permissions.Permissions} */
const CLIPBOARD = { permissions: ['clipboardRead'] };
async function offerClipboard() {
  const granted = await chrome.permissions.contains(CLIPBOARD).catch(() => false);
  $('paste-number').hidden = granted || Boolean($('number').value.trim());
  if (!granted) return;
  const parsed = await clipboardNumber().catch(() => null); // no focus: no offer
  if (!parsed?.ok || $('number').value.trim()) return;
  const offer = $('clipboard-offer');
  offer.textContent = t({ key: 'clipboard_offer', args: [parsed.value.international] });
  offer.hidden = false;
  offer.addEventListener('click', () => useNumber(parsed.value.international), { once: true });
}
/** The number on the clipboard, as the core reads it (throws when the clipboard cannot be read). */
async function clipboardNumber() {
  const text = await navigator.clipboard.readText();
  return (await coreReady).parseNumber(text, settings.default_region);
}
function useNumber(international) {
  $('number').value = international;
  $('clipboard-offer').hidden = true;
  $('paste-number').hidden = true;
  showNumberStatus();
  $('message').focus();
}
$('paste-number').addEventListener('click', async () => {
  if (!await chrome.permissions.request(CLIPBOARD).catch(() => false)) { setStatus(t('clipboard_not_allowed'), true); return; }
  let parsed;
  try { parsed = await clipboardNumber(); } catch (e) { setStatus(t({ key: 'clipboard_failed', args: [String(/** @type {any} */ (e)?.message ?? e)] }), true); return; }
  if (!parsed.ok) { setStatus(t('clipboard_no_number'), true); return; }
  useNumber(parsed.value.international);
});

$('number').addEventListener('input', (e) => {
  const field = $('number');
  // Format while typing at the end of the field; deleting or editing inside is left alone.
  if (core && e.inputType?.startsWith('insert') && field.selectionStart === field.value.length) {
    field.value = core.formatAsYouType(field.value, settings.default_region).value;
  }
  showNumberStatus();
  setStatus('');
  $('clipboard-offer').hidden = true;
  $('paste-number').hidden = true;
});
$('platform').addEventListener('change', showNotice);
$('send-form').addEventListener('submit', (e) => { e.preventDefault(); sendNow(); });
$('message').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendNow(); }
});
$('open-settings').addEventListener('click', () => chrome.runtime.openOptionsPage());

/** Saves a number as a new contact (the worker stores it; the core normalises it). */
async function saveAsContact(raw) {
  const reply = await ask('saveContact', { contact: { numbers: [{ raw }] } });
  if (!reply.ok) { setStatus(reply.message, true); return; }
  book = null; // the next contact search reloads
  setStatus(t({ key: 'saved_number', args: [reply.value.display_name] }));
}
$('save-number').addEventListener('click', async () => {
  const core = await coreReady;
  const parsed = core.parseNumber($('number').value, settings.default_region);
  if (parsed.ok) saveAsContact(parsed.value.international);
});
$('clear-history').addEventListener('click', async () => {
  const n = $('history').children.length;
  const yes = await confirmDialog({
    title: t('confirm_clear_history_title'),
    text: t({ key: 'confirm_clear_history_text', count: n, args: [formatNumber(n)] }),
    yes: t('popup_clear_history'),
  });
  if (!yes) return;
  const reply = await ask('clearHistory');
  if (!reply.ok) { setStatus(reply.message, true); return; }
  renderHistory({ history: [], recent: [] });
  $('history-summary').focus();
});

// Contacts are fetched when the contact field is first used, so opening the popup stays fast
// whatever the size of the address book; the core searches them.
let contacts = null;
/** Each contact's numbers as shown (the core formats them). @type {string[][]} */
let shown = [];
let book = null;
let picked = null;
async function showContactResults() {
  const core = await coreReady;
  if (!book) {
    ({ contacts, shown } = (await ask('contacts')).value);
    book = new core.AddressBook(contacts);
  }
  const query = $('contact-pick').value;
  const list = $('contact-results');
  const hits = query.trim() ? [...book.search(query, undefined).value].slice(0, 6) : [];
  list.replaceChildren(...hits.flatMap((i) => contacts[i].numbers.map((n, j) => {
    const c = contacts[i];
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    const number = shown[i][j];
    b.textContent = n.e164 ? t({ key: 'contact_hit', args: [c.display_name, n.label, number] }) : t({ key: 'contact_hit_invalid', args: [c.display_name, n.label, number] });
    if (!n.e164) b.className = 'flag';
    b.addEventListener('click', () => {
      picked = { contact: c, number };
      $('number').value = number;
      $('contact-pick').value = c.display_name;
      list.hidden = true;
      showNumberStatus();
      $('message').focus();
    });
    li.append(b);
    return li;
  })));
  list.hidden = list.children.length === 0;
}
$('contact-pick').addEventListener('input', () => { picked = null; showContactResults(); });

// Templates: filled by the core for the picked contact; what it could not fill is shown, and
// Send asks once (the core checks the message) before sending it as written.
let templates = [];
/** A template filled the message: Send checks what it left unfilled. */
let templated = false;
ask('templates').then((r) => {
  templates = r.value;
  $('template').append(...templates.map((t) => new Option(t.title, t.id)));
});
$('template').addEventListener('change', async () => {
  const core = await coreReady;
  const picked_ = templates.find((x) => x.id === $('template').value);
  templated = Boolean(picked_);
  if (!picked_) return;
  const date = new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { dateStyle: 'medium' }).format(new Date());
  const r = core.renderTemplate(picked_.body, picked?.contact ?? null, settings.my_number, date).value;
  $('message').value = r.text;
  setStatus(r.complete ? '' : t(r.msg));
});

// A number sent here from a page (right-click or shortcut) for a platform that needs the
// clipboard: fill it in; the user presses Send.
function fillPending(pending) {
  if (!pending) return;
  $('clipboard-offer').hidden = true;
  $('number').value = pending.number;
  $('platform').value = pending.platform;
  if (pending.text) $('message').value = pending.text;
  showNumberStatus();
  setStatus(t('pending_press_send'));
}
fillPending(state.value.pending);
// Number detection: everywhere, and for the site of the active tab.
async function showDetection() {
  $('detect-numbers').checked = settings.detect_numbers;
  const toggle = $('site-toggle');
  toggle.hidden = true;
  if (!settings.detect_numbers) return;
  // The page behind the popup: the active tab of the last focused browser window.
  const win = await chrome.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => null);
  const [tab] = win ? await chrome.tabs.query({ active: true, windowId: win.id }) : [];
  // Its address is known to Contakt while the popup is open (activeTab) or detection has
  // access to pages; only web pages have a site control.
  const url = tab?.url ? new URL(tab.url) : null;
  const host = url && /^https?:$/.test(url.protocol) ? url.hostname : null;
  if (!host) return;
  const core = await coreReady;
  const on = core.detectionAllowed(settings, host).value;
  toggle.textContent = on ? t({ key: 'site_disable', args: [host] }) : t({ key: 'site_enable', args: [host] });
  toggle.hidden = false;
  toggle.onclick = async () => {
    const reply = await ask('setDetection', { host, exclude: on });
    if (reply.ok) { settings = reply.value; showDetection(); } else setStatus(reply.message, true);
  };
}
$('detect-numbers').addEventListener('change', async (e) => {
  const on = e.target.checked;
  if (!await pageAccess(on)) {
    e.target.checked = false;
    setStatus(t('detection_needs_access'), true);
    return;
  }
  const reply = await ask('setDetection', { enabled: on });
  if (reply.ok) { settings = reply.value; showDetection(); } else setStatus(reply.message, true);
});

// ---- Reminders and scheduled messages: the worker stores them and sets the alarms; the core
// decides when they fire. Loaded after the popup is ready.
let editingReminder = null;
/** The upcoming list has been shown once (the panel then stays as the user leaves it). */
let upcomingShown = false;
function remindStatus(text, isError = false) {
  $('remind-status').textContent = text;
  $('remind-status').className = isError ? 'error' : '';
}

function reminderButton(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

async function loadUpcoming() {
  const reply = await ask('reminders');
  if (!reply.ok) { remindStatus(reply.message, true); return; }
  const { reminders, shown, order, presets, due, snooze } = reply.value;
  if (!$('remind-when').options.length) {
    $('remind-when').replaceChildren(...presets.map((p) => new Option(t(p.label), p.id)), new Option(t('when_custom'), 'custom'));
    $('remind-when').value = 'tomorrow9';
  }
  $('upcoming').replaceChildren(...order.map((i) => {
    const r = reminders[i];
    const can = new Set(shown[i].actions);
    const li = document.createElement('li');
    if (r.due) li.className = 'due';
    const what = r.kind === 'message' ? t('kind_message') : t('kind_reminder');
    const whatLower = r.kind === 'message' ? t('kind_message_lower') : t('kind_reminder_lower');
    const head = document.createElement('span');
    const ago = r.due ? [relativeTime(r.due.at)] : [];
    const when = r.due ? (r.due.missed ? t({ key: 'due_missed', args: ago }) : t({ key: 'due_at', args: ago })) : formatTime(r.snoozed_until ?? r.next);
    const parts = [what, r.label, when, ...(r.repeat !== 'never' ? [$('remind-repeat').querySelector(`option[value="${r.repeat}"]`)?.textContent ?? r.repeat] : [])];
    head.textContent = parts.join(' · ');
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = r.text || t('reminder_no_note');
    const actions = document.createElement('span');
    actions.className = 'actions';
    const act = (action, extra = {}) => async () => {
      const res = await ask('updateReminder', { id: r.id, action, ...extra });
      if (!res.ok) remindStatus(res.message, true); else loadUpcoming();
    };
    if (can.has('open')) {
      actions.append(reminderButton(t('open_chat'), t({ key: 'open_chat_with', args: [r.label] }), async () => {
        const res = await ask('openReminder', { id: r.id });
        if (!res.ok) remindStatus(res.message, true); else { remindStatus(t(res.value.msg)); loadUpcoming(); }
      }));
    }
    if (can.has('done')) actions.append(reminderButton(t('done'), t({ key: 'done_label', args: [whatLower, r.label] }), act('done')));
    if (can.has('snooze')) actions.append(reminderButton(t(snooze), t({ key: 'snooze_label', args: [t(snooze), whatLower, r.label] }), act('snooze')));
    actions.append(reminderButton(t('edit'), t({ key: 'edit_label', args: [whatLower, r.label] }), () => editReminder(r)),
      reminderButton(t('cancel'), t({ key: 'cancel_label', args: [whatLower, r.label] }), act('cancel')));
    li.append(head, text, actions);
    return li;
  }));
  if (due) remindStatus(t({ key: 'n_due', count: due, args: [String(due)] }));
  // What is due shows on the closed panel, and opens it when the popup opens (not again
  // after the user closed it).
  $('due-count').textContent = formatNumber(due);
  $('due-count').hidden = !due;
  if (due && !upcomingShown) $('reminders-panel').open = true;
  upcomingShown = true;
}

function editReminder(r) {
  editingReminder = r;
  $('remind-when').value = 'custom';
  showCustom();
  $('remind-custom').value = core?.localInput(r.snoozed_until ?? r.next ?? Date.now(), r.zone).value ?? '';
  $('remind-repeat').value = r.repeat;
  $('remind-note').value = r.kind === 'reminder' ? r.text : '';
  if (r.e164) { $('number').value = r.e164; showNumberStatus(); }
  if (r.kind === 'message') { $('message').value = r.text; if (r.platform) $('platform').value = r.platform; }
  $('remind-cancel-edit').hidden = false;
  remindStatus(r.kind === 'message' ? t({ key: 'editing_message', args: [r.label] }) : t({ key: 'editing_reminder', args: [r.label] }));
}

function showCustom() {
  const custom = $('remind-when').value === 'custom';
  $('remind-custom').hidden = !custom;
  $('remind-custom-label').hidden = !custom;
}

async function saveReminder(kind) {
  const core = await coreReady;
  const input = $('number').value;
  const parsed = input.trim() ? said(core.parseNumber(input, settings.default_region)) : null;
  if (parsed && !parsed.ok) { remindStatus(parsed.message, true); $('number').focus(); return; }
  const contact = picked && parsed?.ok && picked.number === input ? picked.contact : null;
  const when = $('remind-when').value;
  const draft = {
    id: editingReminder?.id ?? '',
    kind,
    contact_id: contact?.id ?? null,
    e164: parsed?.value.e164 ?? null,
    text: kind === 'message' ? $('message').value : $('remind-note').value,
    platform: kind === 'message' ? $('platform').value : null,
    preset: when === 'custom' ? null : when,
    custom: when === 'custom' ? $('remind-custom').value : null,
    repeat: $('remind-repeat').value,
  };
  const reply = await ask('saveReminder', { draft });
  if (!reply.ok) {
    remindStatus(reply.message, true);
    if (reply.field === 'when') $(when === 'custom' ? 'remind-custom' : 'remind-when').focus();
    if (reply.field === 'number') $('number').focus();
    return;
  }
  remindStatus(t(reply.value.msg));
  stopEditing();
  loadUpcoming();
}
function stopEditing() {
  editingReminder = null;
  $('remind-note').value = '';
  $('remind-cancel-edit').hidden = true;
}
$('remind-when').addEventListener('change', showCustom);
$('remind-me').addEventListener('click', () => saveReminder('reminder'));
$('schedule-message').addEventListener('click', () => saveReminder('message'));
$('remind-cancel-edit').addEventListener('click', () => { stopEditing(); remindStatus(''); });

showNotice();
showDetection();
renderHistory(state.value);
document.documentElement.dataset.ready = 'true';
performance.mark('contakt-ready');
// Now the core: boot.js waited for this (see there).
globalThis.contaktBoot?.compile();
if (early) ask('takePending').then((r) => fillPending(r.value));
loadUpcoming();
offerClipboard();

// ---- The chat as a QR code: the core encodes the link a phone can open (with the message,
// where the platform's link carries it) and gives the code as an SVG path; drawn here with
// DOM calls (no markup), downloadable as SVG or PNG.
const SVG_NS = 'http://www.w3.org/2000/svg';
/** The code shown, for the downloads. @type {{ url: string, qr: { size: number, path: string } } | null} */
let shownQr = null;

/** @param {{ size: number, path: string }} qr @param {string} label */
function qrSvg(qr, label) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
  svg.setAttribute('width', String(qr.size * 5));
  svg.setAttribute('height', String(qr.size * 5));
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const back = document.createElementNS(SVG_NS, 'rect');
  back.setAttribute('width', '100%');
  back.setAttribute('height', '100%');
  back.setAttribute('fill', '#fff');
  const dark = document.createElementNS(SVG_NS, 'path');
  dark.setAttribute('d', qr.path);
  dark.setAttribute('fill', '#000');
  svg.append(back, dark);
  return svg;
}

async function showQr() {
  const core = await coreReady;
  const reply = said(core.qrForSend($('number').value, $('platform').value, $('message').value, settings));
  if (!reply.ok) { hideQr(); setStatus(reply.message, true); return; }
  shownQr = reply.value;
  const label = t({ key: 'popup_qr_label', args: [reply.value.url] });
  $('qr-code').replaceChildren(qrSvg(reply.value.qr, label));
  $('qr-caption').textContent = t('popup_qr_caption');
  $('qr').hidden = false;
  $('qr-show').setAttribute('aria-expanded', 'true');
}
function hideQr() {
  shownQr = null;
  $('qr').hidden = true;
  $('qr-show').setAttribute('aria-expanded', 'false');
}
$('qr-show').addEventListener('click', () => ($('qr').hidden ? showQr() : hideQr()));
// What the code holds follows what is typed.
for (const id of ['number', 'platform', 'message']) $(id).addEventListener('input', () => { if (!$('qr').hidden) showQr(); });

$('qr-svg').addEventListener('click', () => {
  if (!shownQr) return;
  const text = new XMLSerializer().serializeToString(qrSvg(shownQr.qr, shownQr.url));
  saveFile('contakt-chat.svg', new Blob([text], { type: 'image/svg+xml' }));
});
$('qr-png').addEventListener('click', () => {
  if (!shownQr) return;
  const scale = 8;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = shownQr.qr.size * scale;
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.scale(scale, scale);
  g.fillStyle = '#000';
  g.fill(new Path2D(shownQr.qr.path));
  canvas.toBlob((blob) => { if (blob) saveFile('contakt-chat.png', blob); }, 'image/png');
});
