"""Steps waiting for the other side's confirmation (storage/pending.py).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The table is declared in storage/pending.py on the shared metadata (see 0002 for why it is imported).
import bargaining.storage.pending  # noqa: F401

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "pending_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("supersedes", sa.Integer(), nullable=True),
        sa.Column("asked_by", sa.String(16), nullable=False),
        sa.Column("confirm_by", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("event_seq", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "asked_by IN ('employer', 'union', 'mediator')", name="ck_pending_steps_asked_by_known"
        ),
        sa.CheckConstraint(
            "confirm_by IN ('employer', 'union', 'mediator')", name="ck_pending_steps_confirm_by_known"
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'declined')", name="ck_pending_steps_status_known"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_pending_steps_case_id_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_pending_steps_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_pending_steps"),
    )
    op.create_index("ix_pending_steps_case_id", "pending_steps", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_pending_steps_case_id", table_name="pending_steps")
    op.drop_table("pending_steps")
