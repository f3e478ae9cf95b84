"""Fair use (issue 10, S10-S12 and "What to build" 5-6): the sign-in throttle, the demo accounts, the shared
simulation queue, and several server processes over one database."""

from __future__ import annotations

import datetime as dt
import socket
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from bargaining.cli import app as cli
from bargaining.storage import accounts, import_case, open_database
from bargaining.web import create_app
from bargaining.web.demo import DEMO_PASSWORD, seed_demo
from bargaining.web.security import LoginThrottle
from bargaining.web.simulation import Runner

from .conftest import ROOT, Workbench, csrf_of

UTC = dt.UTC


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def _at(app: Any, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def _login(client: TestClient, name: str, password: str) -> Any:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token}, follow_redirects=False
    )


def test_wrong_passwords_from_one_address_never_lock_out_the_right_password_from_another(
    workbench: Workbench,
) -> None:
    # S12: five wrong passwords used to lock a named user out everywhere, even with the right password.
    app = create_app(workbench.engine, demo=True)
    clock = Clock()
    app.state.limiter = LoginThrottle(workbench.engine, clock)
    guesser, owner = _at(app, "198.51.100.7"), _at(app, "192.0.2.44")
    # Per (name, address): 3 free failures, then waits of 2 s, 4 s, 8 s ... (storage/fairuse.PAIR).
    for _ in range(4):
        assert _login(guesser, "demo-admin", "guess-1234").status_code == 401
    blocked = _login(guesser, "demo-admin", DEMO_PASSWORD)  # right password, but during the wait
    assert blocked.status_code == 429 and "try again in 2 seconds" in blocked.text
    assert blocked.headers["retry-after"] == "2"
    # The owner, elsewhere, signs in at once.
    assert _login(owner, "demo-admin", DEMO_PASSWORD).status_code == 303
    # The guesser's own other accounts are not held up by the pair's wait either.
    assert _login(guesser, "demo-union", DEMO_PASSWORD).status_code == 303
    # Upper-case or look-alike spellings count against the same name.
    assert _login(guesser, "Demo-Admin", DEMO_PASSWORD).status_code == 429
    clock.advance(2)
    assert _login(guesser, "demo-admin", "guess-5678").status_code == 401  # 5th failure: now wait 4 s
    clock.advance(3.5)
    assert "try again in 1 seconds" in _login(guesser, "demo-admin", DEMO_PASSWORD).text
    clock.advance(0.5)
    assert _login(guesser, "demo-admin", DEMO_PASSWORD).status_code == 303  # the pair starts afresh


def test_one_address_trying_many_names_waits_too(workbench: Workbench) -> None:
    app = create_app(workbench.engine, demo=True)
    app.state.limiter = LoginThrottle(workbench.engine, Clock())
    sprayer = _at(app, "2001:db8:77::1")
    # Per address: 30 free failures over any names (storage/fairuse.ADDRESS), then a wait of 2 s.
    for n in range(31):
        assert _login(sprayer, f"nobody-{n}", "Spring2026!").status_code == 401
    assert _login(sprayer, "demo-union", DEMO_PASSWORD).status_code == 429
    # IPv6 is counted by /64: another address of the same network waits as well; another network does not.
    assert _login(_at(app, "2001:db8:77::9"), "demo-union", DEMO_PASSWORD).status_code == 429
    assert _login(_at(app, "2001:db8:78::1"), "demo-union", DEMO_PASSWORD).status_code == 303


def _cases(tmp_path: Path, *case_ids: str) -> Engine:
    engine = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    for case_id in case_ids:
        import_case(engine, ROOT / "cases" / case_id)
    return engine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_demo_accounts_hold_roles_on_the_bundled_cases_only_and_only_while_demo_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # S11: `serve --demo` granted the public demo accounts roles on every case in the database, and they
    # kept working after a restart without --demo.
    import uvicorn

    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs))
    db = tmp_path / "w.db"
    engine = _cases(tmp_path, "lausd-2019")  # a district's own case, not one of the demo's
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "denver-2025").symlink_to(ROOT / "cases" / "denver-2025")
    runner, port = CliRunner(), str(_free_port())
    demo = runner.invoke(cli, ["serve", "--demo", "--db", str(db), "--cases", str(bundled), "--port", port])
    assert demo.exit_code == 0, demo.output
    assert "imported denver-2025" in demo.output and served
    union = accounts.authenticate(engine, "demo-union", DEMO_PASSWORD)
    assert union is not None
    assert accounts.roles_of(engine, union.id) == {"denver-2025": "union"}
    demo_app = TestClient(create_app(engine, demo=True))
    assert _login(demo_app, "demo-union", DEMO_PASSWORD).status_code == 303
    assert demo_app.get("/cases/denver-2025/team").status_code == 200
    assert demo_app.get("/cases/lausd-2019/team").status_code == 403
    # Restarted without --demo: no demo sign-in, the old session is gone, no role is left.
    plain = runner.invoke(cli, ["serve", "--db", str(db), "--port", port])
    assert plain.exit_code == 0 and "withdrawn" in plain.output
    assert accounts.roles_of(engine, union.id) == {}
    production = create_app(engine)
    assert _login(TestClient(production), "demo-union", DEMO_PASSWORD).status_code == 401
    demo_app.app = production  # the same browser, its cookie from the demo server
    assert demo_app.get("/api/session").json()["signed_in"] is False
    assert accounts.authenticate(engine, "demo-union", DEMO_PASSWORD, demo=False) is None
    engine.dispose()


class Held(Executor):
    """Keeps what is submitted instead of running it: the test decides when runs start."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        return Future()


def _signed_in(app: Any, name: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    assert _login(client, name, DEMO_PASSWORD).status_code == 303
    return client, client.get("/api/session").json()["csrf_token"]


def test_one_person_cannot_hold_the_simulation_queue(tmp_path: Path) -> None:
    # S10: one user kept the global queue full and the other side got 1 start in 58.
    engine = _cases(tmp_path, "lausd-2019")
    seed_demo(engine, ["lausd-2019"])
    app = create_app(engine, demo=True)
    app.state.simulations = Runner(app.state.workspace, Held())
    url = "/api/cases/lausd-2019/simulation"
    started: dict[str, list[str]] = {}
    for name in ("demo-union", "demo-district", "demo-mediator"):
        client, csrf = _signed_in(app, name)
        answers = [
            client.post(url, json={"runs": 100, "seed": n}, headers={"X-CSRF-Token": csrf}) for n in (1, 2)
        ]
        started[name] = [a.json().get("id", a.json().get("detail")) for a in answers]
        if name != "demo-mediator":
            assert [a.status_code for a in answers] == [202, 202]
            third = client.post(url, json={"runs": 100, "seed": 3}, headers={"X-CSRF-Token": csrf})
            assert third.status_code == 429 and "you have 2 simulations" in third.json()["detail"]
    # Four runs of this case wait: the per-case bound refuses the mediator's.
    assert "4 simulations of this case" in started["demo-mediator"][0]
    # Starts alternate between people (round-robin), oldest first within a person.
    from bargaining.storage import simqueue

    order = [simqueue.claim_next(engine) for _ in range(4)]
    assert [r.id if r else None for r in order] == [
        started["demo-union"][0],
        started["demo-district"][0],
        started["demo-union"][1],
        started["demo-district"][1],
    ]
    assert simqueue.claim_next(engine) is None
    engine.dispose()


def test_a_person_resubmitting_as_fast_as_runs_finish_gets_half_the_starts(tmp_path: Path) -> None:
    from bargaining.storage import simqueue

    engine = _cases(tmp_path, "lausd-2019")
    seed_demo(engine, ["lausd-2019"])
    ids = {}
    for name in ("demo-union", "demo-district"):
        found = accounts.authenticate(engine, name, DEMO_PASSWORD)
        assert found is not None
        ids[name] = found.id
    limits = simqueue.Limits(per_user=2, per_case=4, total=12)
    starts = {"demo-union": 0, "demo-district": 0}
    who = {}
    for _ in range(58):
        # The union always refills its share first; the district asks for one when it has none waiting.
        for name in ("demo-union", "demo-union", "demo-district"):
            try:
                run = simqueue.enqueue(engine, "lausd-2019", "union", ids[name], 10, 0, limits)
                who[run.id] = name
            except simqueue.QueueFull:
                pass
        run = simqueue.claim_next(engine)
        assert run is not None
        starts[who[run.id]] += 1
        simqueue.finish(engine, run.id, {"runs": 10}, None)
    assert starts == {"demo-union": 29, "demo-district": 29}
    engine.dispose()


def test_two_server_processes_over_one_database_accept_each_others_sessions_and_tokens(
    workbench: Workbench,
) -> None:
    first = create_app(workbench.engine, demo=True)
    second = create_app(workbench.engine, demo=True)
    browser = TestClient(first)
    token = csrf_of(browser.get("/login").text)  # issued by the first process
    browser.app = second  # the proxy sends the next request to the second
    done = browser.post(
        "/login",
        data={"name": "demo-union", "password": DEMO_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    csrf = browser.get("/api/session").json()["csrf_token"]
    browser.app = first
    assert browser.get("/api/session").json()["name"] == "demo-union"
    note = browser.post(
        "/api/cases/lausd-2019/notes",
        json={"text": "written through the first process", "visibility": "private"},
        headers={"X-CSRF-Token": csrf},
    )
    assert note.status_code == 201, note.text


def test_over_https_cookies_carry_the_host_prefix_so_a_planted_token_is_not_ours(
    workbench: Workbench,
) -> None:
    app = create_app(workbench.engine, secure_cookies=True, demo=True)
    attacker = TestClient(app, base_url="https://testserver")
    issued = csrf_of(attacker.get("/login").text)  # a genuine token, signed by the server
    assert attacker.cookies.get("__Host-bargaining_csrf") == issued
    # Planted in the victim's browser from a sibling host, which can set `bargaining_csrf` but never a
    # __Host- cookie; then a form on the attacker's page signs the victim in as the attacker.
    victim = TestClient(app, base_url="https://testserver")
    victim.cookies.set("bargaining_csrf", issued)
    response = victim.post(
        "/login", data={"name": "demo-public", "password": DEMO_PASSWORD, "csrf_token": issued}
    )
    assert response.status_code == 403 and "CSRF" in response.text


def test_a_person_changes_their_password_on_its_page(tmp_path: Path) -> None:
    engine = _cases(tmp_path)
    accounts.add_user(engine, "ana", "a long passphrase")
    app = create_app(engine)
    client = TestClient(app)
    assert _login(client, "ana", "a long passphrase").status_code == 303
    other = TestClient(app)  # another browser of hers
    assert _login(other, "ana", "a long passphrase").status_code == 303
    page = client.get("/account/password")
    assert page.status_code == 200 and 'autocomplete="new-password"' in page.text
    token = csrf_of(page.text)

    def change(current: str, new: str, again: str | None = None, csrf: str = token) -> Any:
        fields = {"current": current, "new": new, "again": again or new, "csrf_token": csrf}
        return client.post("/account/password", data=fields, follow_redirects=False)

    assert change("a long passphrase", "new phrase 2026", csrf="forged").status_code == 403
    wrong = change("not my password", "new phrase 2026")
    assert wrong.status_code == 403 and "current password is wrong" in wrong.text
    assert "differ" in change("a long passphrase", "new phrase 2026", "new phrase 2027").text
    assert "most commonly used" in change("a long passphrase", "password").text
    done = change("a long passphrase", "new phrase 2026")
    assert done.status_code == 303 and done.headers["location"].startswith("/login")
    # Every session of hers ended; the new password signs in, the old one does not.
    assert other.get("/api/session").json()["signed_in"] is False
    assert _login(TestClient(app), "ana", "a long passphrase").status_code == 401
    assert _login(TestClient(app), "ana", "new phrase 2026").status_code == 303
    # Without a session the page sends one to sign in.
    assert TestClient(app).get("/account/password", follow_redirects=False).status_code == 303
    engine.dispose()


def test_the_shared_demo_accounts_cannot_change_their_password(workbench: Workbench) -> None:
    client, _ = _signed_in(create_app(workbench.engine, demo=True), "demo-public")
    token = csrf_of(client.get("/account/password").text)
    response = client.post(
        "/account/password",
        data={
            "current": DEMO_PASSWORD,
            "new": "mine alone now",
            "again": "mine alone now",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422 and "demo accounts are shared" in response.text


def test_a_failed_blind_bid_does_not_tell_how_many_rounds_the_other_side_bid(tmp_path: Path) -> None:
    # Low finding: "the bids did not overlap in 3 round(s)" told the union, which bid once, that the district
    # bid three rounds. The docs promise only: overlap or not, and on overlap the midpoint and its round.
    engine = _cases(tmp_path, "lausd-2019")
    seed_demo(engine, ["lausd-2019"])
    app = create_app(engine, demo=True)
    (employer, e_csrf), (union, u_csrf), (mediator, m_csrf) = (
        _signed_in(app, name) for name in ("demo-district", "demo-union", "demo-mediator")
    )
    bids = "/api/cases/lausd-2019/bids"
    assert employer.post(
        bids, json={"issue": "raise_1", "bids": "1, 1.5, 2"}, headers={"X-CSRF-Token": e_csrf}
    )
    assert union.post(bids, json={"issue": "raise_1", "bids": "6"}, headers={"X-CSRF-Token": u_csrf})
    run = mediator.post(
        "/api/cases/lausd-2019/mediation/blind-bid",
        json={"issue": "raise_1"},
        headers={"X-CSRF-Token": m_csrf},
    )
    assert run.status_code == 200 and run.json()["settled"] is False
    for seen in (
        run.json(),
        union.get("/api/cases/lausd-2019/team").json()["blind"]["outcomes"][0],
        mediator.get("/api/cases/lausd-2019/mediation").json()["blind"]["outcomes"][0],
    ):
        assert seen["summary"] == "raise_1: the bids did not overlap; no settlement"
        assert "rounds" not in seen and seen["settled_in_round"] is None
    page = union.get("/cases/lausd-2019/team").text
    assert "did not overlap; no settlement" in page and "3 round" not in page
    engine.dispose()


def test_note_and_draft_ids_do_not_let_a_side_count_the_other_sides(tmp_path: Path) -> None:
    # Low finding: note and draft ids were workspace-wide row numbers, so the union's second note id minus
    # its first told it how many notes the district wrote in between (and the same for drafts).
    engine = _cases(tmp_path, "lausd-2019")
    seed_demo(engine, ["lausd-2019"])
    app = create_app(engine, demo=True)
    (union, u_csrf), (employer, e_csrf) = (_signed_in(app, name) for name in ("demo-union", "demo-district"))

    def post(client: TestClient, csrf: str, what: str, body: dict[str, str]) -> str:
        answer = client.post(f"/api/cases/lausd-2019/{what}", json=body, headers={"X-CSRF-Token": csrf})
        assert answer.status_code == 201, answer.text
        return str(answer.json()["id"])

    note = {"text": "ours", "visibility": "private"}
    draft = {"title": "ours", "terms": "- {type: raise, percent: 2, effective: 2019-07-01}"}
    first_note, first_draft = post(union, u_csrf, "notes", note), post(union, u_csrf, "drafts", draft)
    for _ in range(3):
        post(employer, e_csrf, "notes", note | {"text": "theirs"})
        post(employer, e_csrf, "drafts", draft | {"title": "theirs"})
    second_note, second_draft = post(union, u_csrf, "notes", note), post(union, u_csrf, "drafts", draft)
    for ref in (first_note, first_draft, second_note, second_draft):
        assert len(ref) == 16 and not ref.isdigit()  # 64 bits of an HMAC, not a row number
    team = union.get("/api/cases/lausd-2019/team").json()
    assert [d["draft_id"] for d in team["drafts"]] == [first_draft, second_draft]
    shown_notes = [n["id"] for n in team["notes"]]
    assert first_note in shown_notes and second_note in shown_notes
    # The team page's share and pass forms address drafts by the same ids, and only one's own.
    page = union.get("/cases/lausd-2019/team")
    shared = union.post(
        f"/cases/lausd-2019/drafts/{second_draft}/share",
        data={"shared": "yes", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert shared.status_code == 303
    theirs = employer.get("/api/cases/lausd-2019/team").json()["drafts"][0]["draft_id"]
    stolen = union.post(
        f"/cases/lausd-2019/drafts/{theirs}/share", data={"shared": "yes", "csrf_token": csrf_of(page.text)}
    )
    assert stolen.status_code == 404
    engine.dispose()


def test_serve_refuses_a_port_out_of_range_or_taken_with_a_message(tmp_path: Path) -> None:
    # Low findings: `serve --port 99999` exited 70 with a traceback; a port in use exited 3, undocumented.
    db = str(tmp_path / "w.db")
    out_of_range = CliRunner().invoke(cli, ["serve", "--db", db, "--port", "99999"])
    assert out_of_range.exit_code == 2 and "65535" in out_of_range.output
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        busy = CliRunner().invoke(cli, ["serve", "--db", db, "--port", port])
    assert busy.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in busy.output


def test_user_add_refuses_common_passwords_and_look_alike_names(tmp_path: Path) -> None:
    # Low findings: the passwords `password` and eight spaces were accepted, and so was `demo‐union` (U+2010)
    # beside `demo-union`.
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", db]).exit_code == 0

    def add(name: str, password: str) -> Any:
        return runner.invoke(
            cli, ["user", "add", name, "--password-stdin", "--db", db], input=password + "\n"
        )

    assert "most commonly used" in add("ana", "password").output
    spaces = add("ana", " " * 8)
    assert spaces.exit_code == 1 and "different characters" in spaces.output
    assert add("union-lead", "a long passphrase").exit_code == 0
    hyphen = add("union\u2010lead", "a long passphrase")
    assert hyphen.exit_code == 1 and "U+2010" in hyphen.output
    cyrillic = add("uni\u043en-lead", "a long passphrase")  # Cyrillic o
    assert cyrillic.exit_code == 1 and "mixes alphabets" in cyrillic.output
    capital = add("Union-Lead", "a long passphrase")
    assert capital.exit_code == 1 and "already a user 'union-lead'" in capital.output


def test_a_comment_or_report_id_beyond_any_row_is_404_not_500(workbench: Workbench) -> None:
    # Low finding: huge ids answered 500 (SQLite cannot bind an integer above 2**63 - 1).
    public, _ = _signed_in(create_app(workbench.engine, demo=True), "demo-public")
    token = csrf_of(public.get("/cases/lausd-2019/public").text)
    huge = "9" * 30
    report = public.post(
        f"/cases/lausd-2019/comments/{huge}/report", data={"reason": "x", "csrf_token": token}
    )
    assert report.status_code == 404 and "no comment" in report.text
    admin, _ = _signed_in(create_app(workbench.engine, demo=True), "demo-admin")
    token = csrf_of(admin.get("/cases/lausd-2019/moderation").text)
    moderated = admin.post(
        f"/cases/lausd-2019/moderation/{huge}", data={"action": "hide", "csrf_token": token}
    )
    assert moderated.status_code == 404 and "no open report" in moderated.text
