"""Dates as the field writes them, to ISO text that keeps only the precision given.

Syrian documents write the day first (25/10/1999), often in Eastern Arabic digits (٢٥/١٠/١٩٩٩),
and families often remember only a month or a year. A date that cannot exist (31/02/1990, month
13) or cannot be read without guessing (a two-digit year) is a problem to report, never a guess.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from functools import lru_cache

from athar.ingest.messages import say
from athar.ingest.values import is_placeholder, tidy
from athar.names.normalize import clean

MIN_YEAR = 1900
MAX_YEAR = 2100
NOT_A_DATE = say("not a date")
#: Month names in problems ("February 1990 has no day 31"), each translated on a page.
MONTH_NAMES = (
    say("January"),
    say("February"),
    say("March"),
    say("April"),
    say("May"),
    say("June"),
    say("July"),
    say("August"),
    say("September"),
    say("October"),
    say("November"),
    say("December"),
)

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني", "يناير", "january", "jan", "janvier", "janv"),
    2: ("شباط", "فبراير", "february", "feb", "février", "fevrier", "févr", "fevr"),
    3: ("آذار", "مارس", "march", "mar", "mars"),
    4: ("نيسان", "أبريل", "إبريل", "ابريل", "april", "apr", "avril", "avr"),
    5: ("أيار", "مايو", "may", "mai"),
    6: ("حزيران", "يونيو", "يونيه", "june", "jun", "juin"),
    7: ("تموز", "يوليو", "يوليه", "july", "jul", "juillet", "juil"),
    8: ("آب", "أغسطس", "اغسطس", "august", "aug", "août", "aout"),
    9: ("أيلول", "سبتمبر", "september", "sep", "sept", "septembre"),
    10: ("تشرين الأول", "تشرين أول", "أكتوبر", "اكتوبر", "october", "oct", "octobre"),
    11: ("تشرين الثاني", "تشرين ثاني", "نوفمبر", "november", "nov", "novembre"),
    12: ("كانون الأول", "كانون أول", "ديسمبر", "december", "dec", "décembre", "decembre", "déc"),
}
_MONTH_INDEX = {clean(name): month for month, names in _MONTHS.items() for name in names}
_MONTH_RE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _MONTH_INDEX), key=len, reverse=True)) + r")(?!\w)"
)
# Words around a date that say nothing about it: "1985م", "عام 1985", "سنة ١٩٨٥".
_ERA_WORDS = re.compile(r"(?<!\w)(م|ميلادي|ميلاديه|عام|سنه|مواليد|تولد|ad)(?!\w)")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)


def _iso(year: int, month: int = 0, day: int = 0) -> tuple[str, str]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return "", say("year %(year)s is not plausible", year=year)
    if not month:
        return (f"{year:04d}", "") if not day else ("", say("a day without a month"))
    if not 1 <= month <= 12:
        return "", say("there is no month %(month)s", month=month)
    if not day:
        return f"{year:04d}-{month:02d}", ""
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return "", say(
            "%(month)s %(year)s has no day %(day)s",
            month=MONTH_NAMES[month - 1],
            year=year,
            day=day,
        )
    return f"{year:04d}-{month:02d}-{day:02d}", ""


def _from_groups(groups: list[str], month_first: bool = False) -> tuple[str, str]:
    sizes = [len(g) for g in groups]
    values = [int(g) for g in groups]
    if sizes == [4]:
        return _iso(values[0])
    if len(groups) == 2:
        if sizes[0] == 4 and sizes[1] <= 2:
            return _iso(values[0], values[1])
        if sizes[0] <= 2 and sizes[1] == 4:
            return _iso(values[1], values[0])
    if len(groups) == 3 and max(sizes[:2]) <= 2 and sizes[2] == 4:
        if month_first:  # a file that writes MM/DD/YYYY throughout (``date_order``)
            return _iso(values[2], values[0], values[1])
        return _iso(values[2], values[1], values[0])  # day first, as Syrian documents write
    if len(groups) == 3 and sizes[0] == 4 and max(sizes[1:]) <= 2:
        return _iso(values[0], values[1], values[2])
    if len(groups) == 3 and sizes[2] == 2 and max(sizes[:2]) <= 2:
        return "", say("two-digit year; write the year in full")
    if len(groups) == 2 and max(sizes) <= 2:
        return "", say("day and month without a year, or a two-digit year")
    return "", NOT_A_DATE


def _with_month_name(text: str) -> tuple[str, str] | None:
    found = _MONTH_RE.findall(text)
    if len(found) != 1:
        return None
    month = _MONTH_INDEX[found[0]]
    groups = _MONTH_RE.sub(" ", text).split()
    if not all(g.isdigit() for g in groups):
        return "", NOT_A_DATE
    years = [g for g in groups if len(g) == 4]
    days = [g for g in groups if len(g) <= 2]
    if len(years) != 1 or len(days) > 1 or len(groups) != len(years) + len(days):
        return "", NOT_A_DATE if years else say("a month without a four-digit year")
    return _iso(int(years[0]), month, int(days[0]) if days else 0)


@lru_cache(maxsize=65536)
def parse_date(text: str, month_first: bool = False) -> tuple[str, str]:
    """``(iso, problem)``: "1999-10-25", "1999-10" or "1999", or "" and why it is not a date.

    ``month_first`` reads NN/NN/YYYY as month, day, year: only for a column ``date_order`` found
    written so; the day comes first otherwise.

    Reads YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY, DD-MM-YYYY, DD.MM.YYYY, YYYY/MM/DD, YYYY-MM,
    MM/YYYY, YYYY, month names (14 آذار 1985, March 1985, 14 mars 1985), Western or Eastern
    digits, with or without a time or a "م". "00" for an unknown day or month keeps the year.
    Empty text and placeholders ("?", "غير معروف") are unknown: ``("", "")``.
    """
    words = _words(text)
    if words is None:
        return "", ""
    named = _with_month_name(words)
    if named is not None:
        return named
    groups = words.split()
    if not groups or not all(g.isdigit() for g in groups):
        return "", NOT_A_DATE
    if len(groups) == 3 and int(groups[0]) == 0 and len(groups[2]) == 4:
        # 00/00/1985 or 00/03/1985: a register's way of writing an unknown day (and month)
        groups = groups[2:] if int(groups[1]) == 0 else groups[1:]
    return _from_groups(groups, month_first)


def _words(text: str) -> str | None:
    """A date's words as ``parse_date`` reads them (separators to spaces, no time, no era
    word), or None for empty text and placeholders."""
    raw = tidy(text)
    if not raw or is_placeholder(raw):
        return None
    return _ERA_WORDS.sub(" ", clean(_TIME.sub("", raw))).strip()


def _day_month(text: str) -> tuple[int, int] | None:
    """The two leading numbers of a NN/NN/YYYY date, or None for any other shape."""
    groups = (_words(text) or "").split()
    if len(groups) != 3 or not all(g.isdigit() for g in groups) or len(groups[2]) != 4:
        return None
    if max(len(groups[0]), len(groups[1])) > 2:
        return None
    return int(groups[0]), int(groups[1])


#: Dates that can only be month first, with none that can only be day first, before a column
#: is read month first: one slip (03/25/1999 in a day-first list) must not turn a column.
MONTH_FIRST_EVIDENCE = 2


def date_order(values: Iterable[str]) -> tuple[bool, int]:
    """Whether a column of dates is written month first (MM/DD/YYYY, as in lists written in the
    United States), and on how many dates that rests: some read only that way (a second number
    above 12) and none only day first (a first number above 12). Day first otherwise."""
    month_only = day_only = 0
    for text in values:
        pair = _day_month(text)
        if pair is None:
            continue
        first, second = pair
        if first > 12 >= second >= 1:
            day_only += 1
        elif second > 12 >= first >= 1:
            month_only += 1
    return (month_only >= MONTH_FIRST_EVIDENCE and not day_only), month_only
