"""The workspace database: tables as SQLAlchemy Core metadata.

The migrations in ``storage/migrations`` create exactly these tables (a test compares them); change both
together by adding a migration, never by editing an old one.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from bargaining.model import NOTE_AUTHORS

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

VISIBILITIES = ("private", "mediator", "public")
PARTIES = NOTE_AUTHORS  # who may write a note (model.actors)

cases = Table(
    "cases",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("jurisdiction", String(64), nullable=False),
    # sha256 over the case files: the first link of the event chain, so altered files break it too.
    Column("anchor_hash", String(64), nullable=False),
    # Events 1..imported_events came from the imported case.yaml; later ones were recorded here.
    Column("imported_events", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

# The case folder byte for byte, so that export gives back exactly what was imported.
case_files = Table(
    "case_files",
    metadata,
    Column("case_id", String(64), ForeignKey("cases.id"), primary_key=True),
    Column("path", String(512), primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
)

# An index of the proposals in the case files, for queries; the files remain authoritative.
proposals = Table(
    "proposals",
    metadata,
    Column("case_id", String(64), ForeignKey("cases.id"), primary_key=True),
    Column("proposal_id", String(128), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("party", String(32), nullable=False),
    Column("date", Date, nullable=False),
    Column("answers", String(128), nullable=True),
    Column("title", Text, nullable=True),
    Column("body", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("case_id", String(64), ForeignKey("cases.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("type", String(64), nullable=False),
    Column("date", Date, nullable=False),
    Column("payload", Text, nullable=False),
    Column("supersedes", Integer, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("seq >= 1", name="seq_positive"),
    CheckConstraint(
        "supersedes IS NULL OR (supersedes >= 1 AND supersedes < seq)", name="supersedes_earlier"
    ),
    Index(None, "case_id", "date"),
)

# Placeholder for the web workbench: who may sign in, and for which side.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("party", String(32), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", String(64), ForeignKey("cases.id"), nullable=False, index=True),
    Column("author", String(32), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("visibility", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("visibility IN ('private', 'mediator', 'public')", name="visibility_known"),
    CheckConstraint("author IN ('employer', 'union', 'mediator', 'factfinder')", name="author_party"),
)

# The record's chain over every row a page or an export shows (storage/links.py): one link per row, in the
# order the rows were written, each holding the sha256 of every column of its row and the link before.
record_links = Table(
    "record_links",
    metadata,
    Column("case_id", String(64), ForeignKey("cases.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("table_name", String(64), nullable=False),
    Column("row_key", String(128), nullable=False),
    Column("cells", Text, nullable=False),  # JSON: column name -> sha256 of its canonical value
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    CheckConstraint("seq >= 1", name="seq_positive"),
)

# Rows of these tables are never updated or deleted: triggers refuse it on SQLite and PostgreSQL (0001 for
# the first two, 0005 for the rest).
APPEND_ONLY = ("events", "case_files")
RECORD_GUARDED = (
    "cases",
    "proposals",
    "notes",
    "table_proposals",
    "blind_bids",
    "blind_results",
    "record_links",
)
