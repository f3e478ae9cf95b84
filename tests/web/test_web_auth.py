"""Sign-in, sessions, CSRF, security headers, escaping, forms and moderation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bargaining.cli import app as cli
from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Proposal
from bargaining.storage import open_database, read_events
from bargaining.storage.accounts import credentials
from bargaining.web import create_app
from bargaining.web.demo import DEMO_PASSWORD

from .conftest import ROOT, Workbench, csrf_of, signed_in

CASE = "lausd-2019"


def test_passwords_are_stored_as_argon2_hashes(workbench: Workbench) -> None:
    with workbench.engine.connect() as connection:
        hashes = [h for (h,) in connection.execute(select(credentials.c.password_hash))]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(DEMO_PASSWORD in h for h in hashes)


def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_when_asked(workbench: Workbench) -> None:
    for secure in (False, True):
        base = (
            "https://testserver" if secure else "http://testserver"
        )  # Secure cookies travel over HTTPS only
        client = TestClient(create_app(workbench.engine, secure_cookies=secure, demo=True), base_url=base)
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login",
            data={"name": "demo-union", "password": DEMO_PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        cookie = response.headers["set-cookie"]
        # Over HTTPS the __Host- prefix: Secure, this host only, path / (a sibling host cannot plant it).
        assert cookie.startswith("__Host-bargaining_session=" if secure else "bargaining_session=")
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert ("Secure" in cookie) is secure


def test_a_form_without_the_csrf_token_is_refused(workbench: Workbench) -> None:
    client = TestClient(create_app(workbench.engine))
    client.get("/login")
    response = client.post("/login", data={"name": "demo-union", "password": DEMO_PASSWORD})
    assert response.status_code == 422  # the field is required
    response = client.post(
        "/login",
        data={"name": "demo-union", "password": DEMO_PASSWORD, "csrf_token": "forged-token-0123456789"},
    )
    assert response.status_code == 403 and "CSRF" in response.text
    # A token planted as a cookie by someone else (a sibling host, plain http) and echoed in the form is
    # not ours: before sign-in the token must carry the server's signature (found in review).
    planted = TestClient(create_app(workbench.engine))
    planted.cookies.set("bargaining_csrf", "A" * 30)
    response = planted.post(
        "/login", data={"name": "demo-union", "password": DEMO_PASSWORD, "csrf_token": "A" * 30}
    )
    assert response.status_code == 403 and "CSRF" in response.text
    union = signed_in(workbench.engine, "union")
    response = union.post(
        f"/cases/{CASE}/notes", data={"text": "x", "visibility": "private", "csrf_token": "nope"}
    )
    assert response.status_code == 403
    response = union.post(f"/api/cases/{CASE}/notes", json={"text": "x", "visibility": "private"})
    assert response.status_code == 403 and "X-CSRF-Token" in response.json()["detail"]


def test_every_response_carries_the_security_headers(workbench: Workbench) -> None:
    client = TestClient(create_app(workbench.engine))
    for path in ("/", f"/cases/{CASE}/public", f"/api/cases/{CASE}", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]+)", csp)
        assert script_src is not None and "unsafe-inline" not in script_src.group(1)
        assert "frame-ancestors 'none'" in csp
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_comments_are_shown_as_text_reported_and_hidden_by_the_case_admin(workbench: Workbench) -> None:
    public = signed_in(workbench.engine, "observer")
    page = public.get(f"/cases/{CASE}/public")
    hostile = '<script>alert("x")</script><b onclick="steal()">bold</b>'
    response = public.post(
        f"/cases/{CASE}/comments",
        data={"proposal": "lausd-2018-07", "text": hostile, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = public.get(f"/cases/{CASE}/public")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onclick=" in page.text
    assert hostile not in page.text and "<b onclick" not in page.text
    comment_id = max(int(n) for n in re.findall(r"/comments/(\d+)/report", page.text))
    # Report it: it goes to the case admins' queue.
    response = public.post(
        f"/cases/{CASE}/comments/{comment_id}/report",
        data={"reason": "script", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    admin = signed_in(workbench.engine, "admin")
    queue = admin.get(f"/cases/{CASE}/moderation")
    assert "&lt;script&gt;" in queue.text and "<script>alert" not in queue.text
    report_id = re.findall(rf'/cases/{CASE}/moderation/(\d+)"', queue.text)[-1]
    response = admin.post(
        f"/cases/{CASE}/moderation/{report_id}",
        data={"action": "hide", "csrf_token": csrf_of(queue.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "&lt;script&gt;alert" not in public.get(f"/cases/{CASE}/public").text
    # Only the admin role moderates.
    assert public.get(f"/cases/{CASE}/moderation").status_code == 403


def test_the_union_adds_a_draft_and_sees_it_costed_by_the_costing_engine(workbench: Workbench) -> None:
    union = signed_in(workbench.engine, "union")
    page = union.get(f"/cases/{CASE}/team")
    terms = "- {type: raise, percent: 2, effective: 2018-07-01}"
    response = union.post(
        f"/cases/{CASE}/drafts",
        data={"title": "Two percent from July 2018", "terms": terms, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    drafts = union.get(f"/api/cases/{CASE}/team").json()["drafts"]
    mine = next(d for d in drafts if d["title"] == "Two percent from July 2018")
    # The same number `bargain cost` gives for these terms on the bundled case.
    case, errors = load_case(ROOT / "cases" / CASE)
    assert case is not None and not errors
    expected = cost_proposal(
        CostContext.of(case),
        Proposal.model_validate(
            {
                "id": "x",
                "party": "union",
                "date": mine["date"],
                "terms": [{"type": "raise", "percent": 2, "effective": "2018-07-01"}],
            }
        ),
    ).total
    assert mine["total"] == pytest.approx(expected)
    assert mine["total"] > 0
    # Bad terms are refused with the field named, not saved.
    page = union.get(f"/cases/{CASE}/team")
    response = union.post(
        f"/cases/{CASE}/drafts",
        data={"title": "bad", "terms": "- {type: raise, percent: lots}", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 422 and "terms[0].percent: Input should be a valid number" in response.text


def test_recording_an_event_appends_to_the_chain_and_validates_like_the_cli(tmp_path: Path) -> None:
    from bargaining.storage import import_case
    from bargaining.web.demo import seed_demo

    engine: Engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    import_case(engine, ROOT / "cases" / "denver-2025")
    seed_demo(engine, ["denver-2025"])
    union = signed_in(engine, "union")
    before = len(read_events(engine, "denver-2025"))
    page = union.get("/cases/denver-2025/record")
    response = union.post(
        "/cases/denver-2025/events",
        data={"type": "session", "date": "2025-06-20", "note": "a session", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].endswith(f"saved={before + 1}")
    assert len(read_events(engine, "denver-2025")) == before + 1
    assert "a session" in union.get("/cases/denver-2025").text
    # A tentative agreement needs its article: refused, nothing appended, the key named.
    response = union.post(
        "/cases/denver-2025/events",
        data={"type": "tentative_agreement", "date": "2025-06-21", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 422 and "article" in response.text
    assert len(read_events(engine, "denver-2025")) == before + 1
    engine.dispose()


def test_user_add_and_grant_on_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(ROOT / "cases" / "denver-2025"), "--db", db]).exit_code == 0
    added = runner.invoke(
        cli, ["user", "add", "ana", "--password-stdin", "--db", db], input="long-enough-pw\n"
    )
    assert added.exit_code == 0 and "added user ana" in added.output
    granted = runner.invoke(cli, ["grant", "ana", "denver-2025", "union", "--db", db])
    assert granted.exit_code == 0 and "ana is now union on denver-2025" in granted.output
    bad = runner.invoke(cli, ["grant", "ana", "denver-2025", "boss", "--db", db])
    assert bad.exit_code == 1 and "role 'boss' is not one of" in bad.output
    short = runner.invoke(cli, ["user", "add", "bo", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    # Without --demo nothing is seeded: a fresh app knows no demo account.
    engine = open_database(db)
    client = TestClient(create_app(engine))
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"name": "demo-union", "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401
    engine.dispose()


def test_a_team_cannot_record_events_in_the_other_sides_name_or_publish_its_proposals(
    tmp_path: Path,
) -> None:
    # The attack a review found: the union records a "settlement" signed by the employer and naming the
    # district's at-table counter, which public events would then publish. The record is append-only, so
    # such an event must never get in.
    from bargaining.storage import import_case
    from bargaining.web.demo import seed_demo

    engine: Engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    import_case(engine, ROOT / "cases" / "denver-2025")
    seed_demo(engine, ["denver-2025"])
    union = signed_in(engine, "union")
    public = TestClient(create_app(engine))
    before = len(read_events(engine, "denver-2025"))
    published = {p["id"] for p in public.get("/api/cases/denver-2025/public").json()["proposals"]}
    assert "dps-2025-04-28" not in published
    token = csrf_of(union.get("/cases/denver-2025/record").text)
    attempts = [
        {"type": "settlement", "by": "employer", "proposal": "dps-2025-04-28"},  # forged signature
        {"type": "imposed", "by": "employer", "proposal": "dps-2025-04-28"},
        {"type": "statement", "by": "employer", "summary": "we give up"},  # words in their mouth
    ]
    for fields in attempts:
        response = union.post(
            "/api/cases/denver-2025/events",
            json={"date": "2026-06-01", **fields},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 403, (fields, response.text)
    assert len(read_events(engine, "denver-2025")) == before
    after = {p["id"] for p in public.get("/api/cases/denver-2025/public").json()["proposals"]}
    assert after == published
    # In its own name, the union may make a public statement.
    response = union.post(
        "/api/cases/denver-2025/events",
        json={"type": "statement", "date": "2026-06-01", "summary": "our offer stands"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    assert read_events(engine, "denver-2025")[-1].payload["by"] == "union"
    engine.dispose()
