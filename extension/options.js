// @ts-check
// The options page: renders the settings and asks the service worker to save them.
import { ready, ask, said } from './core.js';
import { t, formatNumber, localize } from './i18n.js';
import { confirmDialog, pageAccess, saveFile, showChoices, telemetryAccess } from './ui.js';
import { setupCampaigns } from './campaigns.js';

/** The element with this id (forms are read by property). @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
localize();

// ---- One section at a time, chosen by the URL's fragment (#contacts, #data, …): links,
// bookmarks and the browser's back button work; the chosen section's heading takes focus.
const SECTIONS = ['settings', 'contacts', 'tags', 'templates', 'campaigns', 'data', 'usage'];
function showSection(focus) {
  const wanted = location.hash.slice(1);
  const current = SECTIONS.includes(wanted) ? wanted : 'settings';
  for (const id of SECTIONS) $(id).hidden = id !== current;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === `#${current}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (focus) $(current).querySelector('h2').focus();
}
showSection(false);
addEventListener('hashchange', () => showSection(true));

const [core, state] = await Promise.all([ready, ask('view')]);
/** The file module (import reading, export, backup encryption), loaded when first needed.
 * @returns {Promise<typeof import('./pkg/contakt_files.js') | null>} */
const fileModule = () => import('./files.js').then((m) => m.ready).catch((e) => {
  dataStatus(t({ key: 'internal_error', args: [String(e?.message ?? e)] }), true);
  return null;
});
const settings = state.value.settings;

showChoices(core, settings);
$('my-number').value = settings.my_number;
$('excluded-sites').value = settings.excluded_sites.join('\n');
$('open-directly').checked = settings.open_scheduled_directly;
$('keep-history').checked = settings.keep_history;
$('campaign-move-on').value = settings.campaign_move_on;

$('settings-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = $('settings-status');
  // Detection on: the browser asks for access to pages unless the user already gave it (it may
  // have been given back, or withdrawn in the browser, since this page loaded).
  const access = pageAccess($('detect-numbers').checked);
  if (!await access) {
    $('detect-numbers').checked = false;
    status.className = 'error';
    status.textContent = t('detection_needs_access');
    return;
  }
  const reply = await ask('saveSettings', {
    settings: {
      version: settings.version,
      default_region: $('default-region').value,
      default_platform: $('default-platform').value,
      my_number: $('my-number').value,
      whatsapp_target: $('whatsapp-target').value,
      detect_numbers: $('detect-numbers').checked,
      excluded_sites: $('excluded-sites').value.split('\n'),
      open_scheduled_directly: $('open-directly').checked,
      keep_history: $('keep-history').checked,
      campaign_move_on: $('campaign-move-on').value,
    },
  });
  status.className = reply.ok ? '' : 'error';
  if (reply.ok) {
    Object.assign(settings, reply.value); // files read from now on use the saved region
    $('my-number').value = reply.value.my_number;
    $('excluded-sites').value = reply.value.excluded_sites.join('\n');
    status.textContent = t('settings_saved');
  } else {
    status.textContent = reply.message;
    if (reply.field === 'my_number') $('my-number').focus();
    if (reply.field === 'excluded_sites') $('excluded-sites').focus();
  }
});
// ---- Templates: one synced item each, checked by the core.
let templates = (await ask('templates')).value;

function renderTemplates() {
  $('templates-empty').hidden = templates.length > 0;
  $('template-list').replaceChildren(...templates.map((tpl) => {
    const li = document.createElement('li');
    const title = document.createElement('strong');
    title.textContent = tpl.title;
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = t('edit');
    edit.setAttribute('aria-label', t({ key: 'edit_template_label', args: [tpl.title] }));
    edit.addEventListener('click', () => {
      $('template-id').value = tpl.id;
      $('template-title').value = tpl.title;
      $('template-body').value = tpl.body;
    });
    const del = document.createElement('button');
    del.type = 'button';
    del.textContent = t('delete');
    del.setAttribute('aria-label', t({ key: 'delete_template_label', args: [tpl.title] }));
    del.addEventListener('click', async () => {
      await ask('deleteTemplate', { id: tpl.id });
      templates = (await ask('templates')).value;
      renderTemplates();
    });
    const body = document.createElement('span');
    body.className = 'detail';
    body.textContent = tpl.body;
    li.append(title, edit, del, body);
    return li;
  }));
}

$('template-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const reply = await ask('saveTemplate', { template: { id: $('template-id').value, title: $('template-title').value, body: $('template-body').value } });
  $('template-status').className = reply.ok ? '' : 'error';
  if (!reply.ok) { $('template-status').textContent = reply.message; return; }
  $('template-status').textContent = t({ key: 'template_saved', args: [reply.value.title] });
  for (const id of ['template-id', 'template-title', 'template-body']) $(id).value = '';
  templates = (await ask('templates')).value;
  renderTemplates();
});
renderTemplates();

// ---- Contacts: the worker stores them; the core normalises, searches and merges.
const loaded = (await ask('contacts')).value;
let contacts = loaded.contacts;
/** Each contact's numbers as shown (the core formats them). @type {string[][]} */
let shown = loaded.shown;
let book = new core.AddressBook(contacts);
if (loaded.unreadable) contactStatus(t({ key: 'contacts_unreadable', count: loaded.unreadable, args: [String(loaded.unreadable)] }), true);
if (state.value.schema_error) { $('schema-status').hidden = false; $('schema-status').textContent = t(state.value.schema_error); }
let lastDeleted = null;
let tagInfo = (await ask('tags')).value;

/** Reloads contacts and tags from the worker and rebuilds the search index. */
async function reloadContacts() {
  ({ contacts, shown } = (await ask('contacts')).value);
  book.free();
  book = new core.AddressBook(contacts);
  tagInfo = (await ask('tags')).value;
  renderTags();
}

function contactStatus(text, isError = false, undo = false) {
  $('contact-status-text').textContent = text;
  $('contact-status').className = isError ? 'error' : '';
  $('undo').hidden = !undo;
  $('delete-reminders-too').hidden = true;
  $('keep-reminders').hidden = true;
}

/** Deletes a contact; when it has reminders the worker asks first what to do with them. */
async function deleteContact(c, reminders) {
  const reply = await ask('deleteContact', { id: c.id, reminders });
  if (reply.code === 'has_reminders') {
    contactStatus(reply.message);
    $('delete-reminders-too').hidden = false;
    $('keep-reminders').hidden = false;
    $('delete-reminders-too').onclick = () => deleteContact(c, 'delete');
    $('keep-reminders').onclick = () => deleteContact(c, 'keep');
    return;
  }
  if (!reply.ok) { contactStatus(reply.message, true); return; }
  lastDeleted = reply.value.contact;
  await reloadContacts();
  contactStatus(t(reply.value.msg), false, true);
  renderContacts();
}

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function chip(name) {
  const span = document.createElement('span');
  const colour = tagInfo.tags.find((x) => x.name.toLowerCase() === name.toLowerCase())?.colour ?? 'grey';
  span.className = `chip tag-${colour}`;
  span.textContent = name;
  return span;
}

function renderContacts() {
  const order = [...book.search($('contact-search').value, $('tag-filter').value || undefined, $('contact-sort').value).value];
  $('contact-list').replaceChildren(...order.map((i) => {
    const c = contacts[i];
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = c.display_name;
    const detail = document.createElement('span');
    detail.className = 'detail';
    for (const [j, n] of c.numbers.entries()) {
      const span = document.createElement('span');
      span.textContent = `${n.label === 'mobile' ? '' : `${n.label}: `}${shown[i][j]}  `;
      if (!n.e164) { span.className = 'flag'; span.title = t('not_valid_number'); span.textContent = `${t({ key: 'number_not_valid', args: [n.raw] })}  `; }
      detail.append(span);
    }
    detail.append(...c.tags.map(chip));
    const del = button(t('delete'), t({ key: 'delete_label', args: [c.display_name] }), () => deleteContact(c));
    li.append(name, button(t('edit'), t({ key: 'edit_contact_label', args: [c.display_name] }), () => fillForm(c)), del, detail);
    return li;
  }));
  $('contacts-empty').hidden = contacts.length > 0;
  renderDuplicates();
}

/** Contacts sharing a number, each group with a Merge button (the core merges; nothing is lost). */
function renderDuplicates() {
  const groups = core.duplicateGroups(contacts).value;
  $('duplicates').hidden = groups.length === 0;
  $('duplicate-list').replaceChildren(...groups.map((group) => {
    const li = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = `${t(group.msg)} `;
    li.append(text, button(t('merge'), t(group.merge_label), async () => {
      const reply = await ask('mergeContacts', { ids: group.indices.map((i) => contacts[i].id) });
      if (!reply.ok) { contactStatus(reply.message, true); return; }
      await reloadContacts();
      contactStatus(t({ key: 'merged_into', args: [reply.value.display_name] }));
      renderContacts();
    }));
    return li;
  }));
}

const FORM_FIELDS = {
  display_name: 'display-name', first_name: 'first-name', last_name: 'last-name', numbers: 'contact-numbers',
  emails: 'contact-emails', company: 'contact-company', position: 'contact-position', city: 'contact-city',
  country: 'contact-country', usernames: 'contact-usernames', tags: 'contact-tags', notes: 'contact-notes',
};

/** The contact's version as the form was filled (the core's `base_updated`). */
let formBase = null;

/** Shows a contact in the form (the core writes its text), or empties it. */
function fillForm(c) {
  const form = c ? core.contactForm(c).value : {};
  formBase = form.base_updated ?? null;
  $('contact-form-title').textContent = c ? t({ key: 'edit_contact_label', args: [c.display_name] }) : t('options_contact_form_title');
  $('contact-id').value = c?.id ?? '';
  for (const [key, id] of Object.entries(FORM_FIELDS)) $(id).value = form[key] ?? '';
}

$('contact-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  /** @type {Record<string, any>} */
  const form = { id: $('contact-id').value, base_updated: formBase };
  for (const [key, id] of Object.entries(FORM_FIELDS)) form[key] = $(id).value;
  let reply = await ask('saveContactForm', { form });
  if (!reply.ok && reply.code === 'conflict') {
    // Changed elsewhere meanwhile: the user keeps their version, or sees the other one.
    const keep = await confirmDialog({ title: t('contact_conflict_title'), text: reply.message, yes: t('contact_keep_mine') });
    if (!keep) {
      await reloadContacts();
      fillForm(contacts.find((c) => c.id === form.id) ?? null);
      renderContacts();
      return;
    }
    reply = await ask('saveContactForm', { form: { ...form, overwrite: true } });
  }
  if (!reply.ok) { contactStatus(reply.message, true); return; }
  await reloadContacts();
  contactStatus(t({ key: 'contact_saved', args: [reply.value.display_name] }));
  fillForm(null);
  renderContacts();
});
$('new-contact').addEventListener('click', () => fillForm(null));
for (const id of ['contact-search', 'tag-filter', 'contact-sort']) $(id).addEventListener(id === 'contact-search' ? 'input' : 'change', renderContacts);
$('undo').addEventListener('click', async () => {
  if (!lastDeleted) return;
  const reply = await ask('saveContact', { contact: lastDeleted });
  if (!reply.ok) { contactStatus(reply.message, true); return; }
  await reloadContacts();
  contactStatus(t({ key: 'contact_restored', args: [reply.value.display_name] }));
  lastDeleted = null;
  renderContacts();
});

// ---- Tags: the registry is synced; renaming and deleting change every contact (in the worker).
function tagStatus(text, isError = false) {
  $('tag-status').textContent = text;
  $('tag-status').className = isError ? 'error' : '';
}

async function changeTag(change) {
  const reply = await ask('tagChange', { change });
  if (!reply.ok) { tagStatus(reply.message, true); return false; }
  await reloadContacts();
  renderContacts();
  tagStatus(t(reply.value.msg));
  return true;
}

function colourSelect(selected) {
  const select = document.createElement('select');
  select.replaceChildren(...tagInfo.colours.map((c) => new Option(c, c, false, c === selected)));
  return select;
}

function renderTags() {
  const filter = $('tag-filter').value;
  $('tag-filter').replaceChildren(new Option(t('options_tag_filter_none'), ''), ...tagInfo.tags.map((tag) => new Option(t({ key: 'tag_with_count', args: [tag.name, String(tag.count)] }), tag.name, false, tag.name === filter)));
  $('new-tag-colour').replaceChildren(...colourSelect('blue').children);
  $('tags-empty').hidden = tagInfo.tags.length > 0;
  $('tag-list').replaceChildren(...tagInfo.tags.map((tag) => {
    const li = document.createElement('li');
    const count = document.createElement('span');
    count.textContent = t({ key: 'n_contacts', count: tag.count, args: [String(tag.count)] });
    const colour = colourSelect(tag.colour);
    colour.setAttribute('aria-label', t({ key: 'tag_colour_label', args: [tag.name] }));
    colour.addEventListener('change', () => changeTag({ op: 'colour', name: tag.name, colour: colour.value }));
    const rename = document.createElement('input');
    rename.value = tag.name;
    rename.maxLength = 40;
    rename.setAttribute('aria-label', t({ key: 'tag_new_name_label', args: [tag.name] }));
    const renameButton = button(t('rename'), t({ key: 'tag_rename_label', args: [tag.name] }), () => changeTag({ op: 'rename', name: tag.name, to: rename.value }));
    const del = button(t('delete'), t({ key: 'tag_delete_label', args: [tag.name] }), () => changeTag({ op: 'delete', name: tag.name }));
    li.append(chip(tag.name), count, rename, renameButton, colour, del);
    return li;
  }));
}

$('tag-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('new-tag').value;
  if (await changeTag({ op: 'create', name, colour: $('new-tag-colour').value })) $('new-tag').value = '';
});

renderTags();
renderContacts();


// ---- Data: import (the core reads the file and previews it; the worker applies it in one
// write), export, backup and restore.
// Usage: the counters (on this device only, kept in backups) as text, a table and small
// charts; Reset; and "Help improve Contakt", whose switch asks the browser for access to the
// telemetry server when turned on.
const SVG = 'http://www.w3.org/2000/svg';
/**
 * A small horizontal bar chart, readable without colour: every bar has its name and number
 * written beside it; the same words are its accessible name.
 * @param {string} title @param {[string, number][]} rows
 */
function barChart(title, rows) {
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const svg = document.createElementNS(SVG, 'svg');
  const height = rows.length * 24;
  svg.setAttribute('viewBox', `0 0 400 ${height}`);
  svg.setAttribute('width', '400');
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: ${rows.map(([name, n]) => `${name} ${formatNumber(n)}`).join(', ')}`);
  rows.forEach(([name, n], i) => {
    const y = i * 24;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 16));
    label.textContent = name;
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', '170');
    bar.setAttribute('y', String(y + 5));
    bar.setAttribute('height', '14');
    bar.setAttribute('width', String(Math.max(1, Math.round((n / max) * 170))));
    bar.setAttribute('class', 'bar');
    const value = document.createElementNS(SVG, 'text');
    value.setAttribute('x', String(176 + Math.round((n / max) * 170)));
    value.setAttribute('y', String(y + 16));
    value.textContent = formatNumber(n);
    svg.append(label, bar, value);
  });
  figure.append(caption, svg);
  return figure;
}

/** @param {any} value the core's usage view */
function showUsage(value) {
  const c = value.counters;
  const names = new Map(core.platforms().value.map((p) => [p.id, p.name]));
  const rows = Object.entries(c.by_platform).sort((a, b) => b[1] - a[1]);
  const parts = rows.map(([id, n]) => `${names.get(id) ?? id} ${formatNumber(n)}`);
  $('usage-summary').textContent = c.sent
    ? t({ key: 'usage_sent', count: c.sent, args: [formatNumber(c.sent), parts.join(', ')] })
    : t('usage_none');
  $('usage-rows').replaceChildren(...rows.map(([id, n]) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = names.get(id) ?? id;
    const count = document.createElement('td');
    count.textContent = formatNumber(n);
    tr.append(name, count);
    return tr;
  }));
  $('usage-table').hidden = rows.length === 0;
  const presets = new Map(value.presets.map((p) => [p.id, t(p.label)]));
  presets.set('custom', t('usage_preset_custom'));
  /** @type {[string, number][]} */
  const reminders = Object.entries(c.reminders).sort((a, b) => b[1] - a[1]).map(([id, n]) => [presets.get(id) ?? id, n]);
  /** @type {[string, number][]} */
  const other = [[t('usage_scheduled'), c.scheduled], [t('usage_templates'), c.templates_used], [t('usage_contacts_added'), c.contacts_added], [t('usage_imports'), c.imports]];
  $('usage-charts').replaceChildren(
    ...(rows.length ? [barChart(t('options_usage_table_caption'), rows.map(([id, n]) => [names.get(id) ?? id, n]))] : []),
    ...(reminders.length ? [barChart(t('usage_chart_reminders'), reminders)] : []),
    barChart(t('usage_chart_other'), other),
  );
  $('telemetry').checked = value.telemetry.on;
}
ask('counters').then(({ value }) => showUsage(value));

$('usage-reset').addEventListener('click', async () => {
  const yes = await confirmDialog({ title: t('confirm_usage_reset_title'), text: t('confirm_usage_reset_text'), yes: t('options_usage_reset') });
  if (!yes) return;
  const reply = await ask('resetUsage');
  if (!reply.ok) { $('usage-status').textContent = reply.message; return; }
  showUsage(reply.value);
  $('usage-status').textContent = t('usage_reset_done');
});

$('telemetry').addEventListener('change', async (/** @type {Event} */ e) => {
  const box = /** @type {HTMLInputElement} */ (e.target);
  const on = box.checked;
  if (!await telemetryAccess(on)) {
    box.checked = false;
    $('usage-status').textContent = t('telemetry_needs_access');
    return;
  }
  const reply = await ask('setTelemetry', { on });
  if (!reply.ok) { box.checked = !on; $('usage-status').textContent = reply.message; return; }
  showUsage(reply.value);
  $('usage-status').textContent = on ? t('telemetry_on') : t('telemetry_off');
});

/** A backup was made in this visit (the erase question says so, or warns it was not). */
let backedUp = false;

function dataStatus(text, isError = false) {
  $('data-status').textContent = text;
  $('data-status').className = isError ? 'error' : '';
}

/** A file's bytes as base64, for a message to the worker (messages carry JSON). */
function base64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** @param {string} name @param {string} text @param {string} type */
function download(name, text, type) {
  saveFile(name, new Blob([text], { type }));
}

let pending = null; // { bytes, mapping, people, kind }

/** The preview being read (in its own worker), and how to cancel it. */
let reading = null;

/**
 * The file module's work in a dedicated worker (`preview-worker.js`), off this page's main
 * thread: a large file's reading, Argon2id's key derivation. `answer` resolves with its
 * envelope; `cancel` ends the worker (`answer` resolves null).
 * @param {any} message
 * @returns {{ answer: Promise<any>, cancel: () => void }}
 */
function offThread(message) {
  const worker = new Worker(new URL('./preview-worker.js', import.meta.url), { type: 'module' });
  /** @type {() => void} */
  let cancel = () => {};
  const answer = new Promise((resolve) => {
    const done = (/** @type {any} */ value) => { worker.terminate(); resolve(value); };
    cancel = () => done(null);
    worker.onmessage = (e) => done(e.data);
    const failed = (/** @type {string} */ why) => done({ ok: false, code: 'internal', msg: { key: 'internal_error', args: [why] } });
    // (The browser's own words, or the event's name: no sentence of ours here.)
    worker.onerror = (e) => failed(String(e.message ?? e.type));
    worker.onmessageerror = (e) => failed(e.type);
    worker.postMessage(message);
  });
  return { answer, cancel };
}

/** A file read by the file module off this thread, as the import preview reads it. @param {Uint8Array} bytes @param {any[]} stored @param {any} mapping */
const readFile = (bytes, stored, mapping) => offThread({ op: 'preview', bytes, stored, region: settings.default_region, mapping });

/**
 * The preview of `pending`, read off this page's main thread: after a moment a progress line
 * with Cancel shows; Cancel ends the reading (resolves null).
 * @returns {Promise<any>}
 */
async function previewOffThread(stored) {
  reading?.cancel();
  const job = readFile(pending.bytes, stored, pending.mapping);
  reading = job;
  const shown = setTimeout(() => { $('import-progress').hidden = false; }, 300);
  const value = await job.answer;
  clearTimeout(shown);
  if (reading === job) { reading = null; $('import-progress').hidden = true; }
  return value;
}
/** Nothing is imported: the reading ends, the preview goes. */
function cancelImport() {
  reading?.cancel();
  pending = null;
  $('import-preview').hidden = true;
  $('import-file').value = '';
  dataStatus(t('import_cancelled'));
}
$('import-stop').addEventListener('click', () => { cancelImport(); $('import-file').focus(); });

async function showPreview() {
  // The file this preview is for: a preview whose file was cancelled or replaced meanwhile
  // changes nothing.
  const mine = pending;
  const stored = (await ask('contacts')).value.contacts;
  if (pending !== mine) return;
  const read = await previewOffThread(stored);
  if (read === null || pending !== mine) return; // cancelled, or another file chosen
  const preview = said(read);
  if (!preview.ok) {
    // Too large, or not text: said at once, nothing to import.
    pending = null;
    $('import-preview').hidden = true;
    dataStatus(preview.message, true);
    $('import-file').focus();
    return;
  }
  const p = preview.value;
  pending.mapping = p.table?.mapping ?? null;
  pending.people = p.people;
  pending.kind = p.format;
  $('import-preview').hidden = false;
  $('import-summary').textContent = `${t(p.summary)}.`;
  $('import-apply').disabled = p.total === 0;
  // CSV: the column mapping, one select per column.
  $('import-mapping').hidden = !p.columns;
  if (p.columns) {
    $('mapping-list').replaceChildren(...p.columns.map((column, i) => {
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = t(column.msg);
      const select = document.createElement('select');
      select.setAttribute('aria-label', t(column.label));
      select.replaceChildren(...p.fields.map((f) => new Option(t(f.label), f.id, false, f.id === column.field)));
      select.addEventListener('change', () => {
        pending.mapping[i] = p.fields.find((f) => f.id === select.value).value;
        // The people to import are read again with this mapping: Import waits for them.
        pending.people = null;
        $('import-apply').disabled = true;
        showPreview();
      });
      li.append(text, select);
      return li;
    }));
  }
  $('import-matches').replaceChildren(...p.matches.map((m) => {
    const li = document.createElement('li');
    const text = document.createElement('span');
    text.textContent = t(m.msg);
    const select = document.createElement('select');
    select.dataset.index = m.index;
    select.setAttribute('aria-label', t(m.label));
    select.replaceChildren(new Option(t('choice_as_above'), ''), new Option(t('merge'), 'merge'), new Option(t('choice_skip'), 'skip'), new Option(t('choice_replace'), 'replace'), new Option(t('choice_keep_both'), 'keep_both'));
    li.append(text, select);
    return li;
  }));
  $('import-issues').hidden = !p.has_issues;
  $('import-issues-summary').textContent = t(p.issue_summary);
  $('import-issue-list').replaceChildren(...p.issues.map((m) => { const li = document.createElement('li'); li.textContent = t(m); return li; }));
  dataStatus('');
}

/**
 * Asks the worker for a long write of the user's (a restore, an import), with Stop beside the
 * status while it runs: the worker then makes none of it unless it has begun to commit.
 * @param {'importContacts' | 'restoreBackup'} type @param {any} payload
 */
async function stoppable(type, payload) {
  const ticket = crypto.randomUUID();
  const stop = $('data-stop');
  stop.hidden = false;
  stop.onclick = () => { stop.disabled = true; ask('cancel', { ticket }); };
  try {
    return await ask(type, { ...payload, ticket });
  } finally {
    stop.hidden = true;
    stop.disabled = false;
    stop.onclick = null;
  }
}

$('import-file').addEventListener('change', async () => {
  const file = $('import-file').files[0];
  if (!file) return;
  pending = { bytes: new Uint8Array(await file.arrayBuffer()), mapping: null };
  await showPreview();
});
$('import-cancel').addEventListener('click', cancelImport);
$('import-apply').addEventListener('click', async () => {
  if (!pending?.people || importing) return;
  importing = true;
  try { await importPending(); } finally { importing = false; }
});
/** One import at a time: a double click imports once. */
let importing = false;
async function importPending() {
  const overrides = [...$('import-matches').querySelectorAll('select')].filter((s) => s.value).map((s) => /** @type {[number, string]} */ ([Number(s.dataset.index), s.value]));
  dataStatus(t('importing'));
  // The worker holds no file reader: it gets the people the preview read (in this page's file
  // module; the preview refused people too many for one message).
  const reply = await stoppable('importContacts', { people: pending.people, kind: pending.kind, choice: $('import-choice').value, overrides });
  if (!reply.ok) { dataStatus(reply.message, true); return; }
  pending = null;
  $('import-preview').hidden = true;
  $('import-file').value = '';
  await reloadContacts();
  renderContacts();
  dataStatus(t(reply.value.msg));
}

/** @type {[string, (files: typeof import('./pkg/contakt_files.js'), c: any[]) => any, string, string][]} */
const EXPORTS = [
  ['export-vcf4', (files, c) => files.exportVcard(c, '4.0'), 'contakt-contacts.vcf', 'text/vcard'],
  ['export-vcf3', (files, c) => files.exportVcard(c, '3.0'), 'contakt-contacts.vcf', 'text/vcard'],
  ['export-csv', (files, c) => files.exportCsv(c), 'contakt-contacts.csv', 'text/csv'],
];
for (const [id, make, name, type] of EXPORTS) {
  $(id).addEventListener('click', async () => {
    const [files, contacts] = await Promise.all([fileModule(), ask('contacts')]);
    if (!files) return; // said
    const stored = contacts.value.contacts;
    download(name, make(files, stored).value, type);
    dataStatus(t({ key: 'exported', count: stored.length, args: [String(stored.length)] }));
  });
}

$('download-backup').addEventListener('click', async () => {
  dataStatus($('backup-passphrase').value ? t('backup_encrypting') : t('backup_making'));
  const passphrase = $('backup-passphrase').value;
  const made = await ask('backup');
  // The service worker gives the backup as JSON text; the file module encrypts it.
  const reply = made.ok && passphrase ? said(await offThread({ op: 'encrypt', text: made.value, passphrase }).answer) : made;
  if (!reply.ok) { dataStatus(reply.message, true); $('backup-passphrase').focus(); return; }
  const day = new Date().toISOString().slice(0, 10);
  download(`contakt-backup-${day}.json`, reply.value, 'application/json');
  backedUp = true;
  dataStatus($('backup-passphrase').value ? t('backup_saved_encrypted') : t('backup_saved'));
});
// Erase everything: a backup offered beside it and in the question; then the worker removes
// it all and opens the welcome page, as after a new install.
$('erase-backup').addEventListener('click', () => $('download-backup').click());
$('erase-everything').addEventListener('click', async () => {
  const yes = await confirmDialog({
    title: t('confirm_erase_title'), text: backedUp ? t('confirm_erase_text') : t('confirm_erase_text_no_backup'), yes: t('confirm_erase_yes'),
  });
  if (!yes) return;
  const reply = await ask('eraseEverything');
  if (!reply.ok) { dataStatus(reply.message, true); return; }
  dataStatus(t('erased'));
  await reloadContacts();
  renderContacts();
  templates = (await ask('templates')).value;
  renderTemplates();
  ask('counters').then(({ value }) => showUsage(value));
});

// One restore at a time: a double click asks once and restores once.
let restoring = false;
$('restore-backup').addEventListener('click', async () => {
  if (restoring) return;
  restoring = true;
  try { await restoreBackup(); } finally { restoring = false; }
});
async function restoreBackup() {
  const file = $('restore-file').files[0];
  if (!file) { dataStatus(t('restore_choose_file'), true); $('restore-file').focus(); return; }
  // Too large to hand to the worker: said now, before it is read.
  const files = await fileModule();
  if (!files) return; // said
  const fits = said(files.checkBackupSize(file.size));
  if (!fits.ok) { dataStatus(fits.message, true); return; }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const encrypted = files.isEncryptedBackup(bytes).value;
  if (encrypted && !$('backup-passphrase').value) {
    dataStatus(t('restore_needs_passphrase'), true);
    $('backup-passphrase').focus();
    return;
  }
  if ($('restore-mode').value === 'replace') {
    const yes = await confirmDialog({
      title: t('confirm_restore_title'), text: t('confirm_restore_text'), yes: t('options_restore_backup'),
    });
    if (!yes) return;
  }
  dataStatus(t('restoring'));
  // Decrypted here (the worker holds no cipher) when it is encrypted; a wrong passphrase is
  // said before anything is sent.
  let body = bytes;
  if (encrypted) {
    const plain = said(await offThread({ op: 'decrypt', bytes, passphrase: $('backup-passphrase').value }).answer);
    if (!plain.ok) { dataStatus(plain.message, true); $('backup-passphrase').focus(); return; }
    body = new TextEncoder().encode(plain.value);
  }
  const reply = await stoppable('restoreBackup', { file: base64(body), mode: $('restore-mode').value });
  if (!reply.ok) { dataStatus(reply.message, true); return; }
  dataStatus(t(reply.value.msg));
  await reloadContacts();
  renderContacts();
  templates = (await ask('templates')).value;
  renderTemplates();
}

// A number a web page asked to save: shown in a new contact's form with where it came from;
// nothing is saved until the user presses Save.
async function takePageSave() {
  const waiting = await ask('takePageSave');
  if (!waiting.ok || !waiting.value) return;
  fillForm(null);
  $('contact-numbers').value = waiting.value.number;
  contactStatus(t(waiting.value.msg));
  $('first-name').focus();
}
await takePageSave();

// ---- Campaigns (extension/campaigns.js): refreshed each time the section is shown.
// The campaign preview uses this page's address book: when the contacts change elsewhere (the
// popup, a menu, another tab), it is read again before the next preview.
let contactsChanged = false;
chrome.storage.onChanged.addListener((changes, area) => { if (area === 'local' && changes.contacts) contactsChanged = true; });
const freshBook = async () => {
  if (contactsChanged) { contactsChanged = false; await reloadContacts(); renderContacts(); }
  return book;
};
const campaignsPage = await setupCampaigns({ core, settings, contacts: () => contacts, book: freshBook, tags: () => tagInfo, templates: () => templates, readFile: (/** @type {Uint8Array} */ bytes) => readFile(bytes, [], null).answer.then(said) });
addEventListener('hashchange', async () => { if (location.hash === '#campaigns') { await freshBook(); campaignsPage.refresh(); } });

document.documentElement.dataset.ready = 'true';
