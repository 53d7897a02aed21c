"""The databases the store-level tests run on: SQLite always, PostgreSQL when
``ATHAR_TEST_POSTGRES_URL`` is set (``.ci/postgres.sh``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from athar.store.engine import normalize_url

PG_URL = os.environ.get("ATHAR_TEST_POSTGRES_URL", "")


def database_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: SQLite in ``tmp_path``, or a throw-away PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'athar.db'}"
        return
    if not PG_URL:
        pytest.skip("ATHAR_TEST_POSTGRES_URL is not set")
    base = normalize_url(PG_URL)
    schema = f"athar_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
