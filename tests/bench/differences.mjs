// Why Contakt and libphonenumber-js may read an input differently: each known kind of
// difference, with the reason it is not a Contakt bug. `explain` returns the kind, or null.

export const KINDS = {
  'trailing words': 'letters after the number, separated by a space ("… today"): Contakt reads the number before the words; libphonenumber-js reads the words as vanity digits or gives up',
  'vanity letters': 'letters inside the number (1-800-FLOWERS): Contakt converts them as Google\'s library does; libphonenumber-js cuts at the first letter',
  'plus then international prefix': '"+" followed by the region\'s own international prefix: Contakt strips both as Google does',
  'metadata release': 'the same number under a newer or older metadata release (libphonenumber-js ships a newer one)',
};

export function explain(text, region, ours, theirs) {
  if (/\d\s+[A-Za-z]{2,}/.test(text) && ours && !theirs) return 'trailing words';
  if (/\d[-\s.]*[A-Za-z]{3,}/.test(text.replace(/^tel:/, '').replace(/\s[A-Za-z]+\s/, ' ')) && !/\s[A-Za-z]{2,}$/.test(text)) return 'vanity letters';
  if (/^\+\s*(00|011|0011|010|810)/.test(text)) return 'plus then international prefix';
  return null;
}
