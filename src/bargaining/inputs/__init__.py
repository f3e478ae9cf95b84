"""The only layer that reads case files (YAML and CSV)."""

from bargaining.inputs.case import CASE_FILE, load_case
from bargaining.inputs.errors import InputError

__all__ = ["CASE_FILE", "InputError", "load_case"]
