"""Whether a Latin writing the tables do not list reads as one table name.

Writers vary the vowels and letters of a name in ways no table lists in full (Khaaled, Abooushakra,
Hüseyin, Hamze). The consonant skeleton finds the table names such a writing may be; this module
decides which of them it can be a reading of, strictly enough that a different name the tables do
not know (Yasar, Khaluf, Qadri, Natheer) is not taken for a listed one (Yasser, Khalaf, Khodri,
Nasser). A writing reads as a name when all three hold:

- its long vowels agree with the Arabic (``vowels_compatible``), each shown by a letter that
  means it: a lone e may be a short vowel or a long one, so Reshed, Semer are read as nothing
  (``may_read_as`` counts the names a writing may be, ``reads_as`` the one it is);
- each consonant may stand for the Arabic letter at its place, more finely than the skeleton
  does: q is ق and never خ, th is ث or ذ and never ص, kh is خ;
- its short vowels are those of one of the name's table spellings (e standing for a or i), a
  vowel may be left out inside the name but not at its start or end, and an a or e may slip
  into a final cluster (Fahed for Fahd): Khalaf is not Khaluf, Shukri is not Shakra.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from athar.names.keys import (
    _AR_SKELETON,
    _LATIN_DIGRAPHS,
    _LATIN_SKELETON,
    _levantine_variants,
    arabic_vowel_key,
    arabizi_to_latin,
    core,
    latin_vowel_key,
    vowels_compatible,
)

# The Arabic letters a Latin consonant may stand for, as people write them: English and French
# habits (ch = ش, dj = ج, ou), German ch for خ, Levantine sound shifts (ث as t or s, ذ and ظ as
# d or z, ض as z), Egyptian and Bedouin g (ج, ق). Letters not listed stand only for themselves.
_MAY_BE: dict[str, frozenset[str]] = {
    "b": frozenset("ب"),
    "p": frozenset("ب"),
    "t": frozenset("تطث"),
    "th": frozenset("ثذظ"),
    "d": frozenset("دضذظ"),
    "dh": frozenset("ذضظ"),
    "j": frozenset("ج"),
    "dj": frozenset("ج"),
    "g": frozenset("جغق"),
    "gh": frozenset("غ"),
    "h": frozenset("حه"),
    "kh": frozenset("خ"),
    "ch": frozenset("شخ"),
    "sh": frozenset("ش"),
    "k": frozenset("كق"),
    "c": frozenset("كق"),
    "ck": frozenset("كق"),
    "q": frozenset("ق"),
    "x": frozenset("كق"),
    "s": frozenset("سصث"),
    "z": frozenset("زذظض"),
    "r": frozenset("ر"),
    "l": frozenset("ل"),
    "m": frozenset("م"),
    "n": frozenset("ن"),
    "f": frozenset("ف"),
    "ph": frozenset("ف"),
    "v": frozenset("ف"),
    "w": frozenset("و"),
    "y": frozenset("ي"),
}


def _latin_consonants(latin: str) -> list[tuple[str, set[str]]]:
    """(skeleton class, Latin letters) per consonant, as ``keys.skeleton`` counts them."""
    tokens = _LATIN_DIGRAPHS.findall(arabizi_to_latin(core(latin)))
    out: list[tuple[str, set[str]]] = []
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if tok in ("w", "y"):
            if not (i == 0 and last > 0 and tokens[1] in "aeiou"):
                continue
            cls = tok
        elif tok == "h" and i == last and i > 0 and tokens[i - 1] in "aeiou":
            continue
        else:
            cls = _LATIN_SKELETON.get(tok, "")
            if not cls:
                continue
        _add_consonant(out, cls, tok)
    return out


def _add_consonant(out: list[tuple[str, set[str]]], cls: str, letter: str) -> None:
    """Append a consonant of class ``cls``; a run of one class is one consonant (``skeleton``)."""
    if out and out[-1][0] == cls:
        out[-1][1].add(letter)
    else:
        out.append((cls, {letter}))


def _arabic_consonants(arabic: str) -> list[tuple[str, set[str]]]:
    """(skeleton class, Arabic letters) per consonant, as ``keys.skeleton`` counts them."""
    word = core(arabic)
    out: list[tuple[str, set[str]]] = []
    for i, ch in enumerate(word):
        if ch in ("و", "ي"):
            if i != 0:
                continue
            cls = "w" if ch == "و" else "y"
        elif ch == "ه" and i == len(word) - 1 and i > 0:
            continue
        else:
            cls = _AR_SKELETON.get(ch, "")
            if not cls:
                continue
        _add_consonant(out, cls, ch)
    return out


@lru_cache(maxsize=262_144)
def consonants_fit(arabic: str, latin: str) -> bool:
    """Each Latin consonant may stand for the Arabic letter at its place (see ``_MAY_BE``)."""
    lat = _latin_consonants(latin)
    ara = _arabic_consonants(arabic)
    if len(lat) != len(ara):
        return False
    for (_, tokens), (_, letters) in zip(lat, ara, strict=True):
        allowed = set().union(*(_MAY_BE.get(t, frozenset()) for t in tokens))
        if not allowed & letters:
            return False
    return True


_VOWEL_CLASSES = {"a": "a", "e": "ai", "i": "i", "y": "i", "o": "u", "u": "u", "w": "u"}


def _gap_classes(gap: str) -> frozenset[str]:
    return frozenset("".join(_VOWEL_CLASSES.get(c, "") for c in gap))


def _vowel_gaps(latin: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Consonant classes and the vowel letters between them, as written (not folded: the French
    final e of Hamze is a vowel here, where ``latin_fold`` drops it)."""
    cons, gaps = latin_vowel_key(core(latin))
    return cons, tuple(g.replace("h", "") for g in gaps)


# The vowels English and French writers slip into a final cluster (Fahed, Fahad; Nasr stays Nasr).
_EPENTHETIC = frozenset({"a", "e"})


def short_vowels_fit(latin: str, spellings: Iterable[str]) -> bool:
    """The writing vocalises the name as one of its table spellings does."""
    cons, written = _vowel_gaps(latin)
    gaps = [_gap_classes(g) for g in written]
    plain = core(latin) == latin  # not a compound whose article the keys drop (Abdulilah)
    last = len(gaps) - 1
    for spelling in spellings:
        s_cons, s_written = _vowel_gaps(spelling)
        if s_cons != cons:
            continue
        for i, (w, s) in enumerate(zip(gaps, map(_gap_classes, s_written), strict=True)):
            if i == last and written[i] == "e" and not s:
                continue  # the French mute final e: Razane for Razan
            if not s and i == last - 1 and written[i] in _EPENTHETIC and plain:
                continue  # a vowel slipped into a final cluster: Fahed, Saqer for Fahd, Saqr
            if w and not (w & s):
                break  # another vowel, or a vowel the name does not have
            if not w and s and i in (0, last):
                break  # a vowel left out at the start or the end
        else:
            return True
    return False


# Latin letters that show a long vowel for sure; a lone e does not (Reshed may be راشد or رشيد).
_SHOWS = {"a": "a", "i": "iy", "u": "ouw"}
#: The same, where one table name alone may be the writing: there a lone e shows ي too (Khateb,
#: Nabel: French and Levantine habits), since no other listed name can be meant.
_SHOWS_ALONE = {**_SHOWS, "i": _SHOWS["i"] + "e"}


@lru_cache(maxsize=262_144)
def long_vowels_shown(arabic: str, latin: str, alone: bool = False) -> bool:
    """Each long vowel the Arabic writes is shown by a letter that means it (a for ا; i, y, ee
    for ي; o, u, w for و), a final ي also by -a (the ى of Moussa, Mustafa)."""
    shows = _SHOWS_ALONE if alone else _SHOWS
    l_cons, l_gaps = latin_vowel_key(core(latin))
    base = core(arabic)
    for variant in (base, *_levantine_variants(base)):
        a_cons, a_gaps = arabic_vowel_key(variant)
        if a_cons != l_cons:
            continue
        last = len(a_gaps) - 1
        if all(
            any(c in lg for c in shows[v] + ("a" if v == "i" and i == last else ""))
            or (v == "i" and "ee" in lg)
            for i, (ag, lg) in enumerate(zip(a_gaps, l_gaps, strict=True))
            for v in set(ag) - {"h"}
        ):
            return True
    return False


def may_read_as(arabic: str, latin: str, spellings: Iterable[str]) -> bool:
    """Whether the Latin writing may be a reading of the table name ``arabic`` (bare id) whose
    table spellings are ``spellings``: long vowels, consonants and short vowels agree, a lone e
    standing for a long vowel or a short one. A writing without vowel letters (Mjd, Mhd) is an
    abbreviation, not a reading, and reads as nothing."""
    if not any(c in _VOWEL_CLASSES for c in latin):
        return False
    return (
        vowels_compatible(arabic, latin)
        and consonants_fit(arabic, latin)
        and short_vowels_fit(latin, spellings)
    )


def reads_as(arabic: str, latin: str, spellings: Iterable[str], alone: bool = False) -> bool:
    """``may_read_as``, and each long vowel of the name shown by a letter that means it
    (``alone``: the only table name the writing may be, where a lone e shows ي)."""
    return may_read_as(arabic, latin, spellings) and long_vowels_shown(arabic, latin, alone)
