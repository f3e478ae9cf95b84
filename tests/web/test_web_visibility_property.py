"""A property of the one visibility rule (issue 10, item 2): for random steps taken by random actors (the
union, the district, the mediator) through the workbench's own rules, whatever the other party answers,
nothing private reaches the public.

Each step goes through ``policy.step_actor`` (who may take it, from the rule pack) and ``policy.step_ruling``
(whose confirmation it needs); a step that waits is confirmed or declined at random. The test keeps its own
account of consent: which parties took or confirmed a step. After every step, what ``policy.public_record``
shows must be covered by that account: a side's proposal is public only if it is an initial proposal or
that side agreed to a step that published it; the tentative agreements (with both sides' notes) only once
both sides agreed to the step releasing them; and no event stays public that is private by type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bargaining.inputs.packs import Pack, load_pack
from bargaining.model import Proposal
from bargaining.model.events import EVENT_TYPES, EventList
from bargaining.web import policy
from bargaining.web.policy import Viewer

START = dt.date(2025, 1, 6)
EXPIRES = dt.date(2025, 8, 31)


def _proposal(pid: str, party: str, answers: str | None = None) -> Proposal:
    return Proposal.model_validate(
        {
            "id": pid,
            "party": party,
            "date": START,
            "answers": answers,
            "terms": [{"type": "raise", "percent": 1, "effective": "2025-07-01"}],
        }
    )


PROPOSALS = (
    _proposal("district-initial", "employer"),
    _proposal("union-initial", "union"),
    _proposal("district-counter", "employer", "union-initial"),  # passed at the table: private
    _proposal("union-counter", "union", "district-initial"),
    _proposal("mediator-text", "mediator"),
    _proposal("factfinder-recommendation", "factfinder"),
    _proposal("joint-draft", "joint"),
)
OWNERS = {p.id: p.party for p in PROPOSALS}
INITIAL = {"district-initial", "union-initial"}
SIDES = {"employer", "union"}
# Types the public never sees (whatever their fields); a tentative agreement only once released.
PRIVATE_TYPES = set(EVENT_TYPES) - policy.PUBLIC_EVENTS - {"tentative_agreement"}


def _packs() -> list[Pack]:
    found = []
    for name in ("generic", "california-eera", "colorado"):
        pack, errors = load_pack(name)
        assert pack is not None, errors
        found.append(pack)
    return found


PACKS = _packs()

STEP = st.fixed_dictionaries(
    {
        "actor": st.sampled_from(["union", "employer", "mediator"]),
        "type": st.sampled_from(EVENT_TYPES),
        "by": st.sampled_from([None, "union", "employer", "both", "mediator", "agency", "factfinder"]),
        "proposal": st.sampled_from([None, *OWNERS]),
        "answers": st.sampled_from([None, *OWNERS]),
        "days": st.integers(0, 200),
        "answer": st.booleans(),  # the other party's answer, when the step waits for one
    }
)


def _item(step: dict[str, Any], by: str) -> dict[str, Any]:
    item: dict[str, Any] = {"type": step["type"], "date": START + dt.timedelta(days=step["days"]), "by": by}
    for key in ("proposal", "answers"):
        if step[key] is not None:
            item[key] = step[key]
    item |= {"article": "Art. 5 MARKER-TA-NOTE", "summary": "words", "event": "factfinding_report"}
    item["until"] = item["date"]
    return item


def _typed(item: dict[str, Any]) -> Any | None:
    """The event as the loader would type it, keeping only the keys its type knows."""
    for keys in (item, {k: v for k, v in item.items() if k in ("type", "date", "by", "proposal", "answers")}):
        try:
            return EventList.validate_python([keys])[0]
        except ValidationError:
            continue
    try:
        return EventList.validate_python([{k: item[k] for k in ("type", "date", "by")}])[0]
    except ValidationError:
        return None


@given(pack=st.sampled_from(PACKS), steps=st.lists(STEP, min_size=1, max_size=12))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_nothing_private_reaches_the_public_whoever_takes_which_step(
    pack: Pack, steps: list[dict[str, Any]]
) -> None:
    events: list[Any] = []
    consent: dict[str, set[str]] = {}  # proposal id -> parties that agreed to a step publishing it
    release_consent: set[str] = set()
    for step in steps:
        viewer = Viewer(1, None, step["actor"])
        try:
            by = policy.step_actor(viewer, pack, step["type"], step["by"])
        except policy.StepRefused:
            continue
        event = _typed(_item(step, by))
        if event is None:
            continue
        after = [*events, event]
        before_record = policy.public_record(events, PROPOSALS)
        after_record = policy.public_record(after, PROPOSALS)
        why = policy.out_of_turn(pack, after, EXPIRES) if policy.publishes(event.type) else None
        try:
            ruling = policy.step_ruling(viewer, by, before_record, after_record, OWNERS, None, why)
        except policy.StepRefused:
            continue
        agreed = {step["actor"]}
        if ruling.confirm_by is not None:
            if not step["answer"]:
                continue  # declined: never recorded
            agreed.add(ruling.confirm_by)
        for pid in after_record.proposals - before_record.proposals:
            consent.setdefault(pid, set()).update(agreed)
        if after_record.released and not before_record.released:
            release_consent |= agreed
        events = after

        shown = policy.public_record(events, PROPOSALS)
        for pid in shown.proposals - INITIAL:
            owner = OWNERS[pid]
            owners = SIDES if owner == "joint" else {owner if owner in SIDES else "mediator"}
            assert owners <= consent.get(pid, set()), (pid, consent.get(pid), events)
        if shown.released:
            assert release_consent >= SIDES, (release_consent, events)
        for public in shown.events:
            assert public.type not in PRIVATE_TYPES, public
            assert public.type != "tentative_agreement" or shown.released
        observer = Viewer(None, None, "observer")
        assert [e for e in events if policy.event_visible(observer, e, shown)] == list(shown.events)
