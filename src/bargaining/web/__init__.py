"""The web workbench: FastAPI + Jinja2 over the workspace database, with access decided in ``policy``."""

from bargaining.web.app import create_app

__all__ = ["create_app"]
