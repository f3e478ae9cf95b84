"""One set of limits for the forms and the API (issue 10, item 4 and S9).

Read from the app itself: every text field of every write route, form or JSON body, has a maximum length
from ``web.fields.LENGTHS``, and a form and the API route it mirrors bound each field alike. Before, the
mediation room's and the team room's forms took any field up to 20,000 characters where the API took 128
(an issue), 300 (a title) or 1,000 (bids), and the sign-in form bounded no ``next``.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any, Union, get_args, get_origin

from annotated_types import MaxLen
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bargaining.storage import open_database
from bargaining.web import create_app, policy
from bargaining.web.fields import LENGTHS


def _routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from _routes(nested.routes)
        elif isinstance(route, APIRoute):
            yield route


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return str in get_args(annotation)
    return False


def _limit(info: FieldInfo) -> int | None:
    return next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)


def _text_fields(route: APIRoute) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for param in route.dependant.body_params:
        model = param.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            for name, info in model.model_fields.items():
                if _is_text(info.annotation):
                    found[name] = _limit(info)
        elif _is_text(param.field_info.annotation):
            found[param.alias] = _limit(param.field_info)
    return found


def _write_routes() -> dict[str, dict[str, int | None]]:
    app = create_app(open_database("sqlite://", create=True))
    found = {route.path: _text_fields(route) for route in _routes(app.routes) if "POST" in route.methods}
    assert set(found) == {path for method, path in policy.ROUTES if method == "POST"}
    return found


def test_every_text_field_of_every_write_route_has_a_length_from_the_one_table() -> None:
    unbounded = [
        f"{path}: {name} ({limit})"
        for path, fields in _write_routes().items()
        for name, limit in fields.items()
        # A field of its own kind, not the longest bound (draft terms) by default.
        if limit not in LENGTHS.values() or (limit == LENGTHS["terms"] and name != "terms")
    ]
    assert unbounded == []


def test_a_form_and_the_api_route_it_mirrors_bound_each_field_alike() -> None:
    routes = _write_routes()
    differ = [
        f"{path}: {name}: form {limit}, API {routes['/api' + path][name]}"
        for path, fields in routes.items()
        if "/api" + path in routes
        for name, limit in fields.items()
        if name in routes["/api" + path] and routes["/api" + path][name] != limit
    ]
    assert differ == []
