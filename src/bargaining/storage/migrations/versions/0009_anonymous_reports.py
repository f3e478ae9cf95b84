"""Anyone may report a public comment (issue 15): a report's reporter may be no account.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/comments.py (see 0002 for why it is imported).
import bargaining.storage.comments  # noqa: F401

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("comment_reports") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # An anonymous report has no account to keep: it goes (the comment it named stays).
    op.execute("DELETE FROM comment_reports WHERE user_id IS NULL")
    with op.batch_alter_table("comment_reports") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
