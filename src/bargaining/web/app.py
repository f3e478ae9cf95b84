"""The FastAPI application: one gate in front of every route, error pages, static files.

``create_app(engine)`` builds the app; ``bargain serve`` runs it under uvicorn.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bargaining.report import money
from bargaining.storage import Engine, StorageError, accounts, fairuse
from bargaining.web import policy
from bargaining.web.casedata import NotFound, Workspace
from bargaining.web.policy import Viewer
from bargaining.web.security import (
    LoginThrottle,
    cookie_names,
    security_headers,
    signed_ok,
    signed_token,
)
from bargaining.web.views import Invalid

logger = logging.getLogger("bargaining.web")
WEB = Path(str(resources.files("bargaining.web")))
templates = Jinja2Templates(directory=str(WEB / "templates"))
templates.env.filters["money"] = lambda v: f"-${money(-v)}" if v < 0 else f"${money(v)}"
templates.env.filters["millions"] = lambda v: f"-${-v / 1e6:,.1f}M" if v < 0 else f"${v / 1e6:,.1f}M"
templates.env.filters["pct"] = lambda v: f"{v:.0%}"


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
    account, csrf = None, None
    token = request.cookies.get(settings.session_cookie)
    if token:
        found = accounts.session_account(workspace.engine, token, demo=settings.demo)
        if found is not None:
            account, csrf = found
    fresh = False
    if csrf is None:
        csrf = request.cookies.get(settings.csrf_cookie) or ""
        if not signed_ok(app_state.csrf_key, csrf):
            csrf, fresh = signed_token(app_state.csrf_key), True
    if rule == "signed_in" and account is None:
        raise Refused(401, "sign in first")
    case_id = request.path_params.get("case_id")
    viewer = None
    if case_id is not None:
        known = {c["id"] for c in workspace.case_list()}
        if case_id not in known:
            raise Refused(404, f"no case {case_id!r}")
        viewer = _viewer(workspace, account, case_id)
        if not policy.gate_allows(rule, viewer):
            if account is None:
                raise Refused(401, "sign in to see this page")
            raise Refused(403, f"your role on {case_id} ({viewer.role}) may not see this page")
    return Context(account, csrf, viewer, case_id, fresh)


def _viewer(workspace: Workspace, account: accounts.Account | None, case_id: str) -> Viewer:
    if account is None:
        return Viewer(None, None, "observer")
    role = accounts.roles_of(workspace.engine, account.id).get(case_id)
    if role is None:
        role = "admin" if account.site_admin else "observer"
    return Viewer(account.id, account.name, role)


Ctx = Annotated[Context, Depends(gate)]


def as_of_day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Refused(422, f"as_of: {text!r} is not a date (expected YYYY-MM-DD)") from None


def render(request: Request, ctx: Context, name: str, status: int = 200, **data: Any) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, name, {"ctx": ctx, "account": ctx.account, "viewer": ctx.viewer, **data}, status_code=status
    )
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


def _error(request: Request, status: int, message: str) -> Response:
    if _is_api(request) or request.url.path == "/openapi.json":
        return JSONResponse({"detail": message}, status_code=status)
    if status == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    ctx = Context(None, "", None, None, False)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"ctx": ctx, "account": None, "viewer": None, "status": status, "message": message},
        status_code=status,
    )


def create_app(engine: Engine, *, secure_cookies: bool = False, demo: bool = False) -> FastAPI:
    app = FastAPI(
        title="bargaining workbench",
        version="0.1.0",
        description="Collective bargaining in public schools: the record, costs, process and analysis. "
        "Sign in with POST /login; writes need the X-CSRF-Token header.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.workspace = Workspace(engine)
    app.state.settings = Settings(secure_cookies, demo)
    app.state.limiter = LoginThrottle(engine)
    # Signs the CSRF tokens of visitors not yet signed in; kept in the database so every server process
    # (and a restarted one) accepts the tokens the others issued.
    app.state.csrf_key = fairuse.site_secret(engine, "csrf")
    app.middleware("http")(security_headers)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return _error(request, exc.status, exc.message)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(Invalid)
    async def _invalid(request: Request, exc: Invalid) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(StorageError)
    async def _storage(request: Request, exc: StorageError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return _error(request, 422, "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        # Never a traceback to the browser; the server log keeps it.
        logger.exception("internal error on %s %s", request.method, request.url.path)
        return _error(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")

    from bargaining.web import api, pages, room, signin, simulation

    app.state.simulations = simulation.Runner(app.state.workspace)
    app.include_router(signin.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(room.router)
    app.include_router(simulation.router)
    return app
