"""A report of a public comment, filed the one way for the Report form and the JSON API: anyone may report,
with a reason; a few reports a day per address (or account), then a doubling wait (storage.fairuse.REPORTS),
so no one floods the moderators' queue."""

from __future__ import annotations

import datetime as dt
import math

from fastapi import Request

from bargaining.storage import accounts, fairuse
from bargaining.web.context import Context, Refused, client_address


def file_report(request: Request, ctx: Context, case_id: str, comment_id: int, reason: str) -> None:
    """Queue the report for the case's moderators, or refuse it: 422 without a reason, 429 naming the wait,
    404 for a comment not in this case."""
    if not reason.strip():
        raise Refused(422, "reason: say which conduct rule the comment breaks")
    engine = request.app.state.workspace.engine
    user_id = ctx.account.id if ctx.account is not None else None
    key, at = fairuse.report_key(client_address(request), user_id), dt.datetime.now(dt.UTC)
    wait = fairuse.report_wait(engine, key, at)
    if wait > 0:
        minutes = math.ceil(wait / 60)
        raise Refused(429, f"too many reports from you: try again in {minutes} minute{'s' * (minutes != 1)}")
    if not accounts.report_comment(engine, case_id, comment_id, user_id, reason):
        raise Refused(404, f"no comment {comment_id} in {case_id}")
    fairuse.record_report(engine, key, at)
