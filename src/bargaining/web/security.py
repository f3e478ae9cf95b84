"""Sign-in sessions, CSRF tokens, the sign-in throttle and the security headers.

Sessions live in the database (storage.accounts), identified by a random token in an HttpOnly, SameSite=Lax
cookie (``__Host-`` prefixed over HTTPS). Every form and every API write carries a CSRF token: the one bound
to the session when signed in, else a double-submit token whose cookie the page set, signed with the site's
secret from the database, so every server process accepts the tokens of the others.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bargaining.storage import Engine, fairuse, now, request_connection

SESSION_COOKIE = "bargaining_session"
CSRF_COOKIE = "bargaining_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """The headers above on every response (and ``Cache-Control: no-store`` but on static files: pages
    hold confidential data, so no shared or back-button caches). A plain ASGI middleware: it only adds
    to the response's start message."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


class RequestConnection:
    """Everything a request reads shares one database connection and one read transaction
    (``storage.request_connection``): the gate's session, role and version, and the page's own reads. The
    connection goes back to the pool as soon as the response starts."""

    def __init__(self, app: ASGIApp, engine: Engine) -> None:
        self.app, self.engine = app, engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with request_connection(self.engine) as held:

            async def release_first(message: Message) -> None:
                if message["type"] == "http.response.start":
                    held.release()
                await send(message)

            await self.app(scope, receive, release_first)


def signed_token(key: bytes) -> str:
    """A CSRF token for a visitor with no session yet: a nonce and its HMAC under the server's key, so a
    cookie planted by someone else (from a sibling host, or over plain http) is not accepted as ours."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_mac(key, nonce)}"


def signed_ok(key: bytes, token: str) -> bool:
    nonce, _, mac = token.partition(".")
    return bool(nonce) and bool(mac) and hmac.compare_digest(mac, _mac(key, nonce))


def _mac(key: bytes, nonce: str) -> str:
    return hmac.new(key, nonce.encode("utf-8"), "sha256").hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def cookie_names(secure: bool) -> tuple[str, str]:
    """(session cookie, CSRF cookie). Over HTTPS the ``__Host-`` prefix makes browsers refuse the cookie
    unless it is Secure, for this host only and for every path: a sibling subdomain or a plain-http page
    can no longer plant a cookie of ours (login CSRF with a planted token)."""
    prefix = "__Host-" if secure else ""
    return prefix + SESSION_COOKIE, prefix + CSRF_COOKIE


class LoginThrottle:
    """Failed sign-ins counted in the database per (name, address) and per address, with exponential
    backoff (storage/fairuse.py). Shared by every server process; the clock is injected for the tests."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = now) -> None:
        self.engine, self.clock = engine, clock

    def wait(self, address: str, name: str) -> float:
        """Seconds before this name may try again from this address (0: now)."""
        return fairuse.wait_seconds(self.engine, name, address, self.clock())

    def failed(self, address: str, name: str) -> None:
        fairuse.record_failure(self.engine, name, address, self.clock())

    def succeeded(self, address: str, name: str) -> None:
        fairuse.record_success(self.engine, name, address)
