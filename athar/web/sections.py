"""How a part of Athar plugs into the web app: a ``Section`` is a router plus its nav links.

A router module in ``routers/`` ends with ``section = Section(...)`` and is listed once in
``app.SECTIONS``. Who may see a link is not repeated here: the app reads it from the ``require``
dependency of the page the link points to, so the nav and the route can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import APIRouter, Request


def N_(message: str) -> str:
    """Mark a message for the catalogue; translated later, where the language is known."""
    return message


@dataclass(frozen=True)
class NavLink:
    path: str
    #: English msgid, translated in the layout.
    label: str
    #: Lower comes first.
    order: int = 100
    #: A count shown beside the label (e.g. new alerts) for this request; 0 shows nothing.
    badge: Callable[[Request], int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Section:
    name: str
    router: APIRouter
    nav: tuple[NavLink, ...] = field(default_factory=tuple)
