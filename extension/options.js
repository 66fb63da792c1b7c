// The options page: renders the settings and asks the service worker to save them.
import { ready, ask } from './core.js';
import { countryName, platformSelect } from './ui.js';

const $ = (id) => document.getElementById(id);
const [core, state] = await Promise.all([ready, ask('state')]);
const settings = state.value.settings;

const regions = core.regions()
  .map(([region, code]) => ({ region, label: `${countryName(region)} (+${code})` }))
  .sort((a, b) => a.label.localeCompare(b.label));
$('default-region').replaceChildren(...regions.map((r) =>
  new Option(r.label, r.region, false, r.region === settings.default_region)));
platformSelect($('default-platform'), core.platforms(), settings.default_platform);
$('my-number').value = settings.my_number;
$('whatsapp-target').value = settings.whatsapp_target;
$('detect-numbers').checked = settings.detect_numbers;
$('excluded-sites').value = settings.excluded_sites.join('\n');

$('settings-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const status = $('settings-status');
  const reply = await ask('saveSettings', {
    settings: {
      version: settings.version,
      default_region: $('default-region').value,
      default_platform: $('default-platform').value,
      my_number: $('my-number').value,
      whatsapp_target: $('whatsapp-target').value,
      detect_numbers: $('detect-numbers').checked,
      excluded_sites: $('excluded-sites').value.split('\n'),
    },
  });
  status.className = reply.ok ? '' : 'error';
  if (reply.ok) {
    $('my-number').value = reply.value.my_number;
    $('excluded-sites').value = reply.value.excluded_sites.join('\n');
    status.textContent = 'Settings saved.';
  } else {
    status.textContent = reply.message;
    if (reply.field === 'my_number') $('my-number').focus();
    if (reply.field === 'excluded_sites') $('excluded-sites').focus();
  }
});
// ---- Templates: one synced item each, checked by the core.
let templates = (await ask('templates')).value;

function renderTemplates() {
  $('template-list').replaceChildren(...templates.map((t) => {
    const li = document.createElement('li');
    const title = document.createElement('strong');
    title.textContent = t.title;
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.setAttribute('aria-label', `Edit template ${t.title}`);
    edit.addEventListener('click', () => {
      $('template-id').value = t.id;
      $('template-title').value = t.title;
      $('template-body').value = t.body;
    });
    const del = document.createElement('button');
    del.type = 'button';
    del.textContent = 'Delete';
    del.setAttribute('aria-label', `Delete template ${t.title}`);
    del.addEventListener('click', async () => {
      await ask('deleteTemplate', { id: t.id });
      templates = (await ask('templates')).value;
      renderTemplates();
    });
    const body = document.createElement('span');
    body.className = 'detail';
    body.textContent = t.body;
    li.append(title, edit, del, body);
    return li;
  }));
}

$('template-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const reply = await ask('saveTemplate', { template: { id: $('template-id').value, title: $('template-title').value, body: $('template-body').value } });
  $('template-status').className = reply.ok ? '' : 'error';
  if (!reply.ok) { $('template-status').textContent = reply.message; return; }
  $('template-status').textContent = `Saved template ${reply.value.title}.`;
  for (const id of ['template-id', 'template-title', 'template-body']) $(id).value = '';
  templates = (await ask('templates')).value;
  renderTemplates();
});
renderTemplates();

// ---- Contacts: the worker stores them; the core normalises and searches.
const loaded = (await ask('contacts')).value;
let contacts = loaded.contacts;
let book = new core.AddressBook(contacts);
if (loaded.unreadable) contactStatus(`${loaded.unreadable} stored contacts could not be read and are not shown.`, true);
let lastDeleted = null;

/** Reloads the contacts from the worker and rebuilds the search index. */
async function reloadContacts() {
  contacts = (await ask('contacts')).value.contacts;
  book.free();
  book = new core.AddressBook(contacts);
}

function lines(text) { return text.split('\n').map((l) => l.trim()).filter(Boolean); }

function contactStatus(text, isError = false, undo = false) {
  $('contact-status-text').textContent = text;
  $('contact-status').className = isError ? 'error' : '';
  $('undo').hidden = !undo;
}

function renderContacts() {
  const order = [...book.search($('contact-search').value, undefined)];
  $('contact-list').replaceChildren(...order.map((i) => {
    const c = contacts[i];
    const li = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = c.display_name;
    const detail = document.createElement('span');
    detail.className = 'detail';
    for (const n of c.numbers) {
      const shown = n.e164 ? core.parseNumber(n.e164, settings.default_region) : null;
      const span = document.createElement('span');
      span.textContent = `${shown?.ok ? shown.value.international : n.raw}  `;
      if (!n.e164) { span.className = 'flag'; span.title = 'Not a valid number'; span.textContent = `${n.raw} (not a valid number)  `; }
      detail.append(span);
    }
    if (c.tags.length) detail.append(`· ${c.tags.join(', ')}`);
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'Edit';
    edit.setAttribute('aria-label', `Edit ${c.display_name}`);
    edit.addEventListener('click', () => fillForm(c));
    const del = document.createElement('button');
    del.type = 'button';
    del.textContent = 'Delete';
    del.setAttribute('aria-label', `Delete ${c.display_name}`);
    del.addEventListener('click', async () => {
      const reply = await ask('deleteContact', { id: c.id });
      if (!reply.ok) { contactStatus(reply.message, true); return; }
      lastDeleted = reply.value;
      await reloadContacts();
      contactStatus(`Deleted ${c.display_name}.`, false, true);
      renderContacts();
    });
    li.append(name, edit, del, detail);
    return li;
  }));
  $('contacts-empty').hidden = contacts.length > 0;
}

function fillForm(c) {
  $('contact-form-title').textContent = c ? `Edit ${c.display_name}` : 'New contact';
  $('contact-id').value = c?.id ?? '';
  $('first-name').value = c?.first_name ?? '';
  $('last-name').value = c?.last_name ?? '';
  $('contact-numbers').value = (c?.numbers ?? []).map((n) => n.raw).join('\n');
  $('contact-emails').value = (c?.emails ?? []).join('\n');
  $('contact-company').value = c?.company ?? '';
  $('contact-tags').value = (c?.tags ?? []).join(', ');
  $('contact-notes').value = c?.notes ?? '';
  fillForm.editing = c ?? null;
}

$('contact-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const base = fillForm.editing ?? {};
  const contact = {
    ...base,
    id: $('contact-id').value,
    first_name: $('first-name').value,
    last_name: $('last-name').value,
    display_name: base.display_name && base.display_name !== `${base.first_name} ${base.last_name}`.trim() ? base.display_name : '',
    numbers: lines($('contact-numbers').value).map((raw) => ({ label: base.numbers?.find((n) => n.raw === raw)?.label ?? 'mobile', raw })),
    emails: lines($('contact-emails').value),
    company: $('contact-company').value,
    tags: $('contact-tags').value.split(','),
    notes: $('contact-notes').value,
  };
  const reply = await ask('saveContact', { contact });
  if (!reply.ok) { contactStatus(reply.message, true); return; }
  await reloadContacts();
  contactStatus(`Saved ${reply.value.display_name}.`);
  fillForm(null);
  renderContacts();
});
$('new-contact').addEventListener('click', () => fillForm(null));
$('contact-search').addEventListener('input', renderContacts);
$('undo').addEventListener('click', async () => {
  if (!lastDeleted) return;
  const reply = await ask('saveContact', { contact: lastDeleted });
  if (!reply.ok) { contactStatus(reply.message, true); return; }
  await reloadContacts();
  contactStatus(`Restored ${reply.value.display_name}.`);
  lastDeleted = null;
  renderContacts();
});
renderContacts();

document.documentElement.dataset.ready = 'true';
