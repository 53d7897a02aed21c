"""Join the schema branches of accounts, casework and evidence into one line again.

Revision ID: 0005_join
Revises: 0002_accounts, 0003_casework, 0004_evidence
"""

from __future__ import annotations

revision = "0005_join"
down_revision = ("0002_accounts", "0003_casework", "0004_evidence")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables."""


def downgrade() -> None:
    """Nothing to change."""
