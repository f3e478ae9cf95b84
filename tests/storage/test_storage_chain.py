"""The hash chain as pure functions: the canonical form, the hash, and the first broken link."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargaining.storage.chain import (
    StoredEvent,
    anchor_hash,
    canonical_json,
    check_events,
    check_files,
    event_hash,
    timestamp,
    to_json_value,
)

UTC = dt.UTC
json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
)


def test_canonical_json_sorts_keys_and_drops_spaces() -> None:
    assert canonical_json({"b": 1, "a": [1.5, "é", None]}) == '{"a":[1.5,"é",null],"b":1}'


@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_canonical_json_is_one_text_per_value(value: dict[str, object]) -> None:
    text = canonical_json(value)
    assert canonical_json(json.loads(text)) == text
    assert canonical_json(dict(reversed(list(value.items())))) == text


def test_to_json_value_writes_dates_as_text_and_refuses_what_json_cannot_hold() -> None:
    assert to_json_value({"until": dt.date(2019, 1, 22), "n": [1, 2.5]}) == {
        "until": "2019-01-22",
        "n": [1, 2.5],
    }
    with pytest.raises(ValueError, match=r"payload\.share: nan is not a finite number"):
        to_json_value({"share": math.nan}, "payload")
    with pytest.raises(ValueError, match="not a date and time"):
        to_json_value(dt.datetime(2019, 1, 22, 7, 0))
    with pytest.raises(ValueError, match="keys must be text"):
        to_json_value({1: "x"})


def test_timestamp_is_utc_with_microseconds_and_reads_naive_moments_as_utc() -> None:
    aware = dt.datetime(2019, 1, 14, 7, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=-8)))
    assert timestamp(aware) == "2019-01-14T15:00:00.000005Z"
    assert timestamp(dt.datetime(2019, 1, 14, 15, 0, 0, 5)) == "2019-01-14T15:00:00.000005Z"


def test_event_hash_is_sha256_of_the_documented_canonical_text() -> None:
    # docs/storage.md tells anyone how to re-check a link by hand: this pins that recipe.
    prev = "0" * 64
    digest = event_hash(
        "lausd-2019", 1, "impasse_declared", dt.date(2018, 7, 2), {"by": "union"}, None,
        dt.datetime(2018, 7, 2, 12, 0, tzinfo=UTC), prev,
    )  # fmt: skip
    text = (
        '{"case":"lausd-2019","date":"2018-07-02","payload":{"by":"union"},"prev_hash":"' + prev + '",'
        '"recorded_at":"2018-07-02T12:00:00.000000Z","seq":1,"supersedes":null,"type":"impasse_declared"}'
    )
    assert digest == hashlib.sha256(text.encode()).hexdigest()
    files = '{"case":"lausd-2019","files":{"case.yaml":"' + "a" * 64 + '"}}'
    assert anchor_hash("lausd-2019", {"case.yaml": "a" * 64}) == hashlib.sha256(files.encode()).hexdigest()


def _chain(n: int, case_id: str = "c") -> tuple[str, list[StoredEvent]]:
    anchor = anchor_hash(case_id, {"case.yaml": "f" * 64})
    rows, prev = [], anchor
    for seq in range(1, n + 1):
        moment = dt.datetime(2019, 1, 1, tzinfo=UTC) + dt.timedelta(minutes=seq)
        payload = {"note": f"event {seq}"}
        date = dt.date(2018, 7, seq)
        digest = event_hash(case_id, seq, "session", date, payload, None, moment, prev)
        rows.append(
            StoredEvent(case_id, seq, "session", date, canonical_json(payload), None, moment, prev, digest)
        )
        prev = digest
    return anchor, rows


def test_an_intact_chain_has_no_break() -> None:
    anchor, rows = _chain(5)
    assert check_events("c", anchor, rows) is None


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"type": "strike_started"}, "hash to"),
        ({"date": dt.date(2018, 7, 30)}, "hash to"),
        ({"payload_json": '{"note":"forged"}'}, "hash to"),
        ({"supersedes": 1}, "hash to"),
        ({"recorded_at": dt.datetime(2020, 1, 1, tzinfo=UTC)}, "hash to"),
        ({"hash": "0" * 64}, "hash to"),
        ({"prev_hash": "0" * 64}, "prev_hash"),
        ({"payload_json": "{not json"}, "not valid JSON"),
    ],
)
def test_altering_any_field_breaks_the_chain_at_that_event(change: dict[str, object], what: str) -> None:
    anchor, rows = _chain(5)
    rows[2] = dataclasses.replace(rows[2], **change)  # type: ignore[arg-type]
    broken = check_events("c", anchor, rows)
    assert broken is not None and broken.seq == 3 and what in broken.what
    assert str(broken).startswith("c: event 3: ")


def test_a_recomputed_hash_still_breaks_the_next_link() -> None:
    anchor, rows = _chain(5)
    forged = dataclasses.replace(rows[2], payload_json='{"note":"forged"}')
    forged = dataclasses.replace(
        forged,
        hash=event_hash(
            "c", 3, forged.type, forged.date, {"note": "forged"}, None, forged.recorded_at, forged.prev_hash
        ),
    )
    rows[2] = forged
    broken = check_events("c", anchor, rows)
    assert broken is not None and broken.seq == 4 and "does not match the hash of event 3" in broken.what


def test_a_removed_or_swapped_event_is_named() -> None:
    anchor, rows = _chain(5)
    broken = check_events("c", anchor, rows[:2] + rows[3:])
    assert broken is not None and (broken.seq, broken.what) == (3, "event 3 is missing (found 4 next)")
    swapped = [rows[0], rows[2], rows[1], rows[3]]
    broken = check_events("c", anchor, swapped)
    assert broken is not None and broken.seq == 2


def test_imported_events_must_repeat_the_case_file_even_with_every_hash_recomputed() -> None:
    anchor, rows = _chain(2)
    imported = [("session", dt.date(2018, 7, 1), {"note": "event 1"}, None)]
    assert check_events("c", anchor, rows, imported) is None
    imported = [("session", dt.date(2018, 7, 1), {"note": "as filed"}, None)]
    broken = check_events("c", anchor, rows, imported)
    assert broken is not None and broken.seq == 1
    expected = 'payload is {"note":"event 1"}, the file has {"note":"as filed"}'
    assert broken.what == f"differs from events[0] of case.yaml: {expected}"
    missing = check_events("c", anchor, [], imported)
    assert missing is not None and missing.what == "event 1 of case.yaml is missing"


def test_files_are_checked_against_their_digests_and_the_anchor() -> None:
    content = b"id: c\n"
    digest = hashlib.sha256(content).hexdigest()
    anchor = anchor_hash("c", {"case.yaml": digest})
    assert check_files("c", anchor, [("case.yaml", content, digest)]) == (anchor, None)
    _, broken = check_files("c", anchor, [("case.yaml", b"id: d\n", digest)])
    assert broken is not None and broken.seq is None and broken.what.startswith("case.yaml was altered")
    _, broken = check_files("c", "0" * 64, [("case.yaml", content, digest)])
    assert broken is not None and "differ from the anchor" in broken.what
    assert str(broken).startswith("c: case files: ")


@given(st.integers(min_value=1, max_value=6), st.data())
def test_any_single_byte_change_of_a_payload_is_caught(n: int, data: st.DataObject) -> None:
    anchor, rows = _chain(n)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    note = data.draw(st.text(max_size=8))
    if note == f"event {index + 1}":
        return
    rows[index] = dataclasses.replace(rows[index], payload_json=canonical_json({"note": note}))
    broken = check_events("c", anchor, rows)
    assert broken is not None and broken.seq == index + 1
