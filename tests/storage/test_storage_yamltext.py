"""Adding events to case.yaml text: new items at the end of the list, every other byte kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from bargaining.storage.yamltext import with_events, yaml_item

NEW = [{"date": dt.date(2019, 1, 14), "type": "strike_started", "participation": 0.9}]


def _events(text: str) -> list[dict[str, Any]]:
    return list(yaml.safe_load(text)["events"])


def test_a_block_list_gets_one_line_items_at_its_own_indent_before_what_follows() -> None:
    text = (
        "id: x\n"
        "events:\n"
        "  - {date: 2018-07-02, type: impasse_declared, by: union}  # first\n"
        "  - date: 2018-07-16\n"
        "    type: mediation_started\n"
        "\n"
        "# about the sources\n"
        "sources: []\n"
    )
    result = with_events(text, NEW)
    assert result == (
        "id: x\n"
        "events:\n"
        "  - {date: 2018-07-02, type: impasse_declared, by: union}  # first\n"
        "  - date: 2018-07-16\n"
        "    type: mediation_started\n"
        "  - {date: 2019-01-14, type: strike_started, participation: 0.9}\n"
        "\n"
        "# about the sources\n"
        "sources: []\n"
    )


def test_an_indentless_list_at_the_end_of_a_file_without_newline() -> None:
    text = "id: x\nevents:\n- {date: 2018-07-02, type: impasse_declared}"
    assert (
        with_events(text, NEW) == text + "\n- {date: 2019-01-14, type: strike_started, participation: 0.9}\n"
    )


def test_a_missing_events_key_is_added_at_the_end() -> None:
    assert (
        with_events("id: x", NEW)
        == "id: x\nevents:\n  - {date: 2019-01-14, type: strike_started, participation: 0.9}\n"
    )


def test_an_empty_or_flow_list_is_rewritten_as_a_block_list_keeping_the_rest() -> None:
    for value in ("[]", "", "null", "[{date: 2018-07-02, type: impasse_declared}]"):
        text = f"id: x\nevents: {value}  # the record\nsources: []\n"
        result = with_events(text, NEW)
        assert result.startswith("id: x\nevents:") and result.endswith("  # the record\nsources: []\n")
        before = yaml.safe_load(text)["events"] or []
        assert _events(result) == [*before, *NEW]


def test_strings_that_look_like_other_things_stay_strings() -> None:
    item = yaml_item(
        "statement", dt.date(2019, 1, 3), {"summary": "yes: 6%, #1 {a}", "kind": "no", "n": "0.9"}, None
    )
    result = with_events("events:\n  - {date: 2018-07-02, type: session}\n", [item])
    assert _events(result)[-1] == {
        "date": dt.date(2019, 1, 3),
        "type": "statement",
        "summary": "yes: 6%, #1 {a}",
        "kind": "no",
        "n": "0.9",
    }


def test_payload_dates_come_back_as_dates_and_supersedes_comes_last() -> None:
    item = yaml_item("strike_notice", dt.date(2019, 1, 3), {"strike_date": "2019-01-10", "by": "union"}, 2)
    assert list(item) == ["date", "type", "strike_date", "by", "supersedes"]
    assert item["strike_date"] == dt.date(2019, 1, 10) and item["supersedes"] == 2


def test_a_block_scalar_at_the_end_of_the_last_item_is_not_cut() -> None:
    text = "events:\n  - date: 2018-07-02\n    type: statement\n    summary: |\n      one\n      # two\n"
    result = with_events(text, NEW)
    assert result == text + "  - {date: 2019-01-14, type: strike_started, participation: 0.9}\n"
    assert _events(result)[0]["summary"] == "one\n# two\n"


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
_value = st.one_of(
    st.none(), st.booleans(), st.integers(-1000, 1000), _text, st.dates(), st.lists(_text, max_size=3)
)
_item = st.builds(
    lambda date, kind, fields: {"date": date, "type": kind, **fields},
    st.dates(),
    st.sampled_from(["session", "statement", "strike_vote"]),
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True).filter(lambda k: k not in ("date", "type")), _value
    ),
)


@given(st.lists(_item, min_size=1, max_size=4), st.sampled_from(["", "  "]))
def test_any_events_read_back_and_the_original_lines_stay_in_order(
    new: list[dict[str, Any]], indent: str
) -> None:
    text = f"id: x  # keep me\nevents:\n{indent}- {{date: 2018-07-02, type: session}}\n# after\nsources: []\n"
    result = with_events(text, new)
    assert _events(result) == [{"date": dt.date(2018, 7, 2), "type": "session"}, *new]
    added = [line for line in result.splitlines() if line not in text.splitlines()]
    assert len(added) == len(new)
    assert [line for line in result.splitlines() if line in text.splitlines()] == text.splitlines()


def test_an_alias_to_an_anchor_above_the_list_still_reads_back() -> None:
    # The quick check reads only the end of the file; here that end cannot be read alone.
    text = "who: &us union\nevents:\n  - {date: 2018-07-02, type: impasse_declared, by: *us}\nsources: []\n"
    result = with_events(text, NEW)
    assert result == text.replace(
        "sources", "  - {date: 2019-01-14, type: strike_started, participation: 0.9}\nsources"
    )
    assert _events(result)[0]["by"] == "union"
