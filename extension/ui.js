// @ts-check
// Small rendering helpers shared by the popup, the options page and the onboarding. Text only,
// never HTML.
import { ask } from './core.js';
import { PAGE_ACCESS, TELEMETRY_ACCESS, TELEMETRY_DATA, firefox } from './worker/browser.js';
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
function regionSelect(select, regions, selected) {
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
 * The question the dialog is asking: how to answer it and where the focus goes back.
 * @type {{ resolve: (yes: boolean) => void, opener: HTMLElement | null } | null}
 */
let asking = null;

/** The page's confirmation dialog, made the first time it is needed. */
function dialog() {
  const existing = /** @type {HTMLDialogElement | null} */ (document.getElementById('confirm-dialog'));
  if (existing) return existing;
  /** @type {<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Record<string, string>) => HTMLElementTagNameMap[K]} */
  const make = (tag, props = {}) => Object.assign(document.createElement(tag), props);
  const box = make('dialog', { id: 'confirm-dialog' });
  box.setAttribute('aria-labelledby', 'confirm-title');
  box.setAttribute('aria-describedby', 'confirm-text');
  const form = make('form', { method: 'dialog', className: 'actions' });
  form.append(
    make('button', { value: 'yes', id: 'confirm-yes', className: 'primary' }),
    make('button', { value: 'no', id: 'confirm-no', className: 'secondary', textContent: t('dialog_cancel') }),
  );
  box.append(make('h2', { id: 'confirm-title' }), make('p', { id: 'confirm-text' }), form);
  box.addEventListener('close', () => {
    // The close event is queued: one of an earlier question can arrive after the next was
    // opened, and is not this question's answer.
    if (box.open || !asking) return;
    const { resolve, opener } = asking;
    asking = null;
    if (opener?.isConnected && !opener.hidden) opener.focus();
    resolve(box.returnValue === 'yes');
  });
  (document.querySelector('main') ?? document.body).append(box);
  return box;
}

/**
 * Asks a question in a modal dialog: the rest of the page is inert meanwhile, Escape answers
 * no, and focus goes back to where it was. Resolves to the answer.
 * @param {{ title: string, text: string, yes: string }} words
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ title, text, yes }) {
  const box = dialog();
  // Already asking (a double click): the first question stands, this one is a no.
  if (box.open) return Promise.resolve(false);
  const opener = /** @type {HTMLElement | null} */ (document.activeElement);
  // An earlier question closed whose close event has not come yet: answered as it was closed.
  if (asking) {
    const earlier = asking;
    asking = null;
    earlier.resolve(box.returnValue === 'yes');
  }
  /** @type {HTMLElement} */ (box.querySelector('#confirm-title')).textContent = title;
  /** @type {HTMLElement} */ (box.querySelector('#confirm-text')).textContent = text;
  /** @type {HTMLElement} */ (box.querySelector('#confirm-yes')).textContent = yes;
  box.returnValue = '';
  box.showModal();
  // The safe answer has the focus first.
  /** @type {HTMLButtonElement} */ (box.querySelector('#confirm-no')).focus();
  return new Promise((resolve) => { asking = { resolve, opener }; });
}

/**
 * Shows the first-run choices (default country, platform, WhatsApp target, detection) of
 * `settings` in the fields the options and onboarding pages share.
 * @param {typeof import('./pkg/contakt_wasm.js')} core
 * @param {any} settings
 */
export function showChoices(core, settings) {
  const field = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
  regionSelect(field('default-region'), core.regions().value, settings.default_region);
  platformSelect(field('default-platform'), core.platforms().value, settings.default_platform);
  field('whatsapp-target').value = settings.whatsapp_target;
  field('detect-numbers').checked = settings.detect_numbers;
}

/**
 * Access to web pages, which number detection needs, asked of the browser when the user turns
 * detection on (installing asked for none). It must be called at once in the click's handler
 * (browsers ask only on a user's gesture). Resolves true when not wanted or granted.
 * @param {boolean} wanted
 * @returns {Promise<boolean>}
 */
export async function pageAccess(wanted) {
  if (!wanted) return true;
  const asking = chrome.permissions.request(PAGE_ACCESS).catch(() => false);
  // The wish goes to the worker too: Firefox closes the popup under its prompt, and then the
  // worker turns detection on when the access comes.
  await ask('wantDetection', { wanted: true });
  const granted = await asking;
  if (!granted) await ask('wantDetection', { wanted: false });
  return granted;
}

/**
 * Saves `blob` as the file `name` through the browser's download (no permission needed).
 * @param {string} name @param {Blob} blob
 */
export function saveFile(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Access to Contakt's telemetry server, asked of the browser when the user turns on "Help
 * improve Contakt" (at once, in the click's handler). Resolves true when not wanted or granted.
 * @param {boolean} wanted
 * @returns {Promise<boolean>}
 */
export async function telemetryAccess(wanted, alsoPages = false) {
  if (!wanted) return true;
  // The server's own origin is asked for even beside access to all pages, so that giving
  // those back (detection off) leaves it; Firefox also asks for its data-collection consent.
  /** @type {any} */
  const asked = { origins: [...(alsoPages ? PAGE_ACCESS.origins : []), ...TELEMETRY_ACCESS.origins] };
  if (firefox) asked.data_collection = TELEMETRY_DATA;
  return chrome.permissions.request(asked).catch(() => false);
}

/**
 * A button with its text and, when the text alone does not say what it acts on, an accessible
 * name that does (the visible text inside it).
 * @param {string} text @param {string | null} label @param {() => void} onClick @param {string} [className]
 */
export function button(text, label, onClick, className = 'secondary') {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}
