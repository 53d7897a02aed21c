"""What the name tables know, indexed for lookup from either script.

Every table name gets an id: its bare Arabic form (cleaned, article detached, compound without
spaces: ``عبدالرحمن``, ``حلبي``). A written unit is looked up by its bare Arabic form, or by the
Latin fold of its spelling, and gets the set of ids it may mean — usually one, two for a truly
ambiguous spelling (Hassan is حسن or حسان).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from athar.names.keys import (
    abd_stem,
    abu_stem,
    latin_fold,
    rasm,
    skeleton,
)
from athar.names.normalize import clean
from athar.names.parse import Unit, units
from athar.names.reading import may_read_as, reads_as
from athar.names.tables import NameEntry, family_names, given_names


@dataclass(frozen=True)
class Lexicon:
    """Lookups built once from the tables."""

    by_arabic: dict[str, frozenset[str]]
    by_fold: dict[str, frozenset[str]]
    by_abd: dict[str, frozenset[str]]  # ʿAbd- compounds by their stem, for unlisted joinings
    entries: dict[str, NameEntry]  # id → first entry seen (given names win over family names)
    given: frozenset[str]  # ids of given names
    family: frozenset[str]  # ids of family names
    family_plain: frozenset[str]  # ids of family names the tables write without the article
    article_words: frozenset[str]  # cleaned Arabic names that start with ال yet are not "the X"
    sex: dict[str, str]  # given-name id → m / f / u
    multi: frozenset[str]  # joined bare forms of names written as several units (مردم بك)
    by_skeleton: dict[str, frozenset[str]]  # consonant skeleton → ids of the names that have it
    rank: dict[str, int]  # id → its row in the tables (they list the most frequent names first)
    by_abu: dict[str, frozenset[str]]  # Abu- compounds by the fold of their stem (abu + shakra)
    spellings: dict[str, tuple[str, ...]]  # id → bare forms of the table's Latin spellings
    by_deletion: dict[str, frozenset[str]]  # a given name with a letter dropped → the names

    def likeliest(self, ids: frozenset[str]) -> str:
        """The most frequent of several names a spelling may mean (Hassan: حسن before حسان)."""
        return min(ids, key=lambda i: (self.rank.get(i, len(self.rank)), i))

    def nearest_id(self, skel: str) -> str | None:
        """The one table name with this consonant skeleton, if exactly one has it.

        Gives a misspelt known name (خلد, Khled) the key of its name for candidate generation;
        never used to decide that two names are the same.
        """
        ids = self.by_skeleton.get(skel)
        if ids and len(ids) == 1:
            return next(iter(ids))
        return None

    def slip_readings(self, bare: str) -> frozenset[str]:
        """Given names an Arabic writing the tables lack may be through one slip of the pen: a
        letter dropped (ممد, امد for محمد) or two neighbouring letters swapped (عيل for علي,
        ممحد). A reading to weigh, never an identity; writings of 3 letters or more.

        Given names only: the tables list nearly all the given names in use, but only some of
        the family names, and a family name the tables lack is more often a family of its own
        than a slip (الحراني is not الحوراني). Not a letter replaced by another: in
        three-letter roots that mostly spells another name.
        """
        if len(bare) < 3 or bare in self.by_arabic:
            return frozenset()
        found = set(self.by_deletion.get(bare, ()))
        for i in range(len(bare) - 1):
            swapped = bare[:i] + bare[i + 1] + bare[i] + bare[i + 2 :]
            found.update(self.by_arabic.get(swapped, ()))
        return frozenset(found) & self.given

    def merge_known(self, us: tuple[Unit, ...]) -> tuple[Unit, ...]:
        """Join neighbouring units that together spell one table name (زين العابدين, Mardam Bey)."""
        if len(us) < 2 or not self.multi:
            return us
        out: list[Unit] = []
        i = 0
        while i < len(us):
            if i + 1 < len(us) and us[i].script == us[i + 1].script:
                a, b = us[i], us[i + 1]
                joined = a.bare + b.bare
                key = joined if a.script == "arabic" else "~" + latin_fold(joined)
                if key in self.multi:
                    out.append(Unit(f"{a.text} {b.text}", joined, a.script, a.article))
                    i += 2
                    continue
                compound = self._dotless_compound(a, b)
                if compound:
                    out.append(Unit(f"{a.text} {b.text}", compound, a.script, False))
                    i += 2
                    continue
            out.append(us[i])
            i += 1
        return tuple(out)

    def _dotless_compound(self, a: Unit, b: Unit) -> str:
        """The ʿAbd- or Abu- compound two Arabic units spell when the first is عبد or ابو with
        its dots lost or misplaced (عتد الحميد, غبد الفتاح, اتو قاسم in a scanned register), and
        the first is no name of its own (عيد الحسين is Eid al-Hussein): its bare form, or ""."""
        if a.script != "arabic" or a.article or a.bare in self.by_arabic:
            return ""
        head = _DOTLESS_HEADS.get(rasm(a.bare))
        if head is None:
            return ""
        joined = head + ("ال" if b.article else "") + b.bare
        return joined if joined in self.by_arabic else ""

    def ids(self, unit: Unit) -> frozenset[str]:
        """Table ids this unit may mean (empty when the name is not in the tables)."""
        if unit.script == "arabic":
            found = self.by_arabic.get(unit.bare)
            if found is None and unit.article:
                found = self.by_arabic.get("ال" + unit.bare)
            if found is None:
                found = next(filter(None, map(self.by_arabic.get, _slips(unit))), None)
            return found or frozenset()
        found = self._latin_ids(unit.bare)
        if not found and unit.qaf:
            found = self._latin_ids(unit.qaf)  # Arabizi digits read as ق (Tare2: طارق)
        return found

    def _latin_ids(self, bare: str) -> frozenset[str]:
        found = self.by_fold.get(latin_fold(bare))
        if found is not None:
            return found
        if bare[:2] in ("al", "el") and len(bare) >= 5:
            # An article joined to a name that starts with a vowel: Alabyad, Elomari, Alani; or
            # to a given name the tables also list as a family name (Alabdallah: العبدالله).
            found = self.by_fold.get(latin_fold(bare[2:]))
            if found is not None and (not found & self.given or found <= self.family):
                return found
        stem_ids = self.by_abd.get(_abd_fold(bare), frozenset())
        if len(stem_ids) == 1:
            return stem_ids
        abu_ids = self.by_abu.get(_abu_fold(bare), frozenset())
        if len(abu_ids) == 1:
            return abu_ids
        return self.by_reading(bare)

    def by_reading(self, bare_latin: str) -> frozenset[str]:
        """The one table name a Latin writing the tables do not list can be read as, if only one.

        The candidates share its consonant skeleton; the writing must be able to read as one of
        them only (``athar.names.reading.may_read_as``: long vowels, consonants and short vowels
        agree), and read as it for sure (``reads_as``: its long vowels shown). Two or more
        possible names, or none, give nothing: this never chooses between names the writing
        cannot tell apart. Writings of fewer than three consonants are left alone: short names
        the tables do not list (Lana, Nidaa, Rafei) read too easily as a listed one.
        """
        return _by_reading(self, bare_latin)


_DOUBLED = re.compile(r"(.)\1+")
#: The heads of compounds by their letters without dots (``_dotless_compound``).
_DOTLESS_HEADS = {rasm("عبد"): "عبد", rasm("ابو"): "ابو"}


def _slips(unit: Unit) -> list[str]:
    """Writings a table name takes through a writer's slip, for an Arabic unit the tables lack:
    a letter typed twice (محممود, الشاامي; Arabic never writes a letter twice in a row: a
    doubled consonant takes a shadda), the article's lam typed twice (اللزين), الدين written as
    it sounds (عزادين), and a joined compound's head with its dots lost (عتدالعظيم)."""
    bare = unit.bare
    out = [_DOUBLED.sub(r"\1", bare)]
    if unit.article and bare.startswith("ل"):
        out += [bare[1:], out[0][1:]]
    head = _DOTLESS_HEADS.get(rasm(bare[:3]))
    if head and len(bare) > 4:  # عتدالعظيم: a compound's head without its dots, joined
        out.append(head + bare[3:])
    if bare.endswith("ادين") and len(bare) > 5:
        out.append(bare[:-4] + "الدين")
    return [w for w in out if w != bare and len(w) >= 2]


def _abd_fold(bare: str) -> str:
    stem = abd_stem(bare)
    return "abd" + latin_fold(stem) if stem else ""


def _abu_fold(bare: str) -> str:
    stem = abu_stem(bare)
    return "abu" + latin_fold(stem) if stem else ""


_READING_CACHE: dict[tuple[int, str], frozenset[str]] = {}
_READING_CACHE_MAX = 262_144


def _by_reading(lex: Lexicon, bare: str) -> frozenset[str]:
    found = _READING_CACHE.get((id(lex), bare))
    if found is not None:
        return found
    found = frozenset()
    if bare.isalpha():
        for reading in _readings(bare):
            skel = skeleton(reading)
            if len(skel) < MIN_READING_CONSONANTS:
                continue
            candidates = lex.by_skeleton.get(skel, frozenset())
            fits = [i for i in candidates if may_read_as(i, reading, lex.spellings.get(i, ()))]
            if len(fits) == 1 and reads_as(
                fits[0], reading, lex.spellings.get(fits[0], ()), alone=True
            ):
                found = frozenset(fits)
                break
    if len(_READING_CACHE) < _READING_CACHE_MAX:
        _READING_CACHE[(id(lex), bare)] = found
    return found


_EGYPTIAN_G = re.compile(r"g(?!h)")


def _readings(bare: str) -> tuple[str, ...]:
    """The writing as English and French writers mean it, then with a German ch (Chalid) for خ,
    then with an Egyptian hard g (Gamil, Higazi) for ج."""
    out = [bare]
    if "ch" in bare:
        out.append(bare.replace("ch", "kh"))
    if _EGYPTIAN_G.search(bare):
        out += [_EGYPTIAN_G.sub("j", r) for r in out]
    return tuple(out)


#: Writings with fewer consonants than this are too easily another name to be read by skeleton.
MIN_READING_CONSONANTS = 3


def _joined(text: str, keep: frozenset[str] = frozenset()) -> tuple[str, int]:
    """The bare forms of a table name's units joined, and how many units it has."""
    us = units(text, keep=keep)
    return "".join(u.bare for u in us), len(us)


@cache
def lexicon() -> Lexicon:
    """The lexicon of the shipped tables (built on first use, about a tenth of a second)."""
    given = given_names()
    family = family_names()
    keep = frozenset(
        clean(e.arabic) for e in given if clean(e.arabic).startswith("ال") and " " not in e.arabic
    )
    by_arabic: dict[str, set[str]] = defaultdict(set)
    by_fold: dict[str, set[str]] = defaultdict(set)
    by_abd: dict[str, set[str]] = defaultdict(set)
    by_abu: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, set[str]] = defaultdict(set)
    entries: dict[str, NameEntry] = {}
    given_ids: set[str] = set()
    family_ids: set[str] = set()
    family_plain: set[str] = set()
    sex: dict[str, str] = {}
    multi: set[str] = set()
    rank: dict[str, int] = {}
    for entry in (*given, *family):
        ident, n_units = _joined(entry.arabic, keep)
        if not ident:
            continue
        if n_units > 1:
            multi.add(ident)
        entries.setdefault(ident, entry)
        rank.setdefault(ident, len(rank))
        by_arabic[ident].add(ident)
        if entry.role == "given":
            given_ids.add(ident)
            sex.setdefault(ident, entry.sex)
        else:
            family_ids.add(ident)
            if not clean(entry.arabic).startswith("ال"):
                family_plain.add(ident)
        for spelling in entry.latin:
            bare, n_units = _joined(spelling)
            if bare:
                by_fold[latin_fold(bare)].add(ident)
            if n_units > 1:
                multi.add("~" + latin_fold(bare))
            abd = _abd_fold(bare)
            if abd:
                by_abd[abd].add(ident)
            abu = _abu_fold(bare)
            if abu and ident.startswith("ابو"):
                by_abu[abu].add(ident)
            if bare:
                spellings[ident].add(bare)
    return Lexicon(
        by_arabic={k: frozenset(v) for k, v in by_arabic.items()},
        by_fold={k: frozenset(v) for k, v in by_fold.items()},
        by_abd={k: frozenset(v) for k, v in by_abd.items()},
        entries=entries,
        given=frozenset(given_ids),
        family=frozenset(family_ids),
        family_plain=frozenset(family_plain),
        article_words=keep,
        sex=sex,
        multi=frozenset(multi),
        by_skeleton=_skeleton_index(entries),
        rank=rank,
        by_abu={k: frozenset(v) for k, v in by_abu.items()},
        spellings={k: tuple(sorted(v)) for k, v in spellings.items()},
        by_deletion=_deletion_index(given_ids),
    )


def _deletion_index(ids: Iterable[str]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for ident in ids:
        if len(ident) >= 4:
            for i in range(len(ident)):
                index[ident[:i] + ident[i + 1 :]].add(ident)
    return {k: frozenset(v) for k, v in index.items()}


def _skeleton_index(entries: dict[str, NameEntry]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for ident in entries:
        index[skeleton(ident)].add(ident)
    return {k: frozenset(v) for k, v in index.items()}
