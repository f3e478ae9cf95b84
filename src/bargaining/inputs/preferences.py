"""Validate the case's ``preferences:`` section into typed values (bargaining.model.preferences).

The ``package`` part is public. The ``employer`` and ``union`` parts are confidential: error messages about
them name the key and what was expected but never repeat the value found, so an error shown to one side
cannot leak the other side's numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bargaining.inputs.errors import InputError, data_path, key_path
from bargaining.inputs.schema import CaseFile
from bargaining.inputs.yamlsrc import LocatedYaml
from bargaining.model import (
    LIMITS,
    MEASURES,
    SIDES,
    Curve,
    Issue,
    IssueKind,
    PackageSpace,
    PartyPreferences,
    Preferences,
    Side,
    Term,
    fiscal_year_label,
    message_of,
    parse_fiscal_year,
)

SECTION = "preferences"
MAX_OPTIONS = 2_000  # options of one issue; the package space is their product
_DATE_FIELDS = {"effective", "paid", "sunset"}
_NOT_ISSUES = {"type", "article", "source", "note", "roles", "role", "grade_band", "summary"}
_ZERO_MEANS_NONE = {"reduce_by"}  # a reduction of 0 is "no reduction", though a term needs one above 0

Value = float | dt.date | str
Path = tuple[str | int, ...]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IssueSpec(_Strict):
    term: str = Field(description="name of the template term the issue varies")
    field: str = Field(description="the term's field that varies, e.g. percent, effective, fte")
    min: float | None = Field(None, description="smallest value of a numeric range")
    max: float | None = Field(None, description="largest value of a numeric range")
    step: float | None = Field(None, gt=0, description="step of the range")
    options: list[Value] | None = Field(None, description="the values allowed, instead of a range")
    none: Value | None = Field(None, description="value standing for 'not in the proposal'")


class PackageSpec(_Strict):
    terms: dict[str, Term] = Field(description="named template terms, written like a proposal's terms")
    issues: dict[str, IssueSpec] = Field(description="the negotiable items: one field of one term each")


class PartySpec(_Strict):
    share_with_mediator: bool = Field(False, description="let the mediator see this side's preferences")
    reservation: float = Field(ge=0, le=100, description="score (0-100) below which no deal is preferred")
    weights: dict[str, float] = Field(description="100 points split over issues and money measures")
    curves: dict[str, list[tuple[Value, float]]] = Field(description="[[value, score], ...] per criterion")
    limits: dict[str, float] = Field(default_factory=dict, description="measure -> the most acceptable")
    bottom_lines: dict[str, float | list[float]] = Field(
        default_factory=dict, description="blind bids on one issue, one per round"
    )
    discount_rate: float = Field(0.0, ge=0, le=1, description="yearly rate for present values of pay")


class PreferencesSpec(_Strict):
    valued_on: dt.date | None = Field(None, description="date present values are taken on")
    package: PackageSpec
    employer: PartySpec | None = None
    union: PartySpec | None = None


def check_preferences(
    spec: CaseFile, located: LocatedYaml, label: str, errors: list[InputError]
) -> Preferences | None:
    """Validate ``spec.preferences``: the Preferences, or None (with errors appended) when it is bad."""
    raw = spec.preferences
    if not raw:
        return None

    def error(path: Path, message: str) -> None:
        full = (SECTION, *path)
        errors.append(InputError(label, located.line_of(full), key_path(full), message))

    try:
        parsed = PreferencesSpec.model_validate(raw)
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            path = data_path(raw, item["loc"], missing=item["type"] == "missing")
            private = bool(path) and path[0] in SIDES
            error(path, _message(item, private))
        return None
    before = len(errors)
    space = _space(parsed.package, error)
    if space is None:
        return None
    budget = spec.budget is not None
    parties = {side: _party(side, getattr(parsed, side), space, error, budget) for side in SIDES}
    if len(errors) != before:
        return None
    return Preferences(
        space=space, employer=parties["employer"], union=parties["union"], valued_on=parsed.valued_on
    )


def _message(item: Any, private: bool) -> str:
    if item["type"] == "union_tag_invalid":
        return f"unknown type; {item['msg'].split('expected tags ')[-1].rstrip(')')} expected"
    return message_of(item, private=private)


def _kind(field: str) -> IssueKind:
    if field in _DATE_FIELDS:
        return "date"
    return "fiscal_year" if field == "fiscal_year" else "number"


def _number(value: Value, kind: IssueKind) -> float | None:
    """An option as the number the model keeps, or None when it is not of the issue's kind."""
    if kind == "date":
        return float(value.toordinal()) if isinstance(value, dt.date) else None
    if kind == "fiscal_year":
        try:
            return float(parse_fiscal_year(str(value)))
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


_EXPECTED = {
    "date": "a date YYYY-MM-DD",
    "fiscal_year": "a fiscal year such as 2018-19",
    "number": "a number",
}


def _space(spec: PackageSpec, error: Callable[[Path, str], None]) -> PackageSpace | None:
    issues = []
    seen: dict[tuple[str, str], str] = {}
    ok = True
    if not spec.issues:
        error(("package", "issues"), "give at least one issue")
        return None
    for name, item in spec.issues.items():
        at: Path = ("package", "issues", name)
        if name in MEASURES:
            error(at, f"{name!r} is the name of a money measure; choose another issue name")
            ok = False
            continue
        template = spec.terms.get(item.term)
        if template is None:
            known = ", ".join(spec.terms) or "none"
            error((*at, "term"), f"no template term {item.term!r} (known: {known})")
            ok = False
            continue
        if item.field in _NOT_ISSUES or item.field not in type(template).model_fields:
            error((*at, "field"), f"{template.type} terms have no numeric field {item.field!r}")
            ok = False
            continue
        if getattr(template, item.field) is None:
            error(
                (*at, "field"),
                f"the template term {item.term!r} does not set {item.field}; vary a field it sets",
            )
            ok = False
            continue
        if (item.term, item.field) in seen:
            error(
                (*at, "field"),
                f"issue {seen[(item.term, item.field)]!r} already varies {item.term}.{item.field}",
            )
            ok = False
            continue
        seen[(item.term, item.field)] = name
        issue = _issue(name, item, template, at, error)
        if issue is None:
            ok = False
        else:
            issues.append(issue)
    return PackageSpace(terms=tuple(spec.terms.items()), issues=tuple(issues)) if ok else None


def _issue(
    name: str, item: IssueSpec, template: Term, at: Path, error: Callable[[Path, str], None]
) -> Issue | None:
    kind = _kind(item.field)
    ranged = item.min is not None or item.max is not None or item.step is not None
    if ranged == (item.options is not None):
        error(at, "give either min, max and step, or options")
        return None
    if ranged:
        if kind != "number":
            error(at, f"{item.field} is a {kind.replace('_', ' ')}: list its options instead of a range")
            return None
        if item.min is None or item.max is None or item.step is None:
            error(at, "a range needs all of min, max and step")
            return None
        if item.max < item.min:
            error((*at, "max"), "max is below min")
            return None
        count = math.floor((item.max - item.min) / item.step + 1e-9) + 1
        if count > MAX_OPTIONS:
            error((*at, "step"), f"the range has {count:,} options; at most {MAX_OPTIONS:,} are allowed")
            return None
        options = tuple(round(item.min + i * item.step, 10) for i in range(count))
    else:
        assert item.options is not None
        values = []
        for index, value in enumerate(item.options):
            number = _number(value, kind)
            if number is None:
                error((*at, "options", index), f"expected {_EXPECTED[kind]}")
                return None
            values.append(number)
        if not values or len(set(values)) != len(values) or len(values) > MAX_OPTIONS:
            error((*at, "options"), f"expected 1 to {MAX_OPTIONS:,} distinct options")
            return None
        options = tuple(sorted(values))
    for value in (options[0], options[-1]):
        if value == 0 and item.field in _ZERO_MEANS_NONE:
            continue
        shown = Issue(name, item.term, item.field, options, kind).show(value)
        update = {item.field: value if kind == "number" else _native(value, kind)}
        try:
            type(template).model_validate({**template.model_dump(), **update})
        except ValidationError as exc:
            reason = exc.errors(include_url=False)[0]["msg"]
            error(at, f"option {shown} does not make a valid {template.type} term: {reason}")
            return None
    none = _native_template(template, item.field, kind) if kind != "number" else 0.0
    if item.none is not None:
        converted = _number(item.none, kind)
        if converted is None:
            error((*at, "none"), f"expected {_EXPECTED[kind]}")
            return None
        none = converted
    return Issue(name=name, term=item.term, field=item.field, options=options, kind=kind, none=none)


def _native(value: float, kind: IssueKind) -> object:
    if kind == "date":
        return dt.date.fromordinal(int(value))
    return fiscal_year_label(int(value))


def _native_template(template: Term, field: str, kind: IssueKind) -> float:
    number = _number(getattr(template, field), kind)
    assert number is not None  # the template was validated as a term
    return number


def _party(
    side: Side,
    spec: PartySpec | None,
    space: PackageSpace,
    error: Callable[[Path, str], None],
    budget: bool,
) -> PartyPreferences | None:
    """Check one side's part. Messages never quote the side's values: they are confidential."""
    if spec is None:
        return None
    issues = {issue.name: issue for issue in space.issues}
    known = f"issues ({', '.join(issues)}) or measures ({', '.join(MEASURES)})"
    ok = True
    for name, weight in spec.weights.items():
        if name not in issues and name not in MEASURES:
            error((side, "weights", name), f"not a criterion; expected one of the {known}")
            ok = False
        elif weight < 0 or not math.isfinite(weight):
            error((side, "weights", name), "expected a non-negative number of points")
            ok = False
    if ok and abs(sum(spec.weights.values()) - 100.0) > 1e-6:
        error((side, "weights"), "the weights must add up to 100 points")
        ok = False
    curves = []
    for name, points in spec.curves.items():
        at: Path = (side, "curves", name)
        if name not in issues and name not in MEASURES:
            error(at, f"not a criterion; expected one of the {known}")
            ok = False
            continue
        kind = issues[name].kind if name in issues else "number"
        xs = [_number(x, kind) for x, _ in points]
        scores = [score for _, score in points]
        if len(points) < 2:
            error(at, "a curve needs at least two [value, score] points")
        elif any(x is None for x in xs):
            error(at, f"every point's value must be {_EXPECTED[kind]}")
        elif any(b <= a for a, b in itertools.pairwise(xs)):  # type: ignore[operator]
            error(at, "the points' values must increase strictly")
        elif any(not 0 <= s <= 100 for s in scores):
            error(at, "scores must lie between 0 and 100")
        else:
            curves.append((name, Curve(tuple(x for x in xs if x is not None), tuple(scores))))
            continue
        ok = False
    for name, weight in spec.weights.items():
        if weight > 0 and name not in spec.curves:
            error((side, "curves"), f"criterion {name!r} has a weight but no curve")
            ok = False
    for name, limit in spec.limits.items():
        if name not in LIMITS:
            error((side, "limits", name), f"limits apply to {', '.join(LIMITS)}")
            ok = False
        elif name == "reserve_below_minimum" and not budget:
            error((side, "limits", name), "needs the case's budget section: the reserve is projected from it")
            ok = False
        elif limit < 0:
            error((side, "limits", name), "expected a non-negative amount of dollars")
            ok = False
    bottom_lines = []
    for name, bids in spec.bottom_lines.items():
        rounds = tuple(bids) if isinstance(bids, list) else (bids,)
        if name not in MEASURES and (name not in issues or issues[name].kind != "number"):
            error((side, "bottom_lines", name), "blind bids are on a numeric issue or a money measure")
            ok = False
        elif not 1 <= len(rounds) <= 10 or not all(math.isfinite(b) for b in rounds):
            error((side, "bottom_lines", name), "expected one bid, or a list of 1 to 10 bids (one a round)")
            ok = False
        else:
            bottom_lines.append((name, rounds))
    if not ok:
        return None
    return PartyPreferences(
        side=side,
        reservation=spec.reservation,
        weights=tuple(spec.weights.items()),
        curves=tuple(curves),
        limits=tuple(spec.limits.items()),
        bottom_lines=tuple(bottom_lines),
        discount_rate=spec.discount_rate,
        share_with_mediator=spec.share_with_mediator,
    )
