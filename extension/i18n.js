// @ts-check
// Words for people: the core answers with message codes (`{ key, args?, count? }`), rendered
// here from _locales through chrome.i18n. Plurals pick `<key>_<category>` by Intl.PluralRules.

/** @typedef {import('./protocol').Msg} Msg */
/** @typedef {import('./protocol').Arg} Arg */

const language = chrome.i18n.getUILanguage();
const plurals = new Intl.PluralRules(language);
const dateTime = new Intl.DateTimeFormat(language, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** @param {Arg} a */
function arg(a) {
  if (typeof a === 'string') return a;
  if ('time' in a) return dateTime.format(new Date(a.time));
  return t(a);
}

/**
 * The text of a message (a key of the locales, or a code with arguments).
 * @param {Msg | string | null | undefined} msg
 * @returns {string}
 */
export function t(msg) {
  if (msg == null) return '';
  if (typeof msg === 'string') return chrome.i18n.getMessage(msg) || msg;
  const args = (msg.args ?? []).map(arg);
  if (msg.count != null) {
    const text = chrome.i18n.getMessage(`${msg.key}_${plurals.select(msg.count)}`, args) || chrome.i18n.getMessage(`${msg.key}_other`, args);
    if (text) return text;
  }
  return chrome.i18n.getMessage(msg.key, args) || msg.key;
}

/**
 * Puts the page's words in the user's language: the text of every element marked
 * `data-i18n="key"`, and the attributes marked `data-i18n-placeholder`, `-aria-label`,
 * `-title`; the page's language and direction (right to left for Arabic) too.
 * @param {ParentNode} root
 */
export function localize(root = document) {
  // Only what differs is written: the English page is already in English, and every write
  // costs layout work before the popup's first paint.
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const text = t(/** @type {HTMLElement} */ (el).dataset.i18n);
    if (el.textContent !== text) el.textContent = text;
  }
  for (const attr of ['placeholder', 'aria-label', 'title']) {
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      const text = t(el.getAttribute(`data-i18n-${attr}`));
      if (el.getAttribute(attr) !== text) el.setAttribute(attr, text);
    }
  }
  const page = document.documentElement;
  const dir = t('text_direction');
  if (page.lang !== language) page.lang = language;
  if (page.dir !== dir) page.dir = dir;
}

const numbers = new Intl.NumberFormat(language);

/** A count in the user's language (its digits and grouping). @param {number} n */
export const formatNumber = (n) => numbers.format(n);

/** The date and time of an instant, in the user's language. @param {number} at */
export const formatTime = (at) => dateTime.format(new Date(at));
