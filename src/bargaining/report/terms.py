"""Terms in the words of the people at the table, generated from the typed term models.

``term_words`` says what one term gives: "2% on the salary schedule from 1 July 2017", "class size in
grades 6-8 down 2 students from 1 July 2019". A term type without a sentence of its own (a new one) is
described from its fields and their labels (``words.FIELD_WORDS``), so every term has words. The CLI, the
pages and the exports all call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from bargaining.model import TERM_TYPES, Term
from bargaining.report.numbers import dollars
from bargaining.report.words import FIELD_WORDS, TERM_WORDS, plain

_ADAPTER: TypeAdapter[Any] = TypeAdapter(Term)
# Fields every term has: said after the sentence (the article and the note), or not at all.
_COMMON = ("article", "sunset", "source", "note")


def day_words(day: dt.date) -> str:
    """A date as people write it: 1 July 2017."""
    return f"{day.day} {day:%B} {day.year}"


def number_words(value: float) -> str:
    """A count or a percent in its shortest form: 2, 2.5, 1,000."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


def percent_words(value: float) -> str:
    return f"{number_words(value)}%"


def field_label(name: str) -> str:
    return FIELD_WORDS.get(name, plain(name).capitalize())


def type_label(kind: str) -> str:
    return TERM_WORDS.get(kind, plain(kind).capitalize())


def _list(values: Iterable[str]) -> str:
    items = list(values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _whom(term: Any) -> str:
    parts = []
    if getattr(term, "roles", None):
        parts.append(f"for {_list(plain(r) for r in term.roles)}")
    if getattr(term, "schedules", None):
        parts.append(f"on schedule {_list(term.schedules)}")
    return (" " + " ".join(parts)) if parts else ""


def _from(day: dt.date) -> str:
    return f" from {day_words(day)}"


def _raise(t: Any) -> str:
    return f"{percent_words(t.percent)} on the salary schedule{_whom(t)}{_from(t.effective)}"


def _schedule_add(t: Any) -> str:
    verb = "added to" if t.amount >= 0 else "taken from"
    return f"{dollars(abs(t.amount))} per FTE a year {verb} the salary schedule{_whom(t)}{_from(t.effective)}"


def _one_time(t: Any) -> str:
    size = (
        f"{dollars(t.amount)} per FTE"
        if t.amount is not None
        else f"{percent_words(t.percent)} of annual pay"
    )
    return f"one-time payment of {size}{_whom(t)}, paid {day_words(t.paid)}"


def _staffing(t: Any) -> str:
    verb = "more" if t.fte >= 0 else "fewer"
    price = ""
    if t.cost_per_fte is not None:
        price = f" at {dollars(t.cost_per_fte)} each, fully loaded"
    elif t.salary is not None:
        price = f" at a salary of {dollars(t.salary)}"
    return f"{number_words(abs(t.fte))} {verb} FTE of {plain(t.role)}{price}{_from(t.effective)}"


def _class_size(t: Any) -> str:
    band = f"class size in grades {t.grade_band}"
    change = f"capped at {number_words(t.cap)}" if t.cap is not None else f"down {number_words(t.reduce_by)}"
    unit = " students" if t.cap is not None or t.reduce_by != 1 else " student"
    return f"{band} {change}{unit}{_from(t.effective)}"


def _caseload(t: Any) -> str:
    return (
        f"caseload of {plain(t.role)} capped at {number_words(t.cap)} students per full-time provider "
        f"({number_words(t.students)} students){_from(t.effective)}"
    )


def _step_freeze(t: Any) -> str:
    return f"no step and column movement in {t.fiscal_year}"


def _health(t: Any) -> str:
    verb = "up" if t.amount_per_fte >= 0 else "down"
    size = dollars(abs(t.amount_per_fte))
    return f"district's health contribution {verb} {size} per FTE a year{_from(t.effective)}"


def _language(t: Any) -> str:
    return str(t.summary)


def _size(t: Any) -> str:
    return percent_words(t.percent) if t.percent is not None else dollars(t.amount)


def _cell_raise(t: Any) -> str:
    first, last = t.steps
    steps = f"step {first}" if first == last else f"steps {first}-{last}"
    lanes = f", lanes {_list(t.lanes)}" if t.lanes else ""
    return f"{_size(t)} on {steps}{lanes} of schedule {t.schedule}{_from(t.effective)}"


def _step_add(t: Any) -> str:
    count = "a new top step" if t.count == 1 else f"{t.count} new top steps"
    return f"{count} on schedule {t.schedule}, each {_size(t)} above the one below{_from(t.effective)}"


def _minimum_salary(t: Any) -> str:
    return f"lowest salary on schedule {t.schedule} raised to {dollars(t.amount)}{_from(t.effective)}"


def _schedule_replace(t: Any) -> str:
    return f"schedule {t.schedule} replaced by a new grid{_from(t.effective)}"


SENTENCES: Mapping[str, Callable[[Any], str]] = {
    "raise": _raise,
    "schedule_add": _schedule_add,
    "one_time": _one_time,
    "staffing": _staffing,
    "class_size": _class_size,
    "caseload": _caseload,
    "step_freeze": _step_freeze,
    "health": _health,
    "language": _language,
    "cell_raise": _cell_raise,
    "step_add": _step_add,
    "minimum_salary": _minimum_salary,
    "schedule_replace": _schedule_replace,
}


def value_words(value: Any) -> str:
    """One field's value in words: dates written out, lists joined, numbers in their shortest form."""
    if isinstance(value, dt.date):
        return day_words(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number_words(value)
    if isinstance(value, tuple | list):
        return _list(value_words(v) for v in value)
    return str(value)


def fields_words(term: BaseModel) -> str:
    """A term described by its fields and their labels: the words of a type with no sentence of its own."""
    shown = [
        f"{field_label(name).lower()} {value_words(value)}"
        for name, value in term
        if name not in ("type", *_COMMON) and value is not None
    ]
    return f"{type_label(str(getattr(term, 'type', ''))).lower()}: " + "; ".join(shown)


def term_words(term: BaseModel | Mapping[str, Any]) -> str:
    """What one term gives, in a sentence ("2% on the salary schedule from 1 July 2017"), with its sunset;
    a term given as a mapping (a saved draft) is read through the typed models first."""
    typed = typed_term(term)
    if typed is None:
        return _mapping_words(term)  # type: ignore[arg-type]
    kind = str(getattr(typed, "type", ""))
    sentence = SENTENCES.get(kind, lambda t: fields_words(t))(typed)
    sunset = getattr(typed, "sunset", None)
    if sunset is not None:
        sentence += f", until {day_words(sunset)}"
    return sentence[0].upper() + sentence[1:] if sentence else type_label(kind)


def typed_term(term: BaseModel | Mapping[str, Any]) -> BaseModel | None:
    if isinstance(term, BaseModel):
        return term
    try:
        found: BaseModel = _ADAPTER.validate_python(dict(term))
    except ValidationError:
        return None
    return found


def _mapping_words(term: Mapping[str, Any]) -> str:
    kind = str(term.get("type", ""))
    shown = [f"{field_label(k).lower()} {value_words(v)}" for k, v in term.items() if k != "type"]
    return f"{type_label(kind)}: " + "; ".join(shown)


def terms_document(terms: Iterable[BaseModel | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each term numbered from 1 with its words, its article and its note (what pages and exports show)."""
    out = []
    for number, term in enumerate(terms, start=1):
        typed = typed_term(term)
        found = dict(typed) if typed is not None else dict(term)
        out.append(
            {
                "number": number,
                "type": found.get("type"),
                "kind": type_label(str(found.get("type"))),
                "words": term_words(term),
                "article": found.get("article"),
                "note": found.get("note"),
            }
        )
    return out


def term_types() -> list[tuple[str, str]]:
    """Every term type the models define, with its name in words: the form's type chooser."""
    kinds = [str(model.model_fields["type"].annotation.__args__[0]) for model in TERM_TYPES]  # type: ignore[union-attr]
    return [(kind, type_label(kind)) for kind in kinds]


def proposal_summary(
    party: str, day: dt.date, terms: int, yearly: list[tuple[str, float]], members: int, as_of: dt.date
) -> str:
    """A proposal in two sentences for a parent or a reporter: who offered it when, how many terms, and,
    dated with the day the page shows (``as_of``), what it adds each year to the district's spending with no
    agreement, in all and per employee."""
    who = {"employer": "The district", "union": "The union", "mediator": "The mediator"}.get(
        party, "Both sides"
    )
    text = f"{who} proposed this on {day_words(day)}: {terms} term{'s' if terms != 1 else ''}."
    when = f"As of {day_words(as_of)}"
    costed = [(label, value) for label, value in yearly if abs(value) >= 0.5]
    if costed:
        label, value = costed[-1]
        per = f", about {dollars(value / members)} per employee" if members else ""
        text += (
            f" {when}, it adds {dollars(value)} in {label} to the district's spending with no agreement{per}"
        )
        text += f"; {dollars(sum(v for _, v in yearly))} over {len(yearly)} years."
    else:
        text += f" {when}, it adds nothing to the district's spending with no agreement."
    return text


# Why a cell of the salary schedule is one a parent would ask about (``teacher_pay_summary``).
CELL_WHY = {"entry": "where new teachers start", "most": "where most teachers are", "top": "the top"}


def teacher_pay_summary(first_year: str, last_year: str, cells: Iterable[Mapping[str, Any]]) -> str:
    """What a full-time teacher at common places on the salary schedule is paid in the last fiscal year under
    a proposal, against no agreement: each cell a mapping of ``schedule`` (None when the case has one),
    ``step``, ``lane``, ``why`` (a key of CELL_WHY), ``before`` and ``after`` (dollars)."""
    parts = []
    for cell in cells:
        where = f"step {cell['step']}, {cell['lane']}"
        if cell.get("schedule"):
            where = f"{cell['schedule']} schedule, {where}"
        before, after = float(cell["before"]), float(cell["after"])
        change = after - before
        if abs(change) < 0.5:
            how = "the same as with no agreement"
        else:
            more = "more" if change > 0 else "less"
            how = f"{dollars(abs(change))} ({abs(change) / before:.1%}) {more} than with no agreement"
        parts.append(f"{where} ({CELL_WHY[str(cell['why'])]}): {dollars(after)}, {how}")
    if not parts:
        return ""
    lead = (
        f"A full-time teacher starting in {first_year} on the salary schedule, a step a year, in {last_year}"
    )
    return f"{lead}: " + "; ".join(parts) + "."


def budget_share_summary(fund: str, years: Iterable[tuple[str, float, float]]) -> str:
    """What a proposal adds to each budget year's spending (back pay in the year it is paid) as a share of
    the district's spending before it: ``years`` as (fiscal year, cost, spending)."""
    shares = [f"{cost / spending:.2%} in {label}" for label, cost, spending in years if spending > 0]
    if not shares:
        return ""
    return (
        f"What it adds to the district's spending ({fund}), back pay counted in the year it is paid: "
        f"{', '.join(shares)}."
    )
