"""Who acts, defined once: the two sides, who may pass a proposal, who may record a step, who a rule pack
lets take a step, and the roles of the web workbench (the sides and the mediator, plus observer and admin).

Every other module takes its ``Literal`` and its tuple from here, so a role added here is added everywhere.
"""

from __future__ import annotations

from typing import Literal, TypeGuard, get_args

Side = Literal["employer", "union"]
SIDES: tuple[Side, Side] = ("employer", "union")

# Who passes a proposal: a side, a neutral's recommendation, or both sides' joint text.
PartyRole = Literal["employer", "union", "mediator", "factfinder", "joint"]
PARTY_ROLES: tuple[PartyRole, ...] = get_args(PartyRole)

# Who may write a note in the workspace: a party at the table or a neutral (not "joint").
NOTE_AUTHORS: tuple[PartyRole, ...] = tuple(role for role in PARTY_ROLES if role != "joint")

# Whose eyes an analysis is shown to: a side, the mediator, or the public.
Viewpoint = Literal["employer", "union", "mediator", "public"]
VIEWPOINTS: tuple[Viewpoint, ...] = get_args(Viewpoint)

# Who may be recorded as acting in an event of the record.
Actor = Literal["employer", "union", "both", "mediator", "factfinder", "agency"]
ACTORS: tuple[Actor, ...] = get_args(Actor)

# Who a rule pack lets take a step: an actor, or either side, or anyone.
Who = Literal["employer", "union", "either", "both", "agency", "mediator", "factfinder", "any"]

# The roles of the web workbench's accounts: the two sides and the mediator sit at the table; an observer
# sees what is public; an admin keeps accounts.
WebRole = Literal["employer", "union", "mediator", "observer", "admin"]
WEB_ROLES: tuple[WebRole, ...] = get_args(WebRole)
TABLE: tuple[WebRole, ...] = ("employer", "union", "mediator")


def web_role(text: str) -> WebRole:
    """A role read back from storage, checked: ValueError when it is not one of WEB_ROLES."""
    for role in WEB_ROLES:
        if role == text:
            return role
    raise ValueError(f"{text!r} is not a role ({', '.join(WEB_ROLES)})")


def is_side(who: object) -> TypeGuard[Side]:
    """True for ``employer`` and ``union``: narrows a role, actor or party to a side."""
    return who in SIDES
