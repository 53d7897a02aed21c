"""Join the schema branches of import jobs and residence into one line again.

Revision ID: 0007_join
Revises: 0006_jobs, 0006_residence
"""

from __future__ import annotations

revision = "0007_join"
down_revision = ("0006_jobs", "0006_residence")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to change."""
