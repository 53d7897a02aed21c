#!/usr/bin/env python3
"""Independent synthetic generator of Syrian detainee lists (for testing Athar's linkage).

    python gen.py --persons N --seed S OUT_DIR

All persons are invented. Deterministic for a given seed (only random.Random(seed) is used,
no set iteration over strings).
"""

import argparse
import csv
import datetime as dt
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import random

import names_data as ND

HEADER = [
    "record_id",
    "source",
    "source_kind",
    "full_name",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "governorate",
    "national_id",
    "facility",
    "detainee_number",
    "event_date",
    "status",
    "notes",
]

SOURCES = {  # file stem -> (record id prefix, source name)
    "prison_register": ("PR", "indep_prison_register"),
    "release_list": ("RL", "indep_release_list"),
    "family_report": ("FR", "indep_family_reports"),
    "ngo_list": ("NG", "indep_ngo_list"),
    "death_record": ("DR", "indep_forensic_death_records"),
}

EAST = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUN = ("t", "th", "d", "dh", "r", "z", "s", "sh", "n", "l")


def wchoice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def rank_weights(n, offset=2.0, expo=1.0):
    return [1.0 / (i + offset) ** expo for i in range(n)]


# ---------------------------------------------------------------- name tables
class Name:
    __slots__ = ("ar", "az", "en", "fr")

    def __init__(self, ar, en, fr):
        self.ar, self.en, self.fr, self.az = ar, en, fr, []


def _abd(root_en, root_fr):
    r, rl = root_en, root_en.lower()
    en = [
        f"Abdul{rl}",
        f"Abdul {r}",
        f"Abdel {r}",
        f"Abd al-{r}",
        f"Abdel{rl}",
        f"Abd Al{rl}",
        f"Abdal{rl}",
    ]
    if rl.startswith(SUN):
        en.append(f"Abdu{rl[0]}{rl}")
    f, fl = root_fr, root_fr.lower()
    fr = [f"Abdel{fl}", f"Abdel {f}", f"Abd El {f}"]
    if fl.startswith(SUN):
        fr.insert(0, f"Abde{fl[0]}{fl}")
    return en, fr


def _din(first_en, first_fr):
    F = first_en
    en = [f"{F} al-Din", f"{F}eddin", f"{F} Eddin", f"{F} Aldeen", f"{F}-Eddin", f"{F}uddin"]
    fr = [f"{first_fr}eddine", f"{first_fr} Eddine", f"{first_fr} El Dine"]
    return en, fr


def parse_names(block):
    out = []
    for line in block.strip().split("\n"):
        line = line.strip()
        if not line:
            continue
        parts = line.split("|")
        ar = parts[0]
        en = [x for x in parts[1].split("/") if x]
        fr = [x for x in (parts[2].split("/") if len(parts) > 2 else []) if x]
        if en and en[0].startswith("@"):
            e2, f2 = [], []
            for i, root in enumerate(en):
                a, b = _abd(
                    root[1:], (fr[min(i, len(fr) - 1)] if fr else root)[1:] if fr else root[1:]
                )
                e2 += [x for x in a if x not in e2]
                f2 += [x for x in b if x not in f2]
            en, fr = e2, f2
        elif en and en[0].startswith("%"):
            e2, f2 = [], []
            for i, first in enumerate(en):
                a, b = _din(first[1:], (fr[min(i, len(fr) - 1)][1:] if fr else first[1:]))
                e2 += [x for x in a if x not in e2]
                f2 += [x for x in b if x not in f2]
            en, fr = e2, f2
        if not fr:
            fr = [french_of(en[0])]
        n = Name(ar, en, fr)
        n.az = arabizi_forms(ar, en)
        out.append(n)
    return out


def french_of(en):
    s = en.replace("sh", "ch").replace("Sh", "Ch")
    s = s.replace("u", "ou").replace("oou", "ou")
    return s


def _ain_one(w):
    low = w.lower()
    if low.endswith(("ie", "ee", "ih")):
        return None
    for k in range(1, len(w)):
        if w[k - 1].lower() in "aeiou" and w[k].lower() in "aeiou":
            return w[:k] + "3" + w[k:]
    return None


def _ain_tokens(ar, s):
    """Put 3 for an internal/final ع, word by word when Arabic and Latin words align."""
    if "'" in s:
        return s.replace("'", "3", 1)
    aw = ar.split()
    lw = re.split(r"([ -])", s)
    words = lw[0::2]
    if len(aw) != len(words):
        return s
    for j, (a, w) in enumerate(zip(aw, words, strict=False)):
        if "ع" not in a or a.startswith("ع") or a.startswith("الع"):
            continue
        if a.endswith("ع"):
            low = w.lower()
            if low.endswith(("ie", "ee", "ih")):
                words[j] = w[:-2] + w[-2] + "3"
            else:
                words[j] = w + "3"
        else:
            r = _ain_one(w)
            if r:
                words[j] = r
    lw[0::2] = words
    return "".join(lw)


def arabizi_forms(ar, ens):
    """Arabizi spellings (3=ع 7=ح 2=ء/ق 5=خ), derived from the English spellings and the
    letters the Arabic actually contains."""
    forms = []
    for en in ens[:3]:
        s = en
        s.lower()
        # ح -> 7 (an h that is not part of sh/kh/gh/th/dh/ch)
        nh = ar.count("ح")
        i = 0
        while nh and i < len(s):
            if s[i] in "hH" and (i == 0 or s[i - 1].lower() not in "sktgdcz"):
                s = s[:i] + "7" + s[i + 1 :]
                nh -= 1
            i += 1
        if "خ" in ar:
            s = s.replace("kh", "5").replace("Kh", "5").replace("KH", "5")
        if "ع" in ar:
            if ar.startswith("ع") or ar.startswith("الع"):
                if s[:1].lower() in "aeiou":
                    s = "3" + s[0].lower() + s[1:]
            else:
                s = _ain_tokens(ar, s)
        if any(c in ar[1:] for c in "ءأئؤ") and "3" not in s:
            if "'" in s:
                s = s.replace("'", "2", 1)
            else:
                for k in range(1, len(s)):
                    if s[k - 1].lower() in "aeiou" and s[k].lower() in "aeiou" and s[k - 1] != s[k]:
                        s = s[:k] + "2" + s[k:]
                        break
        s = s.replace("'", "")
        if s not in forms:
            forms.append(s)
    return forms


MALE = parse_names(ND.MALE)
FEMALE = parse_names(ND.FEMALE)
FAMILY = parse_names(ND.FAMILY)

# frequencies: محمد ~10% of men, أحمد ~4%, then a long Zipf tail
_mw = rank_weights(len(MALE) - 2, offset=4.0, expo=0.95)
_ms = sum(_mw)
MALE_W = [0.11, 0.045] + [w / _ms * 0.845 for w in _mw]
FEMALE_W = rank_weights(len(FEMALE), offset=4.0, expo=0.9)
FAMILY_W = rank_weights(len(FAMILY), offset=8.0, expo=0.85)

GOVS = []
for line in ND.GOVERNORATES.strip().split("\n"):
    ar, en, fr, w = line.split("|")
    GOVS.append((ar, en.split("/"), fr.split("/"), float(w)))
GOV_BY_AR = {g[0]: g for g in GOVS}
TOWNS = {k: v.split("|") for k, v in ND.TOWNS.items()}

FAC = {}
for line in ND.FACILITIES.strip().split("\n"):
    key, region, w, ar_al, la_al = line.split("|")
    FAC[key] = {"region": region, "w": float(w), "ar": ar_al.split(";"), "la": la_al.split(";")}
FAC_KEYS = list(FAC)
DAMASCUS_BRANCHES = [k for k in FAC_KEYS if FAC[k]["region"] == "دمشق"]
CENTRAL = ["saydnaya", "adra", "mpqaboun"]

# ---------------------------------------------------------------- noise helpers
DOT_GROUP = "بتثني"
DOTLESS = {
    "ب": "ٮ",
    "ت": "ٮ",
    "ث": "ٮ",
    "ن": "ں",
    "ي": "ى",
    "ج": "ح",
    "خ": "ح",
    "ز": "ر",
    "ذ": "د",
    "ش": "س",
    "ض": "ص",
    "ظ": "ط",
    "غ": "ع",
    "ق": "ف",
    "ف": "ڡ",
}
AR_SIMILAR = {
    "س": "ص",
    "ص": "س",
    "ت": "ط",
    "ط": "ت",
    "د": "ض",
    "ض": "د",
    "ذ": "ز",
    "ز": "ذ",
    "ظ": "ض",
    "ك": "ق",
    "ق": "ك",
    "ه": "ح",
    "ح": "ه",
    "ع": "ا",
    "ء": "ا",
    "ث": "س",
    "و": "ر",
    "م": "ن",
    "ل": "ا",
}
AR_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def fold_hamza(s):
    return s.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")


def ta_to_ha(s):
    return "".join(
        "ه" if c == "ة" and (i + 1 == len(s) or s[i + 1] == " ") else c for i, c in enumerate(s)
    )


def ya_alif(s, rng):
    out = list(s)
    for i, c in enumerate(out):
        end = i + 1 == len(out) or out[i + 1] == " "
        if end and c == "ى":
            out[i] = "ي"
        elif end and c == "ي" and rng.random() < 0.5:
            out[i] = "ى"
    return "".join(out)


def join_compound(s):
    for a in ("عبد ", "أبو ", "ابو "):
        s = s.replace(a, a.strip())
    return s.replace(" الدين", "الدين").replace(" العابدين", "العابدين")


def lose_dots(s, rng):
    idx = [i for i, c in enumerate(s) if c in DOTLESS]
    if not idx:
        return s
    i = rng.choice(idx)
    c = s[i]
    if c in DOT_GROUP and rng.random() < 0.75:
        r = rng.choice([x for x in DOT_GROUP if x != c])
    else:
        r = DOTLESS[c]
    return s[:i] + r + s[i + 1 :]


def typo_ar(s, rng):
    idx = [i for i, c in enumerate(s) if c != " "]
    if len(idx) < 3:
        return s
    i = rng.choice(idx[1:])
    op = rng.random()
    if op < 0.3:
        return s[:i] + s[i + 1 :]
    if op < 0.5:
        return s[:i] + s[i] + s[i:]
    if op < 0.65 and i + 1 < len(s) and s[i + 1] != " ":
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    r = AR_SIMILAR.get(s[i]) or rng.choice(AR_LETTERS)
    return s[:i] + r + s[i + 1 :]


def typo_la(s, rng):
    idx = [i for i, c in enumerate(s) if c.isalpha()]
    if len(idx) < 3:
        return s
    i = rng.choice(idx[1:])
    op = rng.random()
    if op < 0.3:
        return s[:i] + s[i + 1 :]
    if op < 0.5:
        return s[:i] + s[i] + s[i:]
    if op < 0.65 and i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    c = s[i]
    if c.lower() in "aeiou":
        r = rng.choice([v for v in "aeiou" if v != c.lower()])
    else:
        r = {
            "k": "q",
            "q": "k",
            "s": "z",
            "z": "s",
            "d": "t",
            "t": "d",
            "b": "p",
            "m": "n",
            "n": "m",
            "h": "",
            "y": "i",
            "w": "u",
        }.get(c.lower(), rng.choice("bdfghklmnrst"))
    if c.isupper():
        r = r.upper()
    return s[:i] + r + s[i + 1 :]


# ---------------------------------------------------------------- dates
D0 = dt.date(2011, 3, 15)


def rand_arrest(rng):
    # detention peaked 2012-2014
    y = wchoice(rng, list(range(2011, 2021)), [8, 18, 17, 13, 10, 8, 7, 6, 5, 4])
    start = dt.date(y, 1, 1) if y > 2011 else D0
    end = dt.date(y, 12, 31)
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def fmt_date(d, style, rng=None, swap_ok=False):
    """style: dmy, iso, east, year, ym, dash, dot, my"""
    day, mon, yr = d.day, d.month, d.year
    if swap_ok and day <= 12 and day != mon:
        day, mon = mon, day
    if style == "iso":
        return f"{yr:04d}-{mon:02d}-{day:02d}"
    if style == "dmy":
        return f"{day:02d}/{mon:02d}/{yr:04d}"
    if style == "dmy1":
        return f"{day}/{mon}/{yr}"
    if style == "east":
        return f"{day:02d}/{mon:02d}/{yr:04d}".translate(EAST)
    if style == "easty":
        return str(yr).translate(EAST)
    if style == "year":
        return str(yr)
    if style == "ym":
        return f"{yr:04d}-{mon:02d}"
    if style == "my":
        return f"{mon:02d}/{yr:04d}"
    if style == "dash":
        return f"{day:02d}-{mon:02d}-{yr:04d}"
    if style == "dot":
        return f"{day:02d}.{mon:02d}.{yr:04d}"
    raise ValueError(style)


def year_shift(d, k):
    try:
        return d.replace(year=d.year + k)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + k, day=28)


# ---------------------------------------------------------------- population
class Person:
    __slots__ = (
        "arrest",
        "birth",
        "fam_id",
        "family",
        "father",
        "given",
        "gov",
        "grand",
        "mother",
        "mother_fam",
        "moves",
        "nid",
        "numbers",
        "out_date",
        "outcome",
        "path",
        "pid",
        "sex",
        "town",
    )


class Gen:
    def __init__(self, n, seed):
        self.n = n
        self.rng = random.Random(seed)
        self.used_numbers = {k: set() for k in FAC_KEYS}
        self.used_nids = set()

    # -- name draws
    def male(self, exclude=()):
        while True:
            m = wchoice(self.rng, MALE, MALE_W)
            if m.ar not in exclude:
                return m

    def female(self, exclude=()):
        while True:
            f = wchoice(self.rng, FEMALE, FEMALE_W)
            if f.ar not in exclude:
                return f

    def family_name(self):
        return wchoice(self.rng, FAMILY, FAMILY_W)

    def gov(self):
        return wchoice(self.rng, GOVS, [g[3] for g in GOVS])[0]

    def number(self, fac):
        rng = self.rng
        hi = 40000 if fac in ("saydnaya", "adra") else 12000
        while True:
            x = rng.randint(1, hi)
            if x not in self.used_numbers[fac]:
                self.used_numbers[fac].add(x)
                return str(x)

    def nid(self, gov):
        code = [g[0] for g in GOVS].index(gov) + 1
        while True:
            x = f"{code:02d}{self.rng.randint(0, 10**9 - 1):09d}"
            if x not in self.used_nids:
                self.used_nids.add(x)
                return x

    def persons(self):
        rng = self.rng
        out = []
        fam_id = 0
        namesake_pool = []
        while len(out) < self.n:
            # a clan: grandfather + family name; 1-3 fathers (cousins when >1)
            fam = self.family_name()
            grand = self.male()
            gov = self.gov()
            if namesake_pool and rng.random() < 0.03:
                # deliberate namesake clan: same family + father names as an earlier one,
                # different grandfather/mother/place
                fam, fname0 = rng.choice(namesake_pool)
            else:
                fname0 = None
            n_fathers = wchoice(rng, [1, 2, 3], [85, 12, 3])
            fathers = []
            for k in range(n_fathers):
                f = fname0 if (k == 0 and fname0) else self.male(exclude=[x.ar for x in fathers])
                fathers.append(f)
            clan_arrest = rand_arrest(rng)
            for father in fathers:
                fam_id += 1
                namesake_pool.append((fam, father))
                g2 = gov if rng.random() < 0.85 else self.gov()
                town = rng.choice(TOWNS[g2])
                mother = self.female()
                mother_fam = fam if rng.random() < 0.3 else self.family_name()
                nkids = wchoice(rng, [1, 2, 3, 4], [85, 11, 3.5, 0.5])
                eldest = clan_arrest.year - int(rng.triangular(17, 66, 25))
                used = [father.ar]
                byear = eldest
                fam_arrest = clan_arrest if rng.random() < 0.4 else rand_arrest(rng)
                for kid in range(nkids):
                    if len(out) >= self.n:
                        break
                    p = Person()
                    p.pid = f"P{len(out) + 1:06d}"
                    p.fam_id = fam_id
                    p.sex = "f" if rng.random() < 0.08 else "m"
                    if p.sex == "f":
                        g = self.female(exclude=[*used, mother.ar])
                    elif kid == 0 and rng.random() < 0.15 and grand.ar not in used:
                        g = grand  # eldest son named after his grandfather
                    else:
                        g = self.male(exclude=used)
                    used.append(g.ar)
                    p.given, p.father, p.grand, p.family = g, father, grand, fam
                    p.mother, p.mother_fam = mother, mother_fam
                    p.gov, p.town = g2, town
                    p.arrest = fam_arrest if (kid > 0 and rng.random() < 0.45) else rand_arrest(rng)
                    by = min(byear, p.arrest.year - 15)
                    if p.arrest.year - by > 70:
                        by = p.arrest.year - rng.randint(18, 60)
                    p.birth = dt.date(by, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
                    byear = by + rng.randint(1, 7)
                    p.nid = self.nid(g2)
                    self.detention(p)
                    out.append(p)
        return out

    def detention(self, p):
        rng = self.rng
        reg = [k for k in FAC_KEYS if FAC[k]["region"] == p.gov]
        if p.gov in ("دمشق", "ريف دمشق") or not reg or rng.random() < 0.35:
            first = wchoice(rng, DAMASCUS_BRANCHES, [FAC[k]["w"] for k in DAMASCUS_BRANCHES])
        else:
            first = wchoice(rng, reg, [FAC[k]["w"] for k in reg])
        path = [first]
        if rng.random() < 0.5:
            nxt = wchoice(
                rng, CENTRAL + DAMASCUS_BRANCHES, [FAC[k]["w"] for k in CENTRAL + DAMASCUS_BRANCHES]
            )
            if nxt not in path:
                path.append(nxt)
            if rng.random() < 0.25:
                nxt = wchoice(rng, CENTRAL, [FAC[k]["w"] for k in CENTRAL])
                if nxt not in path:
                    path.append(nxt)
        p.path = path
        p.numbers = [self.number(f) for f in path]
        moves = [p.arrest]
        for _ in path[1:]:
            moves.append(moves[-1] + dt.timedelta(days=rng.randint(10, 400)))
        p.moves = moves
        r = rng.random()
        if r < 0.18:
            p.outcome = "deceased"
            p.out_date = moves[-1] + dt.timedelta(days=rng.randint(5, 900))
        elif r < 0.43:
            p.outcome = "released"
            p.out_date = moves[-1] + dt.timedelta(days=rng.randint(20, 1500))
        else:
            p.outcome = "missing"
            p.out_date = None
        cap = dt.date(2022, 12, 31) if p.outcome == "deceased" else dt.date(2024, 11, 30)
        if p.out_date and p.out_date > cap:
            p.out_date = cap - dt.timedelta(days=rng.randint(0, 300))
            if p.out_date <= moves[-1]:
                p.out_date = moves[-1] + dt.timedelta(days=3)


# ---------------------------------------------------------------- rendering
def pick_spelling(rng, options):
    w = [0.55, 0.25, 0.12, 0.05, 0.03, 0.02, 0.02, 0.01, 0.01]
    return wchoice(rng, options, w[: len(options)] + [0.01] * (len(options) - len(w)))


def article_form(rng, style, stem):
    if style == "fr":
        art = wchoice(rng, ["El ", "Al ", "El-", "Al-", ""], [30, 25, 10, 10, 25])
    elif style == "az":
        art = wchoice(rng, ["al ", "el ", "al-", "Al ", ""], [30, 20, 15, 10, 25])
    else:
        art = wchoice(
            rng, ["al-", "Al-", "Al ", "Al", "el-", "El-", "", "SUN"], [28, 20, 14, 7, 5, 5, 19, 2]
        )
    if art == "SUN":
        low = stem.lower()
        if low.startswith(SUN):
            return f"a{low[0]}-{stem}"
        art = "al-"
    if art == "Al":
        return "Al" + stem.lower()
    return art + stem


def latin_part(rng, name, style, is_family=False):
    if style == "fr":
        s = pick_spelling(rng, name.fr)
    elif style == "az":
        s = pick_spelling(rng, name.az) if name.az else pick_spelling(rng, name.en)
        if rng.random() < 0.3 and "q" in s.lower():
            s = s.replace("q", "2").replace("Q", "2")
    else:
        s = pick_spelling(rng, name.en)
    if rng.random() < 0.035:
        s = typo_la(s, rng)
    if is_family and name.ar.startswith("ال"):
        s = article_form(rng, style, s)
    return s


def arabic_part(rng, name, noise):
    s = name.ar
    if noise.get("hamza"):
        s = fold_hamza(s)
    if noise.get("ta"):
        s = ta_to_ha(s)
    if noise.get("ya"):
        s = ya_alif(s, rng)
    if noise.get("join") and rng.random() < 0.6:
        s = join_compound(s)
    if rng.random() < noise.get("typo", 0.0):
        s = typo_ar(s, rng)
    if rng.random() < noise.get("dots", 0.0):
        s = lose_dots(s, rng)
    return s


def ar_noise(rng, scanned=False):
    return {
        "hamza": rng.random() < 0.4,
        "ta": rng.random() < 0.18,
        "ya": rng.random() < 0.12,
        "join": rng.random() < 0.35,
        "typo": 0.025,
        "dots": (0.45 if scanned else 0.0),
    }


def gov_latin(rng, gov_ar, style):
    g = GOV_BY_AR[gov_ar]
    if style == "fr":
        return pick_spelling(rng, g[2])
    return pick_spelling(rng, g[1])


STATUS_FR_EN = {
    "missing": [
        "missing",
        "forcibly disappeared",
        "Missing",
        "enforced disappearance",
        "detained, whereabouts unknown",
        "arrested",
    ],
    "deceased": ["died in detention", "killed under torture", "deceased", "died in custody"],
    "released": ["released", "released (amnesty)", "missing"],
}
STATUS_FR_FR = {
    "missing": ["Disparu de force", "disparu", "disparition forcée", "détenu", "arrêté"],
    "deceased": ["mort en détention", "décédé en détention", "décédé"],
    "released": ["libéré", "Disparu de force"],
}
STATUS_NGO = {
    "missing": [
        "Enforced disappearance",
        "Detained",
        "Missing",
        "Forcibly disappeared",
        "Arbitrarily detained",
    ],
    "deceased": ["Died under torture", "Deceased", "Died in detention", "Killed in detention"],
    "released": ["Released", "Released", "Detained"],
}


class Writer:
    def __init__(self, g, persons):
        self.g, self.rng, self.persons = g, g.rng, persons
        self.rows = {k: [] for k in SOURCES}

    def row(self, kind, person, **kw):
        r = {h: "" for h in HEADER}
        r.update(kw)
        r["source"] = SOURCES[kind][1]
        r["source_kind"] = kind
        self.rows[kind].append((person.pid, r))

    # ---------- prison register
    def register(self, p, i, dup=False):
        rng = self.rng
        fac = p.path[i]
        scanned = rng.random() < 0.09
        nz = ar_noise(rng, scanned)
        given = arabic_part(rng, p.given, nz)
        father = arabic_part(rng, p.father, nz)
        if rng.random() < 0.02:
            given, father = father, given
        grand = arabic_part(rng, p.grand, nz) if rng.random() < 0.72 else ""
        family = arabic_part(rng, p.family, nz) if rng.random() < 0.96 else ""
        mother = ""
        if rng.random() < 0.72:
            mother = arabic_part(rng, p.mother, nz)
            if rng.random() < 0.35:
                mother += " " + arabic_part(rng, p.mother_fam, nz)
        bd = p.birth
        if rng.random() < 0.02:
            bd = year_shift(bd, rng.choice([-1, 1]))
        style = wchoice(
            rng, ["dmy", "iso", "east", "year", "easty", "dmy1", ""], [40, 18, 12, 16, 3, 4, 7]
        )
        birth = fmt_date(bd, style, swap_ok=rng.random() < 0.03) if style else ""
        place = ""
        if rng.random() < 0.8:
            place = p.town
            if rng.random() < 0.1 and p.town != p.gov:
                place = f"{p.gov} - {p.town}"
            place = fold_hamza(place) if nz["hamza"] else place
            if rng.random() < 0.02:
                place = typo_ar(place, rng)
        gov = p.gov if rng.random() < 0.55 else ""
        nid = p.nid if rng.random() < 0.3 else ""
        if nid and rng.random() < 0.03:
            k = rng.randrange(len(nid))
            nid = nid[:k] + str((int(nid[k]) + 1) % 10) + nid[k + 1 :]
        if nid and rng.random() < 0.2:
            nid = nid.translate(EAST)
        facility = (
            rng.choice(FAC[fac]["la"])
            if rng.random() < 0.08
            else wchoice(rng, FAC[fac]["ar"], [6, 3, 2, 1, 1][: len(FAC[fac]["ar"])])
        )
        num = p.numbers[i] if rng.random() < 0.97 else ""
        if num and rng.random() < 0.12:
            num = num.translate(EAST)
        ev = p.moves[i]
        est = wchoice(rng, ["dmy", "iso", "east", "ym", ""], [50, 25, 10, 5, 10])
        event = fmt_date(ev, est) if est else ""
        last = i == len(p.path) - 1
        if last and p.outcome == "deceased" and rng.random() < 0.5:
            status = rng.choice(["متوفى", "متوفي", "توفي", "وفاة"])
        elif last and p.outcome == "released" and rng.random() < 0.5:
            status = (
                rng.choice(["أخلي سبيله", "اخلاء سبيل", "أفرج عنه"])
                if p.sex == "m"
                else rng.choice(["أخلي سبيلها", "أفرج عنها"])
            )
        elif not last and rng.random() < 0.35:
            status = "نقل إلى " + FAC[p.path[i + 1]]["ar"][0]
        else:
            status = wchoice(
                rng,
                [
                    "موقوف",
                    "قيد التحقيق",
                    "محال إلى محكمة الإرهاب",
                    "محال إلى محكمة الميدان العسكرية",
                    "محكوم",
                    "موقوفة" if p.sex == "f" else "موقوف",
                ],
                [40, 20, 18, 10, 5, 7],
            )
        notes = ""
        if i > 0 and rng.random() < 0.3:
            notes = "منقول من " + FAC[p.path[i - 1]]["ar"][0]
        elif rng.random() < 0.05:
            notes = rng.choice(["الاسم غير واضح في الأصل", "صورة ممسوحة", "مكرر؟"])
        sex = p.sex if rng.random() < 0.97 else ""
        self.row(
            "prison_register",
            p,
            given_name=given,
            father_name=father,
            grandfather_name=grand,
            family_name=family,
            mother_name=mother,
            sex=sex,
            birth_date=birth,
            birth_place=place,
            governorate=gov,
            national_id=nid,
            facility=facility,
            detainee_number=num,
            event_date=event,
            status=status,
            notes=notes,
        )

    # ---------- release list
    def release(self, p):
        rng = self.rng
        nz = ar_noise(rng)
        nz["hamza"] = rng.random() < 0.5
        parts = [arabic_part(rng, p.given, nz), arabic_part(rng, p.father, nz)]
        if rng.random() < 0.02:
            parts.reverse()
        if rng.random() < 0.3:
            parts.append(arabic_part(rng, p.grand, nz))
        if rng.random() < 0.85:
            parts.append(arabic_part(rng, p.family, nz))
        mother = ""
        if rng.random() < 0.38:
            mother = arabic_part(rng, p.mother, nz)
            if rng.random() < 0.25:
                mother += " " + arabic_part(rng, p.mother_fam, nz)
        st = wchoice(rng, ["year", "easty", "dmy", ""], [62, 6, 10, 22])
        birth = (
            fmt_date(p.birth if rng.random() > 0.03 else year_shift(p.birth, 1), st) if st else ""
        )
        fi = len(p.path) - 1
        facility = (
            wchoice(rng, FAC[p.path[fi]]["ar"], [6, 3, 2, 1, 1][: len(FAC[p.path[fi]]["ar"])])
            if rng.random() < 0.85
            else ""
        )
        num = p.numbers[fi] if rng.random() < 0.08 else ""
        event = fmt_date(p.out_date, wchoice(rng, ["dmy", "iso", "east"], [60, 30, 10]))
        status = (
            ("أفرج عنه" if p.sex == "m" else "أفرج عنها")
            if rng.random() < 0.85
            else ("أخلي سبيله" if p.sex == "m" else "أخلي سبيلها")
        )
        self.row(
            "release_list",
            p,
            full_name=" ".join(parts),
            mother_name=mother,
            sex=p.sex if rng.random() < 0.4 else "",
            birth_date=birth,
            birth_place=p.town if rng.random() < 0.3 else "",
            governorate=p.gov if rng.random() < 0.3 else "",
            facility=facility,
            detainee_number=num,
            event_date=event,
            status=status,
            notes=rng.choice(["", "", "", "مرسوم العفو", "بموجب مرسوم العفو العام"]),
        )

    # ---------- family report
    def family_report(self, p):
        rng = self.rng
        style = wchoice(rng, ["en", "fr", "az"], [55, 30, 15])
        shape = wchoice(rng, ["gf", "gff", "gfgf", "gp"], [40, 45, 10, 5])
        parts = [latin_part(rng, p.given, style)]
        if shape in ("gff", "gfgf", "gp"):
            parts.append(latin_part(rng, p.father, style))
        if shape == "gfgf":
            parts.append(latin_part(rng, p.grand, style))
        if shape != "gp":
            parts.append(latin_part(rng, p.family, style, is_family=True))
        if rng.random() < 0.015 and len(parts) > 2:
            parts[0], parts[1] = parts[1], parts[0]
        full = " ".join(parts)
        if style == "az" or rng.random() < 0.08:
            full = full.lower()
        elif rng.random() < 0.05:
            full = full.upper()
        mother = ""
        if rng.random() < 0.3:
            mother = latin_part(rng, p.mother, "fr" if style == "fr" else "en")
            if rng.random() < 0.3:
                mother += " " + latin_part(rng, p.mother_fam, "fr" if style == "fr" else "en", True)
        bst = wchoice(rng, ["year", "iso", "dmy", "ym", ""], [48, 12, 12, 3, 25])
        bd = p.birth if rng.random() > 0.05 else year_shift(p.birth, rng.choice([-1, 1]))
        birth = fmt_date(bd, bst, swap_ok=rng.random() < 0.03) if bst else ""
        gov = gov_latin(rng, p.gov, style) if rng.random() < 0.7 else ""
        fi = rng.randrange(len(p.path))
        facility = rng.choice(FAC[p.path[fi]]["la"]) if rng.random() < 0.55 else ""
        seen = p.arrest
        if rng.random() < 0.2:
            seen = seen + dt.timedelta(days=rng.randint(-20, 20))
            if seen > p.arrest and p.outcome == "deceased" and seen >= p.out_date:
                seen = p.arrest
        est = wchoice(rng, ["iso", "ym", "year", "dmy", "my", ""], [38, 20, 15, 12, 5, 10])
        event = fmt_date(seen, est) if est else ""
        table = STATUS_FR_FR if style == "fr" else STATUS_FR_EN
        if p.outcome == "deceased" and rng.random() < 0.45:
            status = rng.choice(table["deceased"])
        elif p.outcome == "released" and rng.random() < 0.5:
            status = rng.choice(table["released"])
        else:
            status = rng.choice(table["missing"])
        if style == "fr":
            notes = rng.choice(
                [
                    "",
                    "",
                    "Signalé par sa mère",
                    "Signalé par son frère",
                    "Vu pour la dernière fois à un checkpoint",
                    "Arrêté à son domicile",
                ]
            )
        else:
            notes = rng.choice(
                [
                    "",
                    "",
                    "Reported by his brother",
                    "reported by mother",
                    "last seen at a checkpoint",
                    "arrested at home",
                    "info via WhatsApp",
                ]
            )
        self.row(
            "family_report",
            p,
            full_name=full,
            mother_name=mother,
            sex=p.sex if rng.random() < 0.35 else "",
            birth_date=birth,
            governorate=gov,
            national_id=p.nid if rng.random() < 0.07 else "",
            facility=facility,
            event_date=event,
            status=status,
            notes=notes,
        )

    # ---------- NGO list
    def ngo(self, p):
        rng = self.rng
        style = wchoice(rng, ["en", "fr"], [85, 15])
        given = latin_part(rng, p.given, style)
        father = latin_part(rng, p.father, style) if rng.random() < 0.45 else ""
        fam = latin_part(rng, p.family, style, is_family=True)
        if rng.random() < 0.35:
            full = fam.upper() + " " + given + (" " + father if father else "")
        else:
            full = " ".join(x for x in (given, father, fam) if x)
        bst = wchoice(rng, ["year", "iso", "dmy", ""], [40, 25, 15, 20])
        bd = p.birth if rng.random() > 0.04 else year_shift(p.birth, rng.choice([-1, 1]))
        birth = fmt_date(bd, bst, swap_ok=rng.random() < 0.02) if bst else ""
        fi = rng.randrange(len(p.path))
        status = rng.choice(STATUS_NGO[p.outcome] if rng.random() < 0.8 else STATUS_NGO["missing"])
        ev = p.arrest
        if p.outcome == "deceased" and status in STATUS_NGO["deceased"] and rng.random() < 0.5:
            ev = p.out_date
        self.row(
            "ngo_list",
            p,
            full_name=full,
            sex=p.sex if rng.random() < 0.7 else "",
            birth_date=birth,
            governorate=gov_latin(rng, p.gov, style) if rng.random() < 0.85 else "",
            facility=rng.choice(FAC[p.path[fi]]["la"]) if rng.random() < 0.4 else "",
            event_date=fmt_date(ev, wchoice(rng, ["iso", "ym", "year"], [60, 25, 15]))
            if rng.random() < 0.6
            else "",
            status=status,
            notes=rng.choice(["", "", "", "case documented", "source: family"]),
        )

    # ---------- forensic death record
    def death(self, p, nameless):
        rng = self.rng
        fi = len(p.path) - 1
        fac = p.path[fi]
        given = father = ""
        num = p.numbers[fi]
        if not nameless:
            nz = ar_noise(rng)
            given = arabic_part(rng, p.given, nz)
            father = arabic_part(rng, p.father, nz) if rng.random() < 0.85 else ""
            if rng.random() < 0.15:
                num = ""
            elif rng.random() < 0.02:
                num = num[:-1] + str((int(num[-1]) + 1) % 10)
        if num and rng.random() < 0.15:
            num = num.translate(EAST)
        facility = (
            wchoice(rng, FAC[fac]["ar"], [5, 3, 3, 2, 1][: len(FAC[fac]["ar"])])
            if rng.random() < 0.9
            else rng.choice(FAC[fac]["la"])
        )
        event = fmt_date(p.out_date, wchoice(rng, ["dmy", "iso", "east"], [55, 35, 10]))
        notes = rng.choice(
            [
                f"رقم الجثة {rng.randint(100, 9999)}",
                f"تقرير الطب الشرعي رقم {rng.randint(1, 9999)}/ب",
                "مشفى تشرين العسكري",
                "مشفى حرستا العسكري",
                "المشفى 601",
                "",
            ]
        )
        self.row(
            "death_record",
            p,
            full_name="",
            given_name=given,
            father_name=father,
            sex="m" if p.sex == "m" else ("f" if rng.random() < 0.8 else ""),
            facility=facility,
            detainee_number=num,
            event_date=event,
            status=rng.choice(["متوفى", "متوفى", "وفاة", "توفي"]),
            notes=notes,
        )

    # ---------- coverage
    def emit(self):
        rng = self.rng
        for p in self.persons:
            plan = []  # (kind, arg)
            if rng.random() < 0.55:
                regs = [i for i in range(len(p.path)) if rng.random() < 0.6] or [
                    rng.randrange(len(p.path))
                ]
                plan += [("prison_register", i) for i in regs]
                if rng.random() < 0.03:
                    plan.append(("prison_register", regs[0]))  # duplicated entry
            if p.outcome == "released" and rng.random() < 0.75:
                plan.append(("release_list", None))
                if rng.random() < 0.03:
                    plan.append(("release_list", None))
            if rng.random() < 0.55:
                plan.append(("family_report", None))
                if rng.random() < 0.07:
                    plan.append(("family_report", None))
            if rng.random() < 0.40:
                plan.append(("ngo_list", None))
                if rng.random() < 0.03:
                    plan.append(("ngo_list", None))
            if p.outcome == "deceased" and rng.random() < 0.8:
                nameless = rng.random() < 0.6
                plan.append(("death_record", nameless))
                last = len(p.path) - 1
                if nameless and ("prison_register", last) not in plan:
                    plan.append(("prison_register", last))
            if not plan:
                plan.append((wchoice(rng, ["family_report", "ngo_list"], [60, 40]), None))
            while len(plan) > 5:  # keep the death record and its register entry
                keep = {("death_record", True), ("prison_register", len(p.path) - 1)}
                cands = [j for j, x in enumerate(plan) if x not in keep]
                plan.pop(rng.choice(cands))
            for kind, arg in plan:
                if kind == "prison_register":
                    self.register(p, arg)
                elif kind == "release_list":
                    self.release(p)
                elif kind == "family_report":
                    self.family_report(p)
                elif kind == "ngo_list":
                    self.ngo(p)
                else:
                    self.death(p, arg)

    # ---------- queries
    def queries(self, n):
        rng = self.rng
        chosen = rng.sample(self.persons, min(n, len(self.persons)))
        out = []
        for k, p in enumerate(chosen):
            arabic = rng.random() < 0.42
            with_father = rng.random() < 0.25
            year_in = rng.random() < 0.15
            if arabic:
                nz = {
                    "hamza": rng.random() < 0.6,
                    "ta": rng.random() < 0.2,
                    "ya": rng.random() < 0.15,
                    "join": rng.random() < 0.3,
                    "typo": 0.02,
                }
                parts = [arabic_part(rng, p.given, nz)]
                if with_father:
                    parts.append(arabic_part(rng, p.father, nz))
                parts.append(arabic_part(rng, p.family, nz))
                q = " ".join(parts)
                if year_in:
                    q += " " + (
                        str(p.birth.year) if rng.random() < 0.7 else "مواليد " + str(p.birth.year)
                    )
                style = "ar"
            else:
                style = wchoice(rng, ["en", "fr", "az"], [60, 22, 18])
                parts = [latin_part(rng, p.given, style)]
                if with_father:
                    parts.append(latin_part(rng, p.father, style))
                parts.append(latin_part(rng, p.family, style, is_family=True))
                q = " ".join(parts)
                if rng.random() < 0.5:
                    q = q.lower()
                if rng.random() < 0.3:
                    q = q.replace("-", " ")
                if year_in:
                    q += " " + (
                        str(p.birth.year) if rng.random() < 0.7 else "born " + str(p.birth.year)
                    )
            father = mother = by = gov = ""
            if not with_father and rng.random() < 0.3:
                father = (
                    arabic_part(rng, p.father, {})
                    if (arabic or rng.random() < 0.3)
                    else latin_part(rng, p.father, "en" if style in ("ar", "az") else style)
                )
            if rng.random() < 0.2:
                mother = fold_hamza(p.mother.ar) if arabic else latin_part(rng, p.mother, "en")
            if not year_in and rng.random() < 0.3:
                by = str(p.birth.year + (rng.choice([-1, 1]) if rng.random() < 0.05 else 0))
            if rng.random() < 0.35:
                gov = p.gov if arabic else gov_latin(rng, p.gov, "fr" if style == "fr" else "en")
            out.append(
                {
                    "query_id": f"Q{k + 1:04d}",
                    "person_id": p.pid,
                    "q": q.strip(),
                    "father": father,
                    "mother": mother,
                    "birth_year": by,
                    "governorate": gov,
                }
            )
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--persons", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("out_dir")
    a = ap.parse_args(argv)
    g = Gen(a.persons, a.seed)
    persons = g.persons()
    w = Writer(g, persons)
    w.emit()
    queries = w.queries(a.queries)
    os.makedirs(a.out_dir, exist_ok=True)
    truth = []
    for kind, (prefix, _src) in SOURCES.items():
        rows = w.rows[kind]
        g.rng.shuffle(rows)
        with open(os.path.join(a.out_dir, kind + ".csv"), "w", newline="", encoding="utf-8") as fh:
            cw = csv.DictWriter(fh, fieldnames=HEADER)
            cw.writeheader()
            for j, (pid, r) in enumerate(rows, 1):
                r["record_id"] = f"{prefix}-{j:06d}"
                truth.append((r["record_id"], pid))
                cw.writerow(r)
    with open(os.path.join(a.out_dir, "truth.csv"), "w", newline="", encoding="utf-8") as fh:
        cw = csv.writer(fh)
        cw.writerow(["record_id", "person_id"])
        cw.writerows(truth)
    with open(os.path.join(a.out_dir, "queries.csv"), "w", newline="", encoding="utf-8") as fh:
        cw = csv.DictWriter(
            fh,
            fieldnames=[
                "query_id",
                "person_id",
                "q",
                "father",
                "mother",
                "birth_year",
                "governorate",
            ],
        )
        cw.writeheader()
        cw.writerows(queries)
    counts = {k: len(v) for k, v in w.rows.items()}
    print(
        f"persons={len(persons)} records={len(truth)} "
        f"per_person={len(truth) / len(persons):.2f} "
        + " ".join(f"{k}={v}" for k, v in counts.items())
        + f" queries={len(queries)}"
    )


if __name__ == "__main__":
    main()
