"""A draft names the bargaining unit it is for, in a case of several units (issue 12).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/accounts.py (see 0002 for why it is imported).
import bargaining.storage.accounts  # noqa: F401

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("unit", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("unit")
