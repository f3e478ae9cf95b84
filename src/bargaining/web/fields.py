"""The length of every text a write route takes, defined once for the HTML forms and the JSON API.

Each kind of field has one bound (from model.limits); ``body`` makes the pydantic field of an API body and
``form`` the FastAPI form field, so a value the API refuses the form refuses too (issue 10, S9: forms took
1 MB notes the API refused). Every text field names its kind; tests/web/test_web_fields.py reads the app's
routes and checks that each one does, and that a form and the API route it mirrors agree.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form
from pydantic import Field

from bargaining.model import limits
from bargaining.storage import accounts, identity

LENGTHS: dict[str, int] = {
    "id": limits.ID_LENGTH,  # a proposal id, an issue, a draft's answers
    "short": limits.SHORT_LENGTH,  # an event type, an actor, a visibility, a choice
    "date": limits.DATE_LENGTH,
    "title": limits.TITLE_LENGTH,
    "article": 200,
    "article_text": limits.MAX_ARTICLE_CHARS,  # an article's language as initialed at a tentative agreement
    "note": limits.NOTE_LENGTH,  # a side's note
    "event_text": limits.EVENT_TEXT_LENGTH,  # an event's note, a statement's summary, a report's reason
    "comment": limits.COMMENT_LENGTH,
    "reason": accounts.REASON_LENGTH,  # why a public comment is reported
    "terms": limits.TERMS_LENGTH,
    "bids": limits.BIDS_LENGTH,
    "name": identity.MAX_NAME,  # the account rules own these two
    "password": identity.MAX_PASSWORD,
    "path": 2_000,  # where to go after signing in
}


def body(kind: str, *, required: bool = True, **extra: Any) -> Any:
    """The pydantic field of an API body: at most LENGTHS[kind] characters, at least one when required."""
    if required:
        return Field(min_length=1, max_length=LENGTHS[kind], **extra)
    return Field(None, max_length=LENGTHS[kind], **extra)


def form(kind: str, **extra: Any) -> Any:
    """The form field of a page's POST: at most LENGTHS[kind] characters."""
    return Form(max_length=LENGTHS[kind], **extra)


Csrf = Annotated[str, Form(alias="csrf_token", max_length=LENGTHS["path"])]
