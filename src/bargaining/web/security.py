"""Sign-in sessions, CSRF tokens, the login rate limit and the security headers.

Sessions live in the database (storage.accounts), identified by a random token in an HttpOnly, SameSite=Lax
cookie. Every form and every API write carries a CSRF token: the one bound to the session when signed in,
else a double-submit token whose cookie the page set.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

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


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.url.path.startswith("/static/"):
        # Pages hold confidential data: no shared or back-button caches.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


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


class LoginLimiter:
    """Sliding-window limits on failed sign-ins, per client address and per account name.

    In memory, per server process: enough to stop guessing through one server; a deployment behind several
    processes should also limit at the proxy.
    """

    def __init__(self, per_ip: int = 20, per_account: int = 5, window_s: float = 300.0) -> None:
        self.per_ip, self.per_account, self.window = per_ip, per_account, window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and found[0] < now - self.window:
            found.popleft()
        return found

    def blocked(self, ip: str, account: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return (
                len(self._recent(f"ip:{ip}", now)) >= self.per_ip
                or len(self._recent(f"user:{account.lower()}", now)) >= self.per_account
            )

    def failed(self, ip: str, account: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent(f"ip:{ip}", now).append(now)
            self._recent(f"user:{account.lower()}", now).append(now)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{account.lower()}", None)
