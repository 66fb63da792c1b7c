"""The phone-number oracle: inputs from a deterministic generator of our own, answered by
Google's libphonenumber (its Python port `phonenumbers`, pinned at the metadata release Contakt
ships). Writes three JSON files that crates/contakt-core/tests/oracle.rs compares with Contakt's
engine. Run by `make test-oracle` in a virtual environment the Makefile creates.

    python generate.py OUT_DIR
"""

import json
import random
import sys

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as F, PhoneNumberType as T

PINNED = "9.0.35"
SEED = 20261201

KINDS = {
    T.FIXED_LINE: "fixed_line", T.MOBILE: "mobile", T.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    T.TOLL_FREE: "toll_free", T.PREMIUM_RATE: "premium_rate", T.SHARED_COST: "shared_cost",
    T.VOIP: "voip", T.PERSONAL_NUMBER: "personal_number", T.PAGER: "pager", T.UAN: "uan",
    T.VOICEMAIL: "voicemail", T.UNKNOWN: "unknown",
}
ERRORS = ["INVALID_COUNTRY_CODE", "NOT_A_NUMBER", "TOO_SHORT_AFTER_IDD", "TOO_SHORT_NSN", "TOO_LONG"]
POSSIBLE = {
    pn.ValidationResult.IS_POSSIBLE: "IS_POSSIBLE", pn.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "IS_POSSIBLE_LOCAL_ONLY",
    pn.ValidationResult.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE", pn.ValidationResult.TOO_SHORT: "TOO_SHORT",
    pn.ValidationResult.INVALID_LENGTH: "INVALID_LENGTH", pn.ValidationResult.TOO_LONG: "TOO_LONG",
}
REGIONS = sorted(pn.SUPPORTED_REGIONS)
NON_GEO = sorted(pn.COUNTRY_CODES_FOR_NON_GEO_REGIONS)
FULL_WIDTH = str.maketrans("0123456789+()-", "０１２３４５６７８９＋（）－")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENSIONS = [
    " ext. 123", " x 45", ";ext=6789", " ext 7", " extension 5", " #12", ",,321", " x123", " Ext: 99", " EXT.22",
    " extensión 4", " anexo 55", " доб. 12", " int 8", " ｘ７", " - 503#", "; 77", ", ext 5#", " ~ 9", " xtn 1234567890123",
    ",12", " , 45", ",,,6#",
]
PREFIXES = ["Tel: ", "Phone ", "(", "call ", "☎ ", "+", "++", "Tel.:", "[", "-"]
SUFFIXES = [" ", ".", " (home)", ")", " now", " ！"]


def answer(text, region):
    try:
        n = pn.parse(text, region)
    except pn.NumberParseException as e:
        return {"error": ERRORS[e.error_type]}
    return {
        "e164": pn.format_number(n, F.E164),
        "valid": pn.is_valid_number(n),
        "possible": POSSIBLE[pn.is_possible_number_with_reason(n)],
        "kind": KINDS[pn.number_type(n)],
        "region": pn.region_code_for_number(n),
        "extension": n.extension,
        "international": pn.format_number(n, F.INTERNATIONAL),
        "national": pn.format_number(n, F.NATIONAL),
        "rfc3966": pn.format_number(n, F.RFC3966),
    }


def examples():
    """Every example number of every type of every region and non-geographic code."""
    out = []
    for r in REGIONS:
        for t in KINDS:
            if t == T.UNKNOWN:
                continue
            n = pn.example_number_for_type(r, t)
            if n is not None:
                out.append((r, n))
    for cc in NON_GEO:
        n = pn.example_number_for_non_geo_entity(cc)
        if n is not None:
            out.append(("001", n))
    return out


def punctuate(rng, text):
    """The same number written with other separators, as people do."""
    choice = rng.randrange(6)
    if choice == 0:
        return text
    if choice == 1:
        return text.replace(" ", "-")
    if choice == 2:
        return text.replace(" ", ".")
    if choice == 3:
        return text.replace(" ", "").replace("-", "")
    if choice == 4:
        return text.replace("-", " ")
    return " ".join(text.replace("-", " ").split(" ")[:1]) + "/" + "".join(text.replace("-", " ").split(" ")[1:])


def parse_cases(rng):
    cases = []
    for home, n in examples():
        cc = n.country_code
        forms = [
            (pn.format_number(n, F.INTERNATIONAL), rng.choice(REGIONS)),
            (pn.format_number(n, F.E164), rng.choice(REGIONS)),
            (pn.format_number(n, F.RFC3966), rng.choice(REGIONS)),
            ("011 " + pn.format_number(n, F.INTERNATIONAL)[1:], "US"),
            ("00 " + pn.format_number(n, F.INTERNATIONAL)[1:], rng.choice(["DE", "FR", "IN", "CN", "BR"])),
            ("+011 " + pn.format_number(n, F.INTERNATIONAL)[1:], "US"),
        ]
        if home != "001":
            # The national prefix in brackets after the country code: "+44 (0) 20 …".
            national = pn.format_number(n, F.NATIONAL)
            prefix = pn.PhoneMetadata.metadata_for_region(home).national_prefix
            if prefix and national.startswith(prefix):
                forms.append(("+%d (%s) %s" % (cc, prefix, national[len(prefix):]), rng.choice(REGIONS)))
        if home != "001":
            national = pn.format_number(n, F.NATIONAL)
            forms += [(national, home), (national, rng.choice(REGIONS))]
            # Written without its national prefix, or with digits only.
            forms.append((str(n.national_number).zfill(len(pn.national_significant_number(n))), home))
        for text, region in forms:
            cases.append((text, region))
            variant = punctuate(rng, text)
            roll = rng.random()
            if roll < 0.15:
                variant = variant.translate(FULL_WIDTH)
            elif roll < 0.22:
                variant = variant.translate(ARABIC_INDIC)
            if rng.random() < 0.25:
                variant += rng.choice(EXTENSIONS)
            if rng.random() < 0.25:
                variant = rng.choice(PREFIXES) + variant
            if rng.random() < 0.15:
                variant += rng.choice(SUFFIXES)
            cases.append((variant, region))
        # One digit too many, one too few, one changed.
        digits = pn.national_significant_number(n)
        if len(digits) > 3:
            i = rng.randrange(len(digits))
            for changed in (digits[:i] + digits[i + 1:], digits + str(rng.randrange(10)), digits[:i] + str(rng.randrange(10)) + digits[i + 1:]):
                cases.append(("+%d %s" % (cc, changed), rng.choice(REGIONS)))
                if home != "001":
                    cases.append((changed, home))
    # Random digit strings, with and without a plus or a leading zero.
    for _ in range(8000):
        length = rng.randrange(2, 18)
        digits = "".join(str(rng.randrange(10)) for _ in range(length))
        lead = rng.choice(["", "", "+", "0", "00", "+0", "(0", "1 "])
        cases.append((lead + digits, rng.choice(REGIONS)))
    out = []
    for t, r in cases:
        case = {"input": t, "region": r, "expect": answer(t, r)}
        folded = fold_digits(t)
        if folded != t:
            # Google drops digits of other scripts when it reads letters as a vanity number:
            # its answer for the same text in ASCII digits says whether that happened here.
            again = answer(folded, r)
            if again.get("e164") != case["expect"].get("e164") or again.get("error") != case["expect"].get("error"):
                case["google_drops_digits"] = True
                case["expect_folded"] = again
        out.append(case)
    return out


def fold_digits(text):
    """Decimal digits of every script as ASCII (what Contakt reads)."""
    import unicodedata
    return "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in text)


def typed(rng):
    """Every example number of every region and type typed key by key: nationally at home,
    with a plus from another region, after another region's international prefix; and
    random digit strings."""
    cases = []

    def add(region, keys):
        f = pn.AsYouTypeFormatter(region)
        cases.append({"region": region, "keys": keys, "steps": [f.input_digit(c) for c in keys]})

    for home, n in examples():
        nsn = pn.national_significant_number(n)
        cc = n.country_code
        if home != "001":
            add(home, "".join(c for c in pn.format_number(n, F.NATIONAL) if c.isdigit()))
        add(rng.choice(REGIONS), "+%d%s" % (cc, nsn))
        idd_region, idd = rng.choice([("US", "011"), ("DE", "00"), ("AU", "0011"), ("JP", "010"), ("BR", "0021"), ("RU", "810")])
        add(idd_region, "%s%d%s" % (idd, cc, nsn))
    for _ in range(1500):
        add(rng.choice(REGIONS), rng.choice(["", "+", "0", "00"]) + "".join(str(rng.randrange(10)) for _ in range(rng.randrange(3, 16))))
    return cases


DECOYS = [
    "on 2024-05-17", "at 10:30", "for $1,299.00", "order #123456789", "ISBN 978-3-16-148410-0",
    "from 192.168.0.1", "in 1999", "room 12B", "version 2.4.1", "the 3rd of May", "postcode 75008",
    "at 48.8566, 2.3522", "invoice 2024/0042",
]
TEMPLATES = [
    "Call me at {a} tomorrow.", "Tel.: {a}", "{a} / {b}", "Phones: {a}, {b}", "Office ({a})",
    "电话{a}联系", "お問い合わせ：{a}まで", "Mobile: {a} (after 6pm)", "{a}·{b}", "Write to us {d} or call {a}.",
    "Numbers: {a}; {b}.", "Reach {a} ext. 12 {d}", "Fax {a}\nPhone {b}",
]


def sentences(rng):
    pool = examples()
    cases = []
    for _ in range(4000):
        home, a = rng.choice(pool)
        _, b = rng.choice(pool)
        region = home if home != "001" else rng.choice(REGIONS)

        def form(n):
            roll = rng.random()
            if roll < 0.4 and pn.region_code_for_number(n) == region:
                text = pn.format_number(n, F.NATIONAL)
            elif roll < 0.8:
                text = pn.format_number(n, F.INTERNATIONAL)
            else:
                text = pn.format_number(n, F.E164)
            if rng.random() < 0.3:
                text = punctuate(rng, text)
            if rng.random() < 0.1:
                text = text.translate(FULL_WIDTH)
            elif rng.random() < 0.05:
                text = text.translate(ARABIC_INDIC)
            return text

        text = rng.choice(TEMPLATES).format(a=form(a), b=form(b), d=rng.choice(DECOYS))
        if rng.random() < 0.3:
            text = rng.choice(DECOYS) + " " + text
        found = {}
        for name, leniency in (("strict", pn.Leniency.STRICT_GROUPING), ("valid", pn.Leniency.VALID)):
            # Each match as its text, its start (in characters) and its E.164.
            found[name] = [[m.raw_string, m.start, pn.format_number(m.number, F.E164)] for m in pn.PhoneNumberMatcher(text, region, leniency=leniency)]
        cases.append({"text": text, "region": region, "spans": found["strict"], "spans_valid": found["valid"]})
    return cases


def main():
    if pn.__version__ != PINNED:
        sys.exit("phonenumbers %s found, %s pinned (the metadata release Contakt ships)" % (pn.__version__, PINNED))
    out = sys.argv[1]
    rng = random.Random(SEED)
    for name, make in (("parse", parse_cases), ("typed", typed), ("sentences", sentences)):
        data = make(rng)
        with open("%s/%s.json" % (out, name), "w", encoding="utf-8") as f:
            json.dump({"phonenumbers": pn.__version__, "seed": SEED, "cases": data}, f, ensure_ascii=False)
        print("oracle: %d %s cases" % (len(data), name))


main()
