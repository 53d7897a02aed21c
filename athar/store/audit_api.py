"""The audit trail's write path: one event per audited request, as cheaply as it can be durable.

Every search and every view of a person is audited (who, what, when), so this INSERT runs once
per request. It is the same row ``Store.log_event`` writes, through a statement built once
(SQLAlchemy's compiled cache then skips building and compiling it again): no ORM object, one
short write transaction, committed before the answer goes out — an event is never held in
memory where a crash could lose it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert

from athar.store.api import Store, dumps
from athar.store.models import Event, utcnow

_INSERT = insert(Event).returning(Event.id)


def append_event(store: Store, kind: str, payload: Mapping[str, Any], actor: str) -> int:
    """Write one event to the log in its own transaction; its id."""
    row = {"at": utcnow(), "actor": actor, "kind": kind, "payload_json": dumps(dict(payload))}
    with store._write() as conn:
        return int(conn.execute(_INSERT, row).scalar_one())
