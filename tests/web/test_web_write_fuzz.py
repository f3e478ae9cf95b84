"""Hostile values posted to every write route, HTML forms and JSON API alike (issue 10, "Done when").

The routes are enumerated from the app, so a new write route is fuzzed without a line here. Each request
gets random and hostile values (huge numbers, 1e308, NaN, very long strings, unicode, negative and huge
ids, missing fields, a wrong CSRF token) for the fields the route declares, signed in as a team, the
mediator or an admin. Every answer is below 500, and every refusal carries a message.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from sqlalchemy import Engine

from bargaining.storage import accounts
from bargaining.web import create_app, policy

from .conftest import BUNDLED, USERS

HOSTILE = st.sampled_from(
    [
        "1e308",
        "-1e308",
        "NaN",
        "nan",
        "Infinity",
        "-1",
        "0",
        "99999999999999999999999999",
        "",
        " ",
        "\x00",
        "x" * 20_000,
        "ß中文😀\u202e",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "2025-13-45",
        "0001-01-01",
        "- {type: one_time, amount: 1e308, paid: 2019-07-01}",
        "- {type: raise, percent: 1e308, effective: 2019-07-01}",
        "settlement",
        "tentative_agreement",
        "both",
        "union",
    ]
)
VALUES = st.one_of(
    HOSTILE,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
IDS = st.sampled_from(["1", "2", "0", "-1", "99999999999999999999999", "abc", "1e308", "%F0%9F%98%80"])


def _routes(app: Any) -> list[tuple[str, list[str], bool]]:
    """(path, field names, JSON body?) of every POST route, looking inside included routers."""
    found = []

    def walk(routes: Any) -> None:
        for route in routes:
            nested = getattr(route, "original_router", None)
            if nested is not None:
                walk(nested.routes)
            elif "POST" in (getattr(route, "methods", None) or ()):
                fields: list[str] = []
                as_json = route.path.startswith("/api/")
                for param in route.dependant.body_params:
                    annotation = param.field_info.annotation
                    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                        fields += list(annotation.model_fields)
                    else:
                        fields.append(param.alias)
                found.append((route.path, fields, as_json))

    walk(app.routes)
    return found


@pytest.fixture
def own_copy(copied_workspace: Engine) -> Engine:
    return copied_workspace


def test_every_write_route_answers_hostile_input_with_a_4xx_and_a_message(own_copy: Engine) -> None:
    app = create_app(own_copy, demo=True)  # the demo-* accounts sign in only under --demo
    sessions = {}
    for role in ("union", "employer", "mediator", "admin"):
        account = accounts.authenticate(own_copy, USERS[role], "demo-password")
        assert account is not None
        sessions[role] = accounts.open_session(own_copy, account)
    routes = _routes(app)
    assert len(routes) >= 25 and any(p == "/api/cases/{case_id}/events" for p, _, _ in routes)
    client = TestClient(app)
    statuses: dict[int, int] = {}

    def fuzz(path: str, fields: list[str], as_json: bool) -> None:
        @given(
            role=st.sampled_from(sorted(sessions)),
            case_id=st.one_of(st.sampled_from(BUNDLED), HOSTILE),
            ids=IDS,
            body=st.fixed_dictionaries({}, optional={name: VALUES for name in fields}),
            extra=st.dictionaries(st.sampled_from(["zzz", "__proto__", "supersedes"]), VALUES, max_size=1),
            good_csrf=st.booleans(),
        )
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(
            role: str,
            case_id: str,
            ids: str,
            body: dict[str, Any],
            extra: dict[str, Any],
            good_csrf: bool,
        ) -> None:
            token, csrf = sessions[role]
            url = path.replace("{case_id}", quote(case_id[:300], safe="") or "x")
            for name in ("draft_id", "comment_id", "report_id", "step_id"):
                url = url.replace("{" + name + "}", ids)
            client.cookies.clear()
            cookie = {"Cookie": f"bargaining_session={token}"}
            sent = {**body, **extra}
            if as_json:
                headers = {**cookie, "X-CSRF-Token": csrf if good_csrf else "wrong"}
                response = client.post(url, content=json.dumps(sent), headers=headers)
            else:
                form = {k: "" if v is None else str(v) for k, v in sent.items()}
                form["csrf_token"] = csrf if good_csrf else "wrong"
                response = client.post(url, data=form, headers=cookie, follow_redirects=False)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            where = f"{role} POST {url[:120]} {str(sent)[:200]}"
            assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
            if response.status_code >= 400:
                if as_json or response.headers.get("content-type", "").startswith("application/json"):
                    detail = response.json().get("detail")
                    assert isinstance(detail, str) and detail, f"{where}: an error without a message"
                else:
                    assert response.text.strip(), f"{where}: an error page without a message"

        check()

    # Every write route the policy lists, and no other, is fuzzed; logout last, since it ends sessions.
    assert {path for path, _, _ in routes} == {path for method, path in policy.ROUTES if method == "POST"}
    for path, fields, as_json in sorted(routes, key=lambda route: route[0] == "/logout"):
        fuzz(path, fields, as_json)
    # Input got past the gates to the handlers' own checks (422), not only refused at the door.
    assert statuses.get(422, 0) > 0, statuses
