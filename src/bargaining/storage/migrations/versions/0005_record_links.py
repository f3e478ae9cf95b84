"""A record with no gaps: the record's chain over every row a page or an export shows, and append-only
guards on every such table (issue 10, S4 and S5).

Existing rows are chained as they stand, in a deterministic order (links.chain_existing): run
``bargain verify`` before upgrading, since whatever was altered before this revision is chained as it is.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bargaining.storage.tablework  # noqa: F401  (see 0002 for why)
from bargaining.storage.links import chain_existing

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

# Frozen here as this revision made them (schema.RECORD_GUARDED may grow in later revisions).
_GUARDED = ("cases", "proposals", "notes", "table_proposals", "blind_bids", "blind_results", "record_links")
_REFUSAL = "%s is append-only: the record keeps every row; add a new one instead"


def upgrade() -> None:
    op.create_table(
        "record_links",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("row_key", sa.String(128), nullable=False),
        sa.Column("cells", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("seq >= 1", name="ck_record_links_seq_positive"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_record_links_case_id_cases"),
        sa.PrimaryKeyConstraint("case_id", "seq", name="pk_record_links"),
    )
    chain_existing(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bargaining_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSAL.replace('%s', '%')}', TG_TABLE_NAME; END $$"
        )
        for table in _GUARDED:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION bargaining_record_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bargaining_record_append_only()"
            )
    else:
        for table in _GUARDED:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL % table}'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _GUARDED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bargaining_record_append_only()")
    else:
        for table in _GUARDED:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    op.drop_table("record_links")
