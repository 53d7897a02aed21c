"""Which facility, town or governorate a free-text label means, and how sure that is.

Order of evidence, strongest first: an alias with the same key (1.0, or 0.97 when the label carries
extra words such as "prison" or the agency that the alias leaves out); a known branch number
(0.96); a town with its governorate; fuzzy matching (at most 0.9, lower when the best candidate has
a close rival). A label that names nothing known gets None rather than a confident wrong guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from athar.places import gazetteer as gz
from athar.places.keys import RIF, Domain, Key, make_key

MatchKind = Literal["facility", "town", "governorate"]
_KIND_PRIORITY: dict[str, int] = {"facility": 0, "town": 1, "governorate": 2}
_PLACE_KINDS = frozenset({"town", "governorate"})
_ALL_KINDS = frozenset(_KIND_PRIORITY)

EXACT = 1.0
EXACT_WITH_EXTRAS = 0.97
BRANCH_NUMBER = 0.96
FUZZY_CEILING = 0.9
MIN_CONFIDENCE = 0.7
_MIN_FUZZY_SCORE = 0.8
_MIN_FUZZY_SCORE_SHORT = 0.9  # five letters or fewer: one letter away from another town
_RIVAL_MARGIN = 0.08
_RIVAL_PENALTY = 0.85
_MISSING_MARKER_PENALTY = 0.8
_MISSING_AGENCY_PENALTY = 0.8
_AGENCY_UNHEARD_PENALTY = 0.8
_FACILITY_WORDS_PENALTY = 0.85  # "سجن حلب" asked as a place: the town, but less surely
_TOWN_AS_GOVERNORATE = 0.9
_INCONSISTENT = 0.75
_LOOSE_DAMASCUS = 0.95
_SEGMENTS = re.compile(r"\s[-–—]\s|[,،;/|()\[\]]")


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """The answer to "which place is this?": what it is, how sure, and where on the map."""

    kind: MatchKind
    id: str
    name_en: str
    name_ar: str
    confidence: float
    matched_alias: str
    lat: float
    lon: float
    accuracy: str
    governorate: str = ""


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: MatchKind
    id: str
    alias: str
    key: Key


@dataclass(frozen=True, slots=True)
class _Index:
    entries: tuple[_Entry, ...]
    exact: dict[tuple[str, ...], tuple[_Entry, ...]]
    agencies: dict[str, frozenset[str]]
    numbers: dict[str, _Entry]
    vocab: frozenset[str]
    choices_spaced: tuple[str, ...]
    choices_joined: tuple[str, ...]


def _build(domain: Domain, items: Iterable[tuple[MatchKind, str, tuple[str, ...]]]) -> _Index:
    raw = [(kind, id_, alias) for kind, id_, aliases in items for alias in aliases]
    first = [make_key(alias, domain) for _, _, alias in raw]
    vocab = frozenset(t for k in first for t in k.core)
    entries = []
    for kind, id_, alias in raw:
        key = make_key(alias, domain, vocab)
        if key.core or key.agencies:
            entries.append(_Entry(kind, id_, alias, key))
    exact: dict[tuple[str, ...], list[_Entry]] = {}
    agencies: dict[str, set[str]] = {}
    numbers: dict[str, _Entry] = {}
    for e in entries:
        exact.setdefault(e.key.sorted_core, []).append(e)
        agencies.setdefault(e.id, set()).update(e.key.agencies)
        if len(e.key.core) == 1 and e.key.core[0].isdigit():
            numbers.setdefault(e.key.core[0], e)
    return _Index(
        entries=tuple(entries),
        exact={k: tuple(v) for k, v in exact.items()},
        agencies={k: frozenset(v) for k, v in agencies.items()},
        numbers=numbers,
        vocab=vocab,
        choices_spaced=tuple(" ".join(e.key.core) for e in entries),
        choices_joined=tuple(e.key.joined for e in entries),
    )


@cache
def _facility_index() -> _Index:
    return _build("facility", (("facility", f.id, f.aliases) for f in gz.facilities()))


@cache
def _place_index() -> _Index:
    items: list[tuple[MatchKind, str, tuple[str, ...]]] = [
        ("town", t.id, t.aliases) for t in gz.towns()
    ]
    items += [("governorate", g.id, g.aliases) for g in gz.governorates()]
    return _build("place", items)


def _to_match(kind: MatchKind, id_: str, confidence: float, alias: str) -> PlaceMatch:
    confidence = round(max(0.0, min(1.0, confidence)), 3)
    if kind == "facility":
        f = gz.facility(id_)
        return PlaceMatch(
            kind, f.id, f.name_en, f.name_ar, confidence, alias, f.lat, f.lon, f.accuracy,
            f.governorate,
        )  # fmt: skip
    if kind == "town":
        t = gz.town(id_)
        return PlaceMatch(
            kind, t.id, t.name_en, t.name_ar, confidence, alias, t.lat, t.lon, t.accuracy,
            t.governorate,
        )  # fmt: skip
    g = gz.governorate(id_)
    return PlaceMatch(
        kind, g.id, g.name_en, g.name_ar, confidence, alias, g.lat, g.lon, "governorate_seat", g.id
    )


def _better(a: PlaceMatch | None, b: PlaceMatch | None) -> PlaceMatch | None:
    """The more confident match; on a tie the more specific kind (facility, then town)."""
    if a is None or b is None:
        return a or b
    if abs(a.confidence - b.confidence) > 1e-9:
        return a if a.confidence > b.confidence else b
    return a if _KIND_PRIORITY[a.kind] <= _KIND_PRIORITY[b.kind] else b


def _agency_conflict(idx: _Index, key: Key, id_: str) -> bool:
    known = idx.agencies.get(id_, frozenset())
    return bool(key.agencies and known and not key.agencies <= known)


def _agency_unheard(idx: _Index, key: Key, e: _Entry) -> bool:
    """The label names an agency; this facility (a prison, a hospital) is run by none we know."""
    return bool(e.kind == "facility" and key.agencies and not idx.agencies.get(e.id))


def _exact(idx: _Index, key: Key, kinds: frozenset[str]) -> list[tuple[float, _Entry]]:
    """Aliases with the label's core; the label may add markers and agencies, never lack them."""
    hits: dict[tuple[str, str], tuple[float, _Entry]] = {}
    for e in idx.exact.get(key.sorted_core, ()):
        if e.kind not in kinds or not e.key.markers <= key.markers:
            continue
        if not e.key.agencies <= key.agencies or _agency_conflict(idx, key, e.id):
            continue
        same = e.key.markers == key.markers and e.key.agencies == key.agencies
        conf = EXACT if same and not key.dropped else EXACT_WITH_EXTRAS
        if not e.key.markers and _agency_unheard(idx, key, e):
            conf *= _AGENCY_UNHEARD_PENALTY  # "Political Security Adra" is not surely Adra prison
        if conf > hits.get((e.kind, e.id), (-1.0, e))[0]:
            hits[(e.kind, e.id)] = (conf, e)
    return sorted(hits.values(), key=lambda h: (-h[0], _KIND_PRIORITY[h[1].kind], h[1].id))


def _pick(hits: list[tuple[float, _Entry]]) -> PlaceMatch | None:
    """The best hit, marked down when another entry of the same kind is as good."""
    if not hits:
        return None
    conf, best = hits[0]
    if any(c == conf and e.kind == best.kind for c, e in hits[1:]):
        conf = min(conf, 0.8)
    return _to_match(best.kind, best.id, conf, best.alias)


def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit() or a.startswith("#") or b.startswith("#"):
        return 0.0  # 228 is not "almost 227"; a countryside is not almost a town
    if min(len(a), len(b)) <= 2:
        return 0.0
    score = fuzz.ratio(a, b) / 100
    return score if score >= 0.6 else 0.0


def _coverage(of: tuple[str, ...], by: tuple[str, ...]) -> float:
    total = sum(len(t) for t in of)
    got = sum(len(t) * max((_token_similarity(t, u) for u in by), default=0.0) for t in of)
    return got / total if total else 0.0


def _strip_glued_article(word: str) -> str:
    if len(word) >= 7 and word[:2] in ("al", "el"):
        return word[2:]
    return word.replace("ال", "") if len(word) >= 5 else word


def _similarity(text: Key, alias: Key) -> float:
    """How alike two cores are, by word and as one string (catches split and glued words)."""
    by_word = (_coverage(alias.core, text.core) + _coverage(text.core, alias.core)) / 2
    numbers_t = {t for t in text.core if t.isdigit()}
    numbers_a = {t for t in alias.core if t.isdigit()}
    if numbers_t != numbers_a:
        return by_word
    joined = fuzz.ratio(text.joined, alias.joined) / 100
    glued_t = "".join(_strip_glued_article(t) for t in text.core)
    glued_a = "".join(_strip_glued_article(t) for t in alias.core)
    return max(by_word, joined, fuzz.ratio(glued_t, glued_a) / 100)


def _fuzzy(idx: _Index, key: Key, kinds: frozenset[str]) -> PlaceMatch | None:
    if len(key.joined) < 3:
        return None
    spaced = " ".join(key.core)
    picks = {
        i
        for query, choices, scorer in (
            (spaced, idx.choices_spaced, fuzz.token_set_ratio),
            (key.joined, idx.choices_joined, fuzz.ratio),
        )
        for _, _, i in process.extract(query, choices, scorer=scorer, limit=40, score_cutoff=50)
    }
    floor = _MIN_FUZZY_SCORE_SHORT if len(key.joined) <= 5 else _MIN_FUZZY_SCORE
    best: dict[tuple[str, str], tuple[float, float, _Entry]] = {}
    for i in picks:
        e = idx.entries[i]
        if e.kind not in kinds or not e.key.core or _agency_conflict(idx, key, e.id):
            continue
        score = _similarity(key, e.key)
        if score < floor:
            continue
        conf = FUZZY_CEILING * score
        if e.key.markers - key.markers:
            conf *= _MISSING_MARKER_PENALTY
        if e.key.agencies - key.agencies:
            conf *= _MISSING_AGENCY_PENALTY
        if _agency_unheard(idx, key, e):
            conf *= _AGENCY_UNHEARD_PENALTY
        if conf > best.get((e.kind, e.id), (-1.0, 0.0, e))[0]:
            best[(e.kind, e.id)] = (conf, score, e)
    if not best:
        return None
    ranked = sorted(best.values(), key=lambda h: (-h[0], _KIND_PRIORITY[h[2].kind], h[2].id))
    conf, score, top = ranked[0]
    # A rival is another plausible entry of the same kind whose name fits about as well, whatever
    # words each lacks: "Mezzeh" fits the airport, the old prison and the hospital alike.
    if any(
        e.kind == top.kind and score - s < _RIVAL_MARGIN and c >= MIN_CONFIDENCE
        for c, s, e in ranked[1:]
    ):
        conf *= _RIVAL_PENALTY
    if conf < MIN_CONFIDENCE:
        return None
    return _to_match(top.kind, top.id, conf, top.alias)


# --- facilities --------------------------------------------------------------------------------


def _by_number(idx: _Index, key: Key) -> PlaceMatch | None:
    """A branch number names its branch, whatever words surround it, unless they contradict it."""
    known = [t for t in key.core if t in idx.numbers]
    if not known:
        return None
    entry = idx.numbers[known[0]]
    conf = BRANCH_NUMBER
    if len({idx.numbers[n].id for n in known}) > 1:
        conf = 0.5  # "215 then 227": two branches in one label
    if _agency_conflict(idx, key, entry.id):
        conf = min(conf, 0.6)
    rest = tuple(t for t in key.core if t != known[0])
    if rest:
        rest_key = replace(key, core=rest)
        other = _exact(idx, rest_key, frozenset({"facility"}))
        if other and other[0][1].id != entry.id:
            conf = min(conf, 0.5)  # "Palestine Branch 227"
        elif not other:
            place = _pick(_exact(_place_index(), make_key(" ".join(rest), "place"), _PLACE_KINDS))
            if place and place.governorate != gz.facility(entry.id).governorate:
                conf = min(conf, 0.8)
    return _to_match("facility", entry.id, conf, entry.alias)


def _resolve_facility(text: str) -> PlaceMatch | None:
    idx = _facility_index()
    key = make_key(text, "facility", idx.vocab)
    if not key.core and not key.agencies:
        return None
    kinds = frozenset({"facility"})
    return _pick(_exact(idx, key, kinds)) or _by_number(idx, key) or _fuzzy(idx, key, kinds)


# --- towns and governorates --------------------------------------------------------------------


def _as_governorate(m: PlaceMatch, factor: float) -> PlaceMatch:
    gov = m.governorate if m.kind == "town" else m.id
    return _to_match("governorate", gov, m.confidence * factor, m.matched_alias)


def _countryside(m: PlaceMatch) -> PlaceMatch:
    """ريف X is X's governorate; the countryside of Damascus is Rif Dimashq."""
    gov = m.governorate if m.kind == "town" else m.id
    if gov == "damascus":
        gov = "rif_dimashq"
    return _to_match("governorate", gov, min(m.confidence, BRANCH_NUMBER), m.matched_alias)


def _combine(town: PlaceMatch, gov: PlaceMatch) -> PlaceMatch:
    """A town named with its governorate; a governorate that does not hold the town casts doubt."""
    if gov.id == town.governorate:
        factor = 1.0
    elif {gov.id, town.governorate} == {"damascus", "rif_dimashq"}:
        factor = _LOOSE_DAMASCUS  # "Douma, Damascus": the capital named for its countryside
    else:
        factor = _INCONSISTENT
    return replace(town, confidence=round(min(EXACT_WITH_EXTRAS, town.confidence) * factor, 3))


def _place_key_match(key: Key, kinds: frozenset[str], fuzzy: bool) -> PlaceMatch | None:
    idx = _place_index()
    if not key.core:
        return None
    found = _pick(_exact(idx, key, kinds))
    if found is None and len(key.core) > 1:
        found = _peel(key, kinds)
    if found is None and RIF in key.core and "governorate" in kinds:
        rest = replace(key, core=tuple(t for t in key.core if t != RIF))
        inner = _place_key_match(rest, _PLACE_KINDS, fuzzy)
        found = _countryside(inner) if inner else None
    if found is None and fuzzy:
        found = _fuzzy(idx, key, kinds)
    return found


def _governorate_named(key: Key, part: tuple[str, ...]) -> PlaceMatch | None:
    """The governorate these words name, directly or as "the countryside of" a place."""
    idx = _place_index()
    gov = _pick(_exact(idx, replace(key, core=part), frozenset({"governorate"})))
    if gov is None and RIF in part:
        rest = tuple(t for t in part if t != RIF)
        inner = _pick(_exact(idx, replace(key, core=rest), _PLACE_KINDS))
        gov = _countryside(inner) if inner else None
    return gov


def _peel(key: Key, kinds: frozenset[str]) -> PlaceMatch | None:
    """A town followed or preceded by its governorate: "دوما ريف دمشق", "Douma Rif Dimashq"."""
    idx = _place_index()
    core = key.core
    for cut in range(1, len(core)):
        for town_part, gov_part in ((core[:cut], core[cut:]), (core[cut:], core[:cut])):
            gov = _governorate_named(key, gov_part)
            if gov is None:
                continue
            town = _pick(_exact(idx, replace(key, core=town_part), frozenset({"town"})))
            if town is None:
                continue
            combined = _combine(town, gov)
            return combined if "town" in kinds else replace(gov, confidence=combined.confidence)
    return None


def _resolve_place_segment(text: str, kinds: frozenset[str]) -> PlaceMatch | None:
    idx = _place_index()
    key = make_key(text, "place", idx.vocab)
    found = _place_key_match(key, kinds, fuzzy=True)
    if found is None and kinds == {"governorate"}:
        town = _place_key_match(key, frozenset({"town"}), fuzzy=True)
        found = _as_governorate(town, _TOWN_AS_GOVERNORATE) if town else None
    if found is not None and (key.markers or key.agencies):
        found = replace(found, confidence=round(found.confidence * _FACILITY_WORDS_PENALTY, 3))
    return found


def _resolve_place(text: str, kinds: frozenset[str]) -> PlaceMatch | None:
    whole = _resolve_place_segment(text, kinds)
    if whole is not None and whole.confidence >= EXACT_WITH_EXTRAS:
        return whole
    parts = [p for p in _SEGMENTS.split(text) if p and p.strip()]
    if len(parts) < 2:
        return whole
    town_of = [_resolve_place_segment(p, frozenset({"town"})) for p in parts]
    gov_of = [_governorate_segment(p) for p in parts]
    pairs = [
        (_combine(t, g), g)
        for i, t in enumerate(town_of)
        for j, g in enumerate(gov_of)
        if t is not None and g is not None and i != j
    ]
    towns_alone = [t for t in town_of if t is not None]
    govs_alone = [g for g in gov_of if g is not None]
    combined: PlaceMatch | None = None
    if "town" not in kinds:  # the governorate the label names, else the one its town is in
        if pairs:
            town, gov = max(pairs, key=lambda pair: pair[0].confidence)
            combined = replace(gov, confidence=town.confidence)
        elif govs_alone:
            combined = max(govs_alone, key=lambda m: m.confidence)
        elif towns_alone:
            town = max(towns_alone, key=lambda m: m.confidence)
            combined = _as_governorate(town, _TOWN_AS_GOVERNORATE)
    elif pairs:
        combined = max(pairs, key=lambda pair: pair[0].confidence)[0]  # first best: town first
    elif towns_alone:
        combined = max(towns_alone, key=lambda m: m.confidence)
    elif "governorate" in kinds and govs_alone:
        combined = max(govs_alone, key=lambda m: m.confidence)
    return _better(whole, combined)


def _governorate_segment(text: str) -> PlaceMatch | None:
    """A governorate named outright (not inferred from a town) in one part of a label."""
    key = make_key(text, "place", _place_index().vocab)
    return _place_key_match(key, frozenset({"governorate"}), fuzzy=True)


# --- public ------------------------------------------------------------------------------------


def _kinds(kind: str | None) -> frozenset[str]:
    if kind is None:
        return _ALL_KINDS
    if kind == "place":
        return _PLACE_KINDS
    if kind in _KIND_PRIORITY:
        return frozenset({kind})
    raise ValueError(f"kind must be facility, town, governorate or place, not {kind!r}")


@lru_cache(maxsize=65536)
def _resolve(text: str, kinds: frozenset[str]) -> PlaceMatch | None:
    best: PlaceMatch | None = None
    if "facility" in kinds:
        best = _resolve_facility(text)
    if kinds & _PLACE_KINDS:
        best = _better(best, _resolve_place(text, kinds & _PLACE_KINDS))
    return best


def resolve(text: str, kind: str | None = None) -> PlaceMatch | None:
    """The facility, town or governorate ``text`` names, or None when it names nothing known.

    ``kind`` restricts the search to "facility", "town", "governorate" or "place" (town or
    governorate). Without it, a bare name that is both a town and a prison's usual name (صيدنايا,
    Tadmur, Adra) resolves to the facility, since that is what such a label means in Athar's
    records; ask for ``kind="town"`` (or use :func:`resolve_place`) for the town.
    """
    if not text or not text.strip():
        return None
    return _resolve(text.strip(), _kinds(kind))


def resolve_facility(text: str) -> PlaceMatch | None:
    """The detention facility ``text`` names (a prison, branch, airport, hospital), or None."""
    return resolve(text, "facility")


def resolve_place(text: str) -> PlaceMatch | None:
    """The town or governorate ``text`` names (birth place, residence), or None."""
    return resolve(text, "place")


#: A number of this many digits in a facility label is a branch number (الفرع 219).
BRANCH_NUMBER_DIGITS = 3


@lru_cache(maxsize=65536)
def unknown_facility_key(text: str) -> str:
    """A key for a facility label the gazetteer does not know, or "" when it says too little.

    Two records that name one facility missing from the gazetteer the same way must still meet
    (a forensic record reaches its person through facility and detainee number). The key is
    script-free where it can be: a branch number of three digits alone ("الفرع 219", "Branch
    219", "ف 219"); else the running agency, whether it says prison, and its name words, a
    town's words as the town ("فرع المخابرات الجوية بحمص" = "Air Force Intelligence Homs"). A
    label with no name word ("سجن", "فرع الأمن السياسي") names no one place: "". Keys start with
    "~", so they never equal a gazetteer id.
    """
    key = make_key(text, "facility", _facility_index().vocab)
    numbers = [t for t in key.core if t.isdigit() and len(t) >= BRANCH_NUMBER_DIGITS]
    if numbers:
        return "~" + numbers[0]
    if not key.core:
        return ""
    # The name words as one place first (دير الزور, Kafr Sousa), unless a number is among them.
    place = None if any(w.isdigit() for w in key.core) else _sure_place(" ".join(key.core))
    words = [place] if place else sorted(_sure_place(w) or w for w in key.core)
    head = sorted(key.agencies) + (["#prison"] if "#prison" in key.markers else [])
    return "~" + " ".join(head + words)


def _sure_place(text: str) -> str | None:
    """The town or governorate ``text`` names, if it names one surely."""
    m = resolve_place(text)
    return m.id if m is not None and m.confidence >= 0.9 else None
