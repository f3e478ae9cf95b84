"""Building the app in each server process: ``bargain serve`` writes the settings to the environment, and
uvicorn calls ``app_from_environment`` in every worker it starts (``--workers N``)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from bargaining.storage import open_database
from bargaining.web.app import create_app

FACTORY = "bargaining.web.workers:app_from_environment"
_DB, _SECURE, _DEMO = "BARGAINING_SERVE_DB", "BARGAINING_SERVE_SECURE_COOKIES", "BARGAINING_SERVE_DEMO"


def configure(url: str, *, secure_cookies: bool, demo: bool) -> None:
    os.environ[_DB] = url
    os.environ[_SECURE] = "1" if secure_cookies else ""
    os.environ[_DEMO] = "1" if demo else ""


def app_from_environment() -> FastAPI:
    """The app over the database ``configure`` named (each process opens its own connections)."""
    engine = open_database(os.environ[_DB])
    return create_app(
        engine, secure_cookies=bool(os.environ.get(_SECURE)), demo=bool(os.environ.get(_DEMO)), prepare=True
    )
