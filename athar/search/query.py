"""What a person typed into the search box, read into name units and optional facts.

One box takes Arabic, Latin or Arabizi, whole or partial names, in any order. A four-digit number
inside the text (Western or Eastern digits) that can be a birth year becomes the birth year:
"Nadir a7mad 3amar Najar 1996" searches for four name units born in 1996, and so do "... born
1996", "... مواليد 1996", "... née en 1996" and "... 1996م": the words that announce a year are
not names. Father's name, mother's name, birth year and governorate may also be given apart, as
the search form's optional fields.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from athar.names import parse_name
from athar.names.lexicon import lexicon
from athar.names.normalize import clean, fold_digits
from athar.names.similarity import UnitFeatures, name_features
from athar.places import resolve

#: Birth years outside this range are typing mistakes, not years (a detainee born before 1900).
MIN_BIRTH_YEAR = 1900
#: The longest query the box reads (a name with every part fits many times over).
MAX_QUERY_CHARS = 300

#: A number standing alone: not a digit inside a word, nor one an apostrophe marks as an Arabizi
#: letter ("3'asan" is غسان, "Al-7'alil" الخليل).
_NUMBER = re.compile(r"(?<![\w'’‘`])\d+(?![\w'’‘`])")


#: Words that announce a birth year just before it, as families write it ("born 1985", "مواليد
#: 1985", "née en 1985", "DOB 1985"), and the small words that may join them ("من مواليد عام",
#: "year of birth"): not names. Folded: lower case, no accents, no Arabic vowel marks.
_YEAR_CUES = frozenset({
    "born", "b", "dob", "yob", "birth", "birthyear", "year",
    "ne", "nee", "naissance", "annee",
    "mawaleed", "mawalid", "mwalid", "mawalied",
    "مواليد", "مولود", "المولود", "مولوده", "تولد", "التولد", "ولد",
    "ولادة", "الولادة", "ولاده", "الولاده", "عام", "العام", "سنة", "سنه", "السنة",
})  # fmt: skip
_YEAR_LINKS = frozenset({"in", "on", "of", "the", "en", "le", "de", "من", "في", "تاريخ"})
_YEAR_WORDS = _YEAR_CUES | _YEAR_LINKS
#: Words that make the year after them the year of an arrest or a disappearance, not of a birth
#: ("detained 2013", "معتقل منذ 2013", "disparu depuis 2012"): that year is not searched for.
_EVENT_CUES = frozenset({
    "detained", "arrested", "disappeared", "missing", "taken", "kidnapped", "abducted", "since",
    "detention", "arrest", "disparu", "disparue", "arrete", "arretee", "enleve", "depuis",
    "detenu", "detenue",
    "منذ", "اعتقل", "اعتقال", "معتقل", "المعتقل", "مختفي", "مختف", "اختفى", "مفقود", "فقد",
    "اختطف", "مخطوف", "مغيب", "تغييب",
})  # fmt: skip
_EVENT_WORDS = _EVENT_CUES | _YEAR_LINKS | {"year", "عام", "العام", "سنة", "سنه", "السنة"}
#: Words that give the mother's or the father's name after them ("mother Fatima", "والدته فاطمة",
#: "اسم الأم فاطمة"), when the fields are not used. Not أم or أب alone: "أم خالد" is a woman's
#: name (her son's mother); nor أمه, written for أمة in أمة الله (Amatullah).
_PARENT_CUES = {
    "mother": frozenset({"mother", "mere", "الام", "والدته", "والدتها", "الوالدة", "الوالده"}),
    "father": frozenset({"father", "pere", "الاب", "والده", "ابوه", "والدها", "ابوها", "الوالد"}),
}
_PARENT_LINKS = frozenset({"اسم", "name", "nom", "de", "la", "le", "du", "his", "her", "s", ":"})
#: The first word of a name written as two (عبد الله, Abu Bakr).
_TWO_WORD_HEADS = frozenset({"عبد", "ابو", "abd", "abdel", "abdul", "abdal", "abu", "abou"})
#: An Arabic year written with م (ميلادي, of the Common Era) glued or after: "1985م", "1985 م".
_YEAR_ERA = re.compile(r"(?<![\w'’‘`])(\d{4})\s*م(?![\w'’‘`])")


class QueryError(ValueError):
    """The query cannot be searched; the message says what is wrong and how to fix it.

    ``code`` names the problem for callers that word it themselves (the web pages, in the
    reader's language): empty, too_long, two_years, year_format, year_range, year_conflict,
    father, mother, governorate, limit."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Query:
    """A parsed search: name units (order-free) plus optional father, mother, year, governorate."""

    text: str
    units: tuple[UnitFeatures, ...]
    #: What the name parser reads each unit as (given, father, grandfather, family), by position.
    roles: tuple[str, ...]
    father: str = ""
    mother: str = ""
    birth_year: int | None = None
    year_in_text: bool = False
    governorate: str = ""  # athar.places governorate id
    governorate_label: str = ""
    #: Numbers in the text that are not a birth year (a detainee number typed by mistake ...).
    ignored: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        """The name units as read (cleaned; compounds joined)."""
        return tuple(f.unit.text for f in self.units)

    def describe(self) -> dict[str, object]:
        """The query as plain data, for the API and the CLI."""
        return {
            "text": self.text,
            "names": list(self.names),
            "roles": list(self.roles),
            "father": self.father or None,
            "mother": self.mother or None,
            "birth_year": self.birth_year,
            "birth_year_from_text": self.year_in_text,
            "governorate": self.governorate or None,
            "ignored": list(self.ignored),
        }


def parse_query(
    text: str,
    *,
    father: str | None = None,
    mother: str | None = None,
    birth_year: int | str | None = None,
    governorate: str | None = None,
) -> Query:
    """Read the search box and the optional fields; raise ``QueryError`` on input that cannot be
    searched (no name at all, an impossible year, an unknown governorate)."""
    text = str(text or "")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})", "too_long"
        )
    folded, ignored = _read_years(_YEAR_ERA.sub(r"\1", fold_digits(text)))
    folded, said = _parents_in_text(folded)
    year_in_text: int | None = None
    for number in _NUMBER.findall(folded):
        if len(number) == 4 and _plausible_year(int(number)):
            if year_in_text is not None and year_in_text != int(number):
                raise QueryError(
                    f"two birth years in the query ({year_in_text} and {number}): keep one",
                    "two_years",
                )
            year_in_text = int(number)
        else:
            ignored.append(number)
    name_text = _NUMBER.sub(" ", folded)
    units = name_features(name_text)
    if not units:
        raise QueryError(
            "empty query: type at least one name (Arabic or Latin), e.g. 'Mohammad Al-Halabi'",
            "empty",
        )
    year = _year(birth_year)
    if year is not None and year_in_text is not None and year != year_in_text:
        raise QueryError(
            f"the text says born {year_in_text} but the birth year field says {year}: keep one",
            "year_conflict",
        )
    if year is None:
        year = year_in_text
    gov_id, gov_label = _governorate(governorate)
    return Query(
        text=text.strip(),
        units=units,
        roles=_roles(name_text, units),
        father=_name_field("father", father) or _name_field("father", said["father"]),
        mother=_name_field("mother", mother) or _name_field("mother", said["mother"]),
        birth_year=year,
        year_in_text=year_in_text is not None and year == year_in_text,
        governorate=gov_id,
        governorate_label=gov_label,
        ignored=tuple(ignored),
    )


def _read_years(text: str) -> tuple[str, list[str]]:
    """``text`` without the words that announce its years, and the years of an arrest or a
    disappearance ("detained 2013", "منذ 2013"), which are not the birth year: those go with
    their words and are returned. A birth year stays, without its words ("born", "مواليد", "née
    en"); small joining words go only with such a word ("من مواليد", not "من" alone)."""
    tokens = text.split()
    events: list[str] = []
    at = len(tokens) - 1
    while at >= 0:
        year = tokens[at].strip("()[],.:;")
        start = at
        if len(year) == 4 and year.isdigit() and _plausible_year(int(year)):
            event = _announced(tokens, at, _EVENT_WORDS, _EVENT_CUES)
            birth = _announced(tokens, at, _YEAR_WORDS, _YEAR_CUES)
            if event is not None:
                events.insert(0, year)
                start = event
                del tokens[event : at + 1]
            elif birth is not None:
                start = birth
                del tokens[birth:at]
        at = start - 1
    return " ".join(tokens), events


def _announced(
    tokens: list[str], at: int, words: frozenset[str], cues: frozenset[str]
) -> int | None:
    """Where the words before ``tokens[at]`` that announce it begin: the run of ``words`` just
    before it, when one of them is a cue; None otherwise."""
    start = at
    while start > 0 and _cue(tokens[start - 1]) in words:
        start -= 1
    return start if any(_cue(t) in cues for t in tokens[start:at]) else None


def _parents_in_text(text: str) -> tuple[str, dict[str, str]]:
    """``text`` without a parent's name its words announce ("mother Fatima", "والدته فاطمة",
    "اسم الأب عبد الله"), and those names by parent ("" when the text gives none)."""
    tokens = text.split()
    said = {"mother": "", "father": ""}
    at = 0
    while at < len(tokens):
        parent = next((p for p, cues in _PARENT_CUES.items() if _cue(tokens[at]) in cues), None)
        if parent is None or said[parent] or not at:
            at += 1
            continue
        start, end = at, at + 1
        while start > 0 and _cue(tokens[start - 1]) in _PARENT_LINKS:
            start -= 1
        while end < len(tokens) and _cue(tokens[end]) in _PARENT_LINKS:
            end += 1
        if end == len(tokens):
            at += 1
            continue
        size = 2 if _cue(tokens[end]) in _TWO_WORD_HEADS and end + 1 < len(tokens) else 1
        said[parent] = " ".join(tokens[end : end + size])
        del tokens[start : end + size]
        at = start
    return " ".join(tokens), said


def _cue(token: str) -> str:
    plain = unicodedata.normalize("NFKD", token.strip("()[],.:;-").lower())
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _plausible_year(year: int) -> bool:
    return MIN_BIRTH_YEAR <= year <= date.today().year


def _year(value: int | str | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    raw = fold_digits(str(value)).strip()
    if not raw.isdigit() or len(raw) != 4:
        raise QueryError(f"birth year must be four digits, like 1985, not {value!r}", "year_format")
    year = int(raw)
    if not _plausible_year(year):
        raise QueryError(
            f"birth year {year} is outside {MIN_BIRTH_YEAR}–{date.today().year}: check the digits",
            "year_range",
        )
    return year


def _name_field(label: str, value: str | None) -> str:
    if value is None or not str(value).strip():
        return ""
    if not name_features(str(value)):
        raise QueryError(
            f"{label}'s name {value!r} holds no name: leave it empty or type a name", label
        )
    return clean(str(value))


def _governorate(value: str | None) -> tuple[str, str]:
    if value is None or not str(value).strip():
        return "", ""
    found = resolve(str(value), "governorate")
    if found is None or found.kind != "governorate":
        raise QueryError(
            f"unknown governorate {value!r}: give one of Syria's 14 governorates "
            "in Arabic or English, e.g. 'Aleppo' or 'حلب'",
            "governorate",
        )
    return found.id, found.name_en


def _family_like(f: UnitFeatures) -> bool:
    lex = lexicon()
    return f.unit.article or bool(f.ids & lex.family and not f.ids & lex.given)


def _roles(name_text: str, units: tuple[UnitFeatures, ...]) -> tuple[str, ...]:
    """The role the parser gives each unit ("" when it gives none).

    A query that starts with a family name ("Al-Halabi Samih", "Khabbaz Mohammad") is read family
    first: the first unit carries the article or is a family name only, and the last is neither.
    """
    if len(units) >= 2 and _family_like(units[0]) and not _family_like(units[-1]):
        rest = ("given", "father", "grandfather")[: len(units) - 1]
        return ("family", *rest, *("",) * (len(units) - 1 - len(rest)))
    parsed = parse_name(name_text)
    by_text: dict[str, str] = {}
    for role in ("family", "grandfather", "father", "given"):
        unit = getattr(parsed, role)
        if unit is not None:
            by_text[unit.text] = role
    return tuple(by_text.get(f.unit.text, "") for f in units)
