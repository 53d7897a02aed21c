"""Evidence: witness identities (encrypted), facility events and their sources, attachments.

Every table here is append-only, on both databases: triggers refuse DELETE and UPDATE, so the
chain of custody (who added what, when, with which hash) cannot be rewritten.

Revision ID: 0004_evidence
Revises: 0001
Create Date: 2026-11-20
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004_evidence"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("witness_identities", "facility_events", "attachments", "facility_event_sources")


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "witness_identities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_pk", sa.Integer(), nullable=False),
        sa.Column("caseworker", sa.Text(), nullable=False),
        sa.Column("identity_encrypted", sa.LargeBinary(), nullable=False),
        _ts("added_at"),
        sa.PrimaryKeyConstraint("id", name="pk_witness_identities"),
        sa.ForeignKeyConstraint(
            ["record_pk"], ["records.id"], name="fk_witness_identities_record_pk_records"
        ),
        sa.UniqueConstraint("record_pk", name="uq_witness_identities_record_pk"),
    )
    op.create_table(
        "facility_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("facility_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("date", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
        _ts("added_at"),
        sa.PrimaryKeyConstraint("id", name="pk_facility_events"),
        sa.CheckConstraint(
            "kind IN ('liberation', 'battle', 'mass_execution', 'transfer', 'other')",
            name="ck_facility_events_kind",
        ),
    )
    op.create_index("ix_facility_events_facility_id", "facility_events", ["facility_id"])
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("mime_type", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("shows_dead", sa.Boolean(), nullable=False),
        sa.Column("record_pk", sa.Integer(), nullable=True),
        sa.Column("facility_id", sa.Text(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        _ts("captured_at", nullable=True),
        _ts("added_at"),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
        sa.ForeignKeyConstraint(
            ["record_pk"], ["records.id"], name="fk_attachments_record_pk_records"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["facility_events.id"], name="fk_attachments_event_id_facility_events"
        ),
        sa.CheckConstraint(
            "(CASE WHEN record_pk IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN facility_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_attachments_one_target",
        ),
        sa.CheckConstraint("length(sha256) = 64", name="ck_attachments_sha256"),
    )
    for column in ("sha256", "record_pk", "facility_id", "event_id"):
        op.create_index(f"ix_attachments_{column}", "attachments", [column])
    op.create_table(
        "facility_event_sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        _ts("captured_at", nullable=True),
        sa.Column("added_by", sa.Text(), nullable=False),
        _ts("added_at"),
        sa.PrimaryKeyConstraint("id", name="pk_facility_event_sources"),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["facility_events.id"],
            name="fk_facility_event_sources_event_id_facility_events",
        ),
        sa.CheckConstraint(
            "url IS NOT NULL OR sha256 IS NOT NULL", name="ck_facility_event_sources_url_or_file"
        ),
        sa.UniqueConstraint(
            "event_id", "url", "sha256", name="uq_facility_event_sources_event_id_url_sha256"
        ),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        for what in ("DELETE", "UPDATE"):
            name = f"athar_no_{what.lower()}_{table}"
            if postgres:
                # athar_forbid() comes with revision 0001
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {what} ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {what} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'athar: {what} on {table} is not allowed "
                    "(append-only)'); END"
                )
        if postgres:
            op.execute(
                f"CREATE TRIGGER athar_no_truncate_{table} BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION athar_forbid()"
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)  # its triggers go with it
