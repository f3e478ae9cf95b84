"""The FastAPI application: the routers behind one gate (``context``), error pages, static files.

``create_app(engine)`` builds the app; ``bargain serve`` runs it under uvicorn.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bargaining.model import limits
from bargaining.storage import Engine, StorageError, fairuse
from bargaining.web import (
    api,
    ballots,
    budget,
    contract,
    drafts,
    pages,
    pay,
    room,
    signin,
    simulation,
    steps,
    tools,
)
from bargaining.web.casedata import NotFound, Workspace
from bargaining.web.context import Refused, Settings, error_response, templates
from bargaining.web.security import LoginThrottle, RequestConnection, SecurityHeaders
from bargaining.web.views import Invalid

logger = logging.getLogger("bargaining.web")


class BodyCap:
    """Refuse a request whose body is over ``limit`` bytes (413 with a message, as JSON for the API and a
    page otherwise) before it is parsed: by its Content-Length at once; a body sent in chunks without one
    is read here first, up to the limit, and handed on whole."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request is too large: at most {self.limit:,} bytes"
        await error_response(Request(scope), 413, message)(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.limit:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        parts, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            parts.append(message.get("body", b""))
            size += len(parts[-1])
            more = message.get("more_body", False)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
        whole: list[Message] = [{"type": "http.request", "body": b"".join(parts), "more_body": False}]

        async def replay() -> Message:
            return whole.pop() if whole else await receive()

        await self.app(scope, replay, send)


def warm(workspace: Workspace) -> None:
    """Build what the first visitors would otherwise wait for: the page templates compiled, each case
    loaded and costed, today's process walk and status, and the mediator's analysis (about a second of
    CPU per case). Run by each server process of ``bargain serve`` in a thread of its own as it starts."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)  # compiled once per process: 10-50 ms each on first use
    for case in workspace.case_list():
        try:
            loaded = workspace.load(case["id"])
            loaded.status(dt.date.today())
            tools.mediator_tools(workspace, loaded)
        except Exception:  # a case that does not load is reported by its pages
            logger.warning("could not prepare case %s", case["id"], exc_info=True)


def _prepare(workspace: Workspace) -> None:
    warm(workspace)
    # What is alive now (the libraries, the cases, their documents) lives as long as the process: moved out
    # of the collector's sight, a full collection no longer walks its ~200,000 objects (300 ms with every
    # thread of the process stopped, measured) while visitors wait.
    gc.collect()
    gc.freeze()


def create_app(
    engine: Engine, *, secure_cookies: bool = False, demo: bool = False, prepare: bool = False
) -> FastAPI:
    """The app over ``engine``. With ``prepare``, a thread starts building each case's heavy documents
    at once (``warm``), as ``bargain serve`` does; tests leave it off."""
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
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestConnection, engine=engine)
    app.add_middleware(BodyCap, limit=limits.MAX_REQUEST_BYTES)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> Response:
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(Invalid)
    async def _invalid(request: Request, exc: Invalid) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(StorageError)
    async def _storage(request: Request, exc: StorageError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return error_response(request, 422, "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        # Never a traceback to the browser; the server log keeps it.
        logger.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(
            request, 500, f"internal error ({type(exc).__name__}); the server log has the details"
        )

    app.state.simulations = simulation.Runner(app.state.workspace)
    if prepare:
        threading.Thread(target=_prepare, args=(app.state.workspace,), name="warm", daemon=True).start()
    app.include_router(signin.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(room.router)
    app.include_router(drafts.router)
    app.include_router(steps.router)
    app.include_router(simulation.router)
    app.include_router(ballots.router)
    app.include_router(budget.router)
    app.include_router(pay.router)
    app.include_router(contract.router)
    return app
