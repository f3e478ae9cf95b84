"""The web workbench's additions to a case: proposals passed at the table or sent by the mediator, blind bids
and blind-bidding outcomes.

Revision ID: 0003
Revises: 0002
Create Date: 2025-06-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/tablework.py on the shared metadata (see 0002 for why it is imported).
import bargaining.storage.tablework  # noqa: F401

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "table_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("proposal_id", sa.String(128), nullable=False),
        sa.Column("party", sa.String(16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "party IN ('employer', 'union', 'mediator')", name="ck_table_proposals_party_known"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_table_proposals_case_id_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_table_proposals_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_table_proposals"),
        sa.UniqueConstraint("case_id", "proposal_id", name="uq_table_proposals_case_id_proposal_id"),
    )
    op.create_index("ix_table_proposals_case_id", "table_proposals", ["case_id"])
    op.create_table(
        "blind_bids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("party", sa.String(16), nullable=False),
        sa.Column("issue", sa.String(128), nullable=False),
        sa.Column("bids", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("party IN ('employer', 'union')", name="ck_blind_bids_party_side"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_blind_bids_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_blind_bids"),
    )
    op.create_index("ix_blind_bids_case_id", "blind_bids", ["case_id"])
    op.create_table(
        "blind_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("issue", sa.String(128), nullable=False),
        sa.Column("settled", sa.Boolean(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("settled_in", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_blind_results_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_blind_results"),
    )
    op.create_index("ix_blind_results_case_id", "blind_results", ["case_id"])


def downgrade() -> None:
    for table in ("blind_results", "blind_bids", "table_proposals"):
        op.drop_index(f"ix_{table}_case_id", table_name=table)
        op.drop_table(table)
