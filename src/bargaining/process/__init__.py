"""The impasse process: jurisdiction rule packs (YAML data in ``packs/``) and the engine that reads them."""

from bargaining.process.authority import entitled, may_act, step_problem
from bargaining.process.clock import Clock
from bargaining.process.engine import (
    Charge,
    Due,
    Move,
    ProcessStatus,
    ProcessWarning,
    Standing,
    Step,
    run,
)
from bargaining.process.guards import guard_codes

__all__ = [
    "Charge",
    "Clock",
    "Due",
    "Move",
    "ProcessStatus",
    "ProcessWarning",
    "Standing",
    "Step",
    "entitled",
    "guard_codes",
    "may_act",
    "run",
    "step_problem",
]
