"""Where an inquiry can go from where it is.

open → candidates (the registry found someone) → confirmed (alive, released or deceased: a
caseworker is sure which person it is and what became of them) → family_informed. A confirmation
found wrong goes back to candidates; candidates all dismissed go back to open; an inquiry the
family withdraws (or whose consent ends) is closed, and may be reopened.
"""

from __future__ import annotations

from typing import Any

from athar.store.casework import INQUIRY_STATUSES, OUTCOMES

#: The moves from each status in the order the work goes: the next normal step first, the way
#: back after it, closing last (a form offers them in this order).
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "open": ("candidates", "closed"),
    "candidates": ("confirmed", "open", "closed"),
    "confirmed": ("family_informed", "candidates"),
    "family_informed": ("closed",),
    "closed": ("open",),
}
MOVES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in NEXT_STEPS.items()}


class IllegalMove(ValueError):
    """A status change the process does not allow. ``code`` names the rule for a user-worded
    message (``status_from``/``status_to``… in ``params``); the text is for logs and the CLI:
    ``unknown_status``, ``already``, ``not_allowed``, ``stale`` (the inquiry moved since the
    caller saw it), ``needs_outcome``, ``needs_person``, ``outcome_only_confirming``,
    ``not_candidate``."""

    def __init__(self, message: str, code: str = "", **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def check_move(
    current: str, to: str, outcome: str | None, person: str | None, expected: str | None = None
) -> None:
    """Raise ``IllegalMove`` naming what is wrong, or return when the move is allowed.
    ``expected`` is the status the caller saw (a form's): when the inquiry has moved since, the
    move is refused as stale rather than judged against a status the caller never saw."""
    if to not in INQUIRY_STATUSES:
        raise IllegalMove(
            f"unknown status {to!r}; one of {', '.join(INQUIRY_STATUSES)}", "unknown_status"
        )
    if expected and expected != current:
        raise IllegalMove(
            f"the inquiry is now {current!r}, no longer {expected!r}; reload it",
            "stale",
            current=current,
            expected=expected,
        )
    if to == current:
        raise IllegalMove(f"the inquiry is already {current!r}", "already", current=current)
    if to not in MOVES[current]:
        allowed = ", ".join(sorted(MOVES[current]))
        raise IllegalMove(
            f"an inquiry cannot go from {current!r} to {to!r} (from {current!r}: {allowed})",
            "not_allowed",
            current=current,
            to=to,
        )
    if to == "confirmed":
        if outcome not in OUTCOMES:
            raise IllegalMove(
                f"confirming needs an outcome: one of {', '.join(OUTCOMES)}", "needs_outcome"
            )
        if not person:
            raise IllegalMove(
                "confirming needs the person it confirms (a candidate's person id)",
                "needs_person",
            )
    elif outcome is not None:
        raise IllegalMove(
            f"an outcome is given only when confirming, not when moving to {to!r}",
            "outcome_only_confirming",
        )
