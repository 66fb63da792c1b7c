// @ts-check
// The Campaigns section of the options page: renders what the worker (and its core) answer and
// forwards the user's choices. Who is a recipient, each filled message, the next chat, every
// marking and where a campaign resumes are the core's; this file only shows them.
import { ask, said } from './core.js';
import { t, formatNumber, formatTime } from './i18n.js';
import { button, confirmDialog, platformSelect, saveFile } from './ui.js';

/** The element with this id. @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);

/**
 * @param {{ core: any, settings: any, contacts: () => any[], book: () => Promise<any>, tags: () => any, templates: () => any[], readFile: (bytes: Uint8Array) => Promise<any> }} page
 */
export async function setupCampaigns(page) {
  const platforms = page.core.platforms().value;
  const platformName = (/** @type {string} */ id) => platforms.find((/** @type {any} */ p) => p.id === id)?.name ?? id;
  platformSelect($('campaign-platform'), platforms, page.settings.default_platform);
  /** The campaign shown in the run panel. @type {any} */
  let running = null;
  /** A chat is being opened (the button waits for it). */
  let opening = false;
  /** The opt-out list's numbers (for the page's own preview). @type {string[]} */
  let optOutList = [];
  /** The file chosen for the campaign, as the file module reads it (off the main thread): a
   * promise of an envelope, its people and problems or why it cannot be read. @type {Promise<any> | null} */
  let file = null;
  /** Left-out candidates the user includes (the core's keys for them). @type {Set<string>} */
  const include = new Set();

  const status = (/** @type {string} */ text, isError = false) => {
    $('campaign-status').textContent = text;
    $('campaign-status').className = isError ? 'error' : '';
  };

  /** Fills the tag, contact and template choices from what the page has loaded. */
  function fillChoices() {
    const tags = page.tags().tags ?? [];
    const tag = $('campaign-tag').value;
    $('campaign-tag').replaceChildren(...tags.map((/** @type {any} */ x) => new Option(t({ key: 'tag_with_count', args: [x.name, formatNumber(x.count)] }), x.name, false, x.name === tag)));
    // The list changed under the shown preview (the tag is gone): the preview goes too.
    if (tag && $('campaign-tag').value !== tag) changed();
    const chosen = new Set([...$('campaign-contacts').selectedOptions].map((o) => o.value));
    $('campaign-contacts').replaceChildren(...page.contacts().map((c) => new Option(c.display_name, c.id, false, chosen.has(c.id))));
    const tpl = $('campaign-template').value;
    $('campaign-template').replaceChildren($('campaign-template').options[0], ...page.templates().map((x) => new Option(x.title, x.id, false, x.id === tpl)));
  }

  async function renderList() {
    const reply = await ask('campaigns');
    if (!reply.ok) { status(reply.message, true); return; }
    const { campaigns, opt_out: optOut, unreadable } = reply.value;
    optOutList = optOut.map((/** @type {any} */ n) => n.e164);
    $('campaigns-empty').hidden = campaigns.length > 0;
    $('campaigns-unreadable').hidden = !unreadable;
    $('campaigns-unreadable').textContent = unreadable ? t({ key: 'campaigns_unreadable', args: [formatNumber(unreadable)] }) : '';
    $('campaign-list').replaceChildren(...campaigns.map((/** @type {any} */ c) => {
      const li = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = c.name;
      const detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = progressText(c);
      const open = button(t('options_campaign_open'), t({ key: 'campaign_open_label', args: [c.name] }), () => showRun(c.id, true));
      const more = document.createElement('span');
      more.className = 'row';
      more.append(
        button(t('options_campaign_next_round'), t({ key: 'campaign_next_round_label', args: [c.name] }), () => nextRound(c)),
        button(t('options_campaign_export'), t({ key: 'campaign_export_label', args: [c.name] }), () => exportResults(c.id)),
        button(t('delete'), t({ key: 'campaign_delete_label', args: [c.name] }), () => remove(c)),
      );
      li.append(name, open, detail, more);
      return li;
    }));
    $('opt-out-list').replaceChildren(...optOut.map((/** @type {any} */ n) => {
      const li = document.createElement('li');
      const number = document.createElement('span');
      number.textContent = n.international;
      li.append(number, button(t('options_opt_out_remove'), t({ key: 'opt_out_remove_label', args: [n.international] }), async () => {
        const r = await ask('optOut', { numbers: n.e164, remove: true });
        if (!r.ok) { status(r.message, true); return; }
        status(t({ key: 'opt_out_removed', args: [n.international] }));
        renderList();
      }));
      return li;
    }));
  }

  /** "3 of 5 sent · 1 skipped · WhatsApp · Paused", in the core's words. @param {any} c */
  function progressText(c) {
    return c.progress.map((/** @type {any} */ m) => t(m)).join(' · ');
  }

  /**
   * The page of rows shown ("Rows 101–200 of 10,000") and whether there are others.
   * @param {string} prefix @param {{ from: number, to: number, total: number, size: number }} p
   */
  function showPage(prefix, p) {
    $(`${prefix}-pages`).hidden = p.total <= p.size;
    $(`${prefix}-range`).textContent = t({ key: 'page_range', args: [formatNumber(p.from + 1), formatNumber(p.to), formatNumber(p.total)] });
    $(`${prefix}-prev`).disabled = p.from === 0;
    $(prefix === 'run' ? 'run-page-next' : 'preview-next').disabled = p.to >= p.total;
  }


  // ---- The run: one chat at a time.
  /** @param {string} id @param {boolean} focus */
  async function showRun(id, focus, offset = null) {
    const reply = await ask('campaign', { id, offset });
    if (!reply.ok) { status(reply.message, true); return; }
    renderRun(reply.value);
    if (focus) $('run-title').focus();
  }

  /** @param {any} c */
  function renderRun(c) {
    running = c;
    $('campaign-run').hidden = false;
    $('run-title').textContent = c.name;
    $('run-progress').textContent = progressText(c);
    $('run-pace').textContent = t(c.pace);
    $('run-pace').className = c.fast ? 'error' : 'help';
    const current = c.current;
    $('run-current').hidden = !current || current.status !== 'opened';
    if (current) {
      $('run-who').textContent = t({ key: 'campaign_current', args: [current.name, current.number] });
      $('run-text').textContent = current.text;
    }
    $('run-next').disabled = c.next === null;
    $('run-next').textContent = c.next === null ? t('options_run_all_done') : t('options_run_next');
    $('run-pause').textContent = c.state === 'paused' ? t('options_run_resume') : t('options_run_pause');
    $('run-pause').hidden = c.state === 'done';
    // The rows around the current one, as the core gives them (the results' CSV has them all).
    $('run-recipients').replaceChildren(...c.recipients.map((/** @type {any} */ r) => {
      const li = document.createElement('li');
      const who = document.createElement('span');
      who.textContent = `${r.name} · ${r.number}`;
      const state = document.createElement('span');
      state.className = `detail status-${r.status}`;
      state.textContent = t(r.label);
      li.append(who);
      if (r.status !== 'pending') {
        li.append(button(t('options_run_reopen'), t({ key: 'campaign_reopen_label', args: [r.name] }), () => open(r.index)));
        li.append(button(t('options_run_requeue'), t({ key: 'campaign_requeue_label', args: [r.name] }), () => mark(r.index, 'pending')));
      }
      li.append(state);
      return li;
    }));
    showPage('run', c.page);
  }

  /** Opens the next chat (or recipient `index`'s again). @param {number} [index] */
  async function open(index) {
    if (!running || opening) return;
    // One chat at a time: a second click while this one opens does nothing.
    opening = true;
    $('run-next').disabled = true;
    const id = running.id;
    const reply = await ask('campaignOpen', index === undefined ? { id } : { id, index }).finally(() => { opening = false; });
    if (!reply.ok) { status(reply.message, true); await showRun(id, false); return; }
    const { plan, campaign, skipped } = reply.value;
    if (!plan) {
      // No one was left to open (those left had opted out since): said, and saved.
      renderRun(campaign);
      renderList();
      status([t('campaign_no_one_left'), skipped ? t(skipped) : ''].filter(Boolean).join(' '));
      return;
    }
    // What the link cannot carry goes on the clipboard, as in the popup.
    if (plan.link.clipboard) await navigator.clipboard.writeText(plan.link.clipboard).catch(() => {});
    renderRun(campaign);
    renderList();
    const args = [platformName(plan.link.platform), plan.number.international];
    const said = [!plan.link.url ? t(plan.link.notice) : plan.link.clipboard ? t({ key: 'sent_copied', args }) : t({ key: 'sent_opened', args })];
    if (skipped) said.push(t(skipped));
    status(said.join(' '));
    $('run-sent').focus();
  }

  /** @param {number} index @param {'sent' | 'skipped' | 'failed' | 'pending'} to @param {string} [reason] */
  async function mark(index, to, reason = '') {
    if (!running) return;
    const { id, page: shown } = running;
    const name = running.recipients.find((/** @type {any} */ x) => x.index === index)?.name ?? running.current?.name ?? '';
    const reply = await ask('campaignMark', { id, index, status: to, reason });
    if (!reply.ok) {
      status(reply.message, true);
      if (reply.field === 'reason') $('run-reason').focus();
      return;
    }
    // The page the user was on stays (a mark from another page than the current one's).
    const here = reply.value.recipients.some((/** @type {any} */ x) => x.index === index);
    if (here) renderRun(reply.value); else await showRun(id, false, shown.from);
    renderList();
    const r = (here ? reply.value : running).recipients.find((/** @type {any} */ x) => x.index === index);
    if (r) status(t({ key: 'campaign_marked', args: [name || r.name, t(r.label)] }));
    $('run-reason').value = '';
    if (to !== 'pending') $('run-next').focus();
  }

  $('run-next').addEventListener('click', () => open());
  $('run-prev').addEventListener('click', () => showRun(running.id, false, Math.max(0, running.page.from - running.page.size)));
  $('run-page-next').addEventListener('click', () => showRun(running.id, false, running.page.to));
  $('run-sent').addEventListener('click', () => mark(running.current.index, 'sent'));
  $('run-skipped').addEventListener('click', () => mark(running.current.index, 'skipped'));
  $('run-failed').addEventListener('click', () => mark(running.current.index, 'failed', $('run-reason').value));
  $('run-pause').addEventListener('click', async () => {
    const reply = await ask('campaignPause', { id: running.id, paused: running.state !== 'paused' });
    if (!reply.ok) { status(reply.message, true); return; }
    renderRun(reply.value);
    status(reply.value.state === 'paused' ? t('campaign_paused') : t('campaign_resumed'));
    renderList();
  });
  $('run-later-set').addEventListener('click', async () => {
    const at = $('run-later').value ? new Date($('run-later').value).getTime() : NaN;
    if (!Number.isFinite(at)) { status(t('campaign_later_choose'), true); $('run-later').focus(); return; }
    const reply = await ask('campaignPause', { id: running.id, paused: true, later: at });
    if (!reply.ok) { status(reply.message, true); $('run-later').focus(); return; }
    renderRun(reply.value);
    status(t({ key: 'campaign_later_set', args: [formatTime(at)] }));
    renderList();
  });
  $('run-close').addEventListener('click', () => {
    $('campaign-run').hidden = true;
    running = null;
    renderList();
    $('campaigns-title').focus();
  });

  async function nextRound(/** @type {any} */ c) {
    const reply = await ask('nextRound', { id: c.id, name: t({ key: 'campaign_next_round_name', args: [c.name] }) });
    if (!reply.ok) { status(reply.message, true); return; }
    status(t({ key: 'campaign_created', args: [reply.value.name, formatNumber(reply.value.counts.total)] }));
    await renderList();
  }

  async function exportResults(/** @type {string} */ id) {
    const reply = await ask('exportCampaign', { id });
    if (!reply.ok) { status(reply.message, true); return; }
    saveFile(`${reply.value.name.replace(/[\\/:*?"<>|]+/g, '_')}.csv`, new Blob([reply.value.csv], { type: 'text/csv' }));
    status(t('campaign_exported'));
  }

  async function remove(/** @type {any} */ c) {
    const yes = await confirmDialog({ title: t('confirm_delete_campaign_title'), text: t({ key: 'confirm_delete_campaign_text', args: [c.name] }), yes: t('delete') });
    if (!yes) return;
    const reply = await ask('deleteCampaign', { id: c.id });
    if (!reply.ok) { status(reply.message, true); return; }
    if (running?.id === c.id) { $('campaign-run').hidden = true; running = null; }
    status(t({ key: 'campaign_deleted', args: [c.name] }));
    await renderList();
    $('campaigns-title').focus();
  }

  // ---- A new campaign: the draft, its preview (the core's), then Create.
  /** @param {any} [read] the chosen file as read (see `fileRead`) */
  function draft(read) {
    const kind = document.querySelector('input[name="campaign-source"]:checked')?.getAttribute('value');
    /** @type {import('./protocol').CampaignDraft['source']} */
    const source = kind === 'tag' ? { kind: 'tag', tag: $('campaign-tag').value }
      : kind === 'contacts' ? { kind: 'contacts', ids: [...$('campaign-contacts').selectedOptions].map((o) => o.value) }
      : kind === 'file' && read?.ok ? { kind: 'file', people: read.value.people } : { kind: 'none' };
    return {
      name: $('campaign-name').value, platform: $('campaign-platform').value, body: $('campaign-body').value,
      template: $('campaign-template').value || null, source, include: [...include],
      date: new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: 'long' }).format(new Date()),
    };
  }

  /**
   * The core's preview of a draft. People from the address book are previewed here, against
   * the page's own copy of it (parsed once for its search): the worker would read and parse
   * every contact again at each look. A file's people are read by the worker. Create works it
   * all out again from what is stored.
   * @param {import('./protocol').CampaignDraft} d @param {number} offset
   */
  async function previewOf(d, offset) {
    if (d.source.kind === 'file' || d.source.kind === 'none') return ask('campaignPreview', { draft: d, offset });
    const view = await ask('view');
    if (!view.ok) return view;
    const sync = { settings: view.value.settings, ...Object.fromEntries(page.templates().map((x) => [`template:${x.id}`, x])) };
    const book = await page.book();
    return said(book.campaignPreview(d, offset, optOutList, sync, navigator.language || chrome.i18n.getUILanguage()));
  }

  /** The preview's page shown (its first row), and the core's page size. */
  let previewFrom = 0;
  let PAGE = 100;

  /** @param {string} [focusKey] the Include box to give the focus back to after the update */
  async function preview(focusKey) {
    const read = await fileRead();
    const d = draft(read);
    // A file that cannot be read is said at once (with the focus on it).
    const reply = read && !read.ok ? read : await previewOf(d, previewFrom);
    if (!reply.ok) {
      $('campaign-preview-out').hidden = true;
      status(reply.message, true);
      const field = { body: 'campaign-body', template: 'campaign-template', source: 'campaign-tag', file: 'campaign-file' }[reply.field ?? ''];
      if (field) $(field).focus();
      return false;
    }
    const p = reply.value;
    status('');
    $('campaign-preview-out').hidden = false;
    $('campaign-preview-summary').textContent = t(p.msg);
    // What could not be read in a file (rows, cards) is said by the file module's reading.
    const problems = [...(d.source.kind === 'file' ? read.value.problems : []), ...p.problems];
    $('campaign-preview-problems').hidden = problems.length === 0;
    $('campaign-preview-problems').replaceChildren(...problems.map((/** @type {any} */ m) => {
      const li = document.createElement('li');
      li.textContent = t(m);
      return li;
    }));
    previewFrom = p.page.from;
    PAGE = p.page.size;
    showPage('preview', p.page);
    // Those left out first (each with why and, when allowed, Include), then the recipients:
    // the core's window of them.
    $('campaign-preview-rows').replaceChildren(...p.rows.map((/** @type {any} */ r) => {
      const tr = document.createElement('tr');
      for (const text of [r.name, r.number, r.text]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      const why = document.createElement('td');
      why.textContent = r.why.map((/** @type {any} */ w) => t(w.msg)).join(' ');
      if (r.why.length && r.why.every((/** @type {any} */ w) => w.includable)) {
        const label = document.createElement('label');
        label.className = 'check';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = r.included;
        box.dataset.key = r.key;
        box.addEventListener('change', () => {
          if (box.checked) include.add(r.key); else include.delete(r.key);
          preview(r.key);
        });
        label.append(box, ' ', t({ key: 'campaign_include', args: [r.name || r.number] }));
        why.append(document.createElement('br'), label);
      }
      tr.append(why);
      return tr;
    }));
    if (focusKey) [...$('campaign-preview-rows').querySelectorAll('input[type="checkbox"]')].find((b) => b.dataset.key === focusKey)?.focus();
    return true;
  }

  /** The chosen file as read, when the file source is chosen (else null); while it is being
   * read, the status says so. A file chosen meanwhile is waited for instead. */
  async function fileRead() {
    for (;;) {
      const reading = $('source-file').checked ? file : null;
      if (!reading) return null;
      const slow = setTimeout(() => status(t('import_reading')), 300);
      const read = await reading;
      clearTimeout(slow);
      if (reading === file) return read;
    }
  }
  function changed() { include.clear(); previewFrom = 0; $('campaign-preview-out').hidden = true; }
  for (const id of ['campaign-tag', 'campaign-contacts', 'campaign-platform', 'campaign-template', 'campaign-body']) $(id).addEventListener('change', changed);
  for (const r of document.querySelectorAll('input[name="campaign-source"]')) r.addEventListener('change', changed);
  $('campaign-template').addEventListener('change', () => {
    const tpl = page.templates().find((x) => x.id === $('campaign-template').value);
    $('campaign-body').disabled = Boolean(tpl);
    if (tpl) $('campaign-body').value = tpl.body;
  });
  $('campaign-file').addEventListener('change', async () => {
    const f = $('campaign-file').files[0];
    // Read by the file module off the main thread; Preview and Create wait for it. Too large
    // or not text is said at Preview.
    $('source-file').checked = true;
    file = f ? f.arrayBuffer().then((b) => page.readFile(new Uint8Array(b)), () => said({ ok: false, code: 'bad_file', field: 'file', msg: { key: 'file_unreadable' } })) : null;
    changed();
  });
  $('campaign-contacts').addEventListener('change', () => { $('source-contacts').checked = true; });
  $('campaign-tag').addEventListener('change', () => { $('source-tag').checked = true; });
  $('campaign-preview').addEventListener('click', () => { previewFrom = 0; preview(); });
  $('preview-prev').addEventListener('click', () => { previewFrom = Math.max(0, previewFrom - PAGE); preview(); });
  $('preview-next').addEventListener('click', () => { previewFrom += PAGE; preview(); });
  /** One Create at a time: a double click (or Enter) while the file is read creates once. */
  let creating = false;
  $('campaign-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (creating) return;
    creating = true;
    try { await create(); } finally { creating = false; }
  });
  async function create() {
    const read = await fileRead();
    const reply = read && !read.ok ? read : await ask('saveCampaign', { draft: draft(read) });
    if (!reply.ok) {
      status(reply.message, true);
      if (reply.field === 'name') $('campaign-name').focus();
      return;
    }
    status(t({ key: 'campaign_created', args: [reply.value.name, formatNumber(reply.value.counts.total)] }));
    $('campaign-form').reset();
    $('campaign-body').disabled = false;
    file = null;
    changed();
    await renderList();
    await showRun(reply.value.id, true);
  }

  // The opt-out list.
  $('opt-out-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const reply = await ask('optOut', { numbers: $('opt-out-numbers').value });
    if (!reply.ok) { status(reply.message, true); $('opt-out-numbers').focus(); return; }
    $('opt-out-numbers').value = '';
    status(t({ key: 'opt_out_saved', args: [formatNumber(reply.value.length)] }));
    renderList();
  });

  fillChoices();
  await renderList();
  return { refresh: () => { fillChoices(); return renderList(); } };
}
