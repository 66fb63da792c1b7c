// @ts-check
// Contakt's service worker: a loop around the core. Every message, alarm, menu click,
// command and notification button becomes a request: read what the core says it needs →
// one core call → write → perform the effects. It holds no rule and no sentence.
// Listeners are registered synchronously at top level and wait for the core.
import { ready } from './core.js';
import { currentJob, exclusive, idle, read, recover, settle, write } from './worker/storage.js';
import { onTelemetryAnswer, perform } from './worker/effects.js';
import { PAGE_ACCESS, restrictStorage, selectionIn } from './worker/browser.js';
import { t } from './i18n.js';

/** @typedef {{ ok: true, value: any } | { ok: false, code: string, field?: string, msg: import('./i18n.js').Msg, message?: string }} Reply */

/** The browser's side of the environment. */
const env = () => ({
  now: Date.now(),
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  locale: navigator.language || chrome.i18n.getUILanguage(),
  version: chrome.runtime.getManifest().version,
});

/** Tickets of requests the user cancelled (see `run`). @type {Set<string>} */
const cancelled = new Set();

/**
 * A write the browser refused (its quota), said as the core would say it.
 * @returns {{ ok: false, code: string, msg: import('./i18n.js').Msg }}
 */
function writeFailure(/** @type {any} */ e) {
  const text = String(e?.message ?? e);
  // chrome.storage.sync's per-minute and per-hour write limits are not a full storage.
  if (/PER_MINUTE|PER_HOUR/i.test(text)) return { ok: false, code: 'rate', msg: { key: 'storage_sync_rate', args: [text] } };
  if (/QUOTA/i.test(text)) return { ok: false, code: 'quota', msg: e?.area === 'sync' ? { key: 'storage_full_sync', args: [text] } : { key: 'storage_full_local', args: [text] } };
  return { ok: false, code: 'write', msg: { key: 'write_failed', args: [text] } };
}

/**
 * Answers one request through the core; `origin` is who sent it ("extension", "page",
 * "browser"), checked against what the core allows.
 * @param {Record<string, any>} request
 * @param {string} origin
 * @returns {Promise<Reply>}
 */
async function run(request, origin) {
  const core = await ready;
  const needs = core.needs(request);
  if (!needs.ok) return needs;
  if (needs.value.origin !== origin) return { ok: false, code: 'refused', msg: { key: 'bad_request', args: [String(request.type)] } };
  // A long request of the user's (a restore, an import) carries a ticket; "cancel" with it
  // holds back its writes if they have not begun to commit.
  if (request.type === 'cancel') cancelled.add(String(request.ticket));
  const ticket = origin === 'extension' && typeof request.ticket === 'string' && request.type !== 'cancel' ? request.ticket : null;
  const proceed = () => !(ticket && cancelled.has(ticket));
  const job = async () => {
    // A write that failed half way is settled before this one reads.
    if (needs.value.writes && !await settle()) return { reply: writeFailure(new Error('an interrupted write could not be completed or undone')), effects: [] };
    const stored = await read(needs.value);
    const out = core.handle(request, stored, env());
    if (!out.ok) return { reply: out, effects: [] };
    // A cancel sent while the core worked is heard now.
    if (ticket) await new Promise((r) => setTimeout(r, 0));
    if (!proceed()) return { reply: { ok: false, code: 'cancelled', msg: { key: 'write_cancelled' } }, effects: [] };
    // The chat the user asked for comes first (a full storage must not stop it); otherwise
    // effects follow the writes. Either way inside the queue: a later request's alarms and
    // badge cannot be overtaken by these.
    const first = needs.value.effects_first;
    if (first) await perform(out.value.effects);
    try {
      await write(out.value.writes, stored, proceed);
    } catch (e) {
      if (/** @type {any} */ (e)?.cancelled) return { reply: { ok: false, code: 'cancelled', msg: { key: 'write_cancelled' } }, effects: [] };
      const failure = writeFailure(e);
      return { reply: first ? { ok: false, code: 'not_recorded', msg: { key: 'sent_not_recorded', args: [failure.msg] } } : failure, effects: [] };
    }
    if (!first) await perform(out.value.effects);
    return out.value;
  };
  // Requests that may write run one at a time; those that only read run beside them.
  const outcome = await (needs.value.writes ? exclusive(job) : job()).finally(() => { if (ticket) cancelled.delete(ticket); });
  // A refusal also carries its text in the user's language.
  if (outcome.reply && outcome.reply.ok === false) outcome.reply.message = t(outcome.reply.msg);
  return outcome.reply;
}

// Before anything else: storage is for Contakt's pages and this worker only, never a page's
// content-script world.
const restricted = restrictStorage().catch(() => null);

// At every start: a write a crash interrupted completed (or undone), then stored data brought
// to the current schema, what came due while the
// worker (or the browser) was stopped fired once, alarms, badge and the popup's view rebuilt.
const started = restricted.then(() => exclusive(recover)).catch(() => null).then(() => run({ type: 'started' }, 'browser')).catch(() => null);

/** A request once the worker has started. @param {Record<string, any>} request @param {string} origin */
const answer = (request, origin) => started.then(() => run(request, origin));

/** A browser event's request; a failure nobody could be shown (an exception) is notified. @param {Record<string, any>} request */
const event = (request) => answer(request, 'browser').catch((e) => {
  perform([{ type: 'notify', id: 'contakt-failed', title: { key: 'action_failed' }, message: { key: 'internal_error', args: [String(e?.message ?? e)] }, buttons: [] }]);
  return /** @type {Reply} */ ({ ok: false, code: 'internal', msg: { key: 'internal_error', args: [String(e?.message ?? e)] } });
});

// The popup's first view, kept ready in session storage when what it shows changes (the
// keys it shows are the ones the core reads for it).
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' && area !== 'sync') return;
  ready.then((core) => {
    const shown = core.needs({ type: 'refreshView' }).value[area];
    if (Object.keys(changes).some((k) => shown.includes(k))) answer({ type: 'refreshView' }, 'extension').catch(() => {});
  });
});

/** Only Contakt's own pages are extension senders. @param {chrome.runtime.MessageSender} sender */
function ours(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message || typeof message !== 'object' || sender.id !== chrome.runtime.id) return false;
  let origin = 'extension';
  let request = message;
  if (sender.tab && !ours(sender)) {
    // The content script: answered only about its own page, whatever it claims.
    let host = '';
    try { host = new URL(String(sender.url)).hostname; } catch { /* no host: nothing is allowed */ }
    origin = 'page';
    request = { ...message, host };
  } else if (!ours(sender)) {
    return false;
  }
  answer(request, origin).then(reply, (e) => reply({ ok: false, code: 'internal', msg: { key: 'internal_error', args: [String(e?.message ?? e)] } }));
  return true;
});

/** @param {chrome.contextMenus.OnClickData} info */
const onMenuClick = (info) => event({ type: 'menuClick', menu_item_id: String(info.menuItemId), selection_text: info.selectionText ?? null, link_url: info.linkUrl ?? null });

/**
 * A keyboard command; the selection is read from the tab through activeTab (the command
 * grants it), `null` where no page could be read.
 * @param {string} command @param {chrome.tabs.Tab | undefined} tab
 */
async function onCommand(command, tab) {
  return event({ type: 'command', command, selection: await selectionIn(tab?.id) });
}

/** @param {string} id @param {number} index */
const onNotificationButton = (id, index) => event({ type: 'notificationButton', id, index });
/** A click on the notification itself: its main action (the core's). @param {string} id */
const onNotificationClick = (id) => event({ type: 'notificationClick', id });
const processDue = () => event({ type: 'alarm', name: 'reminder:' }).then((r) => (r.ok ? r.value : r));

chrome.contextMenus.onClicked.addListener((info) => { onMenuClick(info); });
chrome.commands.onCommand.addListener((command, tab) => { onCommand(command, tab); });
chrome.notifications.onButtonClicked.addListener((id, index) => { onNotificationButton(id, index); });
chrome.notifications.onClicked.addListener((id) => { onNotificationClick(id); });
chrome.alarms.onAlarm.addListener((alarm) => { event({ type: 'alarm', name: alarm.name }); });
// The telemetry server answered a batch (or did not): the core decides what next.
onTelemetryAnswer((through, status) => { event({ type: 'telemetrySent', through, status }); });
chrome.runtime.onInstalled.addListener(({ reason }) => { event({ type: 'installed', reason }); });
// Access to pages granted or withdrawn (also from the browser's extension settings).
// Whether Contakt has access to pages goes with it: access that comes while the user's wish
// for detection waits turns detection on, even if the page that asked has closed meanwhile.
const accessChanged = async () => event({ type: 'accessChanged', pages: await chrome.permissions.contains(PAGE_ACCESS).catch(() => false) });
chrome.permissions.onAdded.addListener(() => { accessChanged(); });
chrome.permissions.onRemoved.addListener(() => { accessChanged(); });

// The handlers, reachable from tests through the worker's global scope (Chrome cannot click
// a context menu or a notification button headless).
/** @type {any} */ (globalThis).contakt = { accessChanged, onMenuClick, onCommand, onNotificationButton, onNotificationClick, processDue, run, currentJob, idle, started };
