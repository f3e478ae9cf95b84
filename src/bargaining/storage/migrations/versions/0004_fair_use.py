"""State shared by the web workbench's processes: the site's secrets, the sign-in throttle and the queue of
simulation runs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/fairuse.py and storage/simqueue.py (see 0002 for why they are imported).
import bargaining.storage.fairuse
import bargaining.storage.simqueue  # noqa: F401

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "site_secrets",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_site_secrets"),
    )
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_last_failure", "login_failures", ["last_failure"])
    op.create_table(
        "simulation_runs",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("start_order", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heard_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_simulation_runs_case_id_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_simulation_runs_user_id_users"),
        sa.PrimaryKeyConstraint("seq", name="pk_simulation_runs"),
        sa.UniqueConstraint("token", name="uq_simulation_runs_token"),
    )
    op.create_index("ix_simulation_runs_case_id", "simulation_runs", ["case_id"])
    op.create_index("ix_simulation_runs_status", "simulation_runs", ["status"])


def downgrade() -> None:
    for index in ("ix_simulation_runs_case_id", "ix_simulation_runs_status"):
        op.drop_index(index, table_name="simulation_runs")
    op.drop_table("simulation_runs")
    op.drop_index("ix_login_failures_last_failure", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_table("site_secrets")
