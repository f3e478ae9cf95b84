"""The ``bargain`` command. Each module registers its commands on ``app``."""

from bargaining.cli import analysis as _analysis  # noqa: F401  (registers commands)
from bargaining.cli import backtest as _backtest  # noqa: F401  (registers commands)
from bargaining.cli import ballots as _ballots  # noqa: F401  (registers commands)
from bargaining.cli import budget as _budget  # noqa: F401  (registers commands)
from bargaining.cli import contract as _contract  # noqa: F401  (registers commands)
from bargaining.cli import costing as _costing  # noqa: F401  (registers commands)
from bargaining.cli import members as _members  # noqa: F401  (registers commands)
from bargaining.cli import record as _record  # noqa: F401  (registers commands)
from bargaining.cli import reference as _reference  # noqa: F401  (registers commands)
from bargaining.cli import simulate as _simulate  # noqa: F401  (registers commands)
from bargaining.cli import storage as _storage  # noqa: F401  (registers commands)
from bargaining.cli import web as _web  # noqa: F401  (registers commands)
from bargaining.cli.app import app, main

__all__ = ["app", "main"]
