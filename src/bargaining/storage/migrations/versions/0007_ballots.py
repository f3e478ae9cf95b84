"""The members' secret ballots: ballots, credential hashes, per-choice counters and receipt hashes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/ballots.py (see 0002 for why it is imported).
import bargaining.storage.ballots  # noqa: F401

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("threshold", sa.String(16), nullable=True),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.CheckConstraint("eligible >= 1", name="ck_ballots_eligible_positive"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_ballots_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_ballots"),
    )
    op.create_index("ix_ballots_case_id", "ballots", ["case_id"])
    op.create_table(
        "ballot_credentials",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.id"], name="fk_ballot_credentials_ballot_id_ballots"
        ),
        sa.PrimaryKeyConstraint("hash", name="pk_ballot_credentials"),
    )
    op.create_index("ix_ballot_credentials_ballot_id", "ballot_credentials", ["ballot_id"])
    op.create_table(
        "ballot_counts",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ballot_id"], ["ballots.id"], name="fk_ballot_counts_ballot_id_ballots"),
        sa.PrimaryKeyConstraint("ballot_id", "choice", name="pk_ballot_counts"),
    )
    op.create_table(
        "ballot_receipts",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ballot_id"], ["ballots.id"], name="fk_ballot_receipts_ballot_id_ballots"),
        sa.PrimaryKeyConstraint("hash", name="pk_ballot_receipts"),
    )
    op.create_index("ix_ballot_receipts_ballot_id", "ballot_receipts", ["ballot_id"])


def downgrade() -> None:
    op.drop_index("ix_ballot_receipts_ballot_id", table_name="ballot_receipts")
    op.drop_table("ballot_receipts")
    op.drop_table("ballot_counts")
    op.drop_index("ix_ballot_credentials_ballot_id", table_name="ballot_credentials")
    op.drop_table("ballot_credentials")
    op.drop_index("ix_ballots_case_id", table_name="ballots")
    op.drop_table("ballots")
