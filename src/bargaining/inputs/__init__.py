"""The only layer that reads files (YAML, CSV and XLSX): case folders and rule packs, into the values of
``bargaining.model``."""

from bargaining.inputs.case import CASE_FILE, load_case
from bargaining.inputs.errors import InputError, key_path, located
from bargaining.inputs.files import StoredFiles
from bargaining.inputs.packs import PackError, known_packs, load_pack, resolve_pack
from bargaining.inputs.priors import bundled_priors
from bargaining.inputs.reference import bundled_sampling_note, load_reference
from bargaining.inputs.yamlsrc import YamlProblem, load_located, load_value

__all__ = [
    "CASE_FILE",
    "InputError",
    "PackError",
    "StoredFiles",
    "YamlProblem",
    "bundled_priors",
    "bundled_sampling_note",
    "key_path",
    "known_packs",
    "load_case",
    "load_located",
    "load_pack",
    "load_reference",
    "load_value",
    "located",
    "resolve_pack",
]
