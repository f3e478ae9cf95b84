"""Rules for the names and passwords people sign in with (pure functions; storage/accounts.py applies them).

Names are NFKC-normalised and compared by a confusable skeleton (Unicode TR39's idea: map every character to
one representative of the characters that look like it), so ``demo‐union`` with U+2010 HYPHEN, or with a
Cyrillic ``е``, cannot sit beside ``demo-union``. Passwords follow NIST SP 800-63B section 5.1.1.2: a minimum
length, no composition rules, and a check against a list of commonly used passwords (zxcvbn's list of the
30,000 most frequent ones, shipped inside that package).
"""

from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources

from confusable_homoglyphs import confusables
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from bargaining.storage.errors import StorageError

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes any length; a bound keeps one sign-in from costing a megabyte's work
MIN_DISTINCT = 4  # "aaaaaaaa", "12121212" and eight spaces are not passwords
MAX_NAME = 128
# Punctuation a name may hold besides letters, marks and digits (everything else, e.g. U+2010, is refused).
NAME_PUNCTUATION = frozenset("-_.@' ")
RESERVED_PREFIX = "demo-"  # the demo accounts of `bargain serve --demo`


def canonical_name(raw: str) -> str:
    """The name as stored and looked up: NFKC, trimmed; refuses invisible, mixed-script or odd characters."""
    name = unicodedata.normalize("NFKC", raw).strip()
    if not name or len(name) > MAX_NAME:
        raise StorageError(f"a user name needs 1 to {MAX_NAME} characters")
    for char in name:
        kind = unicodedata.category(char)
        if kind[0] not in "LMN" and char not in NAME_PUNCTUATION:
            label = unicodedata.name(char, "unnamed character")
            raise StorageError(
                f"a user name may hold letters, digits, spaces and - _ . @ ' only, not {char!r} "
                f"({label}, U+{ord(char):04X})"
            )
    if "  " in name:
        raise StorageError("a user name may not hold two spaces in a row")
    if confusables.is_mixed_script(name):
        raise StorageError(f"{name!r} mixes alphabets (e.g. Latin and Cyrillic letters that look alike)")
    return name


@functools.cache
def _look_alikes() -> dict[str, str]:
    """Character -> the representative of its look-alike group (the smallest code point in it)."""
    text = (resources.files("confusable_homoglyphs") / "confusables.json").read_text(encoding="utf-8")
    groups: dict[str, list[dict[str, str]]] = json.loads(text)
    found: dict[str, str] = {}
    for char, alikes in groups.items():
        members = [char, *(a["c"] for a in alikes if len(a["c"]) == 1)]
        found[char] = min(members)
    return found


def skeleton(name: str) -> str:
    """What a name looks like: two names with the same skeleton are confusable and may not both exist."""
    table = _look_alikes()
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(table.get(char, char) for char in folded)


@functools.cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problems(password: str, name: str = "") -> list[str]:
    """Why a new password is refused (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        problems.append(f"a password may have at most {MAX_PASSWORD} characters")
    if len(set(password)) < MIN_DISTINCT:
        problems.append(f"a password needs at least {MIN_DISTINCT} different characters")
    lowered = password.strip().casefold()
    if lowered in _common():
        problems.append("that password is one of the most commonly used; choose another")
    if name and skeleton(name) in skeleton(password):
        problems.append("a password may not contain the user name")
    return problems


def check_password(password: str, name: str = "") -> None:
    problems = password_problems(password, name)
    if problems:
        raise StorageError("; ".join(problems))
