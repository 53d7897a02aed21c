"""Small value cleanups shared by the row builder: digits, numbers, sex, placeholders.

Eastern Arabic (٠-٩) and Persian (۰-۹) digits become Western ones everywhere a value is compared,
so "٦٠/٢٠١٤" and "60/2014" are one detainee number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from athar.names.normalize import clean, fold_digits

# Bidi marks and zero-width characters Arabic spreadsheets scatter around numbers and dates.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_SPACES = re.compile(r"\s+")
_NUMBER_SPACES = re.compile(r"[\s\u00a0]+")

# What clerks write for "not known": never a value, always the absence of one.
PLACEHOLDERS: Final = frozenset(
    clean(p)
    for p in (
        "غير معروف",
        "غير معلوم",
        "غير محدد",
        "لا يوجد",
        "لا يعرف",
        "مجهول",
        "unknown",
        "not known",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "inconnu",
        "inconnue",
        "non connu",
        "nc",
    )
)
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")
_PLACEHOLDER_MAX = 20  # longer cells are values, whatever they say
_PLACEHOLDER_INITIALS = frozenset(p[0] for p in PLACEHOLDERS) | {"ن", "î", "ï"}

_SEX: Final[dict[str, str]] = {
    clean(k): v
    for keys, v in (
        (("m", "male", "man", "boy", "ذكر", "ذ", "رجل", "homme", "h", "masculin", "mâle"), "m"),
        (
            ("f", "female", "woman", "girl", "أنثى", "انثى", "أ", "ا", "امرأة", "femme", "féminin"),
            "f",
        ),
    )
    for k in keys
}


def tidy(text: str) -> str:
    """The text with invisible marks removed, digits Western, spaces single, ends trimmed."""
    if not text:
        return ""
    return _SPACES.sub(" ", fold_digits(_INVISIBLE.sub("", text))).strip()


@lru_cache(maxsize=65536)
def _is_placeholder(stripped: str) -> bool:
    return bool(_PUNCTUATION_ONLY.match(stripped)) or clean(stripped) in PLACEHOLDERS


def is_placeholder(text: str) -> bool:
    """True for "-", "?", "؟", "N/A", "غير معروف", "inconnu"...: a cell that says "unknown"."""
    stripped = text.strip()
    if not stripped or len(stripped) > _PLACEHOLDER_MAX:
        return False
    if stripped[0].isalnum() and stripped[0].lower() not in _PLACEHOLDER_INITIALS:
        return False  # most cells: a name or a number, decided without folding
    return _is_placeholder(stripped)


def normalize_number(text: str) -> str:
    """A detainee or file number for comparison: Western digits, no spaces, separators kept."""
    return _NUMBER_SPACES.sub("", tidy(text))


def normalize_national_id(text: str) -> str:
    """A national number as digits only, or "" when the cell holds something else.

    Spaces, dashes and dots between digit groups go; a cell with letters is not a number.
    """
    value = re.sub(r"[\s\-./]", "", tidy(text))
    return value if value.isdigit() else ""


@lru_cache(maxsize=1024)
def normalize_sex(text: str) -> str:
    """ "m", "f", or "" when empty or not understood (ذكر, أنثى, M, female, homme, femme...)."""
    return _SEX.get(clean(text), "")
