"""Who may take a step, from the rule packs (issue 10): the entitled actor only."""

from __future__ import annotations

import pytest

from bargaining.inputs import known_packs, load_pack
from bargaining.model.events import EVENT_TYPES
from bargaining.process import entitled, step_problem


def _pack(name: str):  # type: ignore[no-untyped-def]
    pack, errors = load_pack(name)
    assert pack is not None, errors
    return pack


@pytest.mark.parametrize("name", known_packs())
def test_every_pack_names_who_takes_every_step(name: str) -> None:
    named = {t.event for t in _pack(name).rules.transitions}
    # Colorado has no fact-finding statute (the simulation reads its absence from the pack): anyone.
    absent = {e for e in EVENT_TYPES if e.startswith("factfinding_")}
    expected = set(EVENT_TYPES) - (absent if name == "colorado" else set())
    assert expected <= named, sorted(expected - named)


@pytest.mark.parametrize("name", known_packs())
def test_joint_steps_are_taken_by_the_entitled_actor_only(name: str) -> None:
    pack = _pack(name)
    # Settlement and tentative agreement: both sides together; ratification: the union's members;
    # adoption: the district's board; imposition: the district.
    for kind in ("settlement", "tentative_agreement"):
        assert step_problem(pack, kind, "both") is None
        assert step_problem(pack, kind, "union") is not None
        assert step_problem(pack, kind, "employer") is not None
    assert step_problem(pack, "ratified", "union") is None
    assert step_problem(pack, "ratified", "employer") is not None
    for kind in ("board_approved", "imposed"):
        assert step_problem(pack, kind, "employer") is None
        assert step_problem(pack, kind, "union") is not None
        assert step_problem(pack, kind, "mediator") is not None


def test_california_names_who_publishes_the_factfinding_report() -> None:
    california = _pack("california-eera")
    assert entitled(california, "strike_vote") == ("union",)
    # Where the statute speaks (GC 3548.3): the employer makes the factfinding report public.
    assert entitled(california, "factfinding_report_public") == ("employer",)
    message = step_problem(california, "factfinding_report_public", "union")
    assert message == (
        "factfinding_report_public is taken by the employer under the california-eera rule pack, "
        "not by the union"
    )
    assert step_problem(california, "factfinding_report_public", None) is None  # actor unknown: not judged
