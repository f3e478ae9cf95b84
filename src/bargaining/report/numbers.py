"""Numbers as pages show them: dollars with a sign, millions, shares and fixed decimals.

The terminal tables use ``costs.money`` (negatives in parentheses, as finance offices write them); the web
pages use these, registered as template filters.
"""

from __future__ import annotations


def dollars(value: float) -> str:
    """Whole dollars with a dollar sign and thousands separators: $1,234 or -$1,234."""
    rounded = round(value)
    return f"-${-rounded:,}" if rounded < 0 else f"${rounded:,}"


def dollars_millions(value: float) -> str:
    """Dollars as millions with one decimal: $12.3M or -$12.3M."""
    return f"-${-value / 1e6:,.1f}M" if value < 0 else f"${value / 1e6:,.1f}M"


def share(value: float, places: int = 0) -> str:
    """A share (0.25) as a percentage: 25%."""
    return f"{value:.{places}%}"


def fixed(value: float, places: int = 1) -> str:
    """A number with a fixed count of decimals."""
    return f"{value:,.{places}f}"


def general(value: float) -> str:
    """A number in its shortest form: 2.5, 1000, 0.001."""
    return f"{value:g}"
