"""Split a written name into units and, when the record does not say, into roles.

A *unit* is one name as a person would count it: عبد الرحمن, Abd al-Rahman, Abou Zeid and
نور الدين are one unit each. The article (ال, al-, el-, as-, ...) is detached but remembered,
honorifics (الحاج, Dr., Hajj ...) are dropped, and بن / ibn connectors mark a father's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from athar.names.keys import arabizi_to_latin
from athar.names.normalize import clean_name, detect_script

#: Titles that are never a name, dropped wherever they stand before another word: also after a
#: family name written first ("AL-KHETIB Eng. Bachir").
TITLES = frozenset(
    {"دكتور", "الدكتور", "المهندس", "الاستاذ", "استاذ", "الانسه", "المرحوم", "الشهيد"}
    | {"dr", "doctor", "docteur", "eng", "ing", "ingenieur", "engineer", "prof", "professor"}
    | {"professeur", "mr", "mrs", "ms", "mme", "mlle"}
)
#: Honorifics dropped only where they lead a name: they are family names too (الشيخ, السيد,
#: Sheikh), or initials (د, م, M).
LEADING_HONORIFICS = frozenset(
    {"الحاج", "حاج", "الحاجه", "الشيخ", "السيد", "السيده", "د", "م", "المعتقل"}
    | {"hajj", "haj", "hadj", "hajji", "al hajj", "sheikh", "shaikh", "cheikh", "sheik", "m"}
    | {"sayyid"}
)
CONNECTORS = frozenset({"بن", "ابن", "bin", "ibn", "ben", "bn", "bint", "بنت"})
#: The same connectors in English and French lists, two words each ("Mohammad son of Ahmad",
#: "s/o", "fils de").
LATIN_CONNECTORS = frozenset({"son of", "daughter of", "s o", "d o", "fils de", "fille de"})
# Latin forms of the article as a separate word, with sun-letter assimilations (as-Sayed, ad-Din).
_LATIN_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ol", "l"}
    | {f"{v}{c}" for v in "aeu" for c in ("r", "s", "sh", "d", "n", "t", "th", "z", "dh", "l")}
)
# ʿAbd, alone or with the article joined, its lam assimilated before a sun letter as it is said
# (Abdel, Abdul, Abdur Rahman, Abdus Salam, Abdes Samad, Abdun Nasser, Abdel-Dayem).
_ABD_SUN = "r|s|sh|d|n|t|th|z|dh"  # the sun letters an assimilated lam is written as
_ABD_LATIN = re.compile(rf"^(?:abd|abdou|abdu|abdeel|abd(?:[aeiou]|ou)(?:l|{_ABD_SUN}))$")
# The assimilated lam of such a form (the n of Abdun): it is said only before its own sun letter
# (Abdun Nasser), so before another letter the word is a name of its own (Abdin Khalil: عابدين).
_ABD_ASSIMILATED = re.compile(rf"^abd(?:[aeiou]|ou)({_ABD_SUN})$")
_DOUBLED = re.compile(r"(.)\1+")


def _abd_word(w: str) -> str | None:
    """The ʿAbd word ``w`` writes, its doubled letters read once (a typist's Abddel, Abdoull),
    or None."""
    if _ABD_LATIN.match(w):
        return w
    once = _DOUBLED.sub(r"\1", w)
    return once if once != w and _ABD_LATIN.match(once) else None


# Abu as a word of its own, however its vowel is written (Abu, Abou, Abo, Aboo, Abū), with an
# article joined (Abul, Aboul); "Bou" is the Maghrebi form.
_ABU_LATIN_WORD = re.compile(r"^ab(?:u|o)+l?$")
_DIN_LATIN = re.compile(r"^(?:[aeu][ld]?)?d+(?:i|ee)ne?$")
_ALLAH_LATIN = frozenset({"allah", "alla", "ullah", "ulla", "illah", "ellah", "lah"})


@dataclass(frozen=True, slots=True)
class Unit:
    """One name unit: ``text`` as written (cleaned), ``bare`` without article or inner spaces."""

    text: str
    bare: str
    script: str  # "arabic" or "latin"
    article: bool = False
    #: Arabizi written with 2, 8 or 9: the bare form read with those digits as ق, which Levantine
    #: and some Egyptian writers mean by them (Tare2, Tare8: طارق); "" otherwise. The usual
    #: reading (2 a hamza, 8 غ, 9 ص) stays ``bare``; the lexicon tries this one when that fails.
    qaf: str = ""


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into units and roles; ``confidence`` says how sure the role split is."""

    units: tuple[Unit, ...]
    given: Unit | None = None
    father: Unit | None = None
    grandfather: Unit | None = None
    family: Unit | None = None
    confidence: float = 0.0
    order: str = "given_first"  # or "family_first"
    extra: tuple[Unit, ...] = field(default_factory=tuple)
    #: The units of a family name of several words written first in capitals ("AL-AHMAD
    #: AL-HASSAN Jamal"): ``family`` is then one unit spanning them, these the units themselves.
    family_units: tuple[Unit, ...] = field(default_factory=tuple)

    def roles(self) -> dict[str, str]:
        """The role → written text mapping of the parts that were found."""
        out = {}
        for role in ("given", "father", "grandfather", "family"):
            unit = getattr(self, role)
            if unit is not None:
                out[role] = unit.text
        return out


def _arabic_article(word: str) -> tuple[str, bool]:
    if word.startswith("ال") and len(word) >= 4:
        return word[2:], True
    return word, False


def _latin_article(word: str) -> tuple[str, bool]:
    # Joined article: "alhalabi", "elkhatib" (only with a long enough rest to be a name).
    for art in ("al", "el"):
        if word.startswith(art) and len(word) - len(art) >= 4 and word[len(art)] not in "aeiou":
            return word[len(art) :], True
    return word, False


def _make_unit(words: list[str], script: str, *, detach: bool = True) -> Unit:
    text = " ".join(words)
    if script == "arabic":
        joined = "".join(words)
        if len(words) == 1 and detach:
            bare, art = _arabic_article(joined)
        else:
            bare, art = joined, False
        return Unit(text, bare, script, art)
    joined = "".join(w for w in words if w not in _LATIN_ARTICLES or len(words) == 1)
    if len(words) == 1 and detach:
        bare, art = _latin_article(joined)
    else:
        bare, art = joined, False
    if len(words) > 1 and words[0] in _LATIN_ARTICLES:
        art = True
    return Unit(text, bare, script, art)


# Arabizi joins the article to a name that starts with a letter written as a digit: al7alabi,
# el3ali, Al2ahwaji (the 2 a Levantine ق). The digit shows where the name begins.
_ARABIZI_ARTICLE = re.compile(r"^([ae]l)(?=[235679])(.+)$")


def _split_words(cleaned: str) -> list[tuple[str, str]]:
    words = []
    for w in cleaned.split():
        if detect_script(w) == "arabic":
            words.append((w, "arabic"))
            continue
        latin = arabizi_to_latin(w)  # "3abd" → "abd", "ra7man" → "rahman"
        joined = _ARABIZI_ARTICLE.match(w)
        if joined:
            name = arabizi_to_latin(joined.group(2))
            if len(name) >= 3:  # not "Al3i": ʿAli
                words.append((joined.group(1), "latin"))
                latin = name
        words.append((latin, "latin"))
    return [(w, s) for w, s in words if w]


def units(text: str, *, keep: frozenset[str] = frozenset()) -> tuple[Unit, ...]:
    """Split a written name into units (compounds joined, honorifics and connectors dropped).

    ``keep`` lists cleaned Arabic words that start with ال but are names in their own right
    (الياس, الهام), so the article is not detached from them.
    """
    return tuple(u for u, _ in _units_with_connectors(clean_name(text), keep)[0])


#: How an ʿAbd compound's bare form begins, in either script: a given name, whatever the tables
#: list.
_ABD_HEADS = ("عبد", "abd", "abed")

# An Arabizi digit that may stand for ق, inside a Latin word (a number stands alone).
_QAF_DIGIT = re.compile(r"(?<=[a-z])[289]|[289](?=[a-z])")


def _units_with_connectors(
    cleaned: str, keep: frozenset[str]
) -> tuple[list[tuple[Unit, bool]], int | None]:
    """Units, each flagged True when a بن/ibn connector stood before it; and the number of
    units before a title that stood inside the name (a title precedes the given name, so
    those units are the family name written first: "Khetib Eng. Bachir"), else None. Arabizi
    with a digit that may be ق gives each unit its ``qaf`` reading too, when reading the digits
    as ق parses into as many units."""
    flagged, title_at = _split_units(cleaned, keep)
    if not _QAF_DIGIT.search(cleaned):
        return flagged, title_at
    as_qaf, _ = _split_units(_QAF_DIGIT.sub("q", cleaned), keep)
    if len(as_qaf) != len(flagged):
        return flagged, title_at
    return [
        (replace(u, qaf=q.bare) if u.script == "latin" and q.bare != u.bare else u, c)
        for (u, c), (q, _) in zip(flagged, as_qaf, strict=True)
    ], title_at


def _split_units(cleaned: str, keep: frozenset[str]) -> tuple[list[tuple[Unit, bool]], int | None]:
    words = _split_words(cleaned)
    out: list[tuple[Unit, bool]] = []
    title_at: int | None = None
    i = 0
    n = len(words)
    after_connector = False
    leading = True
    while i < n:
        w, script = words[i]
        nxt = words[i + 1][0] if i + 1 < n else None
        # Honorifics lead a name; one that stands alone (or last) is a name: الشيخ, Cheikh.
        # One name, an honorific, then two or more: "Halabi Hajj Mohammad Ahmad" writes the
        # family name first, as before a title. With one name after it ("Ali Hajj Hussein") the
        # honorific stays a unit: it may begin the family name.
        after_family = (
            len(out) == 1
            and len(w) > 1
            and w in LEADING_HONORIFICS
            and sum(not x.isdigit() for x, _ in words[i + 1 :]) >= 2
        )
        if nxt and (w in TITLES or ((leading or after_family) and w in LEADING_HONORIFICS)):
            if out and title_at is None:
                title_at = len(out)
            i += 1
            continue
        if leading and script == "latin" and i + 2 < n and f"{w} {nxt}" in LEADING_HONORIFICS:
            i += 2
            continue
        leading = False
        if w in CONNECTORS and out:
            after_connector = True
            i += 1
            continue
        if out and script == "latin" and i + 2 < n and f"{w} {nxt}" in LATIN_CONNECTORS:
            after_connector = True
            i += 2
            continue
        if w.isdigit():
            i += 1
            continue
        consumed, unit = _compound_at(words, i, keep)
        out.append((unit, after_connector))
        after_connector = False
        i += consumed
    return out, title_at


def _compound_at(words: list[tuple[str, str]], i: int, keep: frozenset[str]) -> tuple[int, Unit]:
    """The unit starting at word ``i``: how many words it takes, and the unit."""
    w, script = words[i]
    n = len(words)
    nxt = words[i + 1][0] if i + 1 < n and words[i + 1][1] == script else None
    nxt2 = words[i + 2][0] if i + 2 < n and words[i + 2][1] == script else None
    if script == "arabic":
        if w in ("عبد", "ابو", "ابن") and nxt and nxt not in CONNECTORS:
            if w == "ابن":  # handled as connector elsewhere; defensive
                return 1, _make_unit([w], script)
            return 2, _make_unit([w, nxt], script, detach=False)
        if nxt in ("الدين", "الله", "ادين") and w not in ("عبد", "ابو"):
            # ادين: الدين as it sounds, the article's lam assimilated (عز ادين)
            unit = _make_unit([w, "الدين" if nxt == "ادين" else nxt], script, detach=False)
            unit = Unit(f"{w} {nxt}", unit.bare, script, unit.article)
            if w.startswith("ال") and len(w) >= 4:  # العبد الله = العبدالله, the article detached
                return 2, Unit(unit.text, unit.bare[2:], script, True)
            return 2, unit
        if w in keep:
            return 1, _make_unit([w], script, detach=False)
        return 1, _make_unit([w], script)
    # Latin
    if w == "abed" and nxt in _LATIN_ARTICLES and nxt2:  # Abed al-Karim: Levantine ʿAbd
        unit = _make_unit(["abd", nxt, nxt2], script, detach=False)
        return 3, Unit(f"{w} {nxt} {nxt2}", unit.bare, script, unit.article)
    abd = _abd_word(w)
    head = abd or w
    if (abd or _ABU_LATIN_WORD.match(w) or w == "bou") and nxt and _abd_fits(head, nxt):
        if nxt in _LATIN_ARTICLES and nxt2:
            return 3, _make_unit([w, nxt, nxt2], script, detach=False)
        if head not in ("abdou", "abdu", "bou") or nxt in _ALLAH_LATIN:
            return 2, _make_unit([w, nxt], script, detach=False)
    if nxt and w not in _LATIN_ARTICLES:
        if nxt in _LATIN_ARTICLES and nxt2 and _DIN_LATIN.match(nxt2):
            return 3, _make_unit([w, nxt, nxt2], script, detach=False)
        if _DIN_LATIN.match(nxt) or nxt in _ALLAH_LATIN - {"lah"}:
            return 2, _make_unit([w, nxt], script, detach=False)
    if w in _LATIN_ARTICLES and nxt:
        return 2, _make_unit([w, nxt], script)
    return 1, _make_unit([w], script)


def _abd_fits(w: str, nxt: str) -> bool:
    """Whether ``nxt`` may follow ``w`` in one ʿAbd compound: an assimilated lam only before its
    own sun letter (Abdur Rahman, Abdus Salam; not Abdin Khalil)."""
    assimilated = _ABD_ASSIMILATED.match(w)
    return assimilated is None or nxt.startswith(assimilated.group(1))


def parse(
    text: str,
    *,
    is_family: frozenset[str] = frozenset(),
    is_given: frozenset[str] = frozenset(),
    family_plain: frozenset[str] = frozenset(),
    lookup: Callable[[Unit], frozenset[str]] | None = None,
    keep: frozenset[str] = frozenset(),
    merge: Callable[[tuple[Unit, ...]], tuple[Unit, ...]] | None = None,
) -> ParsedName:
    """Parse a full name into given / father / grandfather / family with a confidence.

    Syrian records write given, father, [grandfather,] family. Latin lists sometimes put the family
    name first, in capitals or before a comma. ``is_family`` / ``is_given`` are bare forms known to
    be family or given names (from the name tables), used to judge which end is the family name;
    ``family_plain`` those family names the tables write without the article (حداد, قباني);
    ``lookup`` gives a unit's table ids in either script; ``merge`` joins units that together
    spell one known name (مردم بك).

    A release list often writes given, father and grandfather with no family name: a last part
    that is a given name (محمد أسامة محمد), has no article and is not a family name written
    without one is read as a father's or grandfather's name.
    """
    raw = str(text or "")
    head, comma, tail = raw.partition(",")
    if comma and head.strip() and tail.strip() and len(head.split()) <= 3:
        raw = f"{tail} {head}"  # "HALABI, Mohammad": the family name before a comma
    leading = _leading_capitals(raw, keep, merge)
    if leading is not None:
        return leading
    flagged, title_at = _units_with_connectors(clean_name(raw), keep)
    if merge is not None and not any(c for _, c in flagged):
        flagged = [(u, False) for u in merge(tuple(u for u, _ in flagged))]
    us = tuple(u for u, _ in flagged)
    caps = _capitalised_family(raw, us)
    if not us:
        return ParsedName(units=())
    if caps is None and title_at == 1 and len(us) > 1:
        caps = 0  # one unit before a title: the family name written first
    if caps is not None:
        rest = tuple(u for j, u in enumerate(us) if j != caps)
        fam = us[caps]
        if caps == 0 and len(rest) > 1 and rest[0].text in LEADING_HONORIFICS:
            rest = rest[1:]  # "AL-HASAN Sheikh Ismail": the honorific leads the rest of the name
        return _assign(us, rest, fam, 0.9, "family_first" if caps == 0 else "given_first")
    if any(conn for _, conn in flagged):
        # "X bin Y [bin Z] [FAMILY]": connectors fix father and grandfather.
        chain = [u for u, c in flagged[1:] if c]
        unmarked = [u for u, c in flagged[1:] if not c]
        return ParsedName(
            us,
            us[0],
            chain[0] if chain else None,
            chain[1] if len(chain) > 1 else None,
            unmarked[-1] if unmarked else None,
            0.85,
            "given_first",
        )

    def ids(u: Unit) -> frozenset[str]:
        return lookup(u) if lookup is not None else frozenset({u.bare})

    if len(us) == 1:
        u = us[0]
        uid = ids(u)
        if (uid & is_family and not uid & is_given) or u.article:
            return ParsedName(us, family=u, confidence=0.5)
        return ParsedName(us, given=u, confidence=0.5)
    last = us[-1]
    last_ids = ids(last)
    first = us[0]
    first_ids = ids(first)
    # A first unit the tables know only as a family name ("Kalousdian Mohammad", "Abou
    # al-Shamat Yassir"): a list sorted by family name, as no one is given that name.
    # ʿAbd compounds are given names whatever the tables list (عبد الدايم Ali).
    family_only_first = (
        bool(first_ids & is_family)
        and not first_ids & is_given
        and not first.bare.startswith(_ABD_HEADS)
    )
    given_last = bool(last_ids & is_given) and not last_ids & family_plain
    # An ʿAbd compound is a given name whatever the tables list (some families are عبد الله):
    # after a family name or an article it shows the name was written family first.
    abd_last = last.bare.startswith(_ABD_HEADS) and bool(last_ids & is_given)
    if (
        len(us) <= 3
        and not last.article
        and given_last
        and last.script == "arabic"
        and not family_only_first
    ):
        return ParsedName(us, us[0], us[1], us[2] if len(us) > 2 else None, None, 0.6)
    if family_only_first and (given_last or abd_last) and not last.article and len(us) <= 4:
        return _assign(us, us[1:], first, 0.7, "family_first")
    if (
        first.article
        and not last.article
        and (
            given_last
            or abd_last
            or (first.script == "latin" and _given_then_unknown(us, ids, is_given))
        )
        and (first.script == "latin" or not first_ids & is_given)
    ):
        # "al-Maydani Aqil Mohammad": a list sorted by family name, the article showing which
        # end it is (the capitals of "AL-MAYDANI Aqil" are handled above).
        return _assign(us, us[1:], first, 0.7, "family_first")
    fam_score = 0.0
    if last.article:
        fam_score += 0.25
    if last_ids & is_family:
        fam_score += 0.15
    if last_ids & is_given and not last_ids & is_family:
        fam_score -= 0.25
    if last.script == "arabic" and last.bare.endswith("ي") and len(last.bare) > 3:
        fam_score += 0.1
    base = {2: 0.55, 3: 0.75, 4: 0.8}.get(len(us), 0.5)
    conf = max(0.2, min(0.95, base + fam_score))
    return _assign(us, us[:-1], last, conf, "given_first")


def _given_then_unknown(
    us: tuple[Unit, ...], ids: Callable[[Unit], frozenset[str]], is_given: frozenset[str]
) -> bool:
    """A known given name second and a name the tables do not know last ("Al-Maarrawee Mohammad
    Outmhan", the father's name mistyped): after a first name with the article, read as a list
    sorted by family name."""
    return len(us) >= 3 and bool(ids(us[1]) & is_given) and not ids(us[-1])


def _assign(
    us: tuple[Unit, ...], rest: tuple[Unit, ...], fam: Unit, conf: float, order: str
) -> ParsedName:
    given = rest[0] if rest else None
    father = rest[1] if len(rest) > 1 else None
    grand = rest[2] if len(rest) > 2 else None
    extra = tuple(rest[3:])
    if extra:
        conf = min(conf, 0.5)
    return ParsedName(us, given, father, grand, fam, round(conf, 2), order, extra)


def split_leading_capitals(text: str) -> tuple[str, str] | None:
    """ "RAQQAWI Abd al-Hamid" → ("RAQQAWI", "Abd al-Hamid"): the words in capitals (two letters
    or more) that open a name whose other words are not, and those others; None otherwise."""
    words = text.split()
    run = 0
    for word in words:
        letters = [c for c in word if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters):
            break
        run += 1
    if 0 < run < len(words):
        return " ".join(words[:run]), " ".join(words[run:])
    return None


def _leading_capitals(
    raw: str,
    keep: frozenset[str],
    merge: Callable[[tuple[Unit, ...]], tuple[Unit, ...]] | None,
) -> ParsedName | None:
    """A Latin name whose first words are in capitals and the rest not ("ATRACHE EL HASSAN
    Oussama Doreid", "CHEIKH Maïs", "AL-OMAR Salaheddin Omar"): the capitals are the family
    name, whole, as lists sorted by family name write it; the rest is given, father's and
    grandfather's name. A word in capitals that is also an honorific (Cheikh, Hajj) is the
    family name here, not a title. None when the name is not written so."""
    written = split_leading_capitals(raw) if detect_script(raw) == "latin" else None
    if written is None:
        return None

    def split(text: str) -> tuple[Unit, ...]:
        found = tuple(u for u, _ in _units_with_connectors(clean_name(text), keep)[0])
        return merge(found) if merge is not None and found else found

    family_units, rest = split(written[0]), split(written[1])
    if not family_units or not rest:
        return None
    family = family_units[0]
    if len(family_units) > 1:
        family = Unit(
            " ".join(u.text for u in family_units),
            "".join(u.bare for u in family_units),
            family.script,
            family.article,
        )
    parsed = _assign((family, *rest), rest, family, 0.9, "family_first")
    return replace(parsed, family_units=family_units if len(family_units) > 1 else ())


def _capitalised_family(raw: str, us: tuple[Unit, ...]) -> int | None:
    """Index of the unit written in capitals when others are not ("Mohammad AL-HALABI")."""
    if detect_script(raw) != "latin":
        return None
    words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", raw)
    caps = [w for w in words if len(w) > 1 and w.isupper()]
    if not caps or len(caps) == len(words):
        return None
    target = clean_name(caps[-1]).split()[-1:]
    hits = [j for j, u in enumerate(us) if target and target[0] in u.text.split()]
    if not hits:
        return None
    return hits[-1] if hits[-1] != 0 or len(us) == 1 else 0
