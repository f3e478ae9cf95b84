"""Term forms generated from the typed term models (issue 15, item 1): a type chooser and labelled fields.

Each term type of ``model.TERM_TYPES`` gets a fieldset from its pydantic fields: a date picker for a date,
dollars for a field bounded like ``Money``, a percent for one bounded like a raise, a number, a whole
number, a pair of steps, and choices from the case (roles of the roster, grade bands of the enrollment,
salary schedules, fiscal years of the horizon) for fields named so. A new term type gets its form with no
change here. Posted fields are named ``t{i}-type`` and ``t{i}-{type}-{field}``; only the chosen type's
fields are read. Checking is the one the table applies when a draft is passed (``tools``): the typed
models, then the case (horizon, roles, grade bands), each problem beside its field.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from bargaining.model import TERM_TYPES, Case, Problem, limits, parse_proposal
from bargaining.report import field_label, term_types

Kind = Literal["date", "money", "percent", "number", "integer", "text", "choice", "list", "pair"]
COMMON = ("article", "sunset", "note", "source")  # every term's: shown under "more"
MAX_FORM_TERMS = 40  # terms one form holds; the API takes up to limits.MAX_TERMS
FORM_MAX_TEXT = limits.EVENT_TEXT_LENGTH


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    required: bool
    source: str | None  # where the choices come from: roles, bands, schedules, fiscal_years
    help: str | None
    common: bool


CHOICES = {"role": "roles", "roles": "roles", "grade_band": "bands", "schedule": "schedules"}
CHOICES |= {"schedules": "schedules", "fiscal_year": "fiscal_years"}


def _bare(annotation: Any) -> tuple[Any, list[Any]]:
    """The annotation without ``None`` and ``Annotated``, and the metadata ``Annotated`` carried."""
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [a for a in get_args(annotation) if a is not type(None)]
        if len(kept) == 1:
            annotation = kept[0]
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        found = []
        for item in extra:
            found += list(getattr(item, "metadata", None) or [item])
        return inner, found
    return annotation, []


def _bound(metadata: list[Any]) -> float | None:
    return next((float(m.le) for m in metadata if getattr(m, "le", None) is not None), None)


def _kind(name: str, info: FieldInfo) -> tuple[Kind, str | None]:
    annotation, extra = _bare(info.annotation)
    source = CHOICES.get(name)
    if annotation is dt.date:
        return "date", None
    if get_origin(annotation) is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is not Ellipsis:
            return "pair", None
        return "list", source
    if annotation is int:
        return "integer", None
    if annotation is float:
        bound = _bound([*info.metadata, *extra])
        if bound == limits.MAX_MONEY:
            return "money", None
        if bound == limits.MAX_PERCENT and name == "percent":
            return "percent", None
        return "number", None
    return ("choice", source) if source else ("text", None)


def field_specs(model: type[BaseModel]) -> list[FieldSpec]:
    """The labelled fields of one term type, its own first, then the ones every term has."""
    specs = []
    for name, info in model.model_fields.items():
        if name == "type":
            continue
        kind, source = _kind(name, info)
        specs.append(
            FieldSpec(
                name, field_label(name), kind, info.is_required(), source, info.description, name in COMMON
            )
        )
    return sorted(specs, key=lambda s: (s.common, not s.required))


def choices_of(case: Case, unit: str | None = None) -> dict[str, list[str]]:
    """The choices of the case for the unit's terms (its roster's roles, its schedules)."""
    try:
        chosen = case.unit_named(unit)
    except KeyError:  # reported when the draft is checked
        chosen = case.unit
    schedules = chosen.schedules
    return {
        "roles": list(chosen.roster.role_names()),
        "bands": list(case.enrollment.grade_bands) if case.enrollment is not None else [],
        "schedules": [g.name for g in schedules.grids] if schedules is not None else [],
        "fiscal_years": list(case.calendar.labels),
    }


def unit_field_choices(case: Case) -> dict[str, dict[str, list[str]]]:
    """Per unit of a case of several, the choices that differ between units (its roles and schedules):
    what the term form's script puts in the fields when the unit chooser changes (none: one unit)."""
    if not case.other_units:
        return {}
    found = {u.name: choices_of(case, u.name) for u in case.units}
    return {name: {k: c[k] for k in ("roles", "schedules")} for name, c in found.items()}


def form_types(case: Case, unit: str | None = None) -> list[dict[str, Any]]:
    """Every term type with its fields and the case's choices (for ``unit``, in a case of several): what
    the template renders."""
    models = {str(get_args(m.model_fields["type"].annotation)[0]): m for m in TERM_TYPES}
    choices = choices_of(case, unit)
    out = []
    for kind, label in term_types():
        model = models[kind]
        out.append(
            {
                "type": kind,
                "label": label,
                "help": re.sub(
                    r"``(\w+)``",
                    lambda m: field_label(m.group(1)).lower(),
                    (model.__doc__ or "").strip().split("\n")[0],
                ),
                "fields": [
                    {**spec.__dict__, "choices": choices.get(spec.source or "", [])}
                    for spec in field_specs(model)
                ],
            }
        )
    return out


def _models() -> dict[str, type[BaseModel]]:
    return {str(get_args(m.model_fields["type"].annotation)[0]): m for m in TERM_TYPES}


def shown_value(value: Any) -> str | list[str]:
    """A stored value as the form shows it back: lists stay lists (a multi-select), the rest is text."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def unit_choices(case: Case) -> list[dict[str, str]]:
    """The units a draft may be for, when the case has several (none: its only unit)."""
    return [{"name": u.name, "title": u.title or u.name} for u in case.units] if case.other_units else []


def form_terms(terms: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Saved terms as the form's blocks: the type and each field's value as shown."""
    return [
        {
            "type": str(t.get("type", "raise")),
            "values": {k: shown_value(v) for k, v in t.items() if k != "type"},
        }
        for t in terms
    ]


class FormData:
    """The posted form: one value (``get``) or every value (``getlist``) of a name."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.pairs = pairs

    def get(self, name: str) -> str:
        return next((v for k, v in self.pairs if k == name), "").strip()

    def getlist(self, name: str) -> list[str]:
        return [v.strip() for k, v in self.pairs if k == name and v.strip()]

    def count(self) -> int:
        found = {
            int(k[1:].split("-", 1)[0])
            for k, _ in self.pairs
            if k[:1] == "t" and k[1:].split("-", 1)[0].isdigit()
        }
        return min(max(found) + 1, MAX_FORM_TERMS) if found else 0


Errors = dict[str, str]  # "title", "t{i}-{field}" or "" (the whole draft) -> message


def read_terms(form: FormData) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Errors]:
    """The terms posted (as plain values to validate), the blocks to show back, and what is unreadable.

    A block whose type is ``remove`` is dropped (the form's remove button)."""
    models = _models()
    terms: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    errors: Errors = {}
    for i in range(form.count()):
        kind = form.get(f"t{i}-type")
        if kind == "" or form.get(f"t{i}-remove"):
            continue
        if kind not in models:
            errors[f"t{len(terms)}-type"] = f"choose a kind of term ({kind!r} is not one)"
            continue
        number = len(terms)
        term: dict[str, Any] = {"type": kind}
        values: dict[str, Any] = {}
        for spec in field_specs(models[kind]):
            name = f"t{i}-{kind}-{spec.name}"
            if spec.kind == "list":
                picked = form.getlist(name)
                if len(picked) == 1 and "," in picked[0]:
                    picked = [p.strip() for p in picked[0].split(",") if p.strip()]
                values[spec.name] = picked
                if picked:
                    term[spec.name] = picked
                continue
            if spec.kind == "pair":
                pair = [form.get(f"{name}-0"), form.get(f"{name}-1")]
                values[spec.name] = pair
                if any(pair):
                    try:
                        term[spec.name] = [int(p) for p in pair]
                    except ValueError:
                        errors[f"t{number}-{spec.name}"] = "give the first and the last step as whole numbers"
                continue
            text = form.get(name)
            values[spec.name] = text
            if not text:
                continue
            if spec.kind in ("money", "percent", "number", "integer"):
                try:
                    number_value = float(text.replace(",", "").replace("$", "").replace("%", ""))
                except ValueError:
                    errors[f"t{number}-{spec.name}"] = f"{text!r} is not a number"
                    continue
                term[spec.name] = (
                    int(number_value)
                    if spec.kind == "integer" and number_value.is_integer()
                    else number_value
                )
            else:
                term[spec.name] = text
        terms.append(term)
        blocks.append({"type": kind, "values": values})
    return terms, blocks, errors


def check_terms(
    case: Case, terms: list[dict[str, Any]], day: dt.date, unit: str | None = None
) -> tuple[list[dict[str, Any]], Errors]:
    """The terms checked as passing them at the table would check them: the typed models, then the case
    (horizon, the unit, its roles, grade bands, one freeze a year). Problems keyed by the form field they
    belong to."""
    if not terms:
        return [], {"": "add at least one term"}
    content: dict[str, Any] = {"id": "draft-check", "party": "union", "date": day.isoformat(), "terms": terms}
    if unit:
        content["unit"] = unit
    proposal, problems = parse_proposal(content, len(case.proposals))
    if proposal is not None:
        _, problems = case.with_proposal(proposal)
    if problems:
        return [], field_errors(problems)
    assert proposal is not None
    return [t.model_dump(mode="json", exclude_none=True) for t in proposal.terms], {}


def field_errors(problems: Sequence[Problem]) -> Errors:
    """``proposals[N].terms[i].percent`` -> ``t{i}-percent``; anything else is the whole draft's."""
    errors: Errors = {}
    for problem in problems:
        path = list(problem.path)
        if "terms" in path and path.index("terms") + 1 < len(path):
            at = path.index("terms")
            index = path[at + 1]
            field = next((str(p) for p in path[at + 2 :] if isinstance(p, str)), "type")
            key = f"t{index}-{field}" if field != "type" else f"t{index}-type"
        else:
            key = ""
        errors[key] = f"{errors[key]}; {problem.message}" if key in errors else problem.message
    return errors
