"""Constrained clustering of scored pairs into persons.

Single-link chaining through weak pairs is the classic failure of record linkage: one wrong pair
joins two families. Here pairs are merged strongest first, and a merge is refused when the two
clusters could not be one person:

- a human said some record of one is not the same person as some record of the other;
- they hold different detainee numbers at the same facility;
- they have different sexes (a shared national number overrides: the sex is mostly read from
  the given name, and one misread name must not split a person their number names);
- their given names cannot be one name (unless the user turned this off, for lists that hold
  no relatives): names the tables know to be different, or skeletons
  more than one letter apart, with no name in common (a given name swapped with the father's or
  family name counts as in common; a shared national number overrides, and so does one number
  mistyped by a digit when the family names agree: brothers and twins never share one);
- the merge attaches a death record below the death-link certainty (it goes to review instead):
  a pair with a death record in it, and equally any pair that joins a cluster holding one, since
  the other records' person would be told of that death. A record whose status says the person
  died counts the same when the other side says nothing of a death; two sides that both say so
  join at the usual threshold, since neither learns of a death from the other;
- one reports a release or an arrest in a later year than the other reports a death (a
  timeline that contradicts itself).

Human "same" decisions are merged first and are never undone by a re-run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA, JaroWinkler

#: A name as the constraints see it: (table id, skeleton[, Latin writing[, other reading[,
#: Arabic letters without dots]]]).
NameFacts = (
    tuple[str | None, str]
    | tuple[str | None, str, str | None]
    | tuple[str | None, str, str | None, str | None]
    | tuple[str | None, str, str | None, str | None, str | None]
)


@dataclass(slots=True)
class RecordFacts:
    """What the constraints need to know about one record."""

    sex: str | None = None
    given: NameFacts | None = None  # the given name
    father: NameFacts | None = None  # the father's name
    family: NameFacts | None = None  # the family name
    national_id: str | None = None
    facility_number: tuple[str, str] | None = None
    is_death: bool = False  # a death record, or a record whose status says the person died
    is_death_record: bool = False  # a death record (forensic list, death register)
    death_year: int | None = None  # the year of the death the record reports
    release_year: int | None = None  # the year of the release the record reports
    arrest_year: int | None = None  # the year of the arrest the record reports


@dataclass(slots=True)
class _Cluster:
    members: list[int]
    sexes: set[str] = field(default_factory=set)
    givens: set[NameFacts] = field(default_factory=set)
    fathers: set[NameFacts] = field(default_factory=set)
    families: set[NameFacts] = field(default_factory=set)
    national_ids: set[str] = field(default_factory=set)
    numbers: dict[str, set[str]] = field(default_factory=dict)
    has_death: bool = False
    has_death_record: bool = False
    first_death: int | None = None  # the earliest year of a death its records report
    last_release: int | None = None  # the latest year of a release its records report
    last_arrest: int | None = None  # the latest year of an arrest its records report


@dataclass(frozen=True, slots=True)
class Refusal:
    """A pair that scored above the threshold but was not merged, and why."""

    a: int
    b: int
    probability: float
    reason: str


@dataclass
class Clustering:
    clusters: list[list[int]]
    refusals: list[Refusal]


#: Jaro-Winkler similarity at which two Latin writings are one name mistyped, whatever the
#: tables say they mean (a foreign name the tables mistake for an Arabic one).
LATIN_TYPO = 0.92


def _compatible(x: NameFacts, y: NameFacts) -> bool:
    """Could these two given names be one name? Two Latin writings this close are a typo; else
    known names must be the same name (in some likely reading of an ambiguous spelling: Baker is
    باقر or بكر), and other names' skeletons may differ by one letter or one swap of two (a typo,
    a lost dot)."""
    lx, ly = (x[2] if len(x) > 2 else None), (y[2] if len(y) > 2 else None)
    if lx and ly and JaroWinkler.similarity(lx, ly) >= LATIN_TYPO:
        return True
    rx, ry = (x[4] if len(x) > 4 else None), (y[4] if len(y) > 4 else None)
    if rx and rx == ry and (x[0] is None or y[0] is None):
        return True  # a writing the tables lack, the same but for dots lost in a scan
    if x[0] is not None and y[0] is not None:
        ax, ay = (x[3] if len(x) > 3 else None), (y[3] if len(y) > 3 else None)
        return x[0] == y[0] or x[0] == ay or ax == y[0] or (ax is not None and ax == ay)
    return OSA.distance(x[1], y[1], score_cutoff=1) <= 1  # a swap of two letters is one typo


def _names_meet(a: _Cluster, b: _Cluster) -> bool:
    """Some given name of one can be some given name of the other — or, since clerks swap the
    given name with the father's or the family name, one of those of the other.

    A swap of the given and the family name counts only both ways (the given name of each meets
    the family name of the other), as the model's swap level reads it: Syrian family names are
    given names with the article (الخليل, الأحمد), so one brother's given name is often the
    family name of both, and that alone must not let Khalil and his brother Salah al-Khalil
    merge."""
    if any(_compatible(x, y) for x in a.givens for y in b.givens | b.fathers):
        return True
    if any(_compatible(x, y) for x in a.fathers for y in b.givens):
        return True
    return any(_compatible(x, y) for x in a.givens for y in b.families) and any(
        _compatible(x, y) for x in a.families for y in b.givens
    )


#: National numbers shorter than this are not read as one number mistyped (too many numbers are
#: one digit from each other).
MIN_TYPO_ID_DIGITS = 6


def id_typo(x: str, y: str) -> bool:
    """Is one national number the other with one digit mistyped: two adjacent digits
    transposed, or one digit replaced other than the last (numbers given in sequence, as to
    twins registered together, differ in their last digit)?"""
    if len(x) != len(y) or len(x) < MIN_TYPO_ID_DIGITS or x == y:
        return False
    diff = [i for i, (cx, cy) in enumerate(zip(x, y, strict=True)) if cx != cy]
    if len(diff) == 1:
        return diff[0] != len(x) - 1
    i = diff[0]
    return len(diff) == 2 and diff[1] == i + 1 and x[i] == y[i + 1] and x[i + 1] == y[i]


def _number_mistyped(a: _Cluster, b: _Cluster) -> bool:
    """One person written twice with a mistyped national number: the numbers are one typo
    apart and the family names agree (where both clusters carry one)."""
    if not any(id_typo(x, y) for x in a.national_ids for y in b.national_ids):
        return False
    if not a.families or not b.families:
        return True
    return any(_compatible(x, y) for x in a.families for y in b.families)


class _Clusters:
    """Union-find over the records that take part in some pair; the others stay alone, and
    are never given a cluster object (most records of a large registry)."""

    def __init__(self, facts: Mapping[int, RecordFacts], given_name_veto: bool = True):
        self.facts = facts
        self.given_name_veto = given_name_veto
        self.parent: dict[int, int] = {}
        self.data: dict[int, _Cluster] = {}

    def _add(self, pk: int) -> None:
        self.parent[pk] = pk
        f = self.facts.get(pk, RecordFacts())
        c = _Cluster([pk])
        if f.sex:
            c.sexes.add(f.sex)
        if f.given:
            c.givens.add(f.given)
        if f.father:
            c.fathers.add(f.father)
        if f.family:
            c.families.add(f.family)
        if f.national_id:
            c.national_ids.add(f.national_id)
        if f.facility_number:
            fac, num = f.facility_number
            c.numbers[fac] = {num}
        c.has_death = f.is_death
        c.has_death_record = f.is_death_record
        c.first_death = f.death_year
        c.last_release = f.release_year
        c.last_arrest = f.arrest_year
        self.data[pk] = c

    def find(self, pk: int) -> int:
        if pk not in self.parent:
            self._add(pk)
            return pk
        root = pk
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[pk] != root:
            self.parent[pk], pk = root, self.parent[pk]
        return root

    def conflict(self, ra: int, rb: int, cannot: Mapping[int, set[int]]) -> str | None:
        a, b = self.data[ra], self.data[rb]
        small, big = (a, rb) if len(a.members) <= len(b.members) else (b, ra)
        for pk in small.members:
            for other in cannot.get(pk, ()):
                if self.find(other) == big:
                    return "a reviewer said these are different persons"
        for fac, nums in a.numbers.items():
            if fac in b.numbers and not nums & b.numbers[fac]:
                return f"different detainee numbers at {fac}"
        shared_id = bool(a.national_ids & b.national_ids)  # one national number: one person
        if a.sexes and b.sexes and not a.sexes & b.sexes and not shared_id:
            return "different sexes"
        if (
            self.given_name_veto
            and a.givens
            and b.givens
            and not shared_id
            and not _names_meet(a, b)
            and not _number_mistyped(a, b)
        ):
            return "different given names"
        if _alive_after_death(a, b) or _alive_after_death(b, a):
            return "a release or an arrest dated after a death"
        return None

    def union(self, ra: int, rb: int) -> None:
        a, b = self.data[ra], self.data[rb]
        if len(a.members) < len(b.members):
            ra, rb, a, b = rb, ra, b, a
        self.parent[rb] = ra
        a.members.extend(b.members)
        a.sexes |= b.sexes
        a.givens |= b.givens
        a.fathers |= b.fathers
        a.families |= b.families
        a.national_ids |= b.national_ids
        a.has_death = a.has_death or b.has_death
        a.has_death_record = a.has_death_record or b.has_death_record
        a.first_death = _either(min, a.first_death, b.first_death)
        a.last_release = _either(max, a.last_release, b.last_release)
        a.last_arrest = _either(max, a.last_arrest, b.last_arrest)
        for fac, nums in b.numbers.items():
            a.numbers.setdefault(fac, set()).update(nums)
        del self.data[rb]


def _alive_after_death(a: _Cluster, b: _Cluster) -> bool:
    """One's records report a death in a year before the other's report a release or an arrest:
    no one is released or arrested after he died. Years only: a day and month swapped by a
    clerk stay in their year."""
    return a.first_death is not None and (
        (b.last_release is not None and b.last_release > a.first_death)
        or (b.last_arrest is not None and b.last_arrest > a.first_death)
    )


def _either(pick: Callable[[int, int], int], x: int | None, y: int | None) -> int | None:
    """``pick`` of two years either of which may be unknown."""
    return y if x is None else x if y is None else pick(x, y)


def _tells_of_a_death(a: _Cluster, b: _Cluster) -> bool:
    """Would merging these tell someone of a death their records do not already tell: a death
    record in either (its link is what the certainty guards), or a death on one side only."""
    return a.has_death_record or b.has_death_record or a.has_death != b.has_death


def cluster(
    pks: Sequence[int],
    edges: Iterable[tuple[int, int, float]],
    facts: Mapping[int, RecordFacts],
    threshold: float,
    death_threshold: float,
    must_link: Iterable[tuple[int, int]] = (),
    cannot_link: Iterable[tuple[int, int]] = (),
    given_name_veto: bool = True,
) -> Clustering:
    """Group records into persons: human links first, then pairs at or above ``threshold``,
    strongest first, each merge checked against the constraints (``given_name_veto``: the
    given-name one among them)."""
    cannot: dict[int, set[int]] = {}
    for a, b in cannot_link:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    state = _Clusters(facts, given_name_veto)
    refusals: list[Refusal] = []
    for a, b in must_link:
        ra, rb = state.find(a), state.find(b)
        if ra != rb:
            state.union(ra, rb)
    ordered = sorted((e for e in edges if e[2] >= threshold), key=lambda e: -e[2])
    for a, b, p in ordered:
        ra, rb = state.find(a), state.find(b)
        if ra == rb:
            continue
        if p < death_threshold and _tells_of_a_death(state.data[ra], state.data[rb]):
            refusals.append(Refusal(a, b, p, "a death record needs a reviewer at this certainty"))
            continue
        reason = state.conflict(ra, rb, cannot)
        if reason:
            refusals.append(Refusal(a, b, p, reason))
            continue
        state.union(ra, rb)
    clusters = [sorted(c.members) for c in state.data.values()]
    clusters += [[pk] for pk in pks if pk not in state.parent]
    clusters.sort(key=lambda m: m[0])
    return Clustering(clusters, refusals)
