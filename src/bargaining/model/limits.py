"""Every bound on what enters the workbench, defined once.

Case files (``inputs``), the HTML forms and the JSON API (``web``) and the CLI check the same figures, so
a value one face accepts is never refused (or crashed on) by another. The figures are engineering bounds,
far above anything a real school district or union has, and far below what overflows the arithmetic:
with every term at its bound, a proposal still costs a finite number of dollars (see
``costing.check_finite``, the belt to these braces). docs/security.md, "Bounded inputs", lists them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

# Dates: a record, a proposal or a horizon outside these years is a typo (year 0001, year 9999).
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)
EARLIEST_YEAR, LATEST_YEAR = EARLIEST_DAY.year, LATEST_DAY.year - 1  # fiscal years start in these

# Money, in dollars (per FTE, per member or per position, per year): above any salary on record.
MAX_MONEY = 10_000_000.0
MAX_PERCENT = 100.0  # a raise, a one-time percent of pay, a reduction
MIN_RAISE_PERCENT = -50.0
MAX_BUDGET = 1e12  # a fund's yearly revenue, spending or balance: 100 times the largest district budget
MAX_FTE = 1_000_000.0  # positions one staffing term adds or cuts
MAX_COUNT = 100_000_000  # members, students: more than any school system's
MAX_TERMS = 200  # terms in one proposal
MAX_ITEMS = 10_000  # proposals, events, sources of one case file

# Values that are allowed but most likely typos (issue 15): a raise of 0.02 meant 2%, a salary of 800 a
# monthly or thousands figure. Checked with a warning, never refused.
SUSPICIOUS_PERCENT = 0.1  # a percent of pay below this (and above 0) is probably a share written as a percent
SUSPICIOUS_SALARY = 1_000.0  # a yearly salary below this is probably monthly pay or thousands of dollars

# Text typed into the workbench (forms and API alike), in characters.
ID_LENGTH = 128  # a proposal id, an issue name, an article
SHORT_LENGTH = 64  # an event type, a case id, an actor
TITLE_LENGTH = 300
NOTE_LENGTH = 10_000  # a note of a side
EVENT_TEXT_LENGTH = 5_000  # an event's note or statement summary
COMMENT_LENGTH = 4_000  # a public comment
TERMS_LENGTH = 20_000  # the terms of a draft as YAML
BIDS_LENGTH = 1_000  # one bid a round
DATE_LENGTH = 10  # YYYY-MM-DD

# Files of a case folder and YAML documents (case.yaml, rule packs, typed terms and fields).
MAX_ARTICLE_CHARS = 200_000  # one article of a contract, as text (about 30,000 words)
MAX_YAML_BYTES = 2_000_000  # case.yaml of the largest bundled case is 35 kB
MAX_YAML_NODES = 250_000  # values after aliases are expanded (a "billion laughs" expands to 10^9)
MAX_YAML_DEPTH = 64  # nesting of lists and mappings
MAX_TABLE_BYTES = 50_000_000  # a roster or enrollment CSV: 500,000 members at ~100 bytes a row
MAX_FOLDER_BYTES = 200_000_000  # a whole case folder as import stores it: case.yaml and a few tables
MAX_FOLDER_FILES = 1_000  # the bundled cases have 2 to 4 files

# A web request's whole body: the longest field (draft terms, 20,000 characters of up to 4 UTF-8 bytes, sent
# as %XX in a form: 240 kB) with room for the others. Checked before the body is parsed.
MAX_REQUEST_BYTES = 1_000_000


def _day_in_range(day: dt.date) -> dt.date:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"{day} is out of range: expected a date from {EARLIEST_DAY} to {LATEST_DAY}")
    return day


Day = Annotated[dt.date, AfterValidator(_day_in_range)]
"""A date from EARLIEST_DAY to LATEST_DAY."""
Money = Annotated[float, Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)]
"""Dollars from 0 to MAX_MONEY."""
SignedMoney = Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY, allow_inf_nan=False)]
"""Dollars from -MAX_MONEY to MAX_MONEY (a cut or an increase)."""
BudgetMoney = Annotated[float, Field(ge=-MAX_BUDGET, le=MAX_BUDGET, allow_inf_nan=False)]
"""A fund's dollars (a revenue or spending line, a balance) from -MAX_BUDGET to MAX_BUDGET."""
Percent = Annotated[float, Field(ge=0, le=MAX_PERCENT, allow_inf_nan=False)]
"""A percent from 0 to MAX_PERCENT."""
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
"""A head count from 0 to MAX_COUNT."""


def check_day(day: dt.date) -> str | None:
    """Why ``day`` is refused (None when it is in range): for faces that parse dates themselves."""
    try:
        _day_in_range(day)
    except ValueError as exc:
        return str(exc)
    return None
