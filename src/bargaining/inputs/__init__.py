"""The only layer that reads files (YAML, CSV and XLSX): case folders and rule packs, into the values of
``bargaining.model``."""

from bargaining.inputs.case import CASE_FILE, load_case
from bargaining.inputs.errors import InputError, located
from bargaining.inputs.files import StoredFiles
from bargaining.inputs.packs import PackError, known_packs, load_pack, resolve_pack

__all__ = [
    "CASE_FILE",
    "InputError",
    "PackError",
    "StoredFiles",
    "known_packs",
    "load_case",
    "load_pack",
    "located",
    "resolve_pack",
]
