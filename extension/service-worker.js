// Contakt's service worker: the only writer of storage and the only opener of chat tabs.
// Every listener is registered synchronously at top level and awaits the core's readiness;
// writes run one at a time through `exclusive`, so two pages can never lose each other's update.
import { ready } from './core.js';

// The browser's preferred language (e.g. de-DE) gives the first-run default country.
const locale = () => navigator.language || chrome.i18n.getUILanguage();

let queue = Promise.resolve();
/** Runs `job` after every job queued before it: read-modify-write without races. */
function exclusive(job) {
  const run = queue.then(job);
  queue = run.catch(() => {});
  return run;
}

async function loadSettings(core) {
  const { settings } = await chrome.storage.sync.get('settings');
  return core.settingsFromStored(settings ?? null, locale());
}

async function loadHistory(core) {
  const { history } = await chrome.storage.local.get('history');
  return core.historyFromStored(history ?? null);
}

/** Plans the send in the core, records it, opens the tab. The page has copied any clipboard text. */
async function send(core, { number, platform, text }) {
  const settings = await loadSettings(core);
  const plan = core.planSend(String(number ?? ''), String(platform ?? ''), String(text ?? ''), settings);
  if (!plan.ok) return plan;
  const { value } = plan;
  await exclusive(async () => {
    const { history } = await chrome.storage.local.get('history');
    const next = core.historyPush(history ?? null, value.number.e164, platform, value.text, Date.now());
    if (!next.ok) throw new Error(next.message);
    await chrome.storage.local.set({ history: next.value });
  });
  if (value.link.url) await chrome.tabs.create({ url: value.link.url });
  return { ok: true, value };
}

const handlers = {
  /** Everything a page needs to render: settings, history, platforms. */
  async state(core) {
    const [settings, history] = await Promise.all([loadSettings(core), loadHistory(core)]);
    return { ok: true, value: { settings, history: history.entries, unreadableHistory: history.unreadable } };
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

/** Only Contakt's own pages may talk to the worker. */
function trusted(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === 'string'
    && sender.url.startsWith(chrome.runtime.getURL(''));
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  const handler = message && Object.hasOwn(handlers, message.type) ? handlers[message.type] : null;
  if (!handler || !trusted(sender)) {
    reply({ ok: false, code: 'refused', message: 'Unknown or untrusted request.' });
    return false;
  }
  ready
    .then((core) => handler(core, message))
    .then(reply, (e) => reply({ ok: false, code: 'internal', message: `Contakt failed: ${e?.message ?? e}` }));
  return true;
});

chrome.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== 'install') return;
  ready.then((core) => exclusive(async () => {
    const { settings } = await chrome.storage.sync.get('settings');
    if (!settings) await chrome.storage.sync.set({ settings: core.settingsFromStored(null, locale()) });
  }));
});
