"""Where an inquiry can go from where it is.

open → candidates (the registry found someone) → confirmed (alive, released or deceased: a
caseworker is sure which person it is and what became of them) → family_informed. A confirmation
found wrong goes back to candidates; candidates all dismissed go back to open; an inquiry the
family withdraws (or whose consent ends) is closed, and may be reopened.
"""

from __future__ import annotations

from athar.store.casework import INQUIRY_STATUSES, OUTCOMES

MOVES: dict[str, frozenset[str]] = {
    "open": frozenset({"candidates", "closed"}),
    "candidates": frozenset({"open", "confirmed", "closed"}),
    "confirmed": frozenset({"family_informed", "candidates"}),
    "family_informed": frozenset({"closed"}),
    "closed": frozenset({"open"}),
}


class IllegalMove(ValueError):
    """A status change the process does not allow."""


def check_move(current: str, to: str, outcome: str | None, person: str | None) -> None:
    """Raise ``IllegalMove`` naming what is wrong, or return when the move is allowed."""
    if to not in INQUIRY_STATUSES:
        raise IllegalMove(f"unknown status {to!r}; one of {', '.join(INQUIRY_STATUSES)}")
    if to == current:
        raise IllegalMove(f"the inquiry is already {current!r}")
    if to not in MOVES[current]:
        allowed = ", ".join(sorted(MOVES[current]))
        raise IllegalMove(
            f"an inquiry cannot go from {current!r} to {to!r} (from {current!r}: {allowed})"
        )
    if to == "confirmed":
        if outcome not in OUTCOMES:
            raise IllegalMove(f"confirming needs an outcome: one of {', '.join(OUTCOMES)}")
        if not person:
            raise IllegalMove("confirming needs the person it confirms (a candidate's person id)")
    elif outcome is not None:
        raise IllegalMove(f"an outcome is given only when confirming, not when moving to {to!r}")
