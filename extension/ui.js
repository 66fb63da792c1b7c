// @ts-check
// Small rendering helpers shared by the popup, the options page and the onboarding. Text only,
// never HTML.
import { t } from './i18n.js';

const language = chrome.i18n.getUILanguage();
const regionNames = new Intl.DisplayNames([language, 'en'], { type: 'region' });

/** The country's name in the browser's language, or the code itself. */
export function countryName(region) {
  try { return regionNames.of(region) ?? region; } catch { return region; }
}

/**
 * Fills a <select> with the countries (`[region, calling code]` pairs from the core), named
 * and sorted in the user's language, selecting `selected`.
 * @param {HTMLSelectElement} select
 * @param {[string, number][]} regions
 * @param {string} selected
 */
export function regionSelect(select, regions, selected) {
  const collator = new Intl.Collator(language);
  const named = regions
    .map(([region, code]) => ({ region, label: t({ key: 'country_with_code', args: [countryName(region), String(code)] }) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  select.replaceChildren(...named.map((r) => new Option(r.label, r.region, false, r.region === selected)));
}

/** Fills a <select> with the platforms, selecting `selected`. */
export function platformSelect(select, platforms, selected) {
  select.replaceChildren(...platforms.map((p) => new Option(p.name, p.id, false, p.id === selected)));
}

const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });

/** "2 minutes ago", "yesterday", … for a time in ms since the epoch. */
export function relativeTime(at, now = Date.now()) {
  const seconds = Math.round((at - now) / 1000);
  /** @type {[Intl.RelativeTimeFormatUnit, number][]} */
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

/**
 * Asks a question in a modal dialog (`<dialog>` with a `method="dialog"` form whose yes
 * button has the value "yes"): the rest of the page is inert meanwhile, Escape answers no,
 * and focus goes back to where it was. Resolves to the answer.
 * @param {HTMLDialogElement} dialog
 * @param {{ title: string, text: string, yes: string }} words
 * @returns {Promise<boolean>}
 */
export function confirmDialog(dialog, { title, text, yes }) {
  // Already asking (a double click): the first question stands, this one is a no.
  if (dialog.open) return Promise.resolve(false);
  const opener = /** @type {HTMLElement | null} */ (document.activeElement);
  /** @type {HTMLElement} */ (dialog.querySelector('h2')).textContent = title;
  /** @type {HTMLElement} */ (dialog.querySelector('p')).textContent = text;
  const yesButton = /** @type {HTMLButtonElement} */ (dialog.querySelector('button[value="yes"]'));
  yesButton.textContent = yes;
  dialog.returnValue = '';
  dialog.showModal();
  // The safe answer has the focus first.
  /** @type {HTMLButtonElement} */ (dialog.querySelector('button[value="no"]')).focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (opener?.isConnected && !opener.hidden) opener.focus();
      resolve(dialog.returnValue === 'yes');
    }, { once: true });
  });
}
