"""Notes: each side reads its own, the mediator also what was shared with it, everyone the public."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bargaining.storage import StorageError, add_note, import_case, notes_for

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"


def test_who_reads_which_note(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    add_note(engine, "small-case", "union", "private", "walk-away: 5%")
    add_note(engine, "small-case", "union", "mediator", "could live with 3% + 3% retro")
    add_note(engine, "small-case", "employer", "private", "reserve: 4.5%")
    add_note(engine, "small-case", "mediator", "public", "talks resume Monday")

    def texts(viewer: str | None) -> list[str]:
        return [note.text for note in notes_for(engine, "small-case", viewer)]

    assert texts("union") == ["walk-away: 5%", "could live with 3% + 3% retro", "talks resume Monday"]
    assert texts("employer") == ["reserve: 4.5%", "talks resume Monday"]
    assert texts("mediator") == ["could live with 3% + 3% retro", "talks resume Monday"]
    assert texts(None) == ["talks resume Monday"]


def test_notes_need_a_known_case_party_and_visibility(engine: Engine) -> None:
    import_case(engine, SMALL_CASE)
    with pytest.raises(StorageError, match="no case 'nope'"):
        add_note(engine, "nope", "union", "public", "x")
    with pytest.raises(StorageError, match="author 'board' is not a party"):
        add_note(engine, "small-case", "board", "public", "x")
    with pytest.raises(StorageError, match="visibility 'secret' is not one of private, mediator, public"):
        add_note(engine, "small-case", "union", "secret", "x")  # type: ignore[arg-type]
