"""Signing in and out, and changing one's password.

A failed sign-in is counted per (name, address) and per address (web/security.LoginThrottle): a guesser
waits longer and longer, while the right password from anywhere else goes straight through.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bargaining.storage import StorageError, accounts
from bargaining.web.context import Context, Csrf, Ctx, check_csrf, client_address, redirect, render
from bargaining.web.fields import form

router = APIRouter()


def _safe_next(target: str) -> str:
    # Only paths on this site: never an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _login_page(request: Request, ctx: Context, status: int, next: str, error: str | None) -> HTMLResponse:
    return render(
        request,
        ctx,
        "login.html",
        status,
        next=_safe_next(next),
        error=error,
        demo=request.app.state.settings.demo,
    )


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, ctx: Ctx, next: str = "/", changed: str = "") -> HTMLResponse:
    return render(
        request,
        ctx,
        "login.html",
        next=_safe_next(next),
        error=None,
        changed=bool(changed),
        demo=request.app.state.settings.demo,
    )


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    ctx: Ctx,
    name: Annotated[str, form("name")],
    password: Annotated[str, form("password")],
    csrf: Csrf,
    next: Annotated[str, form("path")] = "/",
) -> Response:
    check_csrf(ctx, csrf)
    throttle = request.app.state.limiter
    address = client_address(request)
    wait = throttle.wait(address, name)
    if wait > 0:
        # Refused before the password is checked: a guess during the wait tells nothing.
        response = _login_page(
            request,
            ctx,
            429,
            next,
            f"Too many failed sign-ins for this name from your address: try again in {math.ceil(wait)} "
            "seconds.",
        )
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    settings = request.app.state.settings
    engine = request.app.state.workspace.engine
    account = accounts.authenticate(engine, name, password, demo=settings.demo)
    if account is None:
        throttle.failed(address, name)
        return _login_page(request, ctx, 401, next, "Wrong name or password.")
    throttle.succeeded(address, name)
    token, _ = accounts.open_session(engine, account)
    signed = redirect(_safe_next(next))
    signed.set_cookie(
        settings.session_cookie,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=accounts.SESSION_HOURS * 3600,
    )
    return signed


@router.post("/logout", include_in_schema=False)
def logout(request: Request, ctx: Ctx, csrf: Csrf) -> Response:
    check_csrf(ctx, csrf)
    settings = request.app.state.settings
    token = request.cookies.get(settings.session_cookie)
    if token:
        accounts.close_session(request.app.state.workspace.engine, token)
    response = redirect("/")
    response.delete_cookie(settings.session_cookie, secure=settings.secure_cookies, httponly=True)
    return response


@router.get("/account/password", response_class=HTMLResponse, include_in_schema=False)
def password_form(request: Request, ctx: Ctx) -> HTMLResponse:
    return render(request, ctx, "password.html", error=None)


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    ctx: Ctx,
    csrf: Csrf,
    current: Annotated[str, form("password")],
    new: Annotated[str, form("password")],
    again: Annotated[str, form("password")],
) -> Response:
    """Change one's own password (the current one first); every session ends, so sign in again."""
    check_csrf(ctx, csrf)
    assert ctx.account is not None  # the gate: signed in
    throttle, address = request.app.state.limiter, client_address(request)
    # The current password is a sign-in too: a borrowed session must not become a way to guess it.
    wait = throttle.wait(address, ctx.account.name)
    if wait > 0:
        error = f"Too many wrong passwords: try again in {math.ceil(wait)} seconds."
        return render(request, ctx, "password.html", 429, error=error)
    try:
        if new != again:
            raise StorageError("the two new passwords differ")
        accounts.change_password(request.app.state.workspace.engine, ctx.account, current, new)
    except accounts.WrongPassword as wrong:
        throttle.failed(address, ctx.account.name)
        return render(request, ctx, "password.html", 403, error=str(wrong))
    except StorageError as refused:
        return render(request, ctx, "password.html", 422, error=str(refused))
    response = redirect("/login?next=/&changed=1")
    response.delete_cookie(request.app.state.settings.session_cookie)
    return response
