"""schemathesis against the JSON API, signed in as the union team: no 5xx on any generated input, and every
error is a 4xx carrying a message (``{"detail": "..."}``)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from bargaining.storage import accounts
from bargaining.web import create_app

from .conftest import BUNDLED


@pytest.fixture
def own_copy(copied_workspace: Engine) -> Engine:
    """The planted workspace copied (the fuzzer writes notes, drafts and events into it)."""
    return copied_workspace


def test_the_api_never_fails_with_a_server_error(own_copy: Engine) -> None:
    account = accounts.authenticate(own_copy, "demo-union", "demo-password")
    assert account is not None
    token, csrf = accounts.open_session(own_copy, account)
    union_headers = {"Cookie": f"bargaining_session={token}", "X-CSRF-Token": csrf}
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(own_copy))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15  # every /api route is in the OpenAPI document

    calls: dict[int, int] = {}
    for operation in operations:

        @given(case=operation.as_strategy(), real=st.sampled_from([None, *BUNDLED]))
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case, real: str | None) -> None:
            # Random case ids all miss (404); half the examples aim at a real case to reach the handlers.
            if real is not None and case.path_parameters and "case_id" in case.path_parameters:
                case.path_parameters["case_id"] = real
            headers = dict(case.headers or {})
            headers.update(union_headers)
            response = case.call(headers=headers)
            calls[response.status_code] = calls.get(response.status_code, 0) + 1
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
            if response.status_code >= 400:
                detail = response.json().get("detail")
                assert isinstance(detail, str) and detail, f"{where}: an error without a message"

        check()
    # Generated input reached the handlers (2xx) as well as the validators (4xx).
    assert sum(calls.values()) >= 5 * len(operations), calls
    assert any(200 <= status < 300 for status in calls) and any(400 <= status < 500 for status in calls), (
        calls
    )
