// Labelled page texts for the number matcher: realistic paragraphs from 24 regions with
// planted phone numbers (valid, written the ways web pages write them) and decoys that are
// not phone numbers (dates, times, prices, order and invoice numbers, IP addresses, ISBNs,
// card numbers, versions, long IDs). Deterministic. `node pages.mjs --write` refreshes the
// copy the Rust tests read (crates/contakt-core/tests/data/pages.json).
import { getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const PAGE_REGIONS = ['US', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'CH', 'AT', 'SE', 'PL',
  'BR', 'MX', 'AR', 'IN', 'JP', 'KR', 'AU', 'ZA', 'NG', 'AE', 'RU', 'TR'];

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const NUMBER_CONTEXTS = [
  (n) => `Call us at ${n} for a free quote.`, (n) => `Phone: ${n}`, (n) => `Tel. ${n} (Mon–Fri, 9–17)`,
  (n) => `WhatsApp ${n} and we reply within the hour.`, (n) => `Our support line (${n}) is open daily.`,
  (n) => `Mobile: ${n}`, (n) => `Fax ${n}`, (n) => `Contact Maria on ${n} or by email.`,
  (n) => `Reservations: ${n}.`, (n) => `If you need help, ring ${n}, ext. office.`,
];

const DECOYS = [
  (r) => `Posted on ${2015 + Math.floor(r() * 10)}-${pad(1 + r() * 12)}-${pad(1 + r() * 28)} by the editor.`,
  (r) => `Valid until ${pad(1 + r() * 28)}.${pad(1 + r() * 12)}.${2020 + Math.floor(r() * 8)}.`,
  (r) => `Delivered on ${pad(1 + r() * 12)}/${pad(1 + r() * 28)}/${2019 + Math.floor(r() * 6)}.`,
  (r) => `Opening hours ${pad(r() * 12)}:${pad(r() * 59)} to ${pad(12 + r() * 11)}:${pad(r() * 59)}.`,
  (r) => `Price: $${Math.floor(100 + r() * 9000).toLocaleString('en-US')}.${pad(r() * 99)} incl. tax.`,
  (r) => `Now only ${Math.floor(10 + r() * 900)},${pad(r() * 99)} € per month.`,
  (r) => `Order #${Math.floor(100000000 + r() * 899999999)} has shipped.`,
  (r) => `Invoice no. ${2020 + Math.floor(r() * 6)}-${String(Math.floor(r() * 999999)).padStart(6, '0')} is attached.`,
  (r) => `Order number: ${Math.floor(2000000000 + r() * 7000000000)}.`,
  (r) => `Server at ${Math.floor(10 + r() * 200)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(1 + r() * 254)} is down.`,
  (r) => `ISBN 978-${Math.floor(r() * 9)}-${Math.floor(10 + r() * 89)}-${Math.floor(100000 + r() * 899999)}-${Math.floor(r() * 9)}.`,
  (r) => `Test card 4${String(Math.floor(r() * 999)).padStart(3, '0')} ${Math.floor(1000 + r() * 8999)} ${Math.floor(1000 + r() * 8999)} ${Math.floor(1000 + r() * 8999)} was declined.`,
  (r) => `Update to version ${Math.floor(1 + r() * 20)}.${Math.floor(r() * 30)}.${Math.floor(r() * 300)} today.`,
  (r) => `Tracking ID ${Math.floor(1e15 + r() * 8e15)}${Math.floor(r() * 9)} in transit.`,
  (r) => `Population ${Math.floor(1 + r() * 80)},${String(Math.floor(r() * 999)).padStart(3, '0')},${String(Math.floor(r() * 999)).padStart(3, '0')} in ${1990 + Math.floor(r() * 30)}.`,
  (r) => `See pages ${Math.floor(100 + r() * 300)}-${Math.floor(400 + r() * 300)} (${1990 + Math.floor(r() * 30)}).`,
  (r) => `Account 000${Math.floor(10000000 + r() * 89999999)} was debited.`,
  (r) => `The 2${Math.floor(r() * 9)}0 km route climbs ${Math.floor(1000 + r() * 3000)} m.`,
];

// Prose between the numbers, as on real pages: most of a page is not phone numbers.
const PROSE = [
  'Our family-run team has looked after customers in the region since 1998, and we still answer every message ourselves.',
  'Free parking is available behind the building; the entrance is on the left, next to the bakery.',
  'We are closed on public holidays. During the summer months our opening hours may change at short notice.',
  'Please bring your booking confirmation and a photo ID when you visit us for the first time.',
  'All prices include VAT. Delivery within 3 to 5 working days, express shipping on request.',
  'Read what 2,400 happy customers say about us, or browse the 35 projects we finished last year.',
  'Accessibility: the showroom has step-free access, and assistance dogs are always welcome.',
  'Newsletter subscribers get early access to seasonal offers and our quarterly maintenance tips.',
];

function pad(x) { return String(Math.floor(x)).padStart(2, '0'); }

function plantedNumber(region, r) {
  for (;;) {
    const example = getExampleNumber(region, examples);
    const national = String(example.nationalNumber);
    const digits = national.slice(0, -3) + String(Math.floor(r() * 1000)).padStart(3, '0');
    const n = parsePhoneNumberFromString(`+${example.countryCallingCode}${digits}`);
    if (!n || !n.isValid()) continue;
    const styles = [n.formatNational(), n.formatInternational(), n.number,
      n.formatInternational().replace(/ /g, '-'), n.formatNational().replace(/[()]/g, '').trim().split(/[\s-]+/).join('.')];
    return { text: styles[Math.floor(r() * styles.length)], e164: n.number };
  }
}

/** Pages: [{ region, text, numbers: [{ start, end, e164 }] }] (UTF-16 offsets). */
export function pages(count = 48, seed = 7) {
  const r = rng(seed);
  const out = [];
  for (let p = 0; p < count; p++) {
    const region = PAGE_REGIONS[p % PAGE_REGIONS.length];
    let text = `Welcome to our ${region} office. `;
    const numbers = [];
    for (let k = 0; k < 24; k++) {
      for (let j = Math.floor(r() * 3); j > 0; j--) text += `${PROSE[Math.floor(r() * PROSE.length)]} `;
      if (k % 2 === 0) {
        const { text: shown, e164 } = plantedNumber(region, r);
        const sentence = NUMBER_CONTEXTS[Math.floor(r() * NUMBER_CONTEXTS.length)]('\u0000');
        const [before, after] = sentence.split('\u0000');
        const start = text.length + before.length;
        numbers.push({ start, end: start + shown.length, e164 });
        text += `${before}${shown}${after} `;
      } else {
        text += `${DECOYS[Math.floor(r() * DECOYS.length)](r)} `;
      }
    }
    out.push({ region, text, numbers });
  }
  return [...out, ...hardPages()];
}

// The forms issue 17 names, planted on pages of their own after the 48 above (which stay as
// they were): digits of other scripts, CJK text touching the number, extensions, brackets
// around it, lists separated by slashes and commas, other separators or none, and the
// groupings of Google's alternate formats.
const FULL_WIDTH = (s) => s.replace(/[0-9+()-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xFEE0));
const ARABIC_INDIC = (s) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0x0660 + Number(c)));
const HARD_FORMS = [
  (n, m) => [['Telefon: ', FULL_WIDTH(n.formatNational()), n.number, ' (weekdays).']],
  (n, m) => [['Hotline ', FULL_WIDTH(n.formatInternational()), n.number, '.']],
  (n, m) => [['Call ', ARABIC_INDIC(n.formatInternational()), n.number, ' today.']],
  (n, m) => [['电话', n.formatInternational(), n.number, '联系我们。']],
  (n, m) => [['お問い合わせ：', n.formatNational(), n.number, 'まで']],
  (n, m) => [['Switchboard ', `${n.formatInternational()} ext. 214`, n.number, ', ask for sales.']],
  (n, m) => [['Our office (', n.formatInternational(), n.number, ') is open.']],
  (n, m) => [['Phones: ', n.formatInternational(), n.number, ' / '], ['', m.formatInternational(), m.number, '.']],
  (n, m) => [['Numbers ', n.formatNational(), n.number, ', '], ['', m.formatNational(), m.number, ' and more.']],
  (n, m) => [['Tel ', n.number.slice(1).replace(/^/, '+'), n.number, ','], ['', m.number, m.number, ' (fax).']],
  (n, m) => [['Mobile ', n.formatNational().replace(/[\s()-]+/g, ''), n.number, ' after six.']],
  (n, m) => [['Reach us at ', n.formatInternational().replace(/ /g, '.'), n.number, '.']],
];
// Numbers in the groupings of Google's alternate formats, which STRICT_GROUPING accepts.
const ALTERNATE = {
  DE: [['0151 23456789', '+4915123456789'], ['030 123 456 78', '+493012345678']],
  GB: [['0207 946 0958', '+442079460958']],
  IN: [['98765 43210', '+919876543210']],
  AR: [['011 15 2345 6789', '+5491123456789']],
};

function hardPages(seed = 17) {
  const r = rng(seed);
  const out = [];
  for (const region of PAGE_REGIONS) {
    let text = `Contact our ${region} team. `;
    const numbers = [];
    const plant = (before, shown, e164, after) => {
      const start = text.length + before.length;
      numbers.push({ start, end: start + shown.length, e164 });
      text += `${before}${shown}${after}`;
    };
    for (let k = 0; k < 24; k++) {
      text += `${PROSE[Math.floor(r() * PROSE.length)]} `;
      if (k % 2 === 0) {
        const pick = () => parsePhoneNumberFromString(plantedNumber(region, r).e164);
        const [n, m] = [pick(), pick()];
        for (const [before, shown, e164, after] of HARD_FORMS[(k / 2 + out.length) % HARD_FORMS.length](n, m)) plant(before, shown, e164, after);
        text += ' ';
      } else {
        text += `${DECOYS[Math.floor(r() * DECOYS.length)](r)} `;
      }
    }
    for (const [shown, e164] of ALTERNATE[region] ?? []) {
      plant('Or dial ', shown, e164, ' any time. ');
    }
    out.push({ region, text, numbers });
  }
  return out;
}

/** Precision and recall of `found` ([{ start, end, e164 }] per page) against the labels. */
export function score(all, foundPerPage) {
  let tp = 0; let fp = 0; let planted = 0; const falsePositives = []; const missed = [];
  all.forEach((page, i) => {
    const found = foundPerPage[i];
    planted += page.numbers.length;
    const hit = new Set();
    for (const f of found) {
      const j = page.numbers.findIndex((n, idx) => !hit.has(idx) && f.start < n.end && n.start < f.end && f.e164 === n.e164);
      if (j >= 0) { hit.add(j); tp++; } else { fp++; falsePositives.push(`${page.region}: ${JSON.stringify(page.text.slice(Math.max(0, f.start - 20), f.end + 10))}`); }
    }
    page.numbers.forEach((n, idx) => { if (!hit.has(idx)) missed.push(`${page.region}: ${page.text.slice(n.start, n.end)} (${n.e164})`); });
  });
  return { tp, fp, planted, precision: tp / (tp + fp), recall: tp / planted, falsePositives, missed };
}

if (process.argv.includes('--write')) {
  const file = resolve(import.meta.dirname, '../../crates/contakt-core/tests/data/pages.json');
  writeFileSync(file, `${JSON.stringify(pages(), null, 1)}\n`);
  console.log(`wrote ${file}`);
}
