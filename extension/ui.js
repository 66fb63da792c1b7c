// @ts-check
// Small rendering helpers shared by the popup and the options page. Text only, never HTML.

const language = chrome.i18n.getUILanguage();
const regionNames = new Intl.DisplayNames([language, 'en'], { type: 'region' });

/** The country's name in the browser's language, or the code itself. */
export function countryName(region) {
  try { return regionNames.of(region) ?? region; } catch { return region; }
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
