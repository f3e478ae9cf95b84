"""Accounts of the web workbench: credentials, grants, sessions, drafts, shares, comments and reports.

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# The tables are declared in storage/accounts.py on the shared metadata; importing it here keeps that
# metadata complete wherever the migrations are (the test comparing migrations and metadata relies on it).
import bargaining.storage.accounts  # noqa: F401

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("site_admin", sa.Boolean(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_credentials_user_id_users"),
        sa.PrimaryKeyConstraint("user_id", name="pk_credentials"),
    )
    op.create_table(
        "grants",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.CheckConstraint(
            "role IN ('employer', 'union', 'mediator', 'observer', 'admin')", name="ck_grants_role_known"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_grants_user_id_users"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_grants_case_id_cases"),
        sa.PrimaryKeyConstraint("user_id", "case_id", name="pk_grants"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_web_sessions_user_id_users"),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("party", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("shared_with_mediator", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("party IN ('employer', 'union')", name="ck_drafts_party_side"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_drafts_case_id_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_drafts_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_drafts"),
    )
    op.create_index("ix_drafts_case_id", "drafts", ["case_id"])
    op.create_table(
        "shares",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("party", sa.String(16), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_shares_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", "party", "item", name="pk_shares"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("proposal_id", sa.String(128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_comments_case_id_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_comments_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index("ix_comments_case_id", "comments", ["case_id"])
    op.create_table(
        "comment_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name="fk_comment_reports_comment_id_comments"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_comment_reports_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_comment_reports"),
    )
    op.create_index("ix_comment_reports_comment_id", "comment_reports", ["comment_id"])


def downgrade() -> None:
    for table in ("comment_reports", "comments", "shares", "drafts", "web_sessions", "grants", "credentials"):
        op.drop_table(table)
