// @ts-check
// What the core asked the browser to do after a request: open tabs, notify, set alarms and
// badge, open the popup, make the menus, register the detection script. Mechanics only: every choice was the core's.
import { t } from '../i18n.js';
import { TELEMETRY_ACCESS, notificationButtons, postTelemetry, setDetection } from './browser.js';

/** @typedef {import('../i18n.js').Msg} Msg */
/**
 * @typedef {{ type: 'open_tab', url: string }
 *   | { type: 'notify', id: string, title: Msg, message: Msg, buttons: Msg[] }
 *   | { type: 'clear_notification', id: string }
 *   | { type: 'alarms', prefix: string, alarms: [string, number][] }
 *   | { type: 'badge', text: string, colour: string }
 *   | { type: 'open_popup', otherwise: Effect }
 *   | { type: 'menus', items: { id: string, parent_id?: string, title: Msg, contexts: string[], target_url_patterns: string[] }[] }
 *   | { type: 'detection', on: boolean, release?: boolean }
 *   | { type: 'send_telemetry', count: number, through: number, batch: unknown }
 *   | { type: 'telemetry_access', release: boolean }
 *   | { type: 'clipboard_access', release: boolean }} Effect
 */

/** Who hears the telemetry server's answer (the worker, which asks the core what next). @type {(through: number, status: number) => void} */
let telemetryAnswered = () => {};
/** @param {(through: number, status: number) => void} fn */
export function onTelemetryAnswer(fn) { telemetryAnswered = fn; }

/** @param {Effect[]} effects */
export async function perform(effects) {
  for (const e of effects) await one(e);
}

/** @param {Effect} e */
async function one(e) {
  switch (e.type) {
    case 'open_tab':
      return chrome.tabs.create({ url: e.url });
    case 'notify':
      return chrome.notifications.create(e.id, {
        type: 'basic', iconUrl: 'icons/128.png', title: t(e.title), message: t(e.message),
        ...(e.buttons.length && notificationButtons ? { buttons: e.buttons.map((b) => ({ title: t(b) })) } : {}),
      });
    case 'clear_notification':
      return chrome.notifications.clear(e.id);
    case 'alarms': {
      const want = new Map(e.alarms);
      const have = await chrome.alarms.getAll();
      for (const a of have) {
        if (a.name.startsWith(e.prefix) && want.get(a.name) !== a.scheduledTime) await chrome.alarms.clear(a.name);
      }
      for (const [name, when] of want) {
        if (!have.some((a) => a.name === name && a.scheduledTime === when)) await chrome.alarms.create(name, { when });
      }
      return undefined;
    }
    case 'badge':
      await chrome.action.setBadgeBackgroundColor({ color: e.colour });
      return chrome.action.setBadgeText({ text: e.text });
    case 'open_popup':
      return chrome.action.openPopup().catch(() => one(e.otherwise));
    case 'menus':
      await chrome.contextMenus.removeAll();
      for (const m of e.items) {
        chrome.contextMenus.create({
          id: m.id, title: t(m.title), contexts: /** @type {any} */ (m.contexts), targetUrlPatterns: m.target_url_patterns,
          ...(m.parent_id ? { parentId: m.parent_id } : {}),
        });
      }
      return undefined;
    case 'detection':
      return setDetection(e.on, e.release);
    case 'send_telemetry':
      // Not awaited: the network must not hold up the worker's queue; the answer comes back
      // as a request of its own.
      postTelemetry(e.batch).then((status) => telemetryAnswered(e.through, status));
      return undefined;
    case 'telemetry_access':
      if (e.release) await chrome.permissions.remove(TELEMETRY_ACCESS).catch(() => false);
      return undefined;
    case 'clipboard_access':
      if (e.release) await chrome.permissions.remove({ permissions: ['clipboardRead'] }).catch(() => false);
      return undefined;
    default:
      return undefined;
  }
}
