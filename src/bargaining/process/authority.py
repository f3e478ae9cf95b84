"""Who may take a step: the one rule, read from the rule pack.

Each transition of a pack names who acts (``by``): a side, ``either`` side, ``both`` (a joint step such as a
settlement or a tentative agreement), a neutral (``agency``, ``mediator``, ``factfinder``) or ``any``. Steps
that move no state (a session, a statement, a strike vote) are listed too, as transitions from ``*`` that are
never offered. Every bundled pack names every step (a test checks it); the generic pack is the template.

The engine warns about a recorded event taken by the wrong actor; the CLI and the web refuse a new one.
"""

from __future__ import annotations

from bargaining.model import Pack, is_side

NEUTRALS = ("agency", "mediator", "factfinder")


def may_act(who: str, by: str) -> bool:
    """Whether the actor ``by`` is one the pack's ``who`` names (the mediator acts for the agency)."""
    if who in ("any", by):
        return True
    if who == "either":
        return is_side(by)
    return who == "agency" and by == "mediator"


def entitled(pack: Pack, event_type: str) -> tuple[str, ...]:
    """The actors the pack names for a step, in the pack's order (anyone, when it names none)."""
    return tuple(dict.fromkeys(t.by for t in pack.rules.transitions if t.event == event_type)) or ("any",)


def step_problem(pack: Pack, event_type: str, by: str | None) -> str | None:
    """Why ``by`` may not take a step of ``event_type`` under ``pack``, or None when it may.

    An event whose actor is not known (``by`` absent: history taken from the news) is not judged here.
    """
    if by is None:
        return None
    whos = entitled(pack, event_type)
    if any(may_act(who, by) for who in whos):
        return None
    named = " or ".join(_words(who) for who in whos)
    return f"{event_type} is taken by {named} under the {pack.rules.id} rule pack, not by the {by}"


def _words(who: str) -> str:
    return {
        "either": "either side",
        "both": "both sides together",
        "any": "anyone",
    }.get(who, f"the {who}")
