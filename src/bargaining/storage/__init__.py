"""The workspace database: cases, proposals, the hash-chained event log and notes.

SQLite by default (a file, WAL mode), PostgreSQL by URL, both through SQLAlchemy 2 with Alembic
migrations shipped in this package. See docs/storage.md.
"""

from sqlalchemy import Engine

from bargaining.storage import accounts, demo, drafting, fairuse, identity, pending, simqueue, tablework
from bargaining.storage.ballots import (
    KINDS,
    THRESHOLDS,
    BallotRefused,
    ballot_for_credential,
    cast_vote,
    open_ballot,
    publish_results,
    receipt_counted,
    results,
)
from bargaining.storage.catalog import DatabaseError, Version, case_ids, case_list, case_version, user_names
from bargaining.storage.chain import ChainBreak, StoredEvent
from bargaining.storage.database import (
    DEFAULT_URL,
    ENV_VAR,
    current_revision,
    database_url,
    head_revision,
    migrate,
    open_database,
    request_connection,
    shown,
)
from bargaining.storage.errors import CaseRefused, StorageError
from bargaining.storage.eventlog import NewEvent, append_event, now, read_events
from bargaining.storage.links import link_number, public_head, record_head
from bargaining.storage.notes import Note, add_note, notes_for
from bargaining.storage.surveys import MIN_GROUP, priority_weights, survey_results, survey_weights
from bargaining.storage.transfer import (
    Exported,
    Imported,
    check_new_event,
    export_case,
    import_case,
    stored_case,
)
from bargaining.storage.verify import CaseCheck, verify
from bargaining.storage.visits import Visit, visit
from bargaining.storage.yamltext import event_as_yaml, yaml_item

__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "KINDS",
    "MIN_GROUP",
    "THRESHOLDS",
    "BallotRefused",
    "CaseCheck",
    "CaseRefused",
    "ChainBreak",
    "DatabaseError",
    "Engine",
    "Exported",
    "Imported",
    "NewEvent",
    "Note",
    "StorageError",
    "StoredEvent",
    "Version",
    "Visit",
    "accounts",
    "add_note",
    "append_event",
    "ballot_for_credential",
    "case_ids",
    "case_list",
    "case_version",
    "cast_vote",
    "check_new_event",
    "current_revision",
    "database_url",
    "demo",
    "drafting",
    "event_as_yaml",
    "export_case",
    "fairuse",
    "head_revision",
    "identity",
    "import_case",
    "link_number",
    "migrate",
    "notes_for",
    "now",
    "open_ballot",
    "open_database",
    "pending",
    "priority_weights",
    "public_head",
    "publish_results",
    "read_events",
    "receipt_counted",
    "record_head",
    "request_connection",
    "results",
    "shown",
    "simqueue",
    "stored_case",
    "survey_results",
    "survey_weights",
    "tablework",
    "user_names",
    "verify",
    "visit",
    "yaml_item",
]
