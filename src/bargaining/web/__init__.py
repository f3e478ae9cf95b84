"""The web workbench: FastAPI + Jinja2 over the workspace database, with access decided in ``policy``."""

from bargaining.web import workers
from bargaining.web.app import create_app
from bargaining.web.demo import DEMO_PASSWORD, retire_demo, seed_demo

__all__ = [
    "DEMO_PASSWORD",
    "create_app",
    "retire_demo",
    "seed_demo",
    "workers",
]
