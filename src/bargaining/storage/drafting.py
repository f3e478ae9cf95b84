"""A side's drafts changed after they are saved: edited, duplicated, deleted, shared (issue 15, item 1).

Only the side's own drafts, addressed by the id its pages show (``Draft.ref``); a draft already passed at
the table is the proposal of record and is neither edited nor deleted (the team duplicates it instead).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, delete, select, update

from bargaining.storage.accounts import Draft, add_draft, draft_by_ref, drafts
from bargaining.storage.database import reading, write_transaction
from bargaining.storage.errors import StorageError
from bargaining.storage.tablework import table_proposals


def _refuse_passed(engine: Engine, draft: Draft) -> None:
    with reading(engine) as connection:
        passed = connection.execute(
            select(table_proposals.c.proposal_id).where(table_proposals.c.draft_id == draft.id)
        ).scalar_one_or_none()
    if passed is not None:
        raise StorageError(
            f"draft {draft.ref} was passed at the table as {passed}: it is the proposal of record now; "
            "duplicate it to work on a new version"
        )


def update_draft(
    engine: Engine,
    case_id: str,
    party: str,
    ref: str,
    title: str,
    terms: list[dict[str, Any]],
    unit: str | None = None,
) -> bool:
    """Replace a draft's title, terms and unit; False when it is not the side's. StorageError once
    passed."""
    draft = draft_by_ref(engine, case_id, party, ref)
    if draft is None:
        return False
    _refuse_passed(engine, draft)
    with write_transaction(engine) as connection:
        done = connection.execute(
            update(drafts)
            .where(drafts.c.id == draft.id, drafts.c.case_id == case_id, drafts.c.party == party)
            .values(title=title, terms=json.dumps(terms, sort_keys=True, default=str), unit=unit)
        )
        return bool(done.rowcount)


def delete_draft(engine: Engine, case_id: str, party: str, ref: str) -> bool:
    """Delete a draft; False when it is not the side's. StorageError once passed at the table."""
    draft = draft_by_ref(engine, case_id, party, ref)
    if draft is None:
        return False
    _refuse_passed(engine, draft)
    with write_transaction(engine) as connection:
        done = connection.execute(
            delete(drafts).where(
                drafts.c.id == draft.id, drafts.c.case_id == case_id, drafts.c.party == party
            )
        )
        return bool(done.rowcount)


def duplicate_draft(engine: Engine, case_id: str, party: str, ref: str, user_id: int | None) -> str | None:
    """A copy of the draft (not shared, not passed) titled "Copy of ..."; None when it is not the side's."""
    draft = draft_by_ref(engine, case_id, party, ref)
    if draft is None:
        return None
    title = f"Copy of {draft.title}"[:300]
    return add_draft(engine, case_id, party, user_id, title, list(draft.terms), draft.unit)


def share_draft(engine: Engine, case_id: str, party: str, draft_ref: str, shared: bool) -> bool:
    """Share (or stop sharing) a side's own draft with the mediator; False when it is not theirs."""
    draft = draft_by_ref(engine, case_id, party, draft_ref)
    if draft is None:
        return False
    draft_id = draft.id
    with write_transaction(engine) as connection:
        done = connection.execute(
            update(drafts)
            .where(drafts.c.id == draft_id, drafts.c.case_id == case_id, drafts.c.party == party)
            .values(shared_with_mediator=shared)
        )
        return bool(done.rowcount)
