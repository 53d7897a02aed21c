"""A record's place of residence (address) as written, and the gazetteer place it names.

Both columns are record content, so they join the append-only rule: a trigger of their own
refuses an UPDATE of them, as 0001's trigger does for the older columns.

Revision ID: 0006_residence
Revises: 0005_join
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_residence"
down_revision = "0005_join"
branch_labels = None
depends_on = None

COLUMNS = ("residence", "residence_id")
TRIGGER = "athar_no_update_record_rows_residence"


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("record_rows", sa.Column(name, sa.Text(), nullable=False, server_default=""))
    content = ", ".join(COLUMNS)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OF {content} ON record_rows "
            "FOR EACH ROW EXECUTE FUNCTION athar_forbid()"
        )
        return
    op.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OF {content} ON record_rows "
        "BEGIN SELECT RAISE(ABORT, 'athar: UPDATE on record_rows is not allowed (append-only)'); "
        "END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {TRIGGER} ON record_rows")
    else:
        op.execute(f"DROP TRIGGER {TRIGGER}")
    for name in reversed(COLUMNS):
        op.drop_column("record_rows", name)
