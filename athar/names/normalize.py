"""Script detection and orthographic cleanup of names in Arabic and Latin script.

Cleanup removes what carries no identity (diacritics, tatweel, invisible controls, letter-shape
variants) and nothing that does: the result is what two clerks writing the same name would agree
on. Every function here is total (never raises on any string) and idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from anyascii import anyascii

Script = Literal["arabic", "latin", "mixed", "none"]

# Tashkeel (harakat, tanwin, shadda, sukun, dagger alef) and Quranic annotation marks.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]")
# Bidi controls, zero-width characters, byte-order mark, Arabic letter mark, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_TATWEEL = "\u0640"

_ARABIC_FOLD = str.maketrans(
    {
        # alef forms → bare alef
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ٵ": "ا",
        # taa marbuta → haa, alef maqsura → yaa (clerks use them interchangeably)
        "ة": "ه",
        "ۃ": "ه",
        "ى": "ي",
        # hamza on a carrier → the carrier (مؤمن = مومن, هانئ = هاني)
        "ؤ": "و",
        "ئ": "ي",
        "ٶ": "و",
        "ٸ": "ي",
        # Persian, Urdu and Kurdish look-alikes
        "ک": "ك",
        "ڪ": "ك",
        "گ": "ك",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ە": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "ژ": "ز",
        # Arabic punctuation → plain
        "،": ",",
        "؛": ";",
        "؟": "?",
        "٫": ".",
        "٬": ",",
    }
)
# Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits → ASCII.
_DIGITS = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
)
# Marks that stand for ʿayn or hamza in Latin transliteration; they carry no reliable identity.
_LATIN_MARKS = re.compile("[ʿʾʼʻʽ‘’‛′`´'\"ˈ]")
_SPACES = re.compile(r"\s+")
_HAMZA = "ء"


def _is_arabic_char(ch: str) -> bool:
    return (
        "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u08a0" <= ch <= "\u08ff"
        or "\ufb50" <= ch <= "\ufdff"
        or "\ufe70" <= ch <= "\ufeff"
    )


@lru_cache(maxsize=262_144)
def detect_script(text: str) -> Script:
    """Which script the letters of ``text`` are in: arabic, latin, mixed, or none (no letters)."""
    arabic = latin = False
    for ch in text:
        if not ch.isalpha():
            continue
        if _is_arabic_char(ch):
            arabic = True
        else:
            latin = True
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    if latin:
        return "latin"
    return "none"


def fold_digits(text: str) -> str:
    """Arabic-Indic and Eastern Arabic digits → ASCII digits."""
    return text.translate(_DIGITS)


def _clean_arabic_run(text: str) -> str:
    text = _TASHKEEL.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_ARABIC_FOLD)
    # A lone hamza is dropped (رءوف = روف), except after alef, where it separates علاء (Alaa)
    # from علا (Ola) and stays in a joined compound (علاءالدين).
    out = []
    for i, ch in enumerate(text):
        if ch == _HAMZA and not (i and text[i - 1] == "ا"):
            continue
        out.append(ch)
    return "".join(out)


# Arabizi digraphs that use an apostrophe (3' = غ, 7' = خ, 9' = ض): kept as a digit of their own
# before the apostrophes go.
_ARABIZI_APOSTROPHE = re.compile("([379])[ʼ‘’'`]")
_ARABIZI_DIGRAPH = {"3": "8", "7": "5", "9": "6"}


# French spelling: ç inside a word before a, o or u is s (Fayçal: فيصل; Turkish writes ç for
# ch anywhere, Çelik, and keeps it).
_FRENCH_CEDILLA = re.compile("(?<=[A-Za-zÀ-ÿ])[çÇ](?=[aouAOU])")
_FINAL_E_ACUTE = re.compile("[éÉ](?![A-Za-zÀ-ÿ])")


def _clean_latin_run(text: str) -> str:
    text = _ARABIZI_APOSTROPHE.sub(lambda m: _ARABIZI_DIGRAPH[m.group(1)], text)
    text = _FRENCH_CEDILLA.sub("s", text)
    text = _LATIN_MARKS.sub("", text)
    text = anyascii(text).lower()
    text = _LATIN_MARKS.sub("", text)
    return re.sub(r"[^a-z0-9]+", " ", text)


def clean(text: str) -> str:
    """The cleaned form of a name in any script: one space between words, no punctuation.

    Arabic letters are folded as clerks vary them (أ إ آ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي,
    Persian ک ی → ك ي, tashkeel and tatweel removed); Latin letters are lower-cased and stripped
    of accents and of the ʿ ʾ ' marks; hyphens become spaces; digits become ASCII (Arabizi keeps
    them: "mo7ammad").
    """
    if not text:
        return ""
    # Names repeat their words endlessly: each whitespace-separated word is cleaned once.
    return " ".join(w for w in map(_clean_word, str(text).split()) if w)


def clean_name(text: str) -> str:
    """``clean`` for a person's name: a French final é is also read as the ة or ه of the name
    that English writes -eh (Hamadé: حمادة, Chéhadé: شحادة). Names only: in other French
    words a final é is a vowel of its own (Sécurité, Libéré)."""
    return clean(_FINAL_E_ACUTE.sub("eh", str(text or "")))


@lru_cache(maxsize=262_144)
def _clean_word(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = fold_digits(text)
    pieces: list[str] = []
    run: list[str] = []
    run_arabic: bool | None = None
    for ch in text:
        is_ar = _is_arabic_char(ch)
        if run and is_ar != run_arabic:
            pieces.append(_flush(run, bool(run_arabic)))
            run = []
        run.append(ch)
        run_arabic = is_ar
    if run:
        pieces.append(_flush(run, bool(run_arabic)))
    return _SPACES.sub(" ", " ".join(pieces)).strip()


def _flush(run: list[str], arabic: bool) -> str:
    text = "".join(run)
    if arabic:
        text = _clean_arabic_run(text)
        # Keep Arabic letters, hamza and digits; anything else (punctuation) becomes a space.
        return "".join(ch if (_is_arabic_char(ch) and ch.isalpha()) else " " for ch in text)
    return _clean_latin_run(text)


def is_arabic(text: str) -> bool:
    """True when the text has Arabic letters and no Latin ones."""
    return detect_script(text) == "arabic"
