"""A survey's groups: the list of groups on the ballot and one counter per (group, choice).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/ballots.py (see 0002 for why it is imported).
import bargaining.storage.ballots  # noqa: F401

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("ballots") as batch:
        batch.add_column(sa.Column("groups", sa.Text(), nullable=True))
    op.create_table(
        "ballot_group_counts",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("group_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("choice", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.id"], name="fk_ballot_group_counts_ballot_id_ballots"
        ),
        sa.PrimaryKeyConstraint("ballot_id", "group_index", "choice", name="pk_ballot_group_counts"),
    )


def downgrade() -> None:
    op.drop_table("ballot_group_counts")
    with op.batch_alter_table("ballots") as batch:
        batch.drop_column("groups")
