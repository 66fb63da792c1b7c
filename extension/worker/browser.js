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
