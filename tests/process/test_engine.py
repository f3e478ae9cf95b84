"""The impasse engine on synthetic records: states, guards, deadlines, waivers and next moves."""

from __future__ import annotations

import pytest

from bargaining.process import run
from procedure import D, codes, events, pack

# A California dispute carried through factfinding, before any strike or imposition.
CA_TO_REPORT = """
- {date: 2018-07-02, type: impasse_declared, by: union}
- {date: 2018-07-09, type: impasse_certified, by: agency}
- {date: 2018-09-27, type: mediation_started, by: agency}
- {date: 2018-10-12, type: mediation_ended, by: mediator, factfinding_certified: true}
- {date: 2018-10-15, type: factfinding_requested, by: union}
- {date: 2018-10-24, type: factfinding_panel_appointed, by: agency}
- {date: 2018-11-20, type: factfinding_report, by: factfinder}
"""


def test_california_walks_the_statute() -> None:
    record = events(CA_TO_REPORT + "- {date: 2018-11-26, type: factfinding_report_public, by: employer}\n")
    ca = pack("california-eera")
    assert run(ca, record, D("2018-07-01")).state == "bargaining"
    assert run(ca, record, D("2018-07-05")).state == "impasse_declared"
    assert run(ca, record, D("2018-10-01")).state == "mediation"
    assert run(ca, record, D("2018-10-20")).step == "factfinding"
    assert run(ca, record, D("2018-11-21")).step == "factfinding_report"
    done = run(ca, record, D("2018-12-01"))
    assert (done.state, done.step, done.since) == ("post_impasse", "post_impasse", D("2018-11-26"))
    assert codes(done) == []
    lawful = [m.event for m in done.next_moves]
    # Exhausted: the union's notice and the district's last, best and final offer come first.
    assert "strike_notice" in lawful and "last_best_final_offer" in lawful
    assert "strike_started" not in lawful and "imposed" not in lawful
    later = events(
        CA_TO_REPORT
        + """
- {date: 2018-11-26, type: factfinding_report_public, by: employer}
- {date: 2018-11-27, type: strike_notice, by: union}
- {date: 2018-11-28, type: last_best_final_offer, by: employer}
"""
    )
    ready = {m.event: m.earliest for m in run(ca, later, D("2018-11-29")).next_moves}
    # The UTLA agreement's 10 days run from the notice: 27 Nov + 10 = 7 Dec.
    assert ready["strike_started"] == D("2018-12-07") and ready["imposed"] == D("2018-11-29")


def test_a_california_strike_before_the_report_is_public_is_flagged() -> None:
    record = events(CA_TO_REPORT + "- {date: 2018-11-22, type: strike_started, by: union}\n")
    status = run(pack("california-eera"), record, D("2018-11-23"))
    # The strike is an unlawful move: flagged, standing beside the procedure, which stays where the law has
    # it (the report received, not yet public).
    assert (status.step, status.state) == ("factfinding_report", "factfinding")
    assert [(s.event, s.since) for s in status.standing] == [("strike_started", D("2018-11-22"))]
    assert "flagged as unlawful: strike since 2018-11-22" in status.label
    # The guards say what is wrong (no notice either); no unexpected_event besides.
    assert codes(status) == ["strike_before_exhaustion", "strike_before_notice_period"]
    assert status.warnings[0].date == D("2018-11-22")
    # ...and before the report is public the strike is not offered as a lawful next move.
    before = run(pack("california-eera"), record, D("2018-11-21"))
    assert "strike_started" not in [m.event for m in before.next_moves]


def test_a_california_strike_after_the_report_is_public_is_not_flagged() -> None:
    record = events(
        CA_TO_REPORT
        + """
- {date: 2018-11-26, type: factfinding_report_public, by: employer}
- {date: 2019-01-03, type: strike_notice, by: union}
- {date: 2019-01-14, type: strike_started, by: union}
- {date: 2019-01-22, type: strike_ended, by: union}
"""
    )
    ca = pack("california-eera")
    assert run(ca, record, D("2019-01-15")).state == "strike"
    after = run(ca, record, D("2019-01-23"))
    assert (after.state, after.since) == ("post_impasse", D("2019-01-22"))  # back where it was
    assert codes(after) == []


def test_imposition_before_exhaustion_is_flagged_in_california() -> None:
    record = events(CA_TO_REPORT + "- {date: 2018-11-21, type: imposed, by: employer}\n")
    assert "imposition_before_exhaustion" in codes(run(pack("california-eera"), record, D("2018-12-01")))
    lawful = events(
        CA_TO_REPORT
        + """
- {date: 2018-11-26, type: factfinding_report_public, by: employer}
- {date: 2018-12-03, type: last_best_final_offer, by: employer}
- {date: 2018-12-10, type: imposed, by: employer}
"""
    )
    assert codes(run(pack("california-eera"), lawful, D("2018-12-11"))) == []


def test_perb_has_five_working_days_around_a_holiday() -> None:
    # PERB received the request on Monday 2 Jul 2018; 4 Jul is a state holiday, so the working days after
    # it are 3, 5, 6, 9 and 10 Jul: the determination is due on Tuesday 10 Jul.
    filed = "- {date: 2018-07-02, type: impasse_declared, by: union}\n" + (
        "- {date: 2018-07-02, type: impasse_request_filed, by: union}\n"
    )
    record = events(filed)
    status = run(pack("california-eera"), record, D("2018-07-03"))
    assert [(d.date, d.event) for d in status.deadlines if d.event == "impasse_certified"] == [
        (D("2018-07-10"), "impasse_certified")
    ]
    late = events(filed + "- {date: 2018-07-11, type: impasse_certified, by: agency}\n")
    assert codes(run(pack("california-eera"), late, D("2018-07-12"))) == ["deadline_missed"]
    rough = events(filed + "- {date: 2018-07-11, type: impasse_certified, by: agency, approximate: true}\n")
    assert codes(run(pack("california-eera"), rough, D("2018-07-12"))) == []
    # Nothing recorded by 12 Jul: the limit has passed.
    assert codes(run(pack("california-eera"), record, D("2018-07-12"))) == ["deadline_passed"]


def test_a_waived_report_limit_moves_the_deadline() -> None:
    # LAUSD 2018: panel confirmed 14 Nov, so the report was due 30 days later on 14 Dec; the parties waived
    # the limit by three days to 17 Dec, and the report came on the 17th.
    base = """
- {date: 2018-10-12, type: mediation_ended}
- {date: 2018-11-14, type: factfinding_panel_appointed}
"""
    ca = pack("california-eera")
    due = run(ca, events(base), D("2018-11-20"))
    assert [(d.date, d.waivable) for d in due.deadlines if d.event == "factfinding_report"] == [
        (D("2018-12-14"), True)
    ]
    late = events(base + "- {date: 2018-12-17, type: factfinding_report}\n")
    assert "deadline_missed" in codes(run(ca, late, D("2018-12-18")))
    waived = events(
        base
        + "- {date: 2018-12-04, type: limit_waived, event: factfinding_report, until: 2018-12-17, by: both}\n"
        "- {date: 2018-12-17, type: factfinding_report}\n"
    )
    assert "deadline_missed" not in codes(run(ca, waived, D("2018-12-18")))
    moved = run(ca, waived, D("2018-12-10"))
    assert [m.latest for m in moved.next_moves if m.event == "factfinding_report"] == [D("2018-12-17")]


def test_waiving_a_limit_that_is_not_waivable_is_flagged() -> None:
    record = events(
        "- {date: 2018-07-02, type: impasse_declared, by: union}\n"
        "- {date: 2018-07-03, type: limit_waived, event: impasse_certified, until: 2018-07-31, by: both}\n"
    )
    assert codes(run(pack("california-eera"), record, D("2018-07-04"))) == ["waiver_not_allowed"]


def test_factfinding_cannot_be_requested_within_15_days_of_mediation() -> None:
    record = events(
        "- {date: 2018-07-02, type: impasse_declared, by: union}\n"
        "- {date: 2018-07-09, type: impasse_certified, by: agency}\n"
        "- {date: 2018-09-27, type: mediation_started}\n"
        "- {date: 2018-10-04, type: mediation_ended, factfinding_certified: true}\n"
        "- {date: 2018-10-05, type: factfinding_requested}\n"
    )
    status = run(pack("california-eera"), record, D("2018-10-06"))
    assert codes(status) == ["too_early"]
    assert "2018-10-12" in status.warnings[0].message  # 27 Sep + 15 days


COLORADO = """
- {date: 2018-12-03, type: impasse_declared, by: employer}
- {date: 2018-12-10, type: mediation_started, by: both}
- {date: 2019-01-02, type: mediation_ended}
- {date: 2019-01-07, type: strike_notice, by: union}
"""


def test_colorado_no_strike_within_20_days_of_the_notice() -> None:
    co = pack("colorado")
    waiting = run(co, events(COLORADO), D("2019-01-10"))
    moves = {m.event: m for m in waiting.next_moves}
    assert moves["strike_started"].earliest == D("2019-01-27")  # 7 Jan + 20 days
    assert (D("2019-01-27"), "earliest") in [(d.date, d.bound) for d in waiting.deadlines]
    early = events(COLORADO + "- {date: 2019-01-21, type: strike_started, by: union}\n")
    assert codes(run(co, early, D("2019-01-22"))) == ["strike_during_intervention"]
    on_time = events(COLORADO + "- {date: 2019-01-28, type: strike_started, by: union}\n")
    assert codes(run(co, on_time, D("2019-01-29"))) == []


def test_colorado_no_strike_while_intervention_is_pending() -> None:
    co = pack("colorado")
    record = events(COLORADO + "- {date: 2019-01-18, type: intervention_requested, by: employer}\n")
    pending = run(co, record, D("2019-01-30"))
    assert pending.state == "intervention_pending"
    assert "strike_started" not in [m.event for m in pending.next_moves]
    struck = events(
        COLORADO
        + "- {date: 2019-01-18, type: intervention_requested, by: employer}\n"
        + "- {date: 2019-01-30, type: strike_started, by: union}\n"
    )
    warned = run(co, struck, D("2019-01-31"))
    assert codes(warned) == ["strike_during_intervention"]  # 30 Jan is past the 20 days, not the request
    assert "pending" in warned.warnings[0].message
    declined = events(
        COLORADO
        + "- {date: 2019-01-18, type: intervention_requested, by: employer}\n"
        + "- {date: 2019-02-06, type: intervention_declined, by: agency}\n"
    )
    back = run(co, declined, D("2019-02-07"))
    assert (back.state, back.step) == ("post_impasse", "post_impasse")  # returns to where it was
    assert "strike_started" in [m.event for m in back.next_moves]


def test_out_of_order_and_wrong_party_and_as_of() -> None:
    record = events(
        "- {date: 2025-05-28, type: mediation_started}\n"
        "- {date: 2025-05-05, type: impasse_declared, by: employer}\n"
        "- {date: 2025-06-24, type: settlement, by: both}\n"
        "- {date: 2025-06-30, type: strike_started, by: employer}\n"
    )
    status = run(pack("colorado"), record, D("2025-06-01"), expires=D("2025-08-31"))
    assert status.state == "mediation"  # read in date order; the settlement is not known yet
    assert codes(status) == ["event_out_of_order"]
    assert status.days_to_expiration == 91  # 29 + 31 + 31 days
    later = run(pack("colorado"), record, D("2025-07-01"))
    assert "wrong_party" in codes(later)


@pytest.mark.parametrize("board", ["board_approved", "board_adopted"])
@pytest.mark.parametrize("name", ["california-eera", "colorado", "generic"])
def test_every_pack_reaches_in_effect(name: str, board: str) -> None:
    # The board's adoption may be written board_adopted (issue 16's name) or board_approved: one step.
    record = events(
        "- {date: 2020-03-02, type: impasse_declared, by: union}\n"
        "- {date: 2020-04-01, type: settlement, by: both}\n"
        "- {date: 2020-04-10, type: ratified, by: union}\n"
        "- {date: 2020-04-20, type: disclosure_published, by: employer}\n"
        f"- {{date: 2020-04-21, type: {board}, by: employer}}\n"
    )
    status = run(pack(name), record, D("2020-05-01"))
    assert status.state == "in_effect"
    assert codes(status) == []
    assert status.next_moves == ()


def test_generic_notice_dates_count_back_from_expiration() -> None:
    status = run(pack("generic"), (), D("2024-03-01"), expires=D("2024-06-30"))
    assert [(d.date, d.bound) for d in status.deadlines] == [
        (D("2024-05-01"), "latest"),  # 60 days before 30 Jun
        (D("2024-05-31"), "latest"),  # 30 days before
        (D("2024-06-30"), "latest"),  # the expiration itself
    ]
