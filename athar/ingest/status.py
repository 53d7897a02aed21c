"""Free-text status in Arabic, English or French → one of the canonical statuses.

Rules are keyword stems over the cleaned text (hamza, taa marbuta, accents and case folded), so
phrasings never seen before map as long as they use the words that carry the meaning: "أخلي
سبيلها", "أُفرج عنه بموجب العفو" and "libérée lors d'une amnistie" all reach ``released``. When
a text carries several, the gravest wins (died in detention is deceased, missing since arrest is
missing). A negated keyword does not count ("not released" is still detained).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from athar.ingest.values import is_placeholder
from athar.names.normalize import clean
from athar.places import resolve_facility

_AR = r"(?<!\S)(?:و|ف)?(?:ب|ل|ك)?(?:ال)?(?:{})"  # conjunction, preposition, article, then stem
_LA = r"(?<!\S)(?:{})"
_END = r"(?!\S)"

# Gravest first: the first status whose rule matches (not negated) is the answer.
# fmt: off
_RULES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    (
        "deceased",
        (
            r"متوف\S*", r"توفي\S*", r"وفا(?:ه|ت)\S*", r"استشهد\S*", r"شهيد\S*", r"قض(?:ي|ت)" + _END,
            r"قتل\S*", r"مقتول\S*", r"قتيل\S*", r"اعدم\S*", r"اعدام\S*", r"مات(?:ت)?" + _END,
            r"جث(?:ه|ت)\S*", r"(?:صور|ملفات)\s(?:ال)?قيصر",
        ),
        (
            r"dead", r"died", r"dies", r"death\S*", r"deceased", r"decede\S*", r"deces",
            r"mort(?:e|s|es)?" + _END, r"killed", r"kill", r"tue(?:e|s|es)?" + _END,
            r"executed", r"execution", r"executee?s?" + _END, r"martyr\S*", r"passed away",
            r"caesar", r"cesar",
        ),
    ),
    (
        "released",
        (
            r"(?:اخلي|اخلاء|اخلا|مخلي|يخلي|تخلي)\s(?:ال)?سبيل\S*", r"افرج\S*", r"مفرج\S*",
            r"افراج\S*", r"يفرج\S*", r"(?:اطلق|اطلاق|يطلق|مطلق)\s(?:ال)?سراح\S*", r"خرج(?:ت)?\sمن",
            r"طليق\S*",
        ),
        (
            r"releas\S*", r"freed", r"free" + _END, r"set free", r"liber\S*", r"relach\S*",
            r"relaxe\S*", r"out of (?:prison|detention|jail)",
        ),
    ),
    (
        "missing",
        (
            r"مختف\S*", r"اختف\S*", r"اخفاء\S*", r"مخفي\S*", r"مفقود\S*", r"فقدان\S*",
            r"مجهول(?:ه)?\s(?:ال)?مصير\S*", r"مغيب\S*", r"تغييب\S*", r"انقطع\S*", r"انقطاع\S*",
            r"(?:لا|بدون|دون)\s(?:اي\s)?(?:اخبار|معلومات)\S*", r"مخطوف\S*", r"خطف\S*",
            r"اختطف\S*",
        ),
        (
            r"missing", r"disappear\S*", r"disparu\S*", r"disparition\S*", r"abduct\S*",
            r"kidnap\S*", r"enleve\S*", r"enlevement", r"no news", r"sans nouvelles?",
            r"whereabouts", r"fate unknown", r"sort inconnu", r"unaccounted", r"lost contact",
        ),
    ),
    (
        "detained",
        (
            r"معتقل\S*", r"اعتقل\S*", r"اعتقال\S*", r"موقوف\S*", r"توقيف\S*", r"اوقف\S*",
            r"محتجز\S*", r"احتجاز\S*", r"احتجز\S*", r"محال\S*", r"محول\S*", r"حول(?:ت)?" + _END,
            r"منقول\S*", r"نقل(?:ت)?" + _END, r"سجين\S*", r"مسجون\S*", r"سجن\S*",
            r"قيد\s(?:ال)?(?:تحقيق|توقيف|احتجاز|اعتقال|محاكمه)", r"محكوم\S*", r"محكمه\S*",
            r"محاكمه\S*",
        ),
        (
            r"detain\S*", r"detention\S*", r"arrest\S*", r"arrete\S*", r"custody", r"prison\S*",
            r"imprison\S*", r"emprisonn\S*", r"jail\S*", r"incarcer\S*", r"detenu\S*", r"held",
            r"transferr\S*", r"transfere\S*", r"under investigation", r"referred to",
            r"sentenced", r"condamne\S*", r"court", r"trial", r"proces" + _END,
        ),
    ),
    (
        "unknown",
        (
            r"(?:غير|لا)\s(?:معروف|معلوم|يعرف|محدد)\S*",
            r"لا\s(?:يوجد|توجد)\s(?:اي\s)?(?:معلومات|معلومه)\S*",
        ),
        (
            r"unknown", r"not known", r"inconnue?s?", r"no information", r"aucune information",
            r"non renseigne\S*", r"not documented",
        ),
    ),
)
# fmt: on
_COMPILED: Final = tuple(
    (
        status,
        re.compile("|".join([_AR.format(p) for p in arabic] + [_LA.format(p) for p in latin])),
    )
    for status, arabic, latin in _RULES
)
_NEGATIONS: Final = frozenset(
    {"not", "never", "non", "pas", "jamais", "nt", "لم", "لا", "لن", "غير", "ليس", "ما"}
)
_STILL: Final = frozenset({"يزال", "تزال", "زال", "زالت", "يزل", "تزل"})  # لا يزال = still
_NEGATION_WINDOW = 3


def _negated(tokens: list[str], at: int) -> bool:
    before = tokens[max(0, at - _NEGATION_WINDOW) : at]
    return any(
        t in _NEGATIONS and (i + 1 >= len(before) or before[i + 1] not in _STILL)
        for i, t in enumerate(before)
    )


def _first_status(text: str) -> tuple[str, bool] | None:
    """The gravest status a keyword names, and whether a negated release was seen."""
    tokens = text.split(" ")
    negated_release = False
    for status, rule in _COMPILED:
        for m in rule.finditer(text):
            if not _negated(tokens, text.count(" ", 0, m.start())):
                return status, negated_release
            negated_release |= status == "released"
    return None if not negated_release else ("detained", True)


@lru_cache(maxsize=65536)
def map_status(text: str) -> tuple[str, bool]:
    """``(status, matched)``: the canonical status for a free-text one.

    Empty text and placeholders ("?", "غير معروف") are ``("unknown", True)``; text no rule
    understands is ``("unknown", False)``, for the import report to list once.
    """
    if not text.strip() or is_placeholder(text):
        return "unknown", True
    cleaned = clean(text)
    found = _first_status(cleaned)
    if found is None:
        return "unknown", False
    return found[0], True


_PLACE = r"(?P<{}>[^،,.;:\n]+)"  # up to a comma, a full stop or a line's end


def _verb_then_place(ar_verb: str, ar_before: str, la_verb: str, la_before: str) -> re.Pattern[str]:
    """A verb (Arabic or Latin) and the words before the place, then the place (group ``ar`` or
    ``la``)."""
    return re.compile(
        _AR.format(ar_verb) + ar_before + _PLACE.format("ar")
        + "|"
        + _LA.format(la_verb) + la_before + _PLACE.format("la")
    )  # fmt: skip


# A transfer names where the person was taken: "منقول إلى سجن صيدنايا", "نُقل الى الفرع 215",
# "محولة إلى فرع فلسطين", "transferred to Sednaya", "transféré à/vers Adra". The place follows the
# verb and a preposition; what follows a comma, a full stop or a second clause is not the place.
_TRANSFER: Final = _verb_then_place(
    r"منقول\S*|نقل(?:ت|وا)?|محول\S*|حول(?:ت|وا)?|تحويل\S*|ترحيل\S*|مرحل\S*|رحل(?:ت)?",
    r"\s+(?:(?:هو|هي)\s+)?(?:الي|الى|ل)\s*",
    r"transferr\S*|transfere\S*|moved|taken|referred|transfer",
    r"\s+(?:to|into|a|au|aux|vers|en)\s+",
)
_CLAUSE_END: Final = re.compile(r"\s(?:(?:و|ثم)\s|(?:and|then|et|puis|on|in|en|le|the)\s\d)")

# Where someone was last seen, as families and lists note it: "Last seen in Sednaya", "a released
# detainee saw him in Branch 215", "Vu pour la dernière fois à Adra", "شوهد في فرع فلسطين".
_SEEN: Final = _verb_then_place(
    r"شوهد\S*|راه\S*|رات\S*|اخر\s+مره\s+شوهد\S*",
    r"\s+(?:\S+\s+){0,3}?(?:في|ب)\s*",
    r"seen|saw|sighted|vue?s?|aper[cç]ue?s?",
    r"\s+(?:\S+\s+){0,5}?(?:in|at|inside|a|au|aux|dans)\s+",
)


def _place_after(pattern: re.Pattern[str], text: str) -> str | None:
    """The place written after ``pattern``'s verb and preposition, up to the clause's end."""
    if not text.strip():
        return None
    m = pattern.search(clean(text))
    if m is None:
        return None
    place = m.group("ar") or m.group("la") or ""
    place = _CLAUSE_END.split(place, maxsplit=1)[0].strip()
    return place or None


@lru_cache(maxsize=65536)
def sighting_facility(text: str) -> str | None:
    """The id of the facility a note says the person was last seen in ("Last seen in Sednaya",
    "شوهد في فرع فلسطين"), or None: no such words, or a place that is not a facility the
    gazetteer knows ("seen at a checkpoint in Douma")."""
    place = _place_after(_SEEN, text)
    found = resolve_facility(place) if place else None
    return found.id if found else None


@lru_cache(maxsize=65536)
def transfer_destination(text: str) -> str | None:
    """The place a free-text status says the person was transferred to, as written after the
    verb ("منقول إلى سجن صيدنايا" → "سجن صيدنايا"), or None when the status names no transfer.
    The text is cleaned (hamza, case and accents folded); ``athar.places`` resolves it."""
    return _place_after(_TRANSFER, text)


@lru_cache(maxsize=65536)
def transfer_facility(text: str) -> str | None:
    """The id of the facility a status says the person was transferred to (None when it names
    no transfer, or a place the gazetteer does not know: "the military hospital")."""
    place = transfer_destination(text)
    found = resolve_facility(place) if place else None
    return found.id if found else None
