"""The review queue: pairs from the latest linkage run, those whose answer would change most first.

Which pairs: every link of the latest finished linkage run scored in
[``review_low``, ``review_high``), and the pairs scored above ``review_high`` that clustering
nevertheless kept apart (a rule refused the merge: a death record, two detainee numbers …).
Pairs with a decision in force (same, different or unsure) are left out.

Order (``priority``): *doubt* × log2(1 + *reach*).

- *doubt* is 1 − |2p − 1| (1 at p = 0.5, 0 at certainty) while the current persons agree with
  the model (together at or above the link threshold, apart below it); when they do not (the
  model says same but a rule kept them apart, or a decision joined them), doubt is 1: the
  registry contradicts its own evidence, a human must settle it.
- *reach* is how many records the answer would move: both persons' records when the pair is
  apart (a "same" would join them), the person's records when together (a "different" would
  split it). The logarithm keeps one large person from hiding every small one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from athar.config import settings
from athar.names.similarity import Level, compare_parts
from athar.records import display_name
from athar.store import Store, StoredRecord
from athar.store.casework_api import current_partition, review_links
from athar.store.types import LinkOut

#: Name fields compared with the name engine (written forms, any script).
NAME_FIELDS: tuple[str, ...] = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
)
#: Other fields shown side by side: (label field, attribute of Record to compare, or None for the
#: written value).
OTHER_FIELDS: tuple[tuple[str, str | None], ...] = (
    ("sex", "sex"),
    ("birth_date", "birth_date"),
    ("birth_place", "birth_place_id"),
    ("governorate", "governorate_id"),
    ("residence", "residence_id"),
    ("national_id", "national_id"),
    ("facility", "facility_id"),
    ("detainee_number", "detainee_number"),
    ("event_date", "event_date"),
    ("status", "status"),
    ("source_kind", None),
)
#: Fields a record may leave empty while the registry still reads a value for it from another
#: field (the one named): the governorate of the birth place, the status its kind of source
#: implies, the sex its given name implies (linkage's reading). The diff shows such a reading
#: beside the empty cell, so its mark never stands next to nothing.
READ_FROM: dict[str, str] = {
    "governorate": "birth_place",
    "status": "source_kind",
    "sex": "given_name",
}
_MARK = {
    Level.EXACT: "same",
    Level.CANONICAL: "same",
    Level.KEY: "similar",
    Level.CLOSE: "similar",
    Level.DIFFERENT: "different",
}


@dataclass(frozen=True)
class Side:
    """One record of a pair, as a reviewer sees it."""

    pk: int
    source: str
    record_id: str
    person_id: str | None
    name: str
    fields: dict[str, str]


@dataclass(frozen=True)
class FieldDiff:
    """One field of both records: ``mark`` is same, similar, different, or missing (one side
    or both say nothing, written or read); ``level`` is the name engine's level for name parts.

    ``read_a``/``read_b``: for a side that writes nothing here, the value the comparison read
    from another field (``READ_FROM``): a code (governorate id, status, sex) for the page to
    name."""

    field: str
    a: str
    b: str
    mark: str
    level: str | None = None
    read_a: str = ""
    read_b: str = ""
    read_from: str = ""


@dataclass(frozen=True)
class FieldWeight:
    """The model's weight of evidence for one comparison (positive: for the same person)."""

    field: str
    label: str
    level: str
    weight: float


@dataclass(frozen=True)
class ReviewItem:
    a: Side
    b: Side
    probability: float
    weight: float
    rule: str
    priority: float
    together: bool
    reach: int
    diffs: list[FieldDiff] = field(default_factory=list)
    weights: list[FieldWeight] = field(default_factory=list)


class Pair(Protocol):
    """What the queue reads of a scored pair (a stored link, or one of a linkage in memory)."""

    @property
    def a(self) -> int: ...
    @property
    def b(self) -> int: ...
    @property
    def match_probability(self) -> float: ...


L = TypeVar("L", bound=Pair)


@dataclass(frozen=True)
class Queued(Generic[L]):
    """A pair in the queue, with its place's reasons."""

    link: L
    priority: float
    together: bool
    reach: int


def priority(probability: float, together: bool, reach: int, threshold: float = 0.9) -> float:
    """See the module doc; ``threshold`` is the link threshold (the model's side of a pair)."""
    agrees = together == (probability >= threshold)
    doubt = 1.0 - abs(2.0 * probability - 1.0) if agrees else 1.0
    return round(doubt * math.log2(1 + max(reach, 1)), 6)


def review_queue(
    store: Store, limit: int = 20, *, low: float | None = None, high: float | None = None
) -> list[ReviewItem]:
    """The ``limit`` pairs to review first (see the module doc), each with both records."""
    return queue_and_total(store, limit, low=low, high=high)[0]


def queue_and_total(
    store: Store, limit: int = 20, *, low: float | None = None, high: float | None = None
) -> tuple[list[ReviewItem], int]:
    """``review_queue`` and how many pairs wait for review in all (what a page that shows the
    first ``limit`` tells as the queue's length)."""
    conf = settings()
    low = conf.review_low if low is None else low
    high = conf.review_high if high is None else high
    ordered, person_of = _ordered(store, low, high)
    chosen = ordered[:limit]
    records = store.records_by_pk(pk for s in chosen for pk in (s.link.a, s.link.b))
    sexes = implied_sexes(records.values())
    items = [
        review_item(records[s.link.a], records[s.link.b], s.link, person_of, s, sexes)
        for s in chosen
        if s.link.a in records and s.link.b in records
    ]
    return items, len(ordered)


def pending_count(store: Store) -> int:
    """How many pairs wait for review (the queue's length, with the configured band)."""
    conf = settings()
    return len(_ordered(store, conf.review_low, conf.review_high)[0])


def _ordered(store: Store, low: float, high: float) -> tuple[list[Queued[LinkOut]], dict[int, str]]:
    decided = {(d.a, d.b) for d in store.decisions()}
    partition = current_partition(store)
    person_of = {pk: pid for pid, pks in partition.items() for pk in pks}
    ordered = queue_order(
        review_links(store, low), person_of, decided, high, settings().link_threshold
    )
    return ordered, person_of


def queue_order(
    links: Iterable[L],
    person_of: Mapping[int, str],
    decided: Container[tuple[int, int]],
    high: float,
    threshold: float,
) -> list[Queued[L]]:
    """The review queue's pairs in its order (see the module doc): ``links`` at or above the
    review band's floor, ``person_of`` each record's current person, ``decided`` the pairs with
    a decision in force (left out)."""
    size = Counter(person_of.values())
    scored: list[Queued[L]] = []
    for link in links:
        if (link.a, link.b) in decided:
            continue
        pa, pb = person_of.get(link.a), person_of.get(link.b)
        together = pa is not None and pa == pb
        if link.match_probability >= high and together:
            continue  # certain and linked: nothing to ask
        if together:
            reach = size[pa] if pa else 2
        else:
            reach = (size[pa] if pa else 1) + (size[pb] if pb else 1)
        rank = priority(link.match_probability, together, reach, threshold)
        scored.append(Queued(link, rank, together, reach))
    scored.sort(
        key=lambda s: (-s.priority, abs(s.link.match_probability - 0.5), s.link.a, s.link.b)
    )
    return scored


def review_item(
    a: StoredRecord,
    b: StoredRecord,
    link: LinkOut,
    person_of: dict[int, str],
    scored: Queued[LinkOut] | None = None,
    sexes: Mapping[int, str] | None = None,
) -> ReviewItem:
    """Both records side by side, their differences marked, the model's weights explained
    (``sexes``: ``implied_sexes`` of both, when the caller read them for many pairs at once)."""
    together = scored.together if scored else person_of.get(a.pk) == person_of.get(b.pk)
    return ReviewItem(
        a=side(a, person_of.get(a.pk)),
        b=side(b, person_of.get(b.pk)),
        probability=link.match_probability,
        weight=link.match_weight,
        rule=link.rule,
        priority=scored.priority if scored else 0.0,
        together=together,
        reach=scored.reach if scored else 0,
        diffs=field_diffs(a, b, implied_sexes([a, b]) if sexes is None else sexes),
        weights=field_weights(link.explanation),
    )


def side(stored: StoredRecord, person: str | None) -> Side:
    fields = stored.record.fields
    return Side(
        pk=stored.pk,
        source=fields.get("source", ""),
        record_id=fields.get("record_id", ""),
        person_id=person,
        name=display_name(fields),
        fields={k: v for k, v in fields.items() if v},
    )


def field_diffs(
    a: StoredRecord, b: StoredRecord, sexes: Mapping[int, str] | None = None
) -> list[FieldDiff]:
    """Every field either record fills (or the registry reads from another field), marked
    same / similar / different / missing by what was compared; ``sexes``: the sex linkage
    implies for records that write none (``implied_sexes``)."""
    sexes = sexes or {}
    fa, fb = a.record.fields, b.record.fields
    out: list[FieldDiff] = []
    for name in NAME_FIELDS:
        va, vb = fa.get(name, ""), fb.get(name, "")
        if not va and not vb:
            continue
        if not va or not vb:
            out.append(FieldDiff(name, va, vb, "missing"))
            continue
        level, _ = compare_parts(va, vb)
        out.append(FieldDiff(name, va, vb, _MARK[level], level.name.lower()))
    if fa.get("full_name") or fb.get("full_name"):
        na, nb = display_name(fa), display_name(fb)
        if na and nb:
            level, _ = compare_parts(na, nb)
            out.append(FieldDiff("full_name", na, nb, _MARK[level], level.name.lower()))
    for name, attr in OTHER_FIELDS:
        va, vb = fa.get(name, ""), fb.get(name, "")
        ka, kb = _reading(name, attr, a, sexes), _reading(name, attr, b, sexes)
        ra, rb = ("" if va else ka), ("" if vb else kb)  # shown beside an empty cell
        if not (va or ra) and not (vb or rb):
            continue
        if not (va or ra) or not (vb or rb):
            mark = "missing"
        elif ka and kb:
            mark = _value_mark(name, ka, kb)
        else:  # both write something the registry could not read: compare what is written
            mark = "same" if _plain(va) == _plain(vb) else "different"
        read_from = READ_FROM.get(name, "") if ra or rb else ""
        out.append(FieldDiff(name, va, vb, mark, None, ra, rb, read_from))
    return out


def _reading(name: str, attr: str | None, stored: StoredRecord, sexes: Mapping[int, str]) -> str:
    """What the comparison reads of a field: the registry's normalized value (empty when it
    could not read the written one, and for an unknown status)."""
    if attr is None:
        return stored.record.fields.get(name, "")
    value = str(getattr(stored.record, attr) or "")
    if name == "status" and value == "unknown":
        return ""
    if name == "sex" and not value:
        return sexes.get(stored.pk, "")
    return value


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def implied_sexes(records: Iterable[StoredRecord]) -> dict[int, str]:
    """The sex linkage reads for records that write none (their given name's, when the name
    says it): what the model's "sex" weight compared."""
    from athar.link.features import feature_table
    from athar.link.pipeline import row_of

    silent = [r for r in records if not r.record.sex and display_name(r.record.fields)]
    if not silent:
        return {}
    table = feature_table([row_of(r.pk, r.record) for r in silent])
    pks, sexes = table.column("unique_id").to_pylist(), table.column("sex").to_pylist()
    return {int(pk): str(sex) for pk, sex in zip(pks, sexes, strict=True) if sex}


def _value_mark(name: str, a: str, b: str) -> str:
    if not a or not b:
        return "missing"
    if a == b:
        return "same"
    if name in ("birth_date", "event_date") and (a.startswith(b) or b.startswith(a)):
        return "similar"  # 1985 and 1985-03-14: one is the other, less precise
    return "different"


def field_weights(explanation: dict[str, Any]) -> list[FieldWeight]:
    """The model's per-field weights of a scored pair, strongest evidence first."""
    out = [
        FieldWeight(
            field=name,
            label=str(info.get("label", name)),
            level=str(info.get("level", "")),
            weight=float(info.get("weight", 0.0)),
        )
        for name, info in explanation.items()
    ]
    out.sort(key=lambda w: -abs(w.weight))
    return out


def pair_item(store: Store, a: int, b: int) -> tuple[ReviewItem, list[str]]:
    """Any two records side by side, as the queue shows a pair, with the model's reading of
    them (``athar.link.explain``: the last run's score, or scored now) and notes (a decision in
    force, the persons holding them). ``KeyError`` for an unknown record."""
    from athar.link.explain import explain_pair

    lo, hi = min(a, b), max(a, b)
    records = store.records_by_pk([lo, hi])
    missing = [pk for pk in (lo, hi) if pk not in records]
    if missing:
        raise KeyError(f"no record {missing[0]}")
    told = explain_pair(store, lo, hi)
    link = LinkOut(0, lo, hi, told.probability, told.weight, told.rule, told.fields)
    person_of = store.persons_of([lo, hi])
    return review_item(records[lo], records[hi], link, person_of), told.notes


def person_sides(store: Store, person: str) -> list[Side]:
    """A current person's records as the review pages show them (empty when unknown)."""
    pks = store.person_records(person)
    records = store.records_by_pk(pks)
    return [side(records[pk], person) for pk in pks if pk in records]
