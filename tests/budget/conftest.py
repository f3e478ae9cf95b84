"""Shared by the budget tests: reading back the formulas of a workbook the project wrote."""

from __future__ import annotations

import re
from typing import Any


def evaluate(sheet: Any, ref: str, seen: int = 0) -> float:
    """The value of a cell, following its formula (only + - * / and cell references are used)."""
    value = sheet[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return float(value)
    assert seen < 50
    # A cell reference, absolute ($B$11) or not (B11).
    reference = r"\$?[A-Z]+\$?[0-9]+"
    expression = re.sub(
        reference, lambda m: repr(evaluate(sheet, m.group(0).replace("$", ""), seen + 1)), value[1:]
    )
    assert re.fullmatch(r"[0-9eE.+\-*/() ]+", expression), expression
    return float(eval(expression))
