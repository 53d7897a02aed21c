"""Who did what, when: web actions written to the store's event log.

Account changes are logged by the store itself in their own transaction; this helper adds what
only the web knows: sign-ins and their failures, sign-outs, and every view of a person. Other
sections call ``viewed(request, "person", person_id)`` on each page or API answer that shows a
person, and ``audit(request, kind, ...)`` for anything else they change. Each event is committed
before the answer leaves (``athar.store.audit_api``: one prepared INSERT, no ORM object).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from athar.store.audit_api import append_event
from athar.web.auth import principal, store_of


def audit(request: Request, kind: str, actor: str | None = None, **payload: Any) -> int:
    """Log ``kind`` with ``payload``, the path, client address and how the actor signed in.
    ``actor`` defaults to the signed-in user (``-`` for nobody)."""
    who = principal(request)
    entry: dict[str, Any] = {
        **payload,
        "path": request.url.path,
        "ip": request.client.host if request.client else "",
    }
    if who is not None:
        entry |= {"via": who.via, "role": who.user.role}
    name = actor or (who.name if who else "-")
    return append_event(store_of(request), kind, entry, name)


def viewed(request: Request, what: str, ident: str) -> int:
    """Log that the signed-in user looked at ``what`` (``person``, ``record``…) ``ident``."""
    return audit(request, f"{what}.view", id=ident)
