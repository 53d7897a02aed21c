"""Damage that clerks, scanners and memory do to names, numbers and dates.

Written independently of ``athar.names`` on purpose: the generator must not share a blind spot
with the engine it is used to test. Every function takes the caller's ``Random`` so output stays
deterministic for a seed.
"""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Final

EASTERN_DIGITS: Final = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

# --- Latin ------------------------------------------------------------------------------------

# Vowel spellings that relatives and clerks use interchangeably (Mahmoud/Mahmud, Khaled/Khalid).
_VOWEL_SHIFTS: Final = (
    ("ou", "u"),
    ("u", "ou"),
    ("o", "ou"),
    ("ou", "o"),
    ("o", "u"),
    ("u", "o"),
    ("e", "i"),
    ("i", "e"),
    ("a", "e"),
    ("e", "a"),
    ("ee", "i"),
    ("i", "ee"),
    ("ie", "i"),
    ("y", "i"),
    ("ei", "ai"),
    ("ai", "ei"),
)
_LATIN_VOWELS: Final = frozenset("aeiouy")
_LATIN_CONSONANTS: Final = frozenset("bcdfghjklmnpqrstvwxz")
# Neighbours on a QWERTY/AZERTY keyboard, for substitution typos.
_KEY_NEIGHBOURS: Final = {
    "a": "qsz",
    "b": "vn",
    "d": "sf",
    "e": "rz",
    "f": "dg",
    "h": "gj",
    "i": "uo",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "y": "tu",
    "z": "as",
}


def _interior(text: str, i: int) -> bool:
    """True when position ``i`` is inside a word, not its first letter (capitals stay put)."""
    return 0 < i < len(text) and text[i - 1].isalpha() and text[i].isalpha()


def latin_vowel_shift(text: str, rng: Random) -> str:
    """Swap one interior vowel spelling for a common equivalent (ou/u/o, e/i/a)."""
    for _ in range(4):
        old, new = _VOWEL_SHIFTS[rng.randrange(len(_VOWEL_SHIFTS))]
        spots = [i for i in range(1, len(text)) if text.startswith(old, i) and _interior(text, i)]
        if spots:
            i = spots[rng.randrange(len(spots))]
            return text[:i] + new + text[i + len(old) :]
    return text


def latin_gemination(text: str, rng: Random) -> str:
    """Single a doubled consonant or double a single one (Hassan/Hasan, Mohamad/Mohammad)."""
    doubles = [
        i
        for i in range(1, len(text) - 1)
        if text[i] == text[i + 1] and text[i].lower() in _LATIN_CONSONANTS
    ]
    singles = [
        i
        for i in range(1, len(text) - 1)
        if text[i] in _LATIN_CONSONANTS
        and text[i - 1] in _LATIN_VOWELS
        and text[i + 1] in _LATIN_VOWELS
    ]
    if doubles and (not singles or rng.random() < 0.5):
        i = doubles[rng.randrange(len(doubles))]
        return text[:i] + text[i + 1 :]
    if singles:
        i = singles[rng.randrange(len(singles))]
        return text[:i] + text[i] + text[i:]
    return text


def latin_typo(text: str, rng: Random) -> str:
    """One keyboard slip: a dropped, doubled, swapped or neighbouring letter."""
    spots = [i for i in range(1, len(text)) if _interior(text, i)]
    if not spots:
        return text
    i = spots[rng.randrange(len(spots))]
    kind = rng.randrange(4)
    if kind == 0 and len(text) > 3:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2 and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    near = _KEY_NEIGHBOURS.get(text[i].lower())
    if near:
        return text[:i] + near[rng.randrange(len(near))] + text[i + 1 :]
    return text[:i] + text[i + 1 :]


# --- Arabic -----------------------------------------------------------------------------------

# Spelling habits (not errors): hamza on alef or not, taa marbuta or haa, final yaa dotted or not.
_ORTHOGRAPHIC: Final = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ي": "ى",
    "ؤ": "و",
    "ئ": "ي",
}
# Letters that differ only by their dots: a faint scan or a hurried hand loses or moves them.
_DOT_GROUPS: Final = ("بتثني", "جحخ", "رز", "سش", "صض", "طظ", "عغ", "فق", "دذ", "هة")
_DOT_CONFUSIONS: Final = {
    letter: group.replace(letter, "") for group in _DOT_GROUPS for letter in group
}


def _word_final(text: str, i: int) -> bool:
    return i == len(text) - 1 or text[i + 1] == " "


def arabic_orthography(text: str, rng: Random, rate: float) -> str:
    """Write each hamza, taa marbuta and final yaa the other accepted way with probability ``rate``.

    Also adds a hamza to a bare initial alef now and then (احمد → أحمد), as careful clerks do.
    """
    out = []
    for i, ch in enumerate(text):
        alt = _ORTHOGRAPHIC.get(ch)
        if alt and rng.random() < rate:
            if ch in "ةىي" and not _word_final(text, i):
                out.append(ch)
                continue
            out.append(alt)
        elif (
            ch == "ا"
            and (i == 0 or text[i - 1] == " ")
            and text[i + 1 : i + 2] != "ل"  # never on the article
            and rng.random() < rate / 3
        ):
            out.append("أ")
        else:
            out.append(ch)
    return "".join(out)


def arabic_dot_loss(text: str, rng: Random, rate: float) -> str:
    """Confuse letters that share a skeleton (ب ت ث ن ي, ج ح خ, ر ز, ...), as in scanned pages."""
    out = []
    for i, ch in enumerate(text):
        alts = _DOT_CONFUSIONS.get(ch)
        if alts and rng.random() < rate:
            if ch == "ي" and _word_final(text, i):
                out.append("ى")  # a final yaa that loses its dots is an alef maqsura
            else:
                out.append(alts[rng.randrange(len(alts))])
        else:
            out.append(ch)
    return "".join(out)


def arabic_typo(text: str, rng: Random) -> str:
    """One slip of the pen in Arabic: a dropped, doubled or swapped letter."""
    spots = [i for i, ch in enumerate(text) if ch != " " and 0 < i < len(text) - 1]
    if not spots:
        return text
    i = spots[rng.randrange(len(spots))]
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if text[i + 1] != " ":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + text[i + 1 :]


# --- numbers and dates ------------------------------------------------------------------------


def eastern(text: str) -> str:
    """Western digits to Eastern Arabic digits (١٩٨٥)."""
    return text.translate(EASTERN_DIGITS)


def digit_slip(number: str, rng: Random) -> str:
    """One wrong or two transposed digits, the common errors in a copied identity number."""
    if len(number) < 2:
        return number
    i = rng.randrange(len(number) - 1)
    if rng.random() < 0.5 and number[i] != number[i + 1]:
        return number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    digit = str((int(number[i]) + rng.randrange(1, 10)) % 10) if number[i].isdigit() else "0"
    return number[:i] + digit + number[i + 1 :]


def swap_day_month(day: date) -> date:
    """Read 03/07 as 07/03: the date a clerk writes after mixing conventions (days ≤ 12 only)."""
    if day.day <= 12 and day.day != day.month:
        return day.replace(month=day.day, day=day.month)
    return day


DateStyle = str
"""``iso``, ``dmy``, ``dmy_short``, ``dmy_eastern``, ``iso_eastern``, ``month``, ``year`` ..."""


def format_date(day: date, style: DateStyle) -> str:
    """Render a date as a source writes it; partial styles keep only the month or the year."""
    if style == "iso":
        return day.isoformat()
    if style == "dmy":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == "dmy_eastern":
        return eastern(f"{day.day:02d}/{day.month:02d}/{day.year}")
    if style == "dmy_short":
        return f"{day.day}/{day.month}/{day.year}"
    if style == "iso_eastern":
        return eastern(day.isoformat())
    if style == "month":
        return f"{day.year}-{day.month:02d}"
    if style == "year":
        return str(day.year)
    if style == "year_eastern":
        return eastern(str(day.year))
    raise ValueError(f"unknown date style {style!r}")
