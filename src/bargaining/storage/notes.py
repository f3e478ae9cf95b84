"""Users' notes on a case, each visible to its author's side, to the mediator as well, or to everyone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Engine, or_, select

from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.eventlog import now, utc
from bargaining.storage.links import insert_linked
from bargaining.storage.schema import PARTIES, VISIBILITIES, notes

Visibility = Literal["private", "mediator", "public"]


@dataclass(frozen=True)
class Note:
    id: int
    case_id: str
    author: str
    visibility: str
    text: str
    created_at: dt.datetime


def add_note(engine: Engine, case_id: str, author: str, visibility: Visibility, text: str) -> Note:
    """Store a note by ``author`` (a party: employer, union, mediator, factfinder)."""
    if author not in PARTIES:
        raise StorageError(f"author {author!r} is not a party ({', '.join(PARTIES)})")
    if visibility not in VISIBILITIES:
        raise StorageError(f"visibility {visibility!r} is not one of {', '.join(VISIBILITIES)}")
    created = now()
    with write_transaction(engine) as connection:
        # A note is part of the record (the public page shows public ones): append-only and linked.
        note_id = insert_linked(
            connection, notes, case_id, author=author, visibility=visibility, text=text, created_at=created
        )
    return Note(note_id, case_id, author, visibility, text, created)


def notes_for(engine: Engine, case_id: str, viewer: str | None) -> list[Note]:
    """The notes ``viewer`` (a party, or None for the public) may read, oldest first.

    Private notes are for the author's side only; mediator notes also reach the mediator; public notes
    reach everyone.
    """
    allowed = notes.c.visibility == "public"
    if viewer is not None:
        allowed = or_(allowed, notes.c.author == viewer)
        if viewer == "mediator":
            allowed = or_(allowed, notes.c.visibility == "mediator")
    query = select(notes).where(notes.c.case_id == case_id, allowed).order_by(notes.c.id)
    with reading(engine) as connection:
        rows = connection.execute(query).all()
    return [Note(r.id, r.case_id, r.author, r.visibility, r.text, utc(r.created_at)) for r in rows]
