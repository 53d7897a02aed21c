"""Arabic → Latin display forms a caseworker can read.

A name in the tables is shown with its usual English spelling (محمد → Mohammad); any other
word is transliterated letter by letter, with a short vowel guessed where Arabic writes none.
This is for display; matching never compares romanizations.
"""

from __future__ import annotations

from athar.names.lexicon import lexicon
from athar.names.normalize import clean, detect_script
from athar.names.parse import Unit, units

_LETTERS = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
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
    "ع": "'",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ء": "'",
}
_LONG = {"ا": "a", "و": "ou", "ي": "i"}


def transliterate_word(word: str) -> str:
    """Letter-by-letter romanization of one cleaned Arabic word, with guessed short vowels."""
    out: list[str] = []
    run = 0  # consonants since the last vowel
    n = len(word)
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        if ch in _LONG and i > 0:
            if ch in "وي" and nxt in _LONG:  # consonantal و / ي before a vowel letter
                out.append("w" if ch == "و" else "y")
                run = 1
                continue
            out.append(_LONG[ch])
            run = 0
            continue
        if ch == "ه" and i == n - 1 and i > 0 and word[i - 1] not in _LONG:
            out.append("a")  # taa marbuta
            continue
        if i == 0 and ch in "وي":
            out.append("w" if ch == "و" else "y")
        elif i == 0 and ch == "ا":
            out.append("a")
            continue
        else:
            out.append(_LETTERS.get(ch, ""))
        run += 1
        if nxt and nxt not in _LONG and (i == 0 or run >= 2) and not (nxt == "ه" and i + 2 == n):
            out.append("a")
            run = 0
    return "".join(out).strip("'")


def romanize_unit(unit: Unit) -> str:
    """Display form of one unit: the table's usual spelling, or a transliteration."""
    if unit.script != "arabic":
        return unit.text.title()
    lex = lexicon()
    ids = lex.ids(unit)
    if ids:
        entry = lex.entries[sorted(ids)[0]]
        body = entry.display
        if unit.article and not body.lower().startswith(("al-", "al ", "el-", "el ")):
            body = "Al-" + body
        return body
    words = unit.text.split()
    parts = []
    for w in words:
        if w.startswith("ال") and len(w) >= 4:
            parts.append("al-" + transliterate_word(w[2:]).capitalize())
        else:
            parts.append(transliterate_word(w))
    text = " ".join(p[:1].upper() + p[1:] for p in parts)
    return text


def romanize(text: str) -> str:
    """Display form of a whole name in Latin script; Latin input is returned title-cased."""
    if detect_script(text) == "latin":
        return clean(text).title()
    keep = lexicon().article_words
    return " ".join(romanize_unit(u) for u in units(text, keep=keep))
