"""What every router of the web workbench shares: the gate in front of every route and the request context
it finds, the CSRF checks for forms and for the API, page rendering (with the report's number formats as
template filters), redirects, the case of a case route and chart data for pages.

Routers (``pages``, ``signin``, ``api``, ``room``, ``simulation``) import this module and never each
other's private helpers; ``app`` puts them together.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from bargaining.report import (
    COMPONENT_WORDS,
    DISCLOSURE_WORDS,
    PARTY_WORDS,
    SOLUTION_WORDS,
    dollars,
    dollars_millions,
    fixed,
    general,
    plain,
    share,
)
from bargaining.storage import Version, accounts, visit
from bargaining.web import policy
from bargaining.web.casedata import Loaded, Workspace
from bargaining.web.fields import Csrf as Csrf  # bounded lengths shared with the API (issue 10, S9)
from bargaining.web.policy import Viewer
from bargaining.web.security import cookie_names, same, signed_ok, signed_token

WEB = Path(str(resources.files("bargaining.web")))
templates = Jinja2Templates(directory=str(WEB / "templates"))
templates.env.filters["money"] = dollars
templates.env.filters["millions"] = dollars_millions
templates.env.filters["pct"] = share
templates.env.filters["fixed"] = fixed
templates.env.filters["general"] = general
# Users' words for the keys of the documents (report.words): a party, a component, a disclosure row, a key.
templates.env.filters["party"] = lambda key: PARTY_WORDS.get(key, plain(str(key))) if key else ""
templates.env.filters["component"] = lambda key: COMPONENT_WORDS.get(key, plain(str(key)))
templates.env.filters["row"] = lambda key: DISCLOSURE_WORDS.get(key, plain(str(key)))
templates.env.filters["solution"] = lambda key: SOLUTION_WORDS.get(key, (plain(key), ""))[0]
templates.env.filters["solution_why"] = lambda key: SOLUTION_WORDS.get(key, ("", ""))[1]
# A sentence from the engines that names a key (an event type) in passing: the key in words.
templates.env.filters["prose"] = lambda text: re.sub(
    r"\b[a-z]+(?:_[a-z]+)+\b", lambda m: m.group(0).replace("_", " "), str(text or "")
)
templates.env.filters["words"] = lambda key: plain(str(key)) if key is not None else ""

CsrfHeader = Annotated[str | None, Header(alias="X-CSRF-Token", description="the session's CSRF token")]


@dataclass(frozen=True)
class Settings:
    secure_cookies: bool = False
    demo: bool = False

    @property
    def session_cookie(self) -> str:
        return cookie_names(self.secure_cookies)[0]

    @property
    def csrf_cookie(self) -> str:
        return cookie_names(self.secure_cookies)[1]


@dataclass(frozen=True)
class Context:
    """What the gate found: the signed-in account (None for the public), the CSRF token to put in forms,
    and, on a case route, the viewer with their role on that case."""

    account: accounts.Account | None
    csrf: str
    viewer: Viewer | None
    case_id: str | None
    new_csrf_cookie: bool
    version: Version | None = None  # the case's version when the gate looked (GET pages reuse it)

    @property
    def as_viewer(self) -> Viewer:
        assert self.viewer is not None
        return self.viewer


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def gate(request: Request) -> Context:
    """Look the route up in the policy's table and let the request through only if it passes."""
    route = request.scope.get("route")
    key = (request.method, getattr(route, "path", ""))
    rule = policy.ROUTES.get(key)
    if rule is None:
        raise Refused(500, f"route {key[0]} {key[1]} is not classified in the access policy")
    app_state = request.app.state
    workspace: Workspace = app_state.workspace
    settings: Settings = app_state.settings
    case_id = request.path_params.get("case_id")
    # One read of the database: the session, the role on the case and the case's version together.
    found = visit(workspace.engine, request.cookies.get(settings.session_cookie), case_id, demo=settings.demo)
    account, csrf = found.account, found.csrf
    fresh = False
    if csrf is None:
        csrf = request.cookies.get(settings.csrf_cookie) or ""
        if not signed_ok(app_state.csrf_key, csrf):
            csrf, fresh = signed_token(app_state.csrf_key), True
    if rule == "signed_in" and account is None:
        raise Refused(401, "sign in first")
    viewer = None
    if case_id is not None:
        if found.version is None:
            raise Refused(404, f"no case {case_id!r}")
        viewer = _viewer(account, found.role)
        if not policy.gate_allows(rule, viewer):
            if account is None:
                raise Refused(401, "sign in to see this page")
            raise Refused(403, f"your role on {case_id} ({viewer.role}) may not see this page")
    return Context(account, csrf, viewer, case_id, fresh, found.version)


def _viewer(account: accounts.Account | None, role: accounts.Role | None) -> Viewer:
    """The viewer: the public as an observer; a person with no role on the case as an observer too, a
    site administrator as the administrator."""
    if account is None:
        return Viewer(None, None, "observer")
    if role is None:
        role = "admin" if account.site_admin else "observer"
    return Viewer(account.id, account.name, role)


Ctx = Annotated[Context, Depends(gate)]


def client_address(request: Request) -> str:
    """The client's address: behind a proxy uvicorn puts it here from X-Forwarded-For, for the proxies it
    trusts (--forwarded-allow-ips; 127.0.0.1 by default). The sign-in and report throttles count by it."""
    return request.client.host if request.client else "unknown"


def as_of_day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(422, f"as_of: {text!r} is not a date (expected YYYY-MM-DD)") from None


def replay_day(text: str | None) -> dt.date | None:
    """The day a case page is replayed on (``?as_of=``), None when it shows the case as it stands."""
    return as_of_day(text) if text else None


def _kept_day(request: Request) -> dict[str, str]:
    """The replayed day as a page's links carry it: ``asq`` starts a query, ``asamp`` continues one."""
    day = request.query_params.get("as_of", "")
    ok = len(day) == 10 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) is not None
    return {"asq": f"?as_of={day}" if ok else "", "asamp": f"&as_of={day}" if ok else ""}


def render(request: Request, ctx: Context, name: str, status: int = 200, **data: Any) -> HTMLResponse:
    shown = {"ctx": ctx, "account": ctx.account, "viewer": ctx.viewer, **_kept_day(request), **data}
    response = templates.TemplateResponse(request, name, shown, status_code=status)
    remember_csrf(request, ctx, response)
    return response


def remember_csrf(request: Request, ctx: Context, response: Response) -> None:
    if ctx.new_csrf_cookie:
        response.set_cookie(
            request.app.state.settings.csrf_cookie,
            ctx.csrf,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.secure_cookies,
        )


def check_csrf(ctx: Context, submitted: str | None) -> None:
    """A form's CSRF token must be the one the gate found (and not one just issued)."""
    if not same(ctx.csrf, submitted) or ctx.new_csrf_cookie:
        raise Refused(
            403, "the form expired or did not come from this site (CSRF token missing or wrong); reload it"
        )


def check_csrf_header(ctx: Context, header: str | None, *, anyone: bool = False) -> None:
    """An API write needs a session and its CSRF token in the X-CSRF-Token header. A write ``anyone`` may
    make (a report) takes a visitor's token instead: the signed double-submit cookie ``GET /api/session``
    set, never one issued by this very request."""
    if ctx.account is None and not anyone:
        raise Refused(401, "sign in first (POST /login)")
    if not same(ctx.csrf, header) or ctx.new_csrf_cookie:
        raise Refused(403, "X-CSRF-Token header missing or wrong (GET /api/session gives the token)")


def case_of(request: Request, ctx: Context) -> Loaded:
    """The case of a case route, loaded (and cached) by the workspace."""
    assert ctx.case_id is not None
    # A page (GET) shows the version the gate saw in the same read; a write asks again, since what it
    # shows after writing must include what it wrote.
    seen = ctx.version if request.method in ("GET", "HEAD") else None
    loaded: Loaded = request.app.state.workspace.load(ctx.case_id, seen)
    return loaded


NEW_TERM: dict[str, Any] = {"type": "raise", "values": {}}  # the one term a new form starts with


def blank_term_form(loaded: Loaded, types: list[dict[str, Any]], form_id: str) -> Markup:
    """The term form as a GET shows it (one new term, no errors): the same for everyone on the case, so
    rendered once per version of the record (its choices come from the case) instead of per request."""
    macro = templates.env.get_template("_terms_form.html").module.term_blocks  # type: ignore[attr-defined]
    return loaded.cached(("term-form", form_id), lambda: Markup(macro(types, [NEW_TERM], {}, form_id)))


def redirect(url: str) -> RedirectResponse:
    """After a form is handled: see the page at ``url``."""
    return RedirectResponse(url, status_code=303)


def chart_data(spec: Any) -> str:
    """A chart spec (``report.charts``) as JSON to put inside <script type="application/json">: "</" is
    escaped so no text in it can close the element."""
    return json.dumps(spec, allow_nan=False).replace("</", "<\\/")


def error_response(request: Request, status: int, message: str) -> Response:
    """An error as JSON for the API, a sign-in redirect for a page that needs one, else an error page that
    keeps the signed-in header and the case's navigation (issue 15)."""
    if _is_api(request) or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status)
    if status == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    ctx = _error_context(request)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"ctx": ctx, "account": ctx.account, "viewer": ctx.viewer, "status": status, "message": message},
        status_code=status,
    )


def _error_context(request: Request) -> Context:
    """Who is signed in and on which case, for an error page: never an error itself."""
    try:
        workspace: Workspace = request.app.state.workspace
        settings: Settings = request.app.state.settings
        case_id = request.path_params.get("case_id")
        token = request.cookies.get(settings.session_cookie)
        found = visit(workspace.engine, token, case_id, demo=settings.demo)
        account, csrf = found.account, found.csrf or ""
        if case_id is None or found.version is None:
            return Context(account, csrf, None, None, False)
        return Context(account, csrf, _viewer(account, found.role), case_id, False, found.version)
    except Exception:  # the error page must show whatever went wrong before it
        return Context(None, "", None, None, False)
