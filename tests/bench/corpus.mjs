// A deterministic corpus of phone-number inputs as people write them: 30 regions, many
// formats, about 10% invalid. Same seed, same inputs, on every machine.
import { getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';

export const REGIONS = ['US', 'GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'CH', 'AT', 'SE', 'PL', 'PT',
  'RU', 'UA', 'TR', 'IL', 'AE', 'IN', 'PK', 'JP', 'KR', 'CN', 'VN', 'ID', 'PH', 'AU', 'BR', 'MX', 'AR'];

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** `count` inputs as [text, defaultRegion]. */
export function corpus(count = 20000, seed = 42) {
  const rand = rng(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const out = [];
  while (out.length < count) {
    const region = pick(REGIONS);
    const example = getExampleNumber(region, examples);
    const national = String(example.nationalNumber);
    // Replace the last 4 digits: most results stay valid, some do not (as in real life).
    const digits = national.slice(0, -4) + String(Math.floor(rand() * 10000)).padStart(4, '0');
    const cc = example.countryCallingCode;
    const n = parsePhoneNumberFromString(`+${cc}${digits}`);
    const intl = n ? n.formatInternational() : `+${cc} ${digits}`;
    const nat = n ? n.formatNational() : digits;
    const formats = [
      intl, nat, `+${cc}${digits}`, intl.replace(/ /g, '-'), nat.replace(/ /g, '.'),
      `00${cc} ${digits}`, `tel:+${cc}-${digits}`, `Call ${intl} today`, nat.replace(/\D/g, ''),
      `(+${cc}) ${digits}`,
    ];
    let text = pick(formats);
    if (rand() < 0.1) { // deliberately broken
      text = pick([text.slice(0, Math.max(3, text.length - 4)), `${text}77`, text.replace(/\d/, 'x'), `+999 ${digits}`]);
    }
    out.push([text, region]);
  }
  return out;
}
