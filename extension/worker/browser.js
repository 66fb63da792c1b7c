// @ts-check
// What differs between the browsers Contakt runs in, in one place (measured in
// ../shared/notes/firefox.md). Everything else is the same code in Chromium and Firefox.
import { TELEMETRY_URL } from '../config.js';

/** Firefox (it alone has `browser.runtime.getBrowserInfo`). */
export const firefox = typeof (/** @type {any} */ (globalThis).browser?.runtime?.getBrowserInfo) === 'function';

/**
 * Notifications carry buttons in Chromium; Firefox refuses them (creating one throws). There,
 * a click on the notification does its main action and the others live in the popup.
 */
export const notificationButtons = !firefox;

/**
 * Only Contakt's own pages and its background may use `chrome.storage` (by default local and
 * sync are open to content scripts too, so a compromised page renderer could read the address
 * book or write into it). Chromium 102+; Firefox has no such switch (its content scripts'
 * storage access is the add-on's own), so there it is a no-op.
 */
export async function restrictStorage() {
  for (const area of [chrome.storage.local, chrome.storage.sync]) {
    await /** @type {any} */ (area).setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  }
}

/** What number detection needs: access to the pages' text (an optional permission). */
export const PAGE_ACCESS = { origins: ['<all_urls>'] };
const SCRIPT_ID = 'contakt-detection';

/**
 * Number detection on or off, as the core decided: the content script is registered only
 * while detection is on and the user has granted access to pages; when the user turns it off
 * (`release`), the access is given back too (installing asked for none).
 * @param {boolean} on
 * @param {boolean} [release]
 */
export async function setDetection(on, release = false) {
  const granted = on && await chrome.permissions.contains(PAGE_ACCESS);
  const registered = (await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] })).length > 0;
  if (granted && !registered) {
    await chrome.scripting.registerContentScripts([{ id: SCRIPT_ID, matches: PAGE_ACCESS.origins, js: ['content.js'], runAt: 'document_idle', allFrames: false }]);
  } else if (!granted && registered) {
    await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  }
  // A build that requires the access (tests) cannot give it back: that is refused, harmlessly.
  if (release) await chrome.permissions.remove(PAGE_ACCESS).catch(() => false);
}

/**
 * The text selected in a tab, for the keyboard command: read once in the page through
 * `activeTab` (granted by the command itself), without any content script. `null` when the
 * tab cannot be read (the browser's own pages, the store).
 * @param {number | undefined} tabId
 * @returns {Promise<string | null>}
 */
export async function selectionIn(tabId) {
  if (tabId === undefined) return null;
  try {
    const [first] = await chrome.scripting.executeScript({ target: { tabId }, func: () => String(globalThis.getSelection?.() ?? '') });
    return typeof first?.result === 'string' ? first.result : null;
  } catch {
    return null;
  }
}

/**
 * The telemetry server's address (build time, `config.js`), as the host permission the user
 * grants when turning on "Help improve Contakt" (match patterns carry no port).
 */
/** Firefox's data-collection consent for it (manifest: optional `technicalAndInteraction`). */
export const TELEMETRY_DATA = ['technicalAndInteraction'];
export const TELEMETRY_ACCESS = { origins: [`${new URL(TELEMETRY_URL).protocol}//${new URL(TELEMETRY_URL).hostname}/*`] };

/**
 * Posts one batch of telemetry events; resolves to the HTTP status, or 0 when there was no
 * answer (offline, refused, no permission). No cookies, no referrer, nothing cached.
 * @param {unknown} batch
 * @returns {Promise<number>}
 */
export async function postTelemetry(batch) {
  // Only with the access the user granted for it (not borrowed from access to all pages, which
  // detection may give back), and in Firefox with the data-collection consent it asks for.
  const allowed = await chrome.permissions.contains(/** @type {any} */ ({ ...TELEMETRY_ACCESS, ...(firefox ? { data_collection: TELEMETRY_DATA } : {}) })).catch(() => false);
  if (!allowed) return 0;
  try {
    const r = await fetch(TELEMETRY_URL, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch),
      credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', signal: AbortSignal.timeout(30_000),
    });
    return r.status;
  } catch {
    return 0;
  }
}
