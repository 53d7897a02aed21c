#!/usr/bin/env python3
"""Write a held-out set of partner files (synthetic persons) with ground truth.

    make_files.py --persons 3000 --seed 1 OUT/

Everything is invented. Written apart from Athar's code and tables (see README.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import namebank as NB

EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# ----------------------------------------------------------------------------------------
# Romanization from this file's own scheme
# ----------------------------------------------------------------------------------------
TOKEN_RE = re.compile(r"kh|gh|sh|th|dh|aa|ii|uu|ay|aw|.")
VOWELS = {"a", "i", "u", "aa", "ii", "uu", "ay", "aw"}

CONS = {
    "en": {
        "7": ["h"],
        "3": ["", "", "'"],
        "2": ["", "'"],
        "kh": ["kh"],
        "gh": ["gh"],
        "sh": ["sh"],
        "th": ["th", "th", "s"],
        "dh": ["dh", "z", "th"],
        "q": ["q", "q", "k"],
        "S": ["s"],
        "D": ["d", "dh"],
        "T": ["t"],
        "Z": ["z", "dh"],
        "j": ["j"],
        "w": ["w"],
        "y": ["y"],
    },
    "fr": {
        "7": ["h"],
        "3": ["", "", "'"],
        "2": ["", "'"],
        "kh": ["kh"],
        "gh": ["gh"],
        "sh": ["ch"],
        "th": ["th", "s"],
        "dh": ["dh", "z"],
        "q": ["k", "q"],
        "S": ["s"],
        "D": ["d"],
        "T": ["t"],
        "Z": ["z"],
        "j": ["j", "dj"],
        "w": ["w", "ou"],
        "y": ["y"],
    },
    "az": {
        "7": ["7"],
        "3": ["3"],
        "2": ["2", "'", ""],
        "kh": ["kh", "5"],
        "gh": ["gh", "3'"],
        "sh": ["sh", "ch"],
        "th": ["th", "s", "t"],
        "dh": ["dh", "z"],
        "q": ["q", "2", "k"],
        "S": ["s", "9"],
        "D": ["d"],
        "T": ["t", "6"],
        "Z": ["z", "th"],
        "j": ["j"],
        "w": ["w"],
        "y": ["y"],
    },
}
VOW = {
    "en": {
        "a": ["a", "a", "a", "a", "e"],
        "i": ["i", "i", "e"],
        "u": ["o", "u", "o"],
        "aa": ["a", "a", "a", "aa"],
        "ii": ["i", "ee", "i"],
        "uu": ["ou", "u", "oo"],
        "ay": ["ay", "ai", "ei"],
        "aw": ["aw", "ou", "o"],
    },
    "fr": {
        "a": ["a", "a", "a", "e"],
        "i": ["i", "e"],
        "u": ["ou", "o"],
        "aa": ["a"],
        "ii": ["i"],
        "uu": ["ou"],
        "ay": ["ay", "ai", "ei"],
        "aw": ["aw", "ou", "ao"],
    },
    "az": {
        "a": ["a", "a", "a", "e"],
        "i": ["i", "e"],
        "u": ["u", "o"],
        "aa": ["a", "aa", "a"],
        "ii": ["i", "ee"],
        "uu": ["u", "o", "ou"],
        "ay": ["ay", "ai", "ei"],
        "aw": ["aw", "o"],
    },
}
TA_MARBUTA = {"en": ["a", "ah", "eh"], "fr": ["a", "é", "eh"], "az": ["a", "e", "eh"]}


def render_word(word: str, style: str, rng: random.Random, ta_marbuta: bool = False) -> str:
    toks = TOKEN_RE.findall(word)
    out = []
    n = len(toks)
    for i, t in enumerate(toks):
        last = i == n - 1
        prev = toks[i - 1] if i else None
        if t in VOWELS:
            if last and t == "a" and ta_marbuta:
                out.append(rng.choice(TA_MARBUTA[style]))
            elif last and t == "i":
                out.append(rng.choice(["i", "i", "i", "y"]))
            elif i == 0 and t == "a":
                out.append("a")
            else:
                out.append(rng.choice(VOW[style][t]))
            continue
        if t == prev and t not in VOWELS:  # shadda
            keep = rng.random() < {"en": 0.75, "fr": 0.8, "az": 0.55}[style]
            if not keep:
                continue
        if t in CONS[style]:
            opts = CONS[style][t]
            c = rng.choice(opts)
            if t in ("3", "2") and i == 0 and style != "az":
                c = ""
            out.append(c)
        elif t == "s" and style == "fr" and prev in VOWELS and i + 1 < n and toks[i + 1] in VOWELS:
            out.append("ss")
        else:
            out.append(t)
    s = "".join(out).replace("''", "'")
    s = s.strip("'")
    return s


def cap(s: str) -> str:
    if not s:
        return s
    if s[0] in "'":
        return s
    return s[0].upper() + s[1:]


def romanize(scheme: str, arabic: str, style: str, rng: random.Random, family: bool = False) -> str:
    """A Latin writing of one name (given or family), in style en/fr/az."""
    if scheme in NB.OVERRIDES:
        return rng.choice(NB.OVERRIDES[scheme][style])
    words = scheme.split(" ")
    arabic.split(" ")
    tm = arabic.endswith("ة")
    # article on a one-word family name
    if len(words) == 1 and words[0].startswith("al-"):
        core = cap(render_word(words[0][3:], style, rng, tm))
        art = rng.choice(
            {
                "en": ["Al-", "al-", "Al ", "", "", "El-", "Al"],
                "fr": ["Al-", "El-", "al-", "", "El ", "Al "],
                "az": ["Al-", "al", "", "Al "],
            }[style]
        )
        if art == "Al" or art == "al":
            core = core.lower()
        return art + core
    if len(words) == 1:
        return cap(render_word(words[0], style, rng, tm))
    # compounds: 3abd al-X, X al-diin, abu X, al-3abd al-laah, 7aajj X, shaykh al-arD
    head, rest = words[0], words[1:]
    lead = ""
    if head.startswith("al-"):
        lead = rng.choice(["Al-", "Al ", "", "El-"])
        head = head[3:]
    if head == "3abd":
        h = {
            "en": ["Abd", "Abdul", "Abdel", "Abd", "Abdal"],
            "fr": ["Abd", "Abdel", "Abdel", "Abdoul"],
            "az": ["3abd", "Abd", "3bd", "Abdul"],
        }[style]
        h = rng.choice(h)
    elif head == "abu":
        h = rng.choice(
            {
                "en": ["Abu", "Abou", "Abo"],
                "fr": ["Abou", "Abou", "Abu"],
                "az": ["Abu", "Abo", "2abu"],
            }[style]
        )
    else:
        h = cap(render_word(head, style, rng))
    tail_word = rest[-1]
    has_art = tail_word.startswith("al-")
    tw = tail_word[3:] if has_art else tail_word
    tail = cap(render_word(tw, style, rng, tm and True))
    if tw == "diin":
        tail = (
            rng.choice(["Din", "Deen", "Dine", "din", "ddin", "ddine"])
            if style != "az"
            else rng.choice(["Din", "Deen"])
        )
        if tail[0].islower():
            return lead + h + ("e" if tail.startswith("dd") else "") + tail
    if has_art:
        if h.endswith(("ul", "el", "al", "oul")):
            j = rng.choice([" ", "", "-"])
            t2 = tail if j != "" else tail.lower()
            return lead + h + j + t2
        j = rng.choice(
            {
                "en": [" al-", " Al-", "al", "ul", " el-", " al ", " ul "],
                "fr": [" el-", " El ", "el", " al-", " al "],
                "az": [" al-", "al", " el ", "ul"],
            }[style]
        )
        t2 = tail.lower() if j in ("al", "ul", "el") else tail
        return lead + h + j + t2
    j = rng.choice([" ", " ", "", "-"])
    return lead + h + j + (tail if j != "" else tail.lower())


# ----------------------------------------------------------------------------------------
# Noise
# ----------------------------------------------------------------------------------------
DOT_CONFUSION = {
    "ب": "تثن",
    "ت": "بثن",
    "ث": "تب",
    "ن": "بت",
    "ج": "حخ",
    "ح": "جخ",
    "خ": "حج",
    "د": "ذ",
    "ذ": "د",
    "ر": "ز",
    "ز": "ر",
    "س": "ش",
    "ش": "س",
    "ص": "ض",
    "ض": "ص",
    "ط": "ظ",
    "ظ": "ط",
    "ع": "غ",
    "غ": "ع",
    "ف": "ق",
    "ق": "ف",
    "ي": "ى",
}


def ar_noise(s: str, rng: random.Random, level: float) -> str:
    """Orthographic variation (frequent) and errors (rarer) in an Arabic name."""
    if not s:
        return s
    if rng.random() < 0.35:
        s = re.sub("[أإآ]", "ا", s)
    if s.endswith("ة") and rng.random() < 0.25:
        s = s[:-1] + "ه"
    if s.endswith("ى") and rng.random() < 0.3:
        s = s[:-1] + "ي"
    if s.endswith("ي") and rng.random() < 0.08:
        s = s[:-1] + "ى"
    if "عبد " in s and rng.random() < 0.4:
        s = s.replace("عبد ", "عبد", 1)
    if " الدين" in s and rng.random() < 0.4:
        s = s.replace(" الدين", "الدين")
    if "أبو " in s and rng.random() < 0.2:
        s = s.replace("أبو ", "ابو", 1)
    if rng.random() < level:  # a real error
        letters = [i for i, c in enumerate(s) if "\u0621" <= c <= "\u064a"]
        if letters:
            i = rng.choice(letters)
            op = rng.random()
            if op < 0.5 and s[i] in DOT_CONFUSION:  # dots lost / misplaced
                s = s[:i] + rng.choice(DOT_CONFUSION[s[i]]) + s[i + 1 :]
            elif op < 0.7 and len(letters) > 4:
                s = s[:i] + s[i + 1 :]
            elif op < 0.85:
                s = s[:i] + s[i] + s[i:]
            elif i + 1 < len(s) and s[i + 1] != " ":
                s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s


def latin_typo(s: str, rng: random.Random, p: float) -> str:
    if not s or rng.random() >= p or len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    if not s[i].isalpha():
        return s
    op = rng.random()
    if op < 0.35:
        return s[:i] + s[i + 1 :]
    if op < 0.6:
        return s[:i] + s[i] + s[i:]
    if op < 0.8 and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    if s[i] in "aeiou":
        return s[:i] + rng.choice([v for v in "aeiou" if v != s[i]]) + s[i + 1 :]
    return s


def drop_article(s: str, rng: random.Random, p: float) -> str:
    if s.startswith("ال") and " " not in s and rng.random() < p:
        return s[2:]
    return s


def pad(s: str, rng: random.Random) -> str:
    """Stray spaces as typed by a clerk."""
    if rng.random() < 0.06:
        s = s + rng.choice([" ", "  "])
    if rng.random() < 0.02:
        s = " " + s
    return s


# ----------------------------------------------------------------------------------------
# Persons
# ----------------------------------------------------------------------------------------
BRANCHES = ["MI215", "MI227", "MI235", "MI248", "GI251", "AFI", "MI261", "MP"]
BRANCH_W = [20, 14, 16, 6, 10, 14, 6, 4]
# first two digits of a national ID number
NID_PREFIXES = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14"]


def wchoice(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


class World:
    def __init__(self, n: int, seed: int):
        self.rng = random.Random(seed)
        self.n = n
        self.persons = []
        self.numbers = defaultdict(set)
        self._make()

    def _name(self, table, exclude=()):
        rng = self.rng
        while True:
            ar, sc, _ = wchoice(rng, table, [w for _, _, w in table])
            if ar not in exclude:
                return ar, sc

    def _number(self, fac):
        rng = self.rng
        while True:
            k = rng.randint(100, 9999) if fac != "SED" else rng.randint(1000, 29999)
            if k not in self.numbers[fac]:
                self.numbers[fac].add(k)
                return k

    def _person(
        self,
        fam,
        sex,
        given,
        father,
        grandfather,
        mother,
        birth_year,
        arrest=None,
        first_fac=None,
        relation="self",
    ):
        rng = self.rng
        pid = f"P{len(self.persons) + 1:06d}"
        by = birth_year
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        dob = dt.date(by, m, d)
        if arrest is None:
            arrest = dt.date(2011, 3, 15) + dt.timedelta(days=rng.randint(0, 365 * 7))
        if first_fac is None:
            first_fac = wchoice(rng, BRANCHES, BRANCH_W)
        journey = [
            (first_fac, self._number(first_fac), arrest + dt.timedelta(days=rng.randint(0, 12)))
        ]
        t = journey[-1][2]
        if rng.random() < 0.2:
            second = wchoice(
                rng,
                [b for b in BRANCHES if b != first_fac],
                [w for b, w in zip(BRANCHES, BRANCH_W, strict=False) if b != first_fac],
            )
            t = t + dt.timedelta(days=rng.randint(10, 120))
            journey.append((second, self._number(second), t))
        if rng.random() < 0.42:
            t = t + dt.timedelta(days=rng.randint(20, 300))
            journey.append(("SED", self._number("SED"), t))
        elif rng.random() < 0.12:
            t = t + dt.timedelta(days=rng.randint(20, 300))
            journey.append(("ADRA", self._number("ADRA"), t))
        r = rng.random()
        fate = (
            "deceased"
            if r < 0.25
            else "released"
            if r < 0.55
            else rng.choice(["missing", "detained"])
        )
        fate_date = None
        if fate in ("deceased", "released"):
            fate_date = min(t + dt.timedelta(days=rng.randint(15, 900)), dt.date(2024, 12, 1))
        p = dict(
            pid=pid,
            family_id=fam["fid"],
            relation=relation,
            sex=sex,
            given=given,
            father=father,
            grandfather=grandfather,
            family=fam["family"],
            mother=mother,
            dob=dob,
            birthplace=fam["birthplace"] if rng.random() < 0.9 else rng.choice(NB.TOWNS),
            arrest=arrest,
            journey=journey,
            fate=fate,
            fate_date=fate_date,
            nid=rng.choice(NID_PREFIXES) + f"{rng.randint(0, 10**9 - 1):09d}",
        )
        self.persons.append(p)
        return p

    def _make(self):
        rng = self.rng
        fid = 0
        while len(self.persons) < self.n:
            fid += 1
            family = self._name(NB.FAMILY_NAMES)
            town = rng.choice(NB.TOWNS)
            grandfather = self._name(NB.MALE_NAMES)
            fam = dict(fid=f"F{fid:05d}", family=family, birthplace=town)
            mother = (self._name(NB.FEMALE_NAMES), self._name(NB.FAMILY_NAMES))
            father = self._name(NB.MALE_NAMES, exclude={grandfather[0]})
            size = wchoice(rng, [1, 2, 3, 4, 5], [52, 26, 12, 7, 3])
            raid = rng.random() < 0.4
            arrest = dt.date(2011, 3, 15) + dt.timedelta(days=rng.randint(0, 365 * 7))
            fac = wchoice(rng, BRANCHES, BRANCH_W)
            used = {father[0]}
            base_year = rng.randint(1955, 1998)
            first = None
            for k in range(size):
                if len(self.persons) >= self.n:
                    break
                kind = "brother" if k else "self"
                if k and rng.random() < 0.25:
                    kind = "cousin"
                if k and rng.random() < 0.08 and first is not None and first["dob"].year < 1975:
                    kind = "son"
                sex = "F" if rng.random() < 0.1 else "M"
                table = NB.FEMALE_NAMES if sex == "F" else NB.MALE_NAMES
                if kind == "cousin":
                    f2 = self._name(NB.MALE_NAMES, exclude={grandfather[0], father[0]})
                    m2 = (self._name(NB.FEMALE_NAMES), self._name(NB.FAMILY_NAMES))
                    g = self._name(table, exclude=used | {f2[0]})
                    used.add(g[0])
                    by = max(1950, min(1998, base_year + rng.randint(-12, 12)))
                    p = self._person(
                        fam,
                        sex,
                        g,
                        f2,
                        grandfather,
                        m2,
                        by,
                        arrest if raid and rng.random() < 0.5 else None,
                        fac if raid else None,
                        "cousin",
                    )
                elif kind == "son":
                    g = self._name(table, exclude={first["given"][0]})
                    by = min(1998, first["dob"].year + rng.randint(20, 32))
                    p = self._person(
                        fam,
                        sex,
                        g,
                        first["given"],
                        first["father"],
                        (self._name(NB.FEMALE_NAMES), self._name(NB.FAMILY_NAMES)),
                        by,
                        arrest if raid else None,
                        fac if raid else None,
                        "son",
                    )
                else:
                    g = self._name(table, exclude=used)
                    used.add(g[0])
                    by = max(1950, min(1998, base_year + rng.randint(-10, 10)))
                    p = self._person(
                        fam,
                        sex,
                        g,
                        father,
                        grandfather,
                        mother,
                        by,
                        arrest if (raid and k) else (arrest if raid else None),
                        fac if raid else None,
                        kind,
                    )
                if first is None:
                    first = p


# ----------------------------------------------------------------------------------------
# Writers
# ----------------------------------------------------------------------------------------
def ddmmyyyy(d: dt.date, rng, eastern=0.0, sep="/", zero=True) -> str:
    s = (
        f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
        if zero
        else f"{d.day}{sep}{d.month}{sep}{d.year}"
    )
    if rng.random() < eastern:
        s = s.translate(EASTERN)
    return s


def fac_label(code, lang, rng):
    return rng.choice(NB.FACILITIES[code][lang])


def status_for(p, when, rng):
    """What a family / NGO believes became of the person."""
    f = p["fate"]
    if f == "deceased":
        return "deceased" if rng.random() < 0.55 else "missing"
    if f == "released":
        return "released" if rng.random() < 0.9 else "unknown"
    if f == "missing":
        return "missing" if rng.random() < 0.85 else "unknown"
    return "detained" if rng.random() < 0.6 else "missing"


def status_text(cat, lang, sex, rng, year=None):
    key = lang + ("_f" if sex == "F" and lang in ("ar", "fr") else "")
    t = rng.choice(NB.STATUS_TEXT[key][cat])
    return t.replace("{year}", str(year or 2016))


class Out:
    def __init__(self, outdir):
        self.outdir = outdir
        self.truth = []
        self.rows = []
        self.manifest = []

    def add(self, file, sheet, row, rid, pid, kind, written, intended):
        self.truth.append(
            dict(file=file, sheet=sheet or "", row=row, record_id=rid, person_id=pid, kind=kind)
        )
        self.rows.append(
            dict(
                file=file,
                sheet=sheet or "",
                row=row,
                record_id=rid,
                person_id=pid,
                kind=kind,
                written=written,
                intended=intended,
            )
        )


def name_parts_ar(p, rng, level):
    return dict(
        given=pad(ar_noise(p["given"][0], rng, level), rng),
        father=ar_noise(p["father"][0], rng, level),
        grandfather=ar_noise(p["grandfather"][0], rng, level),
        family=drop_article(ar_noise(p["family"][0], rng, level), rng, 0.08),
    )


def mother_ar(p, rng, level):
    g = ar_noise(p["mother"][0][0], rng, level)
    if rng.random() < 0.5:
        return g
    return g + " " + drop_article(ar_noise(p["mother"][1][0], rng, level), rng, 0.1)


def latin_name(nm, style, rng, family=False, typo=0.04):
    return latin_typo(romanize(nm[1], nm[0], style, rng, family), rng, typo)


def write_delimited(
    out, fname, headers, rows, *, encoding, source, kind, delimiter=",", newline="\n",
    blank_lines=None, number_rows=True,
):  # fmt: skip
    """Write ``rows`` under ``headers`` as a delimited file, list it in the manifest and, with
    ``number_rows``, note each row's line in the truth (by its first cell, the row's id). With
    ``blank_lines`` (a random stream), about one row in a hundred follows a stray blank line."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(headers)
    line = 1
    line_of = {}
    for row in rows:
        if blank_lines is not None and blank_lines.random() < 0.01:
            buf.write(newline)
            line += 1
        w.writerow(row)
        line += 1
        line_of[row[0]] = line
    with open(os.path.join(out.outdir, fname), "w", encoding=encoding, newline="") as f:
        f.write(buf.getvalue())
    if number_rows:
        for t in out.truth + out.rows:
            if t["file"] == fname:
                t["row"] = line_of[t["record_id"]]
    out.manifest.append(dict(file=fname, source=source, kind=kind))


def write_sednaya(W, out, rng):
    """Prison register, XLSX, two sheets by period, Arabic headers."""
    import openpyxl

    fname = "sijill_saydnaya_2012_2017.xlsx"
    headers = [
        "رقم السجل",
        "الاسم",
        "اسم الاب",
        "اسم الجد",
        "الكنية",
        "اسم الام",
        "مواليد",
        "محل الولادة",
        "رقم الموقوف",
        "الجهة",
        "تاريخ التوقيف",
        "الوضع",
        "ملاحظات",
        "المهجع",
    ]
    wb = openpyxl.Workbook()
    sheets = {"2012-2014": wb.active}
    sheets["2012-2014"].title = "2012-2014"
    sheets["2015-2018"] = wb.create_sheet("2015-2018")
    for ws in sheets.values():
        ws.append(headers)
    entries = []
    for p in W.persons:
        for fac, num, t in p["journey"]:
            if fac == "SED" and rng.random() < 0.75:
                entries.append((t, p, num))
    entries.sort(key=lambda e: e[0])
    rid = 10000
    rownum = {k: 1 for k in sheets}
    for t, p, num in entries:
        sh = "2012-2014" if t.year <= 2014 else "2015-2018"
        ws = sheets[sh]
        rid += rng.randint(1, 3)
        n = name_parts_ar(p, rng, 0.03)
        # birth: full date (text, sometimes Eastern digits), year only, or a real Excel date cell
        r = rng.random()
        if r < 0.35:
            birth, bint = p["dob"].year, ("Y", p["dob"].year)
        elif r < 0.55 and sh == "2012-2014":
            birth, bint = (
                dt.datetime(p["dob"].year, p["dob"].month, p["dob"].day),
                ("D", p["dob"].isoformat()),
            )
        else:
            birth, bint = (
                ddmmyyyy(p["dob"], rng, 0.35 if sh == "2015-2018" else 0.0),
                ("D", p["dob"].isoformat()),
            )
        arrest = p["arrest"] + dt.timedelta(days=rng.choice([0, 0, 0, 0, 1, -1, 3]))
        if sh == "2012-2014":
            arr_cell = dt.datetime(arrest.year, arrest.month, arrest.day)
        else:
            arr_cell = ddmmyyyy(arrest, rng, 0.35)
        fate_here = p["fate"] if p["journey"][-1][0] == "SED" else "transferred"
        if fate_here == "deceased":
            st, sc = rng.choice(["متوفى", "توفي", "متوفي"]), "deceased"
        elif fate_here == "released":
            st, sc = rng.choice(["أخلي سبيله", "مخلى سبيله", "أفرج عنه"]), "released"
        else:
            st, sc = (
                rng.choice(["موقوف", "موقوف", "محال إلى محكمة الميدان العسكرية", "قيد المحاكمة"]),
                "detained",
            )
        if p["sex"] == "F":
            st = {"متوفى": "متوفاة", "أخلي سبيله": "أخلي سبيلها", "موقوف": "موقوفة"}.get(st, st)
        note = ""
        if fate_here == "deceased" and p["fate_date"]:
            note = "توفي بتاريخ " + ddmmyyyy(p["fate_date"], rng)
        elif rng.random() < 0.1:
            note = rng.choice(["حكم ميداني", "ملف لدى القضاء العسكري", "زيارة ممنوعة"])
        place = (
            p["birthplace"][0] if rng.random() < 0.85 else NB.GOVERNORATES[p["birthplace"][2]][0]
        )
        row = [
            rid,
            n["given"],
            n["father"],
            n["grandfather"] if rng.random() < 0.9 else None,
            n["family"],
            mother_ar(p, rng, 0.03) if rng.random() < 0.9 else None,
            birth,
            place,
            num
            if rng.random() < 0.7
            else str(num).translate(EASTERN)
            if rng.random() < 0.5
            else str(num),
            fac_label("SED", "ar", rng) if rng.random() < 0.5 else None,
            arr_cell,
            st,
            note,
            rng.choice(["أ/1", "ب/3", "ج/2", "المبنى الأحمر", ""]),
        ]
        ws.append(row)
        rownum[sh] += 1
        written = dict(zip(headers, [str(x) if x is not None else "" for x in row], strict=False))
        out.add(
            fname,
            sh,
            rownum[sh],
            str(rid),
            p["pid"],
            "prison_register",
            written,
            dict(birth=bint, arrest=arrest.isoformat(), status=sc, facility="SED", number=num),
        )
    wb.save(os.path.join(out.outdir, fname))
    out.manifest.append(dict(file=fname, source="saydnaya_register", kind="prison_register"))


def write_branches(W, out, rng):
    """Registers of several branches merged into one CSV, UTF-8 with BOM, tab separated."""
    fname = "branches_register_utf8bom.tsv"
    headers = [
        "الرقم",
        "اسم الموقوف",
        "الأب",
        "الأم",
        "الكنية",
        "تاريخ الولادة",
        "محل ورقم القيد",
        "الفرع",
        "رقم الموقوف",
        "تاريخ الإيداع",
        "ملاحظات",
    ]
    lines = []
    rid = 50000
    entries = []
    for p in W.persons:
        for k, (fac, num, t) in enumerate(p["journey"]):
            if fac in ("SED", "ADRA"):
                continue
            # deaths in a branch make its register more likely to survive (the photographed)
            pr = 0.6 if (p["fate"] == "deceased" and k == len(p["journey"]) - 1) else 0.5
            if rng.random() < pr:
                entries.append((t, p, fac, num, k))
    rng.shuffle(entries)
    entries.sort(key=lambda e: (e[2], e[0]))
    for t, p, fac, num, k in entries:
        rid += 1
        n = name_parts_ar(p, rng, 0.04)
        given = n["given"]
        full_given = (
            given if rng.random() < 0.7 else given + " " + n["family"]
        )  # "الاسم والنسبة" habit
        fam = n["family"] if rng.random() < 0.92 else ""
        birth_r = rng.random()
        if birth_r < 0.4:
            birth, bint = str(p["dob"].year), ("Y", p["dob"].year)
        elif birth_r < 0.5:
            birth, bint = "", None
        else:
            birth, bint = (
                ddmmyyyy(p["dob"], rng, 0.3, sep=rng.choice(["/", "/", "-", "."])),
                ("D", p["dob"].isoformat()),
            )
        qayd = p["birthplace"][0] + " " + str(rng.randint(1, 400)) if rng.random() < 0.8 else ""
        nxt = p["journey"][k + 1][0] if k + 1 < len(p["journey"]) else None
        note = ""
        if nxt == "SED":
            note = rng.choice(
                ["نقل الى سجن صيدنايا", "أحيل إلى صيدنايا", "منقول إلى سجن صيدنايا العسكري"]
            )
        elif nxt == "ADRA":
            note = rng.choice(["أحيل إلى القضاء - سجن عدرا", "نقل إلى سجن عدرا"])
        elif nxt:
            note = "نقل إلى " + fac_label(nxt, "ar", rng)
        elif p["fate"] == "deceased" and rng.random() < 0.6:
            note = "توفي"
        elif p["fate"] == "released" and rng.random() < 0.6:
            note = "أخلي سبيله"
        lab = fac_label(fac, "ar", rng)
        numtxt = str(num) if rng.random() < 0.7 else str(num).translate(EASTERN)
        row = [
            str(rid),
            full_given,
            n["father"],
            ar_noise(p["mother"][0][0], rng, 0.04) if rng.random() < 0.75 else "",
            fam,
            birth,
            qayd,
            lab,
            numtxt,
            ddmmyyyy(t, rng, 0.3),
            note,
        ]
        row = [pad(x, rng) if x and i in (1, 2, 4) else x for i, x in enumerate(row)]
        lines.append(row)
        written = dict(zip(headers, row, strict=False))
        out.add(
            fname,
            "",
            None,
            str(rid),
            p["pid"],
            "prison_register",
            written,
            dict(birth=bint, facility=fac, number=num, arrest=t.isoformat()),
        )
    write_delimited(
        out, fname, headers, lines, encoding="utf-8-sig", delimiter="\t", newline="\r\n",
        blank_lines=rng, source="branches_register", kind="prison_register",
    )  # fmt: skip


def write_release(W, out, rng):
    """Release list (amnesty), CSV in Windows-1256, a single three-part name column."""
    fname = "qaimat_ikhla_cp1256.csv"
    headers = ["م", "الاسم الثلاثي", "اسم الأم", "تولد", "الجهة", "تاريخ الإخلاء", "بموجب"]
    rows = []
    people = [p for p in W.persons if p["fate"] == "released" and rng.random() < 0.6]
    rng.shuffle(people)
    for i, p in enumerate(people, 1):
        n = name_parts_ar(p, rng, 0.03)
        r = rng.random()
        if r < 0.82:
            full = f"{n['given']} {n['father']} {n['family']}"
        elif r < 0.9:
            full = f"{n['given']} {n['father']} {n['grandfather']} {n['family']}"
        else:
            full = f"{n['given']} {n['family']}"
        full = re.sub(r"\s+", " ", full).strip()
        if rng.random() < 0.05:
            full = full + " "
        birth = str(p["dob"].year) if rng.random() < 0.85 else ""
        last = p["journey"][-1][0]
        lab = fac_label(last, "ar", rng) if rng.random() < 0.8 else ""
        row = [
            str(i),
            full,
            ar_noise(p["mother"][0][0], rng, 0.03) if rng.random() < 0.6 else "",
            birth,
            lab,
            ddmmyyyy(p["fate_date"], rng),
            rng.choice(["مرسوم العفو 2014", "مرسوم العفو 2016", "قرار قضائي", "انتهاء المحكومية"]),
        ]
        rows.append(row)
        out.add(
            fname,
            "",
            i + 1,
            str(i),
            p["pid"],
            "release_list",
            dict(zip(headers, row, strict=False)),
            dict(
                birth=("Y", p["dob"].year) if birth else None,
                facility=last if lab else None,
                end=p["fate_date"].isoformat(),
            ),
        )
    write_delimited(
        out, fname, headers, rows, encoding="cp1256", newline="\r\n", number_rows=False,
        source="release_list_amnesty", kind="release_list",
    )  # fmt: skip


def latin_full(p, style, rng, order="gff", typo=0.04):
    g = latin_name(p["given"], style, rng, typo=typo)
    fa = latin_name(p["father"], style, rng, typo=typo)
    fm = latin_name(p["family"], style, rng, family=True, typo=typo)
    if order == "gff":
        r = rng.random()
        if r < 0.7:
            return f"{g} {fa} {fm}"
        if r < 0.9:
            return f"{g} {fm}"
        gf = latin_name(p["grandfather"], style, rng, typo=typo)
        return f"{g} {fa} {gf} {fm}"
    if order == "FAMILY_first":
        return f"{fm.upper()} {g}" + (f" {fa}" if rng.random() < 0.6 else "")
    if order == "comma":
        return f"{fm}, {g}" + (f" {fa}" if rng.random() < 0.5 else "")
    raise ValueError(order)


def birth_written_latin(p, rng, ambiguous_share=0.15):
    d = p["dob"]
    r = rng.random()
    if r < 0.3:
        return str(d.year), ("Y", d.year)
    if r < 0.4:
        return "", None
    if r < 0.5:
        return d.isoformat(), ("D", d.isoformat())
    if d.day <= 12 and d.day != d.month and rng.random() < ambiguous_share:
        # month first, as a form filled abroad might write it: ambiguous, and wrong when read
        # day-first
        return f"{d.month:02d}/{d.day:02d}/{d.year}", ("MD", d.isoformat())
    return f"{d.day:02d}/{d.month:02d}/{d.year}", ("D", d.isoformat())


def arrest_written(p, rng, sep="/"):
    a = p["arrest"] + dt.timedelta(days=rng.choice([0, 0, 0, 0, 0, 1, -1, 2, -3, 7]))
    r = rng.random()
    if r < 0.15:
        return str(a.year), ("Y", a.year)
    if r < 0.35:
        return f"{a.month:02d}{sep}{a.year}", ("M", f"{a.year}-{a.month:02d}")
    if r < 0.42:
        return "", None
    return f"{a.day:02d}{sep}{a.month:02d}{sep}{a.year}", ("D", a.isoformat())


def write_family_en(W, out, rng):
    fname = "family_reports_en.csv"
    headers = [
        "Ref",
        "Full name",
        "Date of birth",
        "Place of birth",
        "Mother's name",
        "National ID",
        "Place of detention",
        "Date of arrest",
        "Status",
        "Reported by",
        "Contact phone",
        "Notes",
    ]
    rows = []
    k = 0
    for p in W.persons:
        if rng.random() >= 0.33:
            continue
        times = 2 if rng.random() < 0.1 else 1
        for _ in range(times):
            k += 1
            style = "en" if rng.random() < 0.75 else "az"
            if rng.random() < 0.1:
                n = name_parts_ar(p, rng, 0.02)
                full = f"{n['given']} {n['father']} {n['family']}"
                style = "ar"
            else:
                full = latin_full(p, style, rng, "gff" if rng.random() < 0.9 else "comma")
            birth, bint = birth_written_latin(p, rng)
            fac = p["journey"][0][0] if rng.random() < 0.7 else p["journey"][-1][0]
            fac_txt = fac_label(fac, "en", rng) if rng.random() < 0.75 else ""
            st = status_for(p, None, rng)
            stt = status_text(
                st,
                "en" if rng.random() < 0.85 else "ar",
                p["sex"],
                rng,
                p["fate_date"].year if p["fate_date"] else None,
            )
            arr, aint = arrest_written(p, rng)
            mom = ""
            if rng.random() < 0.6:
                mom = latin_name(p["mother"][0], "en", rng)
                if rng.random() < 0.4:
                    mom += " " + latin_name(p["mother"][1], "en", rng, family=True)
            nid = ""
            if rng.random() < 0.25:
                nid = p["nid"]
                if rng.random() < 0.05:
                    j = rng.randrange(len(nid))
                    nid = nid[:j] + str((int(nid[j]) + 1) % 10) + nid[j + 1 :]
            bp = (
                rng.choice(dict((a, lat) for a, lat, g in NB.TOWNS)[p["birthplace"][0]])
                if rng.random() < 0.6
                else ""
            )
            row = [
                f"FR-{k:05d}",
                pad(full, rng),
                birth,
                bp,
                mom,
                nid,
                fac_txt,
                arr,
                stt,
                rng.choice(
                    ["mother", "brother", "wife", "sister", "cousin", "father", "neighbour", ""]
                ),
                f"+90 5{rng.randint(10, 59)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                if rng.random() < 0.5
                else "",
                rng.choice(
                    [
                        "",
                        "",
                        "",
                        "Last seen at a checkpoint",
                        "Arrested at work",
                        "Taken from home at night",
                        "Paid a broker, no news",
                    ]
                ),
            ]
            rows.append(row)
            out.add(
                fname,
                "",
                None,
                row[0],
                p["pid"],
                "family_report",
                dict(zip(headers, row, strict=False)),
                dict(
                    birth=bint,
                    arrest=aint,
                    status=st,
                    facility=fac if fac_txt else None,
                    script=style,
                ),
            )
    rng.shuffle(rows)
    write_delimited(
        out, fname, headers, rows, encoding="utf-8", blank_lines=rng, source="families_en",
        kind="family_report",
    )  # fmt: skip


def write_family_fr(W, out, rng):
    fname = "rapports_familles_fr.json"
    recs = []
    k = 0
    for p in W.persons:
        if rng.random() >= 0.2:
            continue
        k += 1
        order = "FAMILY_first" if rng.random() < 0.4 else "gff"
        full = latin_full(p, "fr", rng, order)
        birth, bint = birth_written_latin(p, rng, ambiguous_share=0.0)
        if bint and bint[0] == "D" and rng.random() < 0.3:
            birth = birth.replace("/", ".")
        fac = p["journey"][0][0] if rng.random() < 0.6 else p["journey"][-1][0]
        st = status_for(p, None, rng)
        arr, aint = arrest_written(p, rng)
        rec = {"Réf": f"RF/{2023 + k % 2}/{k:04d}", "Nom complet": full.strip()}
        if birth:
            rec["Date de naissance"] = birth
        if rng.random() < 0.5:
            rec["Lieu de naissance"] = rng.choice(
                dict((a, lat) for a, lat, g in NB.TOWNS)[p["birthplace"][0]]
            )
        if rng.random() < 0.5:
            rec["Nom de la mère"] = latin_name(p["mother"][0], "fr", rng)
        if rng.random() < 0.8:
            rec["Lieu de détention"] = fac_label(fac, "fr", rng)
        else:
            fac = None
        rec["Date d'arrestation"] = arr or None
        rec["Statut"] = status_text(
            st, "fr", p["sex"], rng, p["fate_date"].year if p["fate_date"] else None
        )
        rec["Déclarant"] = rng.choice(["mère", "frère", "épouse", "sœur", "oncle", "ami"])
        rec["Sexe"] = {"M": rng.choice(["H", "M", "Homme"]), "F": rng.choice(["F", "Femme"])}[
            p["sex"]
        ]
        recs.append(rec)
        out.add(
            fname,
            "",
            k,
            rec["Réf"],
            p["pid"],
            "family_report",
            rec,
            dict(birth=bint, arrest=aint, status=st, facility=fac, script="fr"),
        )
    order = list(range(len(recs)))
    rng.shuffle(order)
    recs2 = [recs[i] for i in order]
    pos = {r["Réf"]: i + 1 for i, r in enumerate(recs2)}
    for t in out.truth + out.rows:
        if t["file"] == fname:
            t["row"] = pos[t["record_id"]]
    with open(os.path.join(out.outdir, fname), "w", encoding="utf-8") as f:
        json.dump(recs2, f, ensure_ascii=False, indent=1)
    out.manifest.append(dict(file=fname, source="familles_fr", kind="family_report"))


def write_ngo(W, out, rng):
    """NGO list, UTF-16, semicolon separated, bilingual headers, names in either script."""
    fname = "ngo_list_utf16.csv"
    headers = [
        "No.",
        "الاسم / Name",
        "اسم الأب / Father",
        "اسم الأم / Mother",
        "سنة الولادة / Birth year",
        "الجنس / Sex",
        "المحافظة / Governorate",
        "الرقم الوطني / National No.",
        "تاريخ الاعتقال / Arrest date",
        "مكان الاحتجاز / Place of detention",
        "الوضع / Status",
        "Source",
    ]
    rows = []
    k = 0
    for p in W.persons:
        if rng.random() >= 0.33:
            continue
        k += 1
        arabic = rng.random() < 0.55
        if arabic:
            n = name_parts_ar(p, rng, 0.03)
            name = (
                f"{n['given']} {n['family']}"
                if rng.random() < 0.8
                else f"{n['given']} {n['father']} {n['family']}"
            )
            father = n["father"] if rng.random() < 0.8 else ""
            mom = ar_noise(p["mother"][0][0], rng, 0.03) if rng.random() < 0.5 else ""
            gov = NB.GOVERNORATES[p["birthplace"][2]][0]
            lang = "ar"
        else:
            style = rng.choice(["en", "en", "az"])
            g = latin_name(p["given"], style, rng)
            fm = latin_name(p["family"], style, rng, family=True)
            name = f"{fm}, {g}" if rng.random() < 0.25 else f"{g} {fm}"
            father = latin_name(p["father"], style, rng) if rng.random() < 0.8 else ""
            mom = latin_name(p["mother"][0], style, rng) if rng.random() < 0.5 else ""
            gov = rng.choice(NB.GOVERNORATES[p["birthplace"][2]][1])
            lang = "en"
        by = str(p["dob"].year) if rng.random() < 0.8 else ""
        if by and rng.random() < 0.05:
            by = str(p["dob"].year + rng.choice([-1, 1]))
        sex = {"M": rng.choice(["ذكر", "M", "Male"]), "F": rng.choice(["أنثى", "F", "Female"])}[
            p["sex"]
        ]
        nid = p["nid"] if rng.random() < 0.3 else ""
        arr, aint = arrest_written(p, rng, sep=rng.choice(["/", "-"]))
        if aint and aint[0] == "M":
            arr, aint = str(p["arrest"].year), ("Y", p["arrest"].year)
        fac = p["journey"][rng.randrange(len(p["journey"]))][0]
        fac_txt = fac_label(fac, lang if lang == "ar" else "en", rng) if rng.random() < 0.8 else ""
        st = status_for(p, None, rng)
        stt = status_text(
            st,
            rng.choice(["ar", "en"]),
            p["sex"],
            rng,
            p["fate_date"].year if p["fate_date"] else None,
        )
        row = [
            f"SY-{k:05d}",
            name,
            father,
            mom,
            by,
            sex,
            gov,
            nid,
            arr,
            fac_txt,
            stt,
            rng.choice(
                [
                    "Family",
                    "Witness",
                    "Former detainee",
                    "Social media",
                    "أحد الأقارب",
                    "معتقل سابق",
                ]
            ),
        ]
        rows.append(row)
        out.add(
            fname,
            "",
            None,
            row[0],
            p["pid"],
            "ngo_list",
            dict(zip(headers, row, strict=False)),
            dict(
                birth=("Y", int(by)) if by else None,
                arrest=aint,
                status=st,
                facility=fac if fac_txt else None,
                script=lang,
            ),
        )
    rng.shuffle(rows)
    write_delimited(
        out, fname, headers, rows, encoding="utf-16", delimiter=";", newline="\r\n",
        source="ngo_list", kind="ngo_list",
    )  # fmt: skip


def write_death(W, out, rng):
    """Forensic catalogue of bodies: no names, a detainee number, the branch, a date."""
    fname = "forensic_catalogue.csv"
    headers = [
        "رقم الحالة",
        "رقم المعتقل",
        "الجهة",
        "تاريخ الوفاة",
        "مكان الوفاة",
        "ملاحظات الطبيب الشرعي",
    ]
    rows = []
    k = 0
    for p in W.persons:
        if p["fate"] != "deceased" or rng.random() >= 0.75:
            continue
        fac, num, _t = p["journey"][-1]
        if fac in ("ADRA", "MP"):
            continue
        k += 1
        lab = fac_label(fac, "ar", rng)
        if rng.random() < 0.15:
            lab = fac_label(fac, "en", rng)
        numtxt = str(num) if rng.random() < 0.6 else str(num).translate(EASTERN)
        row = [
            f"C-{k:05d}",
            numtxt,
            lab,
            ddmmyyyy(p["fate_date"], rng, 0.3),
            rng.choice(NB.DEATH_PLACES),
            rng.choice(["توقف القلب والتنفس", "آثار تعذيب", "هزال شديد", "", ""]),
        ]
        rows.append(row)
        out.add(
            fname,
            "",
            None,
            row[0],
            p["pid"],
            "death_record",
            dict(zip(headers, row, strict=False)),
            dict(facility=fac, number=num, end=p["fate_date"].isoformat()),
        )
    rng.shuffle(rows)
    write_delimited(
        out, fname, headers, rows, encoding="utf-8", source="forensic_catalogue",
        kind="death_record",
    )  # fmt: skip


def write_bad(outdir):
    """A small separate file with rows a careful importer must refuse, one problem each."""
    fname = "bad_rows.csv"
    headers = [
        "رقم السجل",
        "الاسم",
        "اسم الاب",
        "الكنية",
        "تولد",
        "تاريخ التوقيف",
        "الجهة",
        "رقم الموقوف",
    ]
    rows = [
        ["B1", "أحمد", "خالد", "العلي", "12/05/1980", "03/04/2013", "فرع فلسطين", "1201"],
        [
            "B2",
            "محمود",
            "حسن",
            "الخطيب",
            "31/02/1990",
            "11/09/2012",
            "صيدنايا",
            "1202",
        ],  # impossible date
        [
            "B3",
            "عمر",
            "سعيد",
            "النجار",
            "14/07/2015",
            "02/02/2013",
            "الفرع 215",
            "1203",
        ],  # birth after arrest
        ["", "", "", "", "", "", "", ""],  # empty row
        [
            "B5",
            "يوسف",
            "علي",
            "الحداد",
            "05/13/1985",
            "01/01/2014",
            "فرع الخطيب",
            "1205",
        ],  # month 13
        [
            "B6",
            "سامر",
            "محمد",
            "الحمصي",
            "1978",
            "٣٠/٠٢/٢٠١٣",
            "الفرع 227",
            "1206",
        ],  # impossible, Eastern digits
        ["B7", "", "", "", "1980", "2013", "", ""],  # no name, no facility+number
        [
            "B1",
            "فادي",
            "أحمد",
            "الشامي",
            "1982",
            "05/06/2014",
            "الفرع 248",
            "1208",
        ],  # duplicated id
        [
            "B9",
            "علي",
            "محمود",
            "الزعبي",
            "حوالي 1975",
            "2012",
            "فرع المنطقة",
            "1209",
        ],  # "about 1975"
        ["B10", "خالد", "عمر", "الحلبي", "1979", "12/1/2013", "فرع فلسطين", "1210"],  # valid
    ]
    with open(os.path.join(outdir, fname), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        for r in rows:
            w.writerow(r)
    return fname


def write_probes(outdir, rng):
    """Small files probing one habit each (not part of the linkage measure)."""
    import openpyxl

    probes = []
    # 1. a register whose first row is a title, headers on row 3 (a common office habit)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "سجل"
    ws.append(["سجن عدرا المركزي - سجل النزلاء"])
    ws.append([])
    ws.append(["رقم السجل", "الاسم", "اسم الاب", "الكنية", "مواليد", "رقم الموقوف", "الجهة"])
    ws.append(["T1", "أحمد", "محمد", "الحلبي", "1980", "3001", "سجن عدرا"])
    ws.append(["T2", "محمود", "علي", "الخطيب", "1985", "3002", "سجن عدرا"])
    wb.save(os.path.join(outdir, "probe_title_row.xlsx"))
    probes.append(
        dict(
            file="probe_title_row.xlsx",
            source="probe_title",
            kind="prison_register",
            what="title row above the headers",
        )
    )
    # 2. dates as written in words / month first with day > 12 / 2-digit years
    with open(os.path.join(outdir, "probe_dates.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Ref", "Full name", "Date of birth", "Date of arrest"])
        w.writerow(["D1", "Ahmad Khaled Al-Ali", "March 1985", "12 June 2013"])
        w.writerow(["D2", "Omar Said Najjar", "07/25/1982", "2013"])
        w.writerow(["D3", "Samer Mohammad Homsi", "5/6/85", "3/2013"])
        w.writerow(["D4", "Fadi Ahmad Shami", "1985-3-7", "2013/04/05"])
        w.writerow(["D5", "Bilal Hasan Zoubi", "around 1990", "early 2014"])
    probes.append(
        dict(
            file="probe_dates.csv",
            source="probe_dates",
            kind="family_report",
            what="dates in words, month-first with day>12, 2-digit years, Y/M/D",
        )
    )
    # 3. Caesar-style "number/branch" in a single column
    with open(
        os.path.join(outdir, "probe_number_branch.csv"), "w", encoding="utf-8", newline=""
    ) as f:
        w = csv.writer(f)
        w.writerow(["رقم الحالة", "الرقم", "تاريخ الوفاة"])
        w.writerow(["N1", "2345/215", "03/05/2013"])
        w.writerow(["N2", "١٢٣/٢٢٧", "04/05/2013"])
    probes.append(
        dict(
            file="probe_number_branch.csv",
            source="probe_numbranch",
            kind="death_record",
            what="detainee number and branch in one cell, 'number/branch'",
        )
    )
    return probes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--persons", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    W = World(a.persons, a.seed)
    out = Out(a.out)
    for i, f in enumerate(
        [
            write_sednaya,
            write_branches,
            write_release,
            write_family_en,
            write_family_fr,
            write_ngo,
            write_death,
        ]
    ):
        f(W, out, random.Random(a.seed * 1000 + i))
    bad = write_bad(a.out)
    probes = write_probes(a.out, random.Random(a.seed))
    with open(os.path.join(a.out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "sheet", "row", "record_id", "person_id", "kind"])
        w.writeheader()
        w.writerows(out.truth)
    with open(os.path.join(a.out, "_rows.jsonl"), "w", encoding="utf-8") as f:
        for r in out.rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(a.out, "_persons.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "person_id",
                "family_id",
                "relation",
                "sex",
                "given",
                "father",
                "grandfather",
                "family",
                "mother",
                "dob",
                "arrest",
                "journey",
                "fate",
            ]
        )
        for p in W.persons:
            w.writerow(
                [
                    p["pid"],
                    p["family_id"],
                    p["relation"],
                    p["sex"],
                    p["given"][0],
                    p["father"][0],
                    p["grandfather"][0],
                    p["family"][0],
                    p["mother"][0][0] + " " + p["mother"][1][0],
                    p["dob"].isoformat(),
                    p["arrest"].isoformat(),
                    " > ".join(f"{f}#{n}" for f, n, _ in p["journey"]),
                    p["fate"],
                ]
            )
    with open(os.path.join(a.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(
            dict(persons=a.persons, seed=a.seed, files=out.manifest, bad_file=bad, probes=probes),
            f,
            ensure_ascii=False,
            indent=1,
        )
    counts = defaultdict(int)
    for t in out.truth:
        counts[t["file"]] += 1
    for k, v in counts.items():
        print(f"{k}: {v} rows")
    print(f"persons: {len(W.persons)}, rows: {len(out.truth)}")


if __name__ == "__main__":
    main()
