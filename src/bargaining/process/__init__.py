"""The impasse process: jurisdiction rule packs (YAML data in ``packs/``) and the engine that reads them."""

from bargaining.process.clock import Clock
from bargaining.process.engine import Due, Move, ProcessStatus, ProcessWarning, Step, run

__all__ = ["Clock", "Due", "Move", "ProcessStatus", "ProcessWarning", "Step", "run"]
