// @ts-check
// What differs between the browsers Contakt runs in, in one place (measured in
// ../shared/notes/firefox.md). Everything else is the same code in Chromium and Firefox.

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
