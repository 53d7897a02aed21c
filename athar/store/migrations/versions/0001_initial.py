"""The first schema: sources and their versions, records, links, persons, decisions, events.

Triggers make the append-only rules hold for anything that connects, not only for Athar's code:
records, sources, persons, decisions and events are never deleted; decisions, events and record
identities are never changed; a record row's content is never changed (its derived
``features_json`` may be).

Revision ID: 0001
Revises:
Create Date: 2026-11-02
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEVER_DELETED = ("sources", "records", "record_rows", "persons", "decisions", "events")
NEVER_UPDATED = ("records", "decisions", "events")
TEXT_FIELDS = (
    "full_name",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_date",
    "birth_place",
    "governorate",
    "national_id",
    "facility",
    "detainee_number",
    "event_date",
    "status",
    "notes",
)
NORMALIZED = (
    "birth_date_norm",
    "event_date_norm",
    "status_norm",
    "facility_id",
    "birth_place_id",
    "governorate_id",
    "detainee_number_norm",
    "national_id_norm",
    "sex_norm",
)
RECORD_ROW_CONTENT = (
    "record_pk",
    "source_id",
    "row_number",
    "sheet",
    "record_id",
    "source_kind",
    *TEXT_FIELDS,
    *NORMALIZED,
    "raw_json",
)


def _id(big: bool = False) -> sa.Column[int]:
    kind = sa.BigInteger().with_variant(sa.Integer(), "sqlite") if big else sa.Integer()
    return sa.Column("id", kind, primary_key=True)


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "sources",
        _id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_hash", sa.Text(), nullable=False),
        _ts("imported_at"),
        sa.Column("imported_by", sa.Text(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("name", "version", name="uq_sources_name_version"),
        sa.UniqueConstraint("name", "file_hash", name="uq_sources_name_file_hash"),
    )
    op.create_index(
        "uq_sources_current_name",
        "sources",
        ["name"],
        unique=True,
        sqlite_where=sa.text("current"),
        postgresql_where=sa.text("current"),
    )
    op.create_table(
        "records",
        _id(),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("record_id", sa.Text(), nullable=False),
        sa.Column("first_source_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_records"),
        sa.ForeignKeyConstraint(
            ["first_source_id"], ["sources.id"], name="fk_records_first_source_id_sources"
        ),
        sa.UniqueConstraint("source_name", "record_id", name="uq_records_source_name_record_id"),
    )
    op.create_table(
        "record_rows",
        _id(big=True),
        sa.Column("record_pk", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("sheet", sa.Text(), nullable=False),
        sa.Column("record_id", sa.Text(), nullable=False),
        sa.Column("source_kind", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in (*TEXT_FIELDS, *NORMALIZED)),
        sa.Column("raw_json", sa.Text(), nullable=False),
        sa.Column("features_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_record_rows"),
        sa.ForeignKeyConstraint(
            ["record_pk"], ["records.id"], name="fk_record_rows_record_pk_records"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_record_rows_source_id_sources"
        ),
        sa.UniqueConstraint("source_id", "record_pk", name="uq_record_rows_source_id_record_pk"),
    )
    op.create_index("ix_record_rows_record_pk", "record_rows", ["record_pk"])
    op.create_table(
        "link_runs",
        _id(),
        _ts("started_at"),
        _ts("finished_at", nullable=True),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("settings_json", sa.Text(), nullable=False),
        sa.Column("stats_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_runs"),
    )
    op.create_table(
        "links",
        _id(big=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("a", sa.Integer(), nullable=False),
        sa.Column("b", sa.Integer(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("explanation_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_links"),
        sa.ForeignKeyConstraint(["run_id"], ["link_runs.id"], name="fk_links_run_id_link_runs"),
        sa.ForeignKeyConstraint(["a"], ["records.id"], name="fk_links_a_records"),
        sa.ForeignKeyConstraint(["b"], ["records.id"], name="fk_links_b_records"),
        sa.UniqueConstraint("run_id", "a", "b", name="uq_links_run_id_a_b"),
        sa.CheckConstraint("a < b", name="ck_links_ordered"),
    )
    op.create_index("ix_links_a", "links", ["a"])
    op.create_index("ix_links_b", "links", ["b"])
    op.create_table(
        "persons",
        sa.Column("id", sa.String(20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _ts("created_at"),
        sa.Column("created_run_id", sa.Integer(), nullable=True),
        _ts("retired_at", nullable=True),
        sa.Column("retired_run_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_persons"),
        sa.ForeignKeyConstraint(
            ["created_run_id"], ["link_runs.id"], name="fk_persons_created_run_id_link_runs"
        ),
        sa.ForeignKeyConstraint(
            ["retired_run_id"], ["link_runs.id"], name="fk_persons_retired_run_id_link_runs"
        ),
        sa.UniqueConstraint("seq", name="uq_persons_seq"),
    )
    op.create_table(
        "memberships",
        _id(big=True),
        sa.Column("record_pk", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(20), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("ended_run_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
        sa.ForeignKeyConstraint(
            ["record_pk"], ["records.id"], name="fk_memberships_record_pk_records"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name="fk_memberships_person_id_persons"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_runs.id"], name="fk_memberships_run_id_link_runs"
        ),
        sa.ForeignKeyConstraint(
            ["ended_run_id"], ["link_runs.id"], name="fk_memberships_ended_run_id_link_runs"
        ),
    )
    op.create_index(
        "uq_memberships_current_record",
        "memberships",
        ["record_pk"],
        unique=True,
        sqlite_where=sa.text("ended_run_id IS NULL"),
        postgresql_where=sa.text("ended_run_id IS NULL"),
    )
    op.create_index(
        "ix_memberships_person_id_ended_run_id", "memberships", ["person_id", "ended_run_id"]
    )
    op.create_table(
        "decisions",
        _id(),
        sa.Column("a", sa.Integer(), nullable=False),
        sa.Column("b", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Text(), nullable=False),
        _ts("decided_at"),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
        sa.ForeignKeyConstraint(["a"], ["records.id"], name="fk_decisions_a_records"),
        sa.ForeignKeyConstraint(["b"], ["records.id"], name="fk_decisions_b_records"),
        sa.ForeignKeyConstraint(
            ["undoes_id"], ["decisions.id"], name="fk_decisions_undoes_id_decisions"
        ),
        sa.UniqueConstraint("undoes_id", name="uq_decisions_undoes_id"),
        sa.CheckConstraint("a < b", name="ck_decisions_ordered"),
        sa.CheckConstraint(
            "verdict IN ('same', 'different', 'unsure', 'undo')", name="ck_decisions_verdict"
        ),
    )
    op.create_index("ix_decisions_a_b", "decisions", ["a", "b"])
    op.create_index("ix_decisions_b", "decisions", ["b"])
    op.create_table(
        "events",
        _id(big=True),
        _ts("at"),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_kind", "events", ["kind"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    content = ", ".join(RECORD_ROW_CONTENT)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION athar_forbid() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'athar: % on % is not allowed (append-only)', TG_OP, TG_TABLE_NAME; "
            "END $$"
        )
        for table in NEVER_DELETED:
            op.execute(
                f"CREATE TRIGGER athar_no_delete_{table} BEFORE DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
            )
            op.execute(
                f"CREATE TRIGGER athar_no_truncate_{table} BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION athar_forbid()"
            )
        for table in NEVER_UPDATED:
            op.execute(
                f"CREATE TRIGGER athar_no_update_{table} BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
            )
        op.execute(
            f"CREATE TRIGGER athar_no_update_record_rows BEFORE UPDATE OF {content} "
            "ON record_rows FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
        )
        return
    for table in NEVER_DELETED:
        op.execute(
            f"CREATE TRIGGER athar_no_delete_{table} BEFORE DELETE ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'athar: DELETE on {table} is not allowed (append-only)'); END"
        )
    for table in NEVER_UPDATED:
        op.execute(
            f"CREATE TRIGGER athar_no_update_{table} BEFORE UPDATE ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'athar: UPDATE on {table} is not allowed (append-only)'); END"
        )
    op.execute(
        f"CREATE TRIGGER athar_no_update_record_rows BEFORE UPDATE OF {content} ON record_rows "
        "BEGIN SELECT RAISE(ABORT, 'athar: UPDATE on record_rows is not allowed (append-only)'); "
        "END"
    )


def downgrade() -> None:
    for table in (
        "events",
        "decisions",
        "memberships",
        "persons",
        "links",
        "link_runs",
        "record_rows",
        "records",
        "sources",
    ):
        op.drop_table(table)  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION athar_forbid()")
