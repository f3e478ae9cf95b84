"""Reading back the workbooks the project writes: follow formulas to numbers, as a spreadsheet would.

Only what the project writes is understood: + - * / and parentheses, cell references (``B11``, ``$B$11``,
``'Sheet name'!B11``) and ``SUM(B2:B9)``. Anything else fails the test that asked for it.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

_SHEET = r"(?:'(?P<sheet>[^']+)'!)?"
_CELL = r"\$?(?P<col>[A-Z]+)\$?(?P<row>[0-9]+)"
_RANGE = re.compile(r"SUM\(" + _SHEET + r"\$?([A-Z]+)\$?([0-9]+):\$?([A-Z]+)\$?([0-9]+)\)")
_REF = re.compile(_SHEET + _CELL)


def evaluate(sheet: Any, ref: str, depth: int = 0) -> float:
    """The number a cell shows once its formula (if any) is computed."""
    value = sheet[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return float(value or 0.0)
    assert depth < 50, f"formula chain too deep at {ref}"
    book = sheet.parent

    def target(name: str | None) -> Any:
        return book[name] if name else sheet

    def total(match: re.Match[str]) -> str:
        where = target(match.group("sheet"))
        first_col, first_row, last_col, last_row = match.group(2, 3, 4, 5)
        cells = [
            f"{get_column_letter(c)}{r}"
            for c in range(column_index_from_string(first_col), column_index_from_string(last_col) + 1)
            for r in range(int(first_row), int(last_row) + 1)
        ]
        return repr(sum(evaluate(where, cell, depth + 1) for cell in cells))

    def one(match: re.Match[str]) -> str:
        cell = f"{match.group('col')}{match.group('row')}"
        return repr(evaluate(target(match.group("sheet")), cell, depth + 1))

    expression = _REF.sub(one, _RANGE.sub(total, value[1:]))
    assert re.fullmatch(r"[0-9eE.+\-*/() ]+", expression), f"{ref}: cannot evaluate {value!r}"
    return float(eval(expression))
