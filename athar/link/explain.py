"""`athar explain A B`: why two records are (or are not) one person, field by field.

A pair the last run scored is explained from what the run saved; any other pair is scored now
with the run's trained model, so the numbers are the model's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from athar.link.match import Matcher, NotLinkedYet
from athar.link.pipeline import artifacts_dir, explanation_text, row_of
from athar.store import Store


@dataclass
class Explanation:
    probability: float
    weight: float
    lines: list[str]
    notes: list[str] = field(default_factory=list)
    #: The model's comparison per field ({field: {label, level, weight}}), as links keep it.
    fields: dict[str, Any] = field(default_factory=dict)
    #: The rule that scored the pair ("model", an identifier rule…; "" when scored now).
    rule: str = ""


def explain_pair(store: Store, a: int, b: int) -> Explanation:
    """The match weight of each field for records ``a`` and ``b``."""
    notes: list[str] = []
    decision = [d for d in store.decisions() if {d.a, d.b} == {a, b}]
    if decision:
        d = decision[-1]
        notes.append(f"a reviewer decided '{d.verdict}' ({d.decided_by}: {d.reason})")
    person_a, person_b = store.person_of(a), store.person_of(b)
    if person_a and person_a == person_b:
        notes.append(f"both are records of person {person_a}")
    elif person_a or person_b:
        notes.append(f"persons: {person_a or '—'} and {person_b or '—'}")
    link = store.link_between(a, b)
    if link is not None and link.explanation:
        notes.append(f"as scored by run {link.run_id} (rule: {link.rule})")
        return Explanation(
            link.match_probability,
            link.match_weight,
            explanation_text(link.explanation),
            notes,
            dict(link.explanation),
            link.rule,
        )
    try:
        matcher = Matcher(artifacts_dir())
    except NotLinkedYet:
        return Explanation(0.0, 0.0, [], [*notes, "no linkage run yet: run `athar link`"])
    try:
        stored = store.records_by_pk([a, b])
        missing = [pk for pk in (a, b) if pk not in stored]
        if missing:
            raise KeyError(f"no record {missing[0]}")
        scored = matcher.score(row_of(a, stored[a].record), row_of(b, stored[b].record))
    finally:
        matcher.close()
    notes.append("not a candidate pair of the last run: scored now with its model")
    if scored is None:
        return Explanation(0.0, 0.0, [], notes)
    return Explanation(
        scored.probability,
        scored.weight,
        explanation_text(scored.explanation),
        notes,
        dict(scored.explanation),
        "model",
    )
