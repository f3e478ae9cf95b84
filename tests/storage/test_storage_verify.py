"""``verify`` after someone altered rows with raw SQL, around the tool: the first broken link is named."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import Engine, text
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import NewEvent, append_event, import_case, read_events, verify
from bargaining.storage.chain import event_hash
from bargaining.storage.links import record_head

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"


def tamper(engine: Engine, *statements: str, content: bytes | None = None) -> None:
    """Run SQL as an intruder would: first out of the way go the append-only triggers. ``content`` is
    bound to ``:content`` (statements without it run verbatim)."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))
            connection.execute(text("ALTER TABLE case_files DISABLE TRIGGER USER"))
        else:
            for name in (
                "events_no_update",
                "events_no_delete",
                "case_files_no_update",
                "case_files_no_delete",
            ):
                connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        for statement in statements:
            if content is None:
                connection.exec_driver_sql(statement)
            else:
                connection.execute(text(statement), {"content": content})


def _recorded(engine: Engine, count: int) -> None:
    import_case(engine, SMALL_CASE)
    for day in range(count):
        append_event(
            engine, "small-case", NewEvent("session", dt.date(2018, 11, 1 + day), {"hours": 2 + day})
        )


def test_an_untouched_record_verifies_and_reports_its_head(engine: Engine) -> None:
    _recorded(engine, 2)
    (check,) = verify(engine)
    with engine.connect() as connection:
        assert check.ok and check.events == 5 and check.head == record_head(connection, "small-case")


def test_an_altered_imported_event_is_named_with_the_field_that_differs(engine: Engine) -> None:
    _recorded(engine, 2)
    tamper(engine, """UPDATE events SET payload = '{"by":"union"}' WHERE seq = 3""")
    (check,) = verify(engine, "small-case")
    assert check.broken is not None and (check.broken.case_id, check.broken.seq) == ("small-case", 3)
    assert check.broken.what == (
        'differs from events[2] of case.yaml: payload is {"by":"union"}, '
        'the file has {"by":"employer","note":"talks \\"stalled\\" — district"}'
    )


def test_an_altered_recorded_event_is_named_by_its_hash(engine: Engine) -> None:
    _recorded(engine, 2)
    tamper(engine, "UPDATE events SET date = '2018-11-09' WHERE seq = 4")
    (check,) = verify(engine)
    assert check.broken is not None and check.broken.seq == 4
    assert check.broken.what.startswith("its fields (type 'session', date 2018-11-09, payload {\"hours\":2},")
    assert "but the stored hash is" in check.broken.what


def test_a_forger_who_recomputes_the_hash_breaks_the_next_link(engine: Engine) -> None:
    _recorded(engine, 3)
    row = read_events(engine, "small-case")[3]
    forged = event_hash(
        row.case_id, 4, row.type, row.date, {"hours": 9}, None, row.recorded_at, row.prev_hash
    )
    tamper(engine, f"""UPDATE events SET payload = '{{"hours":9}}', hash = '{forged}' WHERE seq = 4""")
    (check,) = verify(engine)
    assert check.broken is not None and check.broken.seq == 5
    assert check.broken.what.startswith(f"prev_hash {row.hash} does not match the hash of event 4 ({forged})")


def test_a_deleted_event_and_an_altered_file_are_named(engine: Engine) -> None:
    _recorded(engine, 2)
    tamper(engine, "DELETE FROM events WHERE seq = 4")
    (check,) = verify(engine)
    assert check.broken is not None and (check.broken.seq, check.broken.what) == (
        4,
        "event 4 is missing (found 5 next)",
    )
    roster = (SMALL_CASE / "roster.csv").read_bytes().replace(b"50000", b"55000")
    tamper(engine, "UPDATE case_files SET content = :content WHERE path = 'roster.csv'", content=roster)
    (check,) = verify(engine)
    assert check.broken is not None and check.broken.seq is None
    assert str(check.broken).startswith("small-case: case files: roster.csv was altered: its sha256 is ")


def test_bargain_verify_exits_1_and_prints_the_broken_link(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    _recorded(engine, 2)
    other = tmp_path / "other"
    shutil.copytree(SMALL_CASE, other)
    (other / "case.yaml").write_text(
        (other / "case.yaml").read_text().replace("id: small-case", "id: another")
    )
    import_case(engine, other)
    runner = CliRunner()
    result = runner.invoke(app, ["verify", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: another: 3 events, chain intact, head ")
    tamper(engine, "UPDATE events SET type = 'strike_started' WHERE case_id = 'small-case' AND seq = 5")
    result = runner.invoke(app, ["verify", "--db", db_url])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("ok: another: 3 events")
    assert lines[1].startswith(
        "BROKEN: small-case: event 5: its fields (type 'strike_started', date 2018-11-02"
    )
    result = runner.invoke(app, ["verify", "another", "--db", db_url, "--format", "json"])
    assert result.exit_code == 0 and '"ok": true' in result.output


def test_verify_names_an_unknown_case(engine: Engine, db_url: str) -> None:
    result = CliRunner().invoke(app, ["verify", "nope", "--db", db_url])
    assert result.exit_code == 1 and "no case 'nope' in the database" in result.output
