"""Store methods for the registry's headline counts, mixed into ``Store``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, func, select

from athar.store.models import Membership, Source


class CountsMixin:
    if TYPE_CHECKING:
        _engine: Engine

    def count_persons(self) -> int:
        """Persons that hold at least one record now."""
        with self._engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count(func.distinct(Membership.person_id))).where(
                        Membership.ended_run_id.is_(None)
                    )
                ).scalar_one()
            )

    def count_sources(self) -> int:
        """Source names (each counted once, whatever its number of versions)."""
        with self._engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(Source).where(Source.current)
                ).scalar_one()
            )
