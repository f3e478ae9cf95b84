"""The bargaining record read for what it says: the TA ledger, movement and stalls, and impasse risk."""

from bargaining.record.ledger import Article, Ledger, LedgerWarning, ledger
from bargaining.record.movement import (
    TOTAL,
    GapPoint,
    Movement,
    Point,
    Price,
    Projection,
    SessionMove,
    Track,
    Uncountered,
    movement,
    positions,
)
from bargaining.record.risk import Factor, ImpasseRisk, impasse_risk
from bargaining.record.units import item_of, measures

__all__ = [
    "TOTAL",
    "Article",
    "Factor",
    "GapPoint",
    "ImpasseRisk",
    "Ledger",
    "LedgerWarning",
    "Movement",
    "Point",
    "Price",
    "Projection",
    "SessionMove",
    "Track",
    "Uncountered",
    "impasse_risk",
    "item_of",
    "ledger",
    "measures",
    "movement",
    "positions",
]
