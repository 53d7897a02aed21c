"""Score one person (all its records) against a query, and say why.

The name is aligned unit by unit with each record's name without regard to order (as
``athar.names.similarity.align`` does), every query unit weighted by how rare it is, and scored
with ``score_alignment``: a query part the record lacks counts half against it (so does the
family name the query asks for when the record writes none, as release lists), parts the record
has beyond the query's cost nothing (a search names part of a name), and a part both have that
contradicts caps the score below "same name" and counts against it at the weight of the query's
heaviest unit (a common name that differs still names another man). A query unit the parser
reads as the given name that lands on another part of the record's name (or the reverse) costs a
little, so Mohammad son of Ahmad ranks above Ahmad son of Mohammad for "Mohammad Ahmad"; the
family name likewise, a little less. It costs more when the record's own given (or family) name
is then left unmet: the record names someone else (for "Khalid al-Hassan", Ahmad son of Khalid
al-Hassan is his son). Among near-equal unit scores, a query unit meets the part of the role the
query gives it.

The person's name score is the best over its records, or over its records together (the given
name in one, the family name in another) at a small cost. The person's score is a weighted mean
of that name score and, when the query asks for them, the best agreement of father's name,
mother's name, birth year and governorate over its records. A fact the person's records do not
state counts as half known at half weight: it neither confirms nor refutes; one they contradict
counts at twice its weight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from athar.names.lexicon import lexicon
from athar.names.similarity import (
    ARTICLE_PENALTY,
    Level,
    UnitFeatures,
    compare_parts,
    compare_units,
    name_features,
    score_alignment,
)
from athar.search.index import NAME_ROLES, PARTS, SearchIndex
from athar.search.query import Query

#: Weights of the evidence in a person's score (the name is 1).
FATHER_WEIGHT = 0.35
MOTHER_WEIGHT = 0.25
BIRTH_YEAR_WEIGHT = 0.35
GOVERNORATE_WEIGHT = 0.15
#: A fact the query gives but the records do not state: scored this, at half its weight.
UNKNOWN_SCORE = 0.5
#: A fact the records contradict (another birth year, father's name, governorate) counts this
#: many times its weight: namesakes often share a year or a father's name by chance, while the
#: same man's records seldom contradict his family's word. "Abdallah al-Saleh, born 1962" is
#: likelier the Abdallah born in 1962 whose list leaves the family name out than the Abdallah
#: al-Saleh born in 1980.
CONTRADICTED_FACT_FACTOR = 2.0
#: What a query unit the record contradicts counts against the name, as a share of the query's
#: heaviest unit weight rather than its own: a given name that differs names another man however
#: common it is, while its agreement says little when it is common. "Ahmad son of Ibrahim
#: al-Khatib" is not Bashir son of Ibrahim al-Khatib, as he may be the family report's Ahmad
#: al-Khatib, who leaves his father out.
CONTRADICTED_WEIGHT = 1.0
#: Factor per aligned pair where one side is the given name and the other is not.
ROLE_SWAP_FACTOR = 0.96
#: Factor per aligned pair where one side is the family name and the other is not: "Ahmed
#: Omar" is likelier Ahmad al-Omar than Ahmad son of Mahmoud son of Omar (smaller than the given
#: name's: short lists leave the family name's place less sure).
FAMILY_SWAP_FACTOR = 0.98
#: Further factor when a role swap leaves the record's own given name unmet, or the query's:
#: "Mohammad al-Halabi" against Ahmad son of Mohammad al-Halabi, whose given name is another;
#: "Mohammad Wael al-Misyati" against Wael al-Misyati, likelier his father than him.
GIVEN_LEFT_FACTOR = 0.8
#: Likewise when the record's own family name is left unmet: "Hassan al-Hassan" against Hassan
#: son of Ahmad son of Hassan Kikhia.
FAMILY_LEFT_FACTOR = 0.8
#: Preference, in the alignment, for the record part of the role the query gives a unit, among
#: near-equal scores: "Amaar Mohammad" meets al-Mohammad the family name (less the article's
#: cost) before Mohammad the father.
ROLE_PRIORITY = 0.03
#: Birth-year agreement by absolute difference in years (ages are remembered a year off).
YEAR_SCORES = {0: 1.0, 1: 0.85, 2: 0.5}
#: Factor of a name matched by a person's records together (given name from one, family name
#: from another) against one record that writes it all: the records were linked as one person,
#: yet one record that writes the whole name is the stronger witness.
POOL_FACTOR = 0.97
#: Most name units of a person's records pooled (distinct unit and role, in record order).
POOL_MAX_UNITS = 24

MOTHER = PARTS.index("mother")
FATHER = PARTS.index("father")


@dataclass(frozen=True, slots=True)
class Why:
    """One piece of evidence: which query part met which record part, at what level."""

    part: str  # name, father, mother, birth_year, governorate
    query: str
    matched: str  # what the record wrote ("" when nothing matched)
    level: str  # exact, canonical, key, close, different, missing, unknown
    score: float
    role: str = ""  # the record's name part the query unit met (given, father, ...)
    source: str = ""  # the source whose record wrote it

    def to_dict(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "query": self.query,
            "matched": self.matched,
            "role": self.role or None,
            "level": self.level,
            "score": self.score,
            "source": self.source or None,
        }


@dataclass(frozen=True)
class Scored:
    """A person's score, the record whose name matched best, and the evidence of the facts
    beside the name (``Scorer.why(best_record)`` gives the name's, for the results shown)."""

    entity: int
    score: float
    name_score: float
    best_record: int
    facts: tuple[Why, ...]
    pooled: bool = False  # the name matched by the person's records together


_Aligned = tuple[tuple[int, int, Level, float], ...]


#: The name engine's unit comparison without its cache: the index memoizes per query unit and
#: indexed unit (``SearchIndex.unit_scores``), cheaper than hashing two units per call.
_compare_units = getattr(compare_units, "__wrapped__", compare_units)


def _table_forms(q: UnitFeatures) -> tuple[UnitFeatures, ...]:
    """The Arabic table names a query unit is (Samih → سامح), as units."""
    return tuple(f for i in sorted(q.ids) for f in name_features(i)[:1])


def _latin_forms(r: UnitFeatures) -> tuple[UnitFeatures, ...]:
    """The tables' Latin spellings of the names a record unit is (محمد → Mohammad, Mhd, …)."""
    spellings = lexicon().spellings
    return tuple(
        f for i in sorted(r.ids) for s in spellings.get(i, ()) for f in name_features(s)[:1]
    )


#: Most a query's misspelling of a record's name scores (a close spelling, never the same name).
CLOSE_SCORE = 0.75


def unit_score(q: UnitFeatures, r: UnitFeatures) -> tuple[float, int]:
    """A query unit against a record's unit, as search ranks it.

    The same name by the tables is a full match in either script (محمد for Mohammad is no weaker
    than Mohammad for Mohammad), less the article's small cost when one side has it and the
    other not (Al-Mohammad the family name, Mohammad the father). So is a name the tables lack
    written in the other script with the same letters and vowels (the key level: صوان, Sawan):
    that is all a writing can tell across scripts, and a family that types Arabic must find
    the person whom a report from abroad wrote in Latin as readily as one a register wrote.
    A record unit the tables do not know is also compared with the Arabic table names the query
    unit is, in the record's script: Samih meets the misspelt ساامح, and Kabbani the dotless
    القتاني, as سامح and القباني would (never above CANONICAL: the bridge is the tables' word,
    not the writing's). The other way, a Latin query unit the tables do not know is compared
    with the tables' Latin spellings of the record's name: Moammad meets محمد as it would
    Mohammad, as a close spelling at most."""
    level, score = _compare_units(q, r)
    if level < Level.CANONICAL and q.ids and not r.ids and r.script == "arabic":
        for form in _table_forms(q):
            lv, sc = _compare_units(form, r)
            if sc > score:
                level, score = min(lv, Level.CANONICAL), sc
    elif level < Level.CLOSE and r.ids and not q.ids and q.script == "latin":
        for form in _latin_forms(r):
            lv, sc = _compare_units(q, form)
            if sc > score:
                level, score = min(lv, Level.CLOSE), min(sc, CLOSE_SCORE)
    if level >= Level.CANONICAL or (level == Level.KEY and q.script != r.script):
        score = 1.0 - (ARTICLE_PENALTY if q.unit.article != r.unit.article else 0.0)
    return round(score, 6), int(level)  # float noise is no reason to prefer one pair


def compared(known: dict[int, complex], q: UnitFeatures, index: SearchIndex, code: int) -> complex:
    """``unit_score`` of ``q`` and the indexed unit ``code`` as ``complex(score, level)``, from
    the memo ``known`` (``SearchIndex.unit_scores``), compared and remembered when missing."""
    found = known.get(code)
    if found is None:
        score, level = unit_score(q, index.unit(code))
        found = known[code] = complex(score, level)
    return found


class Scorer:
    """One query prepared for scoring many records: unit comparisons are memoized per written
    part (records share Mohammad and Halabi by the thousand) and per whole name."""

    def __init__(self, index: SearchIndex, query: Query, weights: Sequence[float]) -> None:
        self.index = index
        self.query = query
        self.weights = tuple(weights)
        self._names: dict[tuple[int, ...], tuple[float, _Aligned, tuple[tuple[str, str], ...]]] = {}

    def unit(self, i: int, code: int) -> tuple[float, int]:
        """Query unit ``i`` against the indexed unit ``code``: (score, level), memoized in the
        index across queries."""
        q = self.query.units[i]
        found = compared(self.index.unit_scores(q), q, self.index, code)
        return found.real, int(found.imag)

    def name(self, record: int) -> tuple[float, _Aligned, tuple[tuple[str, str], ...]]:
        """Name score of one record, its alignment, and its units as (text, role)."""
        index = self.index
        return self._units(index.rec_units[record].tolist(), index.rec_unit_role[record].tolist())

    def pooled(self, entity: int) -> tuple[float, _Aligned, tuple[tuple[str, str], ...]]:
        """Name score of a person's records taken together (each query part meets the part of
        any of them), at ``POOL_FACTOR``; zero for a person of one record."""
        if len(self.index.entity_records(entity)) < 2:
            return 0.0, (), ()
        codes, roles, _ = pooled_units(self.index, entity)
        total, aligned, units = self._units(codes, roles)
        return total * POOL_FACTOR, aligned, units

    def _units(
        self, codes: list[int], roles: list[int]
    ) -> tuple[float, _Aligned, tuple[tuple[str, str], ...]]:
        key = (*codes, -2, *roles)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = self._score_units(codes, roles)
        return found

    def _score_units(
        self, codes: list[int], roles: list[int]
    ) -> tuple[float, _Aligned, tuple[tuple[str, str], ...]]:
        index = self.index
        units: list[tuple[str, str]] = []
        # (-priority, distance, -i, -j, level, score): ascending order is align's order (best
        # score, the query's role preferred among near-equal ones, then the written order kept:
        # given with given)
        cells: list[tuple[float, int, int, int, int, float]] = []
        nq = len(self.query.units)
        asked = self.query.roles
        for code, role in zip(codes, roles, strict=True):
            if code < 0:
                break
            j = len(units)
            units.append((index.unit(code).unit.text, NAME_ROLES[role]))
            for i in range(nq):
                score, level = self.unit(i, code)
                prio = score + ROLE_PRIORITY * (asked[i] == NAME_ROLES[role])
                cells.append((-prio, j - i if j > i else i - j, -i, -j, level, score))
        nq, nr = len(self.query.units), len(units)
        if not nr:
            return 0.0, (), ()
        cells.sort()
        used_q = 0
        used_r = 0
        aligned: list[tuple[int, int, int, float]] = []
        want = min(nq, nr)
        for _, _, ni, nj, level, score in cells:
            i, j = -ni, -nj
            if used_q >> i & 1 or used_r >> j & 1:
                continue
            used_q |= 1 << i
            used_r |= 1 << j
            aligned.append((i, j, level, score))
            if len(aligned) == want:
                break
        aligned = self._unstated_dropped(aligned, units)
        # Parts the record has beyond the query's cost nothing: a search names part of a name.
        contradicted = CONTRADICTED_WEIGHT * max(self.weights)
        _, total = score_alignment(nq, min(nr, nq), aligned, self.weights, contradicted)  # type: ignore[arg-type]
        swaps = family = 0
        for i, j, level, _ in aligned:
            if level and asked[i] and (asked[i] == "given") != (units[j][1] == "given"):
                swaps += 1
            if level and asked[i] and (asked[i] == "family") != (units[j][1] == "family"):
                family += 1
        if swaps or family:
            total *= ROLE_SWAP_FACTOR**swaps * FAMILY_SWAP_FACTOR**family
            met = {units[j][1] for _, j, _, _ in aligned}
            stated = {role for _, role in units}
            asked_given = {i for i, role in enumerate(asked) if role == "given"}
            given_unmet = bool(asked_given - {i for i, _, _, _ in aligned})
            if swaps and ("given" in stated - met or given_unmet):
                total *= GIVEN_LEFT_FACTOR
            if family and "family" in stated - met:
                total *= FAMILY_LEFT_FACTOR
        return total, tuple((i, j, Level(lv), sc) for i, j, lv, sc in aligned), tuple(units)

    def _unstated_dropped(
        self, aligned: list[tuple[int, int, int, float]], units: list[tuple[str, str]]
    ) -> list[tuple[int, int, int, float]]:
        """The alignment without the contradiction of a family name the record does not write:
        the query's family name against the father's name of a record that writes none (a
        release list's "Basel Abd al-Azim") is a part the record lacks, not another name. (Not
        the other parts: a query's second name read as the father's may be a family name.)"""
        if "family" not in self.query.roles or any(role == "family" for _, role in units):
            return aligned
        asked = self.query.roles
        return [(i, j, lv, s) for i, j, lv, s in aligned if lv or asked[i] != "family"]

    def why(self, record: int) -> list[Why]:
        """The name evidence of one record: each query unit, what it met, at which level."""
        _, aligned, units = self.name(record)
        source = self.index.sources[int(self.index.rec_source[record])]
        return self._why(aligned, units, [source] * len(units))

    def why_pooled(self, entity: int) -> list[Why]:
        """The name evidence of a person's records together (``pooled``), each part with the
        source of the record that wrote it."""
        _, aligned, units = self.pooled(entity)
        _, _, records = pooled_units(self.index, entity)
        sources = [self.index.sources[int(self.index.rec_source[r])] for r in records]
        return self._why(aligned, units, sources)

    def _why(
        self, aligned: _Aligned, units: tuple[tuple[str, str], ...], sources: list[str]
    ) -> list[Why]:
        qtext = [f.unit.text for f in self.query.units]
        found: dict[int, Why] = {}
        for i, j, level, s in aligned:
            text, role = units[j]
            found[i] = Why(
                "name", qtext[i], text, level.name.lower(), round(s, 4), role, sources[j]
            )
        return [found.get(i) or Why("name", t, "", "missing", 0.0) for i, t in enumerate(qtext)]


def pooled_units(index: SearchIndex, entity: int) -> tuple[list[int], list[int], list[int]]:
    """A person's name units over all its records: (unit codes, roles, record of each), each
    distinct unit and role once, in record order, at most ``POOL_MAX_UNITS``."""
    codes: list[int] = []
    roles: list[int] = []
    owners: list[int] = []
    seen: set[tuple[int, int]] = set()
    for r in index.entity_records(entity).tolist():
        for code, role in zip(
            index.rec_units[r].tolist(), index.rec_unit_role[r].tolist(), strict=True
        ):
            if code < 0:
                break
            if (code, role) in seen or len(codes) >= POOL_MAX_UNITS:
                continue
            seen.add((code, role))
            codes.append(code)
            roles.append(role)
            owners.append(r)
    return codes, roles, owners


def best_part(index: SearchIndex, records: Sequence[int], k: int, wanted: str) -> tuple[float, Why]:
    label = PARTS[k]
    best: tuple[float, Why] | None = None
    for r in records:
        text = index.part(r, k)
        if not text:
            continue
        level, s = compare_parts(wanted, text)
        if best is None or s > best[0]:
            source = index.sources[int(index.rec_source[r])]
            best = (s, Why(label, wanted, text, level.name.lower(), round(s, 4), "", source))
    if best is None:
        return UNKNOWN_SCORE, Why(label, wanted, "", "unknown", UNKNOWN_SCORE)
    return best


def _birth_year(index: SearchIndex, records: Sequence[int], year: int) -> tuple[float, Why]:
    years = sorted({int(index.rec_birth_year[r]) for r in records} - {0})
    if not years:
        return UNKNOWN_SCORE, Why("birth_year", str(year), "", "unknown", UNKNOWN_SCORE)
    nearest = min(years, key=lambda y: (abs(y - year), y))
    s = YEAR_SCORES.get(abs(nearest - year), 0.0)
    level = "exact" if s == 1.0 else "close" if s > 0 else "different"
    return s, Why("birth_year", str(year), str(nearest), level, s)


def _governorate(index: SearchIndex, records: Sequence[int], query: Query) -> tuple[float, Why]:
    codes = {int(index.rec_governorate[r]) for r in records} - {-1}
    label = query.governorate_label or query.governorate
    if not codes:
        return UNKNOWN_SCORE, Why("governorate", label, "", "unknown", UNKNOWN_SCORE)
    names = sorted(index.governorates[c] for c in codes)
    if query.governorate in names:
        return 1.0, Why("governorate", label, query.governorate, "exact", 1.0)
    return 0.0, Why("governorate", label, ", ".join(names), "different", 0.0)


def score_entity(scorer: Scorer, entity: int, candidates: Sequence[int] = ()) -> Scored:
    """Score one person (or lone record) of the index against the query.

    The name is scored on ``candidates`` (the person's records the provider found) or, without
    them, on all its records; the other facts on all its records.
    """
    index, query = scorer.index, scorer.query
    records = [int(r) for r in index.entity_records(entity)]
    best_score, best_record = -1.0, records[0]
    for r in candidates or records:
        s = scorer.name(int(r))[0]
        if s > best_score:
            best_score, best_record = s, int(r)
    pooled = scorer.pooled(entity)[0]
    by_pool = pooled > 0 and pooled >= best_score
    best_score = max(best_score, pooled)
    parts: list[tuple[float, float]] = [(best_score, 1.0)]
    evidence: list[Why] = []
    for weight, (s, why) in fact_checks(index, query, records):
        parts.append((s, fact_weight(weight, why.level)))
        evidence.append(why)
    total = sum(s * w for s, w in parts) / sum(w for _, w in parts)
    return Scored(entity, round(max(0.0, min(1.0, total)), 4), best_score, best_record,
                  tuple(evidence), by_pool)  # fmt: skip


def fact_weight(weight: float, level: str) -> float:
    """The weight of a fact beside the name at its level of agreement: half when the records do
    not state it, ``CONTRADICTED_FACT_FACTOR`` times when they contradict it."""
    if level == "unknown":
        return weight / 2
    return weight * CONTRADICTED_FACT_FACTOR if level == "different" else weight


def fact_checks(
    index: SearchIndex, query: Query, records: Sequence[int]
) -> list[tuple[float, tuple[float, Why]]]:
    """(weight, (score, evidence)) of each fact beside the name the query asks for, over a
    person's records."""
    checks = []
    if query.father:
        checks.append((FATHER_WEIGHT, best_part(index, records, FATHER, query.father)))
    if query.mother:
        checks.append((MOTHER_WEIGHT, best_part(index, records, MOTHER, query.mother)))
    if query.birth_year is not None:
        checks.append((BIRTH_YEAR_WEIGHT, _birth_year(index, records, query.birth_year)))
    if query.governorate:
        checks.append((GOVERNORATE_WEIGHT, _governorate(index, records, query)))
    return checks


def name_why(scorer: Scorer, scored: Scored) -> list[Why]:
    """The name evidence shown with a result: of its best record, or of its records together
    when those scored the name."""
    if scored.pooled:
        return scorer.why_pooled(scored.entity)
    return scorer.why(scored.best_record)
