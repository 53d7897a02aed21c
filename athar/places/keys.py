"""Labels of places and facilities → comparable keys.

Clerks, families and NGOs write the same prison a dozen ways: "الفرع ٢٢٧", "ف227", "Branch 227",
"Military Intelligence Branch 227". A key keeps what identifies the place (its name words and
numbers, the *core*) apart from what only says what sort of place it is (prison, branch,
military — the *markers*) and which agency runs it (the *agencies*), so that matching can let a
label carry more of those than the alias it is compared with, but never fewer, and never a
contradicting agency.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from athar.names.normalize import clean

Domain = Literal["facility", "place"]

PRISON = "#prison"
BRANCH = "#branch"
MILITARY = "#military"
RIF = "#rif"

MI = "@mi"  # Military Intelligence (Military Security), شعبة المخابرات العسكرية / الأمن العسكري
AFI = "@afi"  # Air Force Intelligence, المخابرات الجوية
GI = "@gi"  # General Intelligence (State Security), المخابرات العامة / أمن الدولة
PS = "@ps"  # Political Security, الأمن السياسي
MP = "@mp"  # Military Police, الشرطة العسكرية

# Words that carry nothing in any label (after Arabic "ال" and Latin articles are gone).
_STOP = frozenset(
    {
        "the", "of", "de", "du", "des", "d", "l", "la", "le", "les", "in", "and", "et", "y",
        "no", "nr", "num", "number", "numero", "n", "central", "centrale", "centre", "center",
        "main", "directorate", "department", "division", "service", "services", "sub",
        "في", "و", "ب", "رقم", "مركزي", "مركزيه", "مركز", "شعبه", "مديريه", "سابقا",
    }
)  # fmt: skip
# Words that only say "this is a place" and are dropped when matching towns and governorates.
_PLACE_STOP = frozenset(
    {
        "محافظه", "مدينه", "بلده", "قريه", "ناحيه", "منطقه", "مخيم", "حي", "سوريا", "سوريه",
        "governorate", "governate", "province", "gouvernorat", "muhafazat", "mohafazat",
        "muhafaza", "mohafaza", "muhafazah", "city", "town", "village", "district", "camp",
        "ville", "neighbourhood", "neighborhood", "quartier", "region", "area", "syria", "syrie",
        "hay", "hayy", "hai",  # حي, a quarter: "Hay al-Midan"
        "مواليد", "مولود", "مولوده", "born", "ne", "nee", "origin", "origine",
    }
)  # fmt: skip
# Compass words, dropped only after a "countryside" word: ريف حلب الشمالي is Aleppo governorate.
_DIRECTIONS = frozenset(
    {
        "شمالي", "شماليه", "جنوبي", "جنوبيه", "شرقي", "شرقيه", "غربي", "غربيه", "شمال",
        "جنوب", "شرق", "غرب", "north", "south", "east", "west", "northern", "southern",
        "eastern", "western", "nord", "sud", "est", "ouest",
    }
)  # fmt: skip
_LATIN_ARTICLES = frozenset(
    {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "er", "ez", "ul"}
)

_SINGLE: dict[str, str] = {}
for _words, _canon in (
    (
        "سجن سجون معتقل prison prisons jail gaol sijn sjn mutaqal moutaqal detention penitentiary",
        PRISON,
    ),
    ("فرع ف branch branche far fara farh section br", BRANCH),
    ("عسكري عسكريه military militaire militaires askari askariya askariyya askaria", MILITARY),
    ("ريف rif reef rural countryside suburbs campagne outskirts environs", RIF),
    ("جويه jawiya jawiyya jawiyeh afi", AFI),
    ("مبني بناء building batiment bldg", "building"),
    ("احمر حمراء red rouge", "red"),
    ("ابيض بيضاء white blanc blanche", "white"),
    ("مشفي مستشفي hospital hopital", "hospital"),
    ("مطار airport aeroport airbase", "airport"),
):
    for _w in _words.split():
        _SINGLE[_w] = _canon

# Agency names written out in several words; matched before single words, longest first.
_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (tuple(p.split()), canon)
            for canon, phrases in (
                (
                    MI,
                    (
                        "military intelligence", "military intel", "mil int", "mi",
                        "military security", "mukhabarat askariya", "mukhabarat askariyya",
                        "amn askari", "renseignement militaire", "renseignements militaires",
                        "securite militaire", "مخابرات عسكريه", "استخبارات عسكريه", "امن عسكري",
                    ),
                ),
                (
                    AFI,
                    (
                        "air force intelligence", "air force intel", "air intelligence",
                        "airforce intelligence", "mukhabarat jawiya", "mukhabarat jawiyya",
                        "renseignements armee air", "renseignement armee air",
                        "renseignements aeriens", "مخابرات جويه", "استخبارات جويه", "امن جوي",
                    ),
                ),
                (
                    GI,
                    (
                        "general intelligence", "state security", "general security", "amn dawla",
                        "amn dawlah", "mukhabarat amma", "surete etat", "securite etat",
                        "مخابرات عامه", "امن دوله",
                    ),
                ),
                (
                    PS,
                    (
                        "political security", "amn siyasi", "securite politique", "امن سياسي",
                    ),
                ),
                (
                    MP,
                    (
                        "military police", "police militaire", "shurta askariya",
                        "shorta askariya", "شرطه عسكريه",
                    ),
                ),
            )
            for p in phrases
        ),
        key=lambda item: -len(item[0]),
    )
)  # fmt: skip

_ARABIC_CLITICS = ("وال", "بال", "فال", "كال", "لل", "و", "ب", "ل", "ف")
_ELISION = re.compile(r"(?i)(?<![^\W\d_])([dl])['’‘`´ʼ]")
_ORDINAL_SIGN = re.compile(r"(?i)(?<![^\W\d_])n\s*[°º]")
_DIGIT_RUNS = re.compile(r"\d+|\D+")


@dataclass(frozen=True, slots=True)
class Key:
    """What a label says, split by role; ``dropped``: words were removed that no alias names."""

    core: tuple[str, ...]
    markers: frozenset[str]
    agencies: frozenset[str]
    dropped: bool = False

    @property
    def sorted_core(self) -> tuple[str, ...]:
        return tuple(sorted(self.core))

    @property
    def joined(self) -> str:
        return "".join(self.core)


def _is_arabic(token: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in token)


def tokens(text: str) -> list[str]:
    """Folded words of a label: Arabic "ال" and Latin articles gone, digits split from letters."""
    text = _ELISION.sub(r"\1 ", text or "")
    text = _ORDINAL_SIGN.sub(" ", text)
    out: list[str] = []
    for raw in clean(text).split():
        for tok in _DIGIT_RUNS.findall(raw):
            tok = tok.strip()
            if not tok:
                continue
            if tok.isdigit():
                out.append(str(int(tok)))  # "0227" and "227" are the same branch
                continue
            if tok.startswith("ال") and len(tok) >= 4:
                tok = tok[2:]
            if tok in _LATIN_ARTICLES:
                continue
            out.append(tok)
    return out


def _misspelt_marker(tok: str, vocab: Collection[str]) -> str:
    """ "prisn", "prision", "brunch": a marker word mistyped, when the word is no known name."""
    if len(tok) < 5 or not tok.isascii() or tok in vocab or tok in _SINGLE:
        return tok
    for word in ("prison", "branch", "military"):
        if fuzz.ratio(tok, word) >= 80:
            return word
    return tok


def _strip_clitic(tok: str, vocab: Collection[str]) -> str:
    """بحلب → حلب, but only when the bare word is one the gazetteer knows and the whole is not."""
    if not vocab or tok in vocab or tok in _SINGLE or tok in _STOP or not _is_arabic(tok):
        return tok
    for prefix in _ARABIC_CLITICS:
        rest = tok[len(prefix) :]
        if tok.startswith(prefix) and len(rest) >= 3 and rest in vocab:
            return rest
    return tok


def make_key(text: str, domain: Domain, vocab: Collection[str] = ()) -> Key:
    """The key of a label, for matching facilities (``domain="facility"``) or places."""
    words = [_misspelt_marker(_strip_clitic(t, vocab), vocab) for t in tokens(text)]
    words = [t for t in words if t not in _STOP]
    core: list[str] = []
    markers: set[str] = set()
    agencies: set[str] = set()
    dropped = False
    i = 0
    while i < len(words):
        for phrase, canon in _PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                agencies.add(canon)
                i += len(phrase)
                break
        else:
            word = _SINGLE.get(words[i], words[i])
            i += 1
            if word in (PRISON, BRANCH, MILITARY):
                markers.add(word)
            elif word.startswith("@"):
                agencies.add(word)
            elif domain == "place" and word in _PLACE_STOP:
                continue
            elif domain == "place" and word.isdigit():
                dropped = True  # "Damascus 1980": a year or a house number, not a place
            else:
                core.append(word)
    if domain == "place" and RIF in core:
        kept = [w for w in core if w not in _DIRECTIONS]
        dropped = dropped or len(kept) != len(core)
        core = kept
    return Key(tuple(core), frozenset(markers), frozenset(agencies), dropped)
