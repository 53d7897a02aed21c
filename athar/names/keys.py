"""Keys that let spellings of one name meet: Latin folds, Arabizi, consonant skeletons, rasm.

All functions take one *bare* name unit (cleaned, article detached, compound written without
spaces) and are pure and fast; they are called millions of times during linkage.

- ``latin_fold``: Latin orthographic variants folded (ou/oo → u, o → u, ee → i, French ch → sh,
  dj → j, q → k, doubled letters single, a final -h after a vowel dropped). Vowel quality a/e/i is
  kept, so Omar/Amer and Hassan/Hussein stay apart.
- ``skeleton``: the consonant skeleton shared by both scripts (vowels and ʿayn dropped, letters
  that Latin writers confuse merged: ق ك خ → k, ث س ص → s, ذ ز ظ → z, ض د → d, ت ط → t,
  ح ه → h). It is deliberately coarse — it is for finding candidates across scripts, and it merges
  names that differ only in long vowels (حسن/حسين); ``similarity`` separates those.
- ``rasm``: an Arabic form without the dots that scanned registers lose (ب ت ث ن ي, ج ح خ ...).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Arabizi: digits standing for Arabic letters in chat-style Latin writing.
_ARABIZI = (("3'", "gh"), ("7'", "kh"), ("2", ""), ("3", ""), ("5", "kh"), ("6", "t"), ("7", "h"))
_ARABIZI_MORE = (("8", "gh"), ("9", "s"))
_HAS_LETTER = re.compile("[a-z]")
_OPENING_AIN = re.compile(r"(?<![a-z0-9'])3(?=[b-df-hj-np-tv-z])")


def arabizi_to_latin(word: str) -> str:
    """Arabizi digits → Latin letters ("mo7ammad" → "mohammad", "3omar" → "omar").

    Digits in a word without letters (a number) are left alone.
    """
    if not any(c.isdigit() for c in word) or not _HAS_LETTER.search(word):
        return word
    # An ع that opens a word before a consonant carries the vowel the writer left to the digit:
    # "3bd" is Abd, as "3abd" is.
    word = _OPENING_AIN.sub("a", word)
    for digit, letters in _ARABIZI + _ARABIZI_MORE:
        word = word.replace(digit, letters)
    return re.sub("[0-9]", "", word)


# Ordered rewrite rules for Latin orthographic folding (applied after Arabizi).
_FOLD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"([^aeiou])\1+", r"\1"),  # doubled consonants: Hassan = Hasan, Kayyali = Kayali
        (r"tch", "ch"),
        (r"dj", "j"),
        (r"sch", "sh"),
        (r"ch", "sh"),  # French Chadi = Shadi; English "ch" is rare in Arabic names
        (r"ph", "f"),
        (r"ck", "k"),
        (r"q", "k"),
        (r"c(?=[eiy])", "s"),  # French Yacine = Yassin
        (r"c", "k"),
        (r"x", "ks"),
        (r"v", "f"),
        (r"p", "b"),
        (r"^ou(?=[aei])", "w"),  # French initial ou: Ouassim = Wassim
        (r"(?<=[^aeiou])e$", ""),  # French final e: Razane = Razan, Chahine = Shahin
        (r"w(?=[^aeiouy]|$)", "u"),  # diphthong w: Marwan keeps it, "aw" endings fold
        (r"(?<=[aeiou])y(?![aeiou])", "i"),  # Samy → sami, Haydar → haidar
        (r"(?<=[^aeiou])y$", "i"),  # Halaby = Halabi, Khoury = Khouri
        (r"ou|oo|uu|o", "u"),
        (r"u{2,}", "u"),  # a vowel letter written twice: Aboou, Mouusa
        (r"ee|ii|ie(?=[^aeiou]|$)", "i"),
        (r"i{2,}", "i"),
        (r"ei|ey|ay|ai", "ai"),
        (r"([^aeiou])\1+", r"\1"),
        (r"(?<=a)h$", ""),  # Fatimah = Fatima, Abdullah = Abdulla (not Samih = Sami)
    )
)


@lru_cache(maxsize=262_144)
def latin_fold(word: str) -> str:
    """Fold Latin spelling variants of one name unit (spaces inside compounds removed)."""
    word = arabizi_to_latin(word.replace(" ", ""))
    for pattern, repl in _FOLD_RULES:
        word = pattern.sub(repl, word)
    return word


_AR_SKELETON = {
    "ب": "b",
    "ت": "t",
    "ث": "s",
    "ج": "j",
    "ح": "h",
    "خ": "k",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "c",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
_LATIN_DIGRAPHS = re.compile(r"sh|ch|kh|gh|th|dh|dj|ph|ck|[a-z]")
_LATIN_SKELETON = {
    "sh": "c",
    "ch": "c",
    "kh": "k",
    "gh": "g",
    "th": "s",
    "dh": "z",
    "dj": "j",
    "ph": "f",
    "ck": "k",
    "b": "b",
    "p": "b",
    "t": "t",
    "d": "d",
    "j": "j",
    "g": "g",
    "h": "h",
    "k": "k",
    "q": "k",
    "c": "k",
    "x": "k",
    "s": "s",
    "z": "z",
    "r": "r",
    "l": "l",
    "m": "m",
    "n": "n",
    "f": "f",
    "v": "f",
}


def _squeeze(chars: list[str]) -> str:
    out: list[str] = []
    for c in chars:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


# Levantine writers often write ʿAbd as "Abed" before the article: Abedelkarim, Abedalrahman.
_ABD_JOINED = re.compile(r"^(?:abd(?:ul|el|al|il|ol|oul|u|ou|e|a|i|o)?|abed(?:ul|el|al|il))")


def abd_stem(bare_latin: str) -> str | None:
    """The part after ʿAbd of a Latin compound written as one word (abdulrahman → rahman)."""
    return _stem_after(_ABD_JOINED, bare_latin, 2)


def _stem_after(head: re.Pattern[str], bare_latin: str, shortest: int) -> str | None:
    """What follows ``head`` in a compound written as one word, if ``shortest`` letters or more;
    a doubled first consonant is the article assimilated (abdurrahman → rahman, abdessalam →
    salam, abussuud → suud)."""
    m = head.match(bare_latin)
    if not m or len(bare_latin) - m.end() < shortest:
        return None
    rest = bare_latin[m.end() :]
    if len(rest) >= 2 and rest[0] == rest[1] and rest[0] not in "aeiou":
        rest = rest[1:]
    return rest


# Abu written as one word with the name, in its usual spellings (Abushakra, Aboushakra, Abouzeid,
# Abulhuda, Aboul Fadl); the article after it may assimilate (Abussuud).
_ABU_JOINED = re.compile(r"^ab(?:oou|ou|oo|uu|o|u|w)(?:l|el|al|ul)?")


def abu_stem(bare_latin: str) -> str | None:
    """The part after Abu of a Latin compound written as one word (aboushakra → shakra)."""
    return _stem_after(_ABU_JOINED, bare_latin, 3)


def core(unit: str) -> str:
    """A bare unit with the article inside a compound removed, as keys compare it.

    Latin writers drop or keep that article at will (Abd al-Rahman, Abdulrahman, Abdurrahman,
    Nour Eddine, Nour al-Din), so keys ignore it: عبدالرحمن → عبدرحمن, abdulrahman → abdrahman.
    """
    unit = unit.replace(" ", "")
    if any("\u0600" <= ch <= "\u06ff" for ch in unit):
        for prefix in ("عبدال", "ابوال"):
            if unit.startswith(prefix) and len(unit) > len(prefix) + 1:
                unit = prefix[:-2] + unit[len(prefix) :]
        if unit.endswith("الدين") and len(unit) > 5:
            unit = unit[:-5] + "دين"
        return unit
    stem = abd_stem(unit)
    if stem is not None and unit.startswith("abd"):
        return "abd" + stem
    return unit


@lru_cache(maxsize=262_144)
def skeleton(unit: str) -> str:
    """Consonant skeleton of one bare unit in either script (for candidate generation)."""
    unit = core(unit)
    if not unit:
        return ""
    if any("\u0600" <= ch <= "\u06ff" for ch in unit):
        return _arabic_skeleton(unit)
    return _latin_skeleton(arabizi_to_latin(unit))


#: Latin digraphs that may also be two letters: Fathi is فتحي, Ishaq إسحاق, Adham أدهم.
_SPLITTABLE = re.compile(r"th|sh|dh|kh|gh")


@lru_cache(maxsize=65_536)
def split_skeletons(unit: str) -> tuple[str, ...]:
    """Other skeletons of a Latin unit, each digraph read as two letters in turn and all at
    once (Fat-hi, Is-haq, Ad-ham), besides ``skeleton``'s one letter. A writing the tables do
    not know has no other way to meet an Arabic record that writes the two letters."""
    word = arabizi_to_latin(core(unit))
    one = skeleton(unit)
    out: list[str] = []
    for split in _split_writings(word):
        skel = _latin_skeleton(split)
        if skel and skel != one and skel not in out:
            out.append(skel)
    return tuple(out)


def _split_writings(word: str, after_vowel: bool = False) -> list[str]:
    """``word`` with its splittable digraphs marked as two letters, each in turn and all at once
    (fat-hi); none when it has none. ``after_vowel``: only a digraph after a vowel, where a
    syllable may end between its letters (Fat-hi, Is-haq); a first Sh is not Suhaib's s-h."""
    spans = [
        m.start()
        for m in _SPLITTABLE.finditer(word)
        if not after_vowel or (m.start() > 0 and word[m.start() - 1] in "aeiouy")
    ]
    cuts = [[i] for i in spans] + ([spans] if len(spans) > 1 else [])
    return ["".join(ch + ("-" if i in cut else "") for i, ch in enumerate(word)) for cut in cuts]


def _arabic_skeleton(word: str) -> str:
    chars: list[str] = []
    for i, ch in enumerate(word):
        if ch in ("و", "ي"):
            if i == 0:
                chars.append("w" if ch == "و" else "y")
            continue
        if ch == "ه" and i == len(word) - 1 and i > 0:
            continue  # taa marbuta / final h, which Latin writers drop
        mapped = _AR_SKELETON.get(ch)
        if mapped:
            chars.append(mapped)
    return _squeeze(chars)


def _latin_skeleton(word: str) -> str:
    chars: list[str] = []
    tokens = _LATIN_DIGRAPHS.findall(word)
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if tok in ("w", "y"):
            # a first w or y is a consonant (و, ي), its vowel written or not (Ysser, Wsim)
            if i == 0 and last > 0:
                chars.append(tok)
            continue
        if tok == "h" and i == last and i > 0 and tokens[i - 1] in "aeiou":
            continue
        mapped = _LATIN_SKELETON.get(tok)
        if mapped:
            chars.append(mapped)
    return _squeeze(chars)


# Letters that differ only by dots: what a scanned or hand-copied register confuses.
_RASM = str.maketrans(
    {
        "ب": "ٮ",
        "ت": "ٮ",
        "ث": "ٮ",
        "ن": "ٮ",
        "ي": "ٮ",
        "ج": "ح",
        "خ": "ح",
        "ذ": "د",
        "ز": "ر",
        "ش": "س",
        "ض": "ص",
        "ظ": "ط",
        "غ": "ع",
        "ف": "ڡ",
        "ق": "ڡ",
        "ة": "ه",
    }
)


def rasm(word: str) -> str:
    """The Arabic word without its dots (ياسين and ناسين share one rasm)."""
    return word.translate(_RASM)


# --- Vowel-aware keys: the skeleton plus the long vowels each script shows. -----------------------

_AR_LONG = {"ا": "a", "و": "u", "ي": "i"}


def arabic_vowel_key(
    word: str, *, with_ayn: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Consonant classes and, between them, the long vowels the Arabic writes (ا و ي, final ة).

    Returns ``(consonants, gaps)`` with ``len(gaps) == len(consonants) + 1``; each gap is a
    string of vowel classes a / i / u. ع and hamza are not written in Latin and are skipped.
    """
    cons: list[str] = []
    gaps: list[str] = [""]
    n = len(word)
    for i, ch in enumerate(word):
        if ch in _AR_LONG:
            if i == 0 and ch != "ا":
                _push(cons, gaps, "w" if ch == "و" else "y")
            elif not gaps[-1].endswith(_AR_LONG[ch]):  # داوود = داود, رؤوف = رءوف
                gaps[-1] += _AR_LONG[ch]
            continue
        if with_ayn and (ch == "ع" or (ch == "ء" and i < n - 1)):
            _push(cons, gaps, "3")
            continue
        if ch == "ه" and i == n - 1 and i > 0:
            gaps[-1] += "h"  # taa marbuta (a) or a final h that Latin drops
            continue
        mapped = _AR_SKELETON.get(ch)
        if mapped:
            _push(cons, gaps, mapped)
    return tuple(cons), tuple(gaps)


def _push(cons: list[str], gaps: list[str], c: str) -> None:
    if cons and cons[-1] == c and gaps[-1] == "":
        return  # doubled consonant
    cons.append(c)
    gaps.append("")


_LATIN_VOWELS = set("aeiouyw")


def latin_vowel_key(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Consonant classes and the vowel letters between them, for a Latin unit."""
    word = arabizi_to_latin(word.replace(" ", ""))
    tokens = _LATIN_DIGRAPHS.findall(word)
    cons: list[str] = []
    gaps: list[str] = [""]
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if tok in ("w", "y") and i == 0 and last > 0 and tokens[1] in "aeiou":
            _push(cons, gaps, tok)
            continue
        if tok in _LATIN_VOWELS:
            gaps[-1] += tok
            continue
        if tok == "h" and i == last and i > 0 and tokens[i - 1] in "aeiou":
            gaps[-1] += "h"
            continue
        mapped = _LATIN_SKELETON.get(tok)
        if mapped:
            _push(cons, gaps, mapped)
    return tuple(cons), tuple(gaps)


def _latin_gap_classes(gap: str, final: bool) -> tuple[set[str], set[str]]:
    """(classes the Latin gap can stand for, classes it insists on)."""
    can: set[str] = set()
    need: set[str] = set()
    g = gap.replace("h", "")
    if "a" in g or (final and "e" in g):
        can.add("a")
    if any(c in g for c in "iye"):
        can.add("i")
    if any(c in g for c in "uow"):
        can.add("u")
    if "aa" in g:
        need.add("a")
    if any(d in g for d in ("ee", "ii", "ei", "ey", "ay", "ai", "ie", "iy")):
        need.add("i")
    if any(d in g for d in ("ou", "oo", "uu", "ow", "aw")):
        need.add("u")
    if final and g[-1:] in ("i", "y"):
        need.add("i")
    if final and g[-1:] == "a":
        need.add("a")
    if "h" in gap:
        can.add("h")
    return can, need


# Levantine pronunciations that Latin writers follow: ق as a glottal stop (dropped) or k,
# ث as t (besides s), ذ and ظ as d (besides z), and ذ written "th" as in scholarly spelling.
_LEVANTINE = {"ق": ("ء",), "ث": ("ت",), "ذ": ("د", "ث"), "ظ": ("د",)}
_MAX_VARIANTS = 16


def _levantine_variants(word: str) -> list[str]:
    """Other readings of an Arabic word under the Levantine shifts (the word itself excluded)."""
    variants = [""]
    for ch in word:
        options = (ch, *_LEVANTINE.get(ch, ()))
        variants = [v + c for v in variants for c in options]
        if len(variants) > _MAX_VARIANTS:
            return []
    return variants[1:]


@lru_cache(maxsize=262_144)
def vowels_compatible(arabic: str, latin: str) -> bool:
    """Whether a Latin spelling can render an Arabic name: same consonant classes, and each long
    vowel the Arabic writes has a vowel in the Latin at that place (and each long vowel the Latin
    insists on — ou, ee, a final -i — has one in the Arabic). Levantine sound shifts count:
    قاسم may be Asem, ثامر Tamer, ذياب Diab."""
    return any(
        l_cons and a_cons == l_cons and _gaps_compatible(a_gaps, l_gaps)
        for l_cons, l_gaps in _latin_readings(latin)
        for a_cons, a_gaps in _arabic_readings(arabic)
    )


# Each word's keys once: a search compares one query unit with hundreds of record units, and
# each record unit with many queries' units, so the pairs are new but the words are not.
@lru_cache(maxsize=262_144)
def _latin_readings(latin: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The writing's consonants and vowels as written, then with each digraph after a vowel read
    as two letters (Fathi: فتحي)."""
    word = core(latin)
    return tuple(latin_vowel_key(w) for w in (word, *_split_writings(word, after_vowel=True)))


@lru_cache(maxsize=262_144)
def _arabic_readings(arabic: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    arabic = core(arabic)
    return tuple(arabic_vowel_key(v) for v in (arabic, *_levantine_variants(arabic)))


def _gaps_compatible(a_gaps: tuple[str, ...], l_gaps: tuple[str, ...]) -> bool:
    last = len(a_gaps) - 1
    for i, (ag, lg) in enumerate(zip(a_gaps, l_gaps, strict=True)):
        can, need = _latin_gap_classes(lg, i == last)
        a_set = set(ag.replace("h", ""))
        a_set_opt: set[str] = set()
        if i == last and "h" in ag:
            a_set_opt.add("a")  # taa marbuta may be written -a, -ah, -eh or not at all
        if i == last and "i" in a_set and "i" not in can and "a" in can:
            a_set.discard("i")  # a final ى (folded to ي) is written -a: Moussa, Mustafa
            a_set_opt.add("a")
        if not a_set <= can:
            return False
        if not need <= (a_set | a_set_opt):
            return False
    return True


def vowel_key(unit: str) -> str:
    """A same-script key that keeps the vowels: consonant classes with vowels as written (Latin
    vowels folded: o → u, ee → i, ...). Separates Nasser/Nassar and الخطيب/الخطاب, which share
    a skeleton."""
    unit = core(unit)
    if any("\u0600" <= ch <= "\u06ff" for ch in unit):
        cons, gaps = arabic_vowel_key(unit, with_ayn=True)
    else:
        cons, gaps = latin_vowel_key(latin_fold(unit))
        if gaps[-1] in ("eh", "ah", "e", "ih"):  # Levantine -eh for ة: Salameh = Salama
            gaps = (*gaps[:-1], "a")
    out = [gaps[0]]
    for c, g in zip(cons, gaps[1:], strict=True):
        out.append(c)
        out.append(g)
    return "".join(out)


def latin_keys_match(a: str, b: str) -> bool:
    """Same-script Latin vowel keys equal, with e standing for either a or i (Kenaan = Kanaan,
    Jassem = Jassim)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y and not ((x == "e" and y in "ai") or (y == "e" and x in "ai")):
            return False
    return True
