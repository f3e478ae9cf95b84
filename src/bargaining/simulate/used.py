"""The priors a forecast used, for its ``priors_used`` list: each with its value in words and its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bargaining.model import Prior, Priors


@dataclass(frozen=True)
class UsedPrior:
    key: str
    value: str
    source: str


def shown(value: object) -> str:
    """A prior's value in words."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return f"{value:g}"
    if isinstance(value, tuple) and len(value) == 2:
        return f"from {value[0]} to {value[1]}"
    dumped = value.model_dump() if hasattr(value, "model_dump") else {}
    if dumped.get("dist") == "uniform":
        return f"uniform from {dumped['low']:g} to {dumped['high']:g}"
    if dumped.get("dist") == "triangular":
        return f"triangular from {dumped['low']:g} to {dumped['high']:g}, most likely {dumped['mode']:g}"
    return str(value)


class PriorsUsed:
    """Each prior a forecast uses, with its value in words and its source, by its key in the priors."""

    def __init__(self, priors: Priors) -> None:
        self.priors = priors
        self.found: dict[str, UsedPrior] = {}

    def __call__(self, key: str, prior: Prior[Any]) -> Any:
        self.found[key] = UsedPrior(key, shown(prior.value), prior.citation(self.priors.sources))
        return prior.value

    def derived(self, key: str, value: float, how: str) -> float:
        self.found[key] = UsedPrior(key, f"{value:g}", how)
        return value
