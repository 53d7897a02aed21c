"""Casework: review actions, families' inquiries (contact encrypted, apart), their candidates and
events; link runs get a kind ("linkage" or "review").

Triggers keep the casework history append-only like the core tables: nothing here is deleted;
review actions, contacts and inquiry events are never changed.

Revision ID: 0003_casework
Revises: 0001
Create Date: 2026-11-20
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0003_casework"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEVER_DELETED = (
    "review_actions",
    "inquiries",
    "inquiry_contacts",
    "inquiry_candidates",
    "inquiry_events",
)
NEVER_UPDATED = ("review_actions", "inquiry_contacts", "inquiry_events")


def _ts(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False)


def upgrade() -> None:
    op.add_column(
        "link_runs", sa.Column("kind", sa.Text(), nullable=False, server_default="linkage")
    )
    op.create_table(
        "review_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        _text("decision_ids_json"),
        _text("before_json"),
        _text("after_json"),
        _text("persons_json"),
        _text("reason"),
        _text("decided_by"),
        _ts("decided_at"),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_review_actions"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_runs.id"], name="fk_review_actions_run_id_link_runs"
        ),
        sa.ForeignKeyConstraint(
            ["undoes_id"], ["review_actions.id"], name="fk_review_actions_undoes_id_review_actions"
        ),
        sa.UniqueConstraint("undoes_id", name="uq_review_actions_undoes_id"),
        sa.CheckConstraint(
            "kind IN ('accept', 'reject', 'unsure', 'merge', 'split', 'undo')",
            name="ck_review_actions_kind",
        ),
    )
    op.create_table(
        "inquiries",
        sa.Column("id", sa.Integer(), primary_key=True),
        *(
            _text(name)
            for name in (
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
                "last_seen_place",
                "last_seen_date",
                "notes",
                "requester_name",
                "requester_relation",
            )
        ),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        _text("consent_date"),
        _text("consent_how"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=True),
        sa.Column("confirmed_person", sa.String(20), nullable=True),
        _text("assigned_to"),
        _text("created_by"),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_inquiries"),
        sa.CheckConstraint(
            "status IN ('open', 'candidates', 'confirmed', 'family_informed', 'closed')",
            name="ck_inquiries_status",
        ),
    )
    op.create_index("ix_inquiries_status", "inquiries", ["status"])
    op.create_index("ix_inquiries_assigned_to", "inquiries", ["assigned_to"])
    op.create_table(
        "inquiry_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("contact_encrypted", sa.LargeBinary(), nullable=False),
        _text("set_by"),
        _ts("set_at"),
        sa.PrimaryKeyConstraint("id", name="pk_inquiry_contacts"),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name="fk_inquiry_contacts_inquiry_id_inquiries"
        ),
    )
    op.create_index("ix_inquiry_contacts_inquiry_id", "inquiry_contacts", ["inquiry_id"])
    op.create_table(
        "inquiry_candidates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(20), nullable=True),
        _text("records_json"),
        sa.Column("score", sa.Float(), nullable=False),
        _text("why_json"),
        sa.Column("first_run_id", sa.Integer(), nullable=True),
        _ts("first_found_at"),
        sa.Column("state", sa.String(20), nullable=False),
        _text("state_by"),
        _ts("state_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inquiry_candidates"),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name="fk_inquiry_candidates_inquiry_id_inquiries"
        ),
        sa.ForeignKeyConstraint(
            ["first_run_id"],
            ["link_runs.id"],
            name="fk_inquiry_candidates_first_run_id_link_runs",
        ),
        sa.CheckConstraint(
            "state IN ('new', 'seen', 'dismissed')", name="ck_inquiry_candidates_state"
        ),
    )
    op.create_index("ix_inquiry_candidates_inquiry_id", "inquiry_candidates", ["inquiry_id"])
    op.create_index("ix_inquiry_candidates_state", "inquiry_candidates", ["state"])
    op.create_table(
        "inquiry_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        _text("kind"),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
        _text("reason"),
        _text("actor"),
        _ts("at"),
        sa.PrimaryKeyConstraint("id", name="pk_inquiry_events"),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name="fk_inquiry_events_inquiry_id_inquiries"
        ),
    )
    op.create_index("ix_inquiry_events_inquiry_id", "inquiry_events", ["inquiry_id"])
    _append_only_triggers()


def _append_only_triggers() -> None:
    """The same guards as 0001 (on PostgreSQL its ``athar_forbid()`` function)."""
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in NEVER_DELETED:
        if postgres:
            op.execute(
                f"CREATE TRIGGER athar_no_delete_{table} BEFORE DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
            )
            op.execute(
                f"CREATE TRIGGER athar_no_truncate_{table} BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION athar_forbid()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER athar_no_delete_{table} BEFORE DELETE ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'athar: DELETE on {table} is not allowed (append-only)'); "
                "END"
            )
    for table in NEVER_UPDATED:
        if postgres:
            op.execute(
                f"CREATE TRIGGER athar_no_update_{table} BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER athar_no_update_{table} BEFORE UPDATE ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'athar: UPDATE on {table} is not allowed (append-only)'); "
                "END"
            )


def downgrade() -> None:
    for table in reversed(NEVER_DELETED):
        op.drop_table(table)
    with op.batch_alter_table("link_runs") as batch:
        batch.drop_column("kind")
