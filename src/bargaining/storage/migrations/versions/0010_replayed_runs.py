"""A simulation run started on a replayed day (issue 15) keeps that day: it runs the case as it stood then.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The table is declared in storage/simqueue.py (see 0002 for why it is imported).
import bargaining.storage.simqueue  # noqa: F401

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("simulation_runs") as batch:
        batch.add_column(sa.Column("as_of", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("simulation_runs") as batch:
        batch.drop_column("as_of")
