"""Latin and Arabizi renderings of Arabic names, the way relatives and NGOs write them.

A Latin spelling starts from one of the table's common spellings (English first, French forms
included), then takes the article and compound habits of the writer (al-/el-/Al /none,
Abdel Rahman/Abdelrahman/Abdel-Rahman). Arabizi (Mo7ammad, 3omar, 5aled) is derived from the Arabic
letters: the Latin spelling is aligned letter by letter with the Arabic one, and the letters that
Latin has no good sign for (ح ع خ ق ء ...) become the digits chat writers use.
"""

from __future__ import annotations

import re
from functools import cache
from random import Random
from typing import Final

from athar.names.tables import NameEntry
from athar.synth.pools import weighted

# --- choosing a spelling ----------------------------------------------------------------------

USUAL_SPELLING_SHARE: Final = 0.45  # how often an English writer uses the table's first spelling
FRENCH_FORM_SHARE: Final = 0.7  # how often a French writer picks a French-looking form if any
COMPOUND_REJOIN_RATE: Final = 0.3  # Abdel Rahman → Abdel-Rahman / Abdelrahman / Abdul Rahman

_FRENCH_HINTS: Final = re.compile(r"ou|dj|ch|e$|ss|é", re.IGNORECASE)  # Moustapha, Chadi


@cache
def _french_forms(entry: NameEntry) -> tuple[str, ...]:
    return tuple(s for s in entry.latin if _FRENCH_HINTS.search(s) and "kh" not in s.lower())


def choose_spelling(entry: NameEntry, rng: Random, french: bool = False) -> str:
    """One of the table's spellings, weighted the way an English or a French writer picks."""
    latin = entry.latin
    if french:
        forms = _french_forms(entry)
        if forms and rng.random() < FRENCH_FORM_SHARE:
            return forms[rng.randrange(len(forms))]
    if len(latin) == 1 or rng.random() < USUAL_SPELLING_SHARE:
        return latin[0]
    return latin[rng.randrange(1, len(latin))]


# Abdulrahman → Abdul Rahman; the tail starts with a consonant so Abdullah stays whole.
_ABD_PREFIX: Final = re.compile(
    r"^(Abd(?:oul|ul|el|al|ol|ur|er|us|es)?)([B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z][a-z]{3,})$"
)


def rejoin_compound(spelling: str, rng: Random) -> str:
    """Re-space a compound name: space, hyphen, joined, or split after an ``Abd-`` prefix."""
    if " " in spelling or "-" in spelling:
        head, _, tail = spelling.replace("-", " ").partition(" ")
        style = rng.randrange(4)
        if style == 0:
            return f"{head}-{tail}"
        if style == 1:
            return head + tail.replace(" ", "").lower()
        if style == 2:
            return head + tail.replace(" ", "")
        return f"{head} {tail}"
    match = _ABD_PREFIX.match(spelling)
    if match:
        head, tail = match.groups()
        return (
            f"{head} {tail.capitalize()}" if rng.random() < 0.7 else f"{head}-{tail.capitalize()}"
        )
    return spelling


# --- the article of family names ----------------------------------------------------------------

_ARTICLE: Final = re.compile(
    r"^(?:al|el|il|ul|a[tdrzsn]|as[hs]?|e[tdrzsn]|es[hs]?)[-\s']", flags=re.IGNORECASE
)
_JOINED_ARTICLE: Final = re.compile(r"^(?:al|el)(?=[a-z]{3,})", flags=re.IGNORECASE)
_SUN_LETTERS: Final = {
    "ت": "t",
    "ث": "th",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ن": "n",
}
_ARTICLE_STYLES: Final = weighted(
    [
        ("al-", 25.0),
        ("Al-", 20.0),
        ("Al ", 10.0),
        ("El-", 6.0),
        ("el-", 4.0),
        ("El ", 4.0),
        ("", 22.0),
        ("Al", 5.0),  # joined: Alhalabi
        ("sun", 4.0),  # assimilated: ash-Shami, ad-Dairi
    ]
)


def strip_article(spelling: str) -> str:
    """The spelling without its leading article (al-Halabi → Halabi, Alhalabi → halabi)."""
    match = _ARTICLE.match(spelling) or _JOINED_ARTICLE.match(spelling)
    return spelling[match.end() :] if match else spelling


def with_article(arabic: str, spelling: str, rng: Random) -> str:
    """Write a family name's article in one of the styles writers use, or drop it."""
    if not arabic.startswith("ال"):
        return spelling
    stem = strip_article(spelling)
    if not stem:
        return spelling
    stem = stem[0].upper() + stem[1:]
    style = _ARTICLE_STYLES.pick(rng)
    if style == "sun":
        sun = _SUN_LETTERS.get(arabic[2:3])
        style = f"a{sun}-" if sun and stem.lower().startswith(sun) else "al-"
    if style == "Al":
        return "Al" + stem.lower()
    return style + stem


# --- Arabizi ----------------------------------------------------------------------------------

# How each Arabic letter may appear in a Latin spelling; "" when it can vanish (ع, final ه).
_REALIZATIONS: Final[dict[str, tuple[str, ...]]] = {
    "ا": ("aa", "ah", "a", "e", "i", "o", "u", ""),
    "أ": ("a", "e", "o", "u", "i", "'", ""),
    "إ": ("i", "e", "'", ""),
    "آ": ("aa", "a", "'a"),
    "ء": ("'", "a", "e", ""),
    "ئ": ("'", "e", "i", "y", ""),
    "ؤ": ("'", "u", "o", "ou", "w", ""),
    "ب": ("bb", "b", "p"),
    "ت": ("tt", "t"),
    "ث": ("th", "t", "s", "ss"),
    "ج": ("dj", "jj", "j", "g", "dsch", "zh", "c"),
    "ح": ("hh", "h"),
    "خ": ("kh", "ch", "h", "x"),
    "د": ("dd", "d"),
    "ذ": ("dh", "th", "z", "d"),
    "ر": ("rr", "r"),
    "ز": ("zz", "z", "s"),
    "س": ("ss", "s", "c"),
    "ش": ("sch", "sh", "ch", "ss"),
    "ص": ("ss", "s", "c", "ç"),
    "ض": ("dh", "dd", "th", "d", "z"),
    "ط": ("tt", "t"),
    "ظ": ("dh", "th", "zz", "z"),
    "ع": ("'", "`", "h", ""),
    "غ": ("gh", "g", "r"),
    "ف": ("ff", "f", "ph", "v"),
    "ق": ("qq", "kk", "q", "k", "g", "c", "'"),
    "ك": ("kk", "ck", "k", "c"),
    "ل": ("ll", "l", ""),
    "م": ("mm", "m"),
    "ن": ("nn", "n"),
    "ه": ("hh", "h", ""),
    "ة": ("ah", "eh", "at", "et", "a", "e", "h", ""),
    "و": ("ou", "oo", "ow", "aw", "uu", "w", "o", "u", "v", ""),
    "ي": ("ee", "ie", "ey", "ay", "ai", "ei", "iy", "yy", "y", "i", "e", ""),
    "ى": ("ah", "a", "e", "i", "y"),
    " ": (" ", "-", ""),
}
_SHORT_VOWELS: Final = frozenset("aeiouéè")
_SKIPPABLE: Final = frozenset(" -'")
_GLOTTAL: Final = frozenset("عءئؤ")
# The digits of Arabizi, with the probability that a writer uses them for that letter.
_ARABIZI: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "ح": (("7", 0.95),),
    "خ": (("5", 0.5), ("7'", 0.2)),
    "ع": (("3", 0.95),),
    "غ": (("3'", 0.45),),
    "ق": (("2", 0.35), ("8", 0.1), ("9", 0.05)),
    "ء": (("2", 0.8),),
    "ئ": (("2", 0.6),),
    "ؤ": (("2", 0.6),),
    "أ": (("2", 0.15),),
    "ص": (("9", 0.2),),
    "ط": (("6", 0.3),),
    "ض": (("9'", 0.1),),
    "ظ": (("6'", 0.2),),
}

ARABIZI_CAPITALIZED: Final = 0.6  # share of Arabizi names written with capitals (Mo7ammad)
_DOUBLED_AROUND_DIGIT: Final = re.compile(r"([aeiou])(?:([23])\1|\1([23]))")
_STRAY_APOSTROPHE: Final = re.compile(r"'(?=[23])|(?<=2)'")  # Baha'2a → baha2a; 3' (غ) stays
_WORD_START: Final = re.compile(r"(?:^|(?<=[\s-]))[a-z]")

Segment = tuple[str, str]  # (arabic letter or "" for an inserted short vowel, its latin text)


@cache
def align(arabic: str, latin: str) -> tuple[Segment, ...] | None:
    """Align a Latin spelling with the Arabic letters; None when they do not correspond.

    Each Arabic letter takes one of its realizations; Latin short vowels (unwritten in Arabic),
    spaces, hyphens and apostrophes may be inserted anywhere. Fewest insertions wins.
    """
    low = latin.lower()
    n, m = len(arabic), len(low)
    best: dict[tuple[int, int], tuple[int, tuple[Segment, ...]] | None] = {}

    def solve(i: int, j: int) -> tuple[int, tuple[Segment, ...]] | None:
        key = (i, j)
        if key in best:
            return best[key]
        result: tuple[int, tuple[Segment, ...]] | None = None
        if i == n and j == m:
            result = (0, ())
        else:
            take: tuple[int, tuple[Segment, ...]] | None = None
            skip: tuple[int, tuple[Segment, ...]] | None = None
            if i < n:
                for real in _REALIZATIONS.get(arabic[i], ()):
                    if low.startswith(real, j):
                        rest = solve(i + 1, j + len(real))
                        if rest is not None:
                            take = (rest[0], ((arabic[i], latin[j : j + len(real)]), *rest[1]))
                            break  # realizations are ordered longest first: take the first fit
            doubled = 0 < j < m and low[j] == low[j - 1] and low[j].isalpha()  # Bashshar
            if j < m and (low[j] in _SHORT_VOWELS or low[j] in _SKIPPABLE or doubled):
                rest = solve(i, j + 1)
                if rest is not None:
                    skip = (rest[0] + 1, (("", latin[j]), *rest[1]))
            # A glottal letter inside a word follows its vowel (Saad → sa3d, not s3aad).
            glottal_inside = i < n and arabic[i] in _GLOTTAL and i > 0 and arabic[i - 1] != " "
            prefer_skip = skip is not None and take is not None and skip[0] == take[0]
            if take is None or (skip is not None and skip[0] < take[0]):
                result = skip
            else:
                result = skip if prefer_skip and glottal_inside else take
        best[key] = result
        return result

    solved = solve(0, 0)
    return solved[1] if solved else None


def arabizi(arabic: str, latin: str, rng: Random) -> str:
    """Chat-style spelling derived from the Arabic letters (محمد/Mohammad → Mo7ammad)."""
    segments = align(arabic, latin)
    if segments is None:  # an article the Arabic lacks (حيدر / Al-Haidar)
        stem = strip_article(latin)
        rest = align(arabic, stem) if stem != latin else None
        if rest is None:
            return latin
        segments = (("", latin[: len(latin) - len(stem)]), *rest)
    out: list[str] = []
    for k, (letter, text) in enumerate(segments):
        digits = _ARABIZI.get(letter)
        if digits is None or (letter in "أء" and k == 0):
            out.append(text)
            continue
        roll = rng.random()
        for digit, p in digits:
            if roll < p:
                out.append(_keep_vowel(letter, text, digit, segments, k))
                break
            roll -= p
        else:
            out.append(text)
    word = _STRAY_APOSTROPHE.sub("", "".join(out).lower())
    word = _DOUBLED_AROUND_DIGIT.sub(_one_vowel, word)
    if rng.random() < ARABIZI_CAPITALIZED:
        word = _WORD_START.sub(lambda m: m.group(0).upper(), word)
    return word


def _one_vowel(match: re.Match[str]) -> str:
    return match.group(1) + (match.group(2) or match.group(3))


def _keep_vowel(letter: str, text: str, digit: str, segments: tuple[Segment, ...], k: int) -> str:
    """A letter the Latin spelled as a vowel keeps its vowel after the digit (Ali → 3ali)."""
    if letter in "عأإءئؤ" and text and text.lower()[0] in _SHORT_VOWELS:
        return digit + text.lower()
    return digit
