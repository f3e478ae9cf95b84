"""The contract's text: the current agreement's articles, each proposal's language for an article, side
letters, and the word-by-word redline between any two versions of an article."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "ArticleText",
    "Contract",
    "Edit",
    "ProposedText",
    "SideLetter",
    "redline",
]


@dataclass(frozen=True)
class ArticleText:
    """An article of the current agreement. ``name`` is how terms, sessions and tentative agreements name
    it (``article: Class size``); ``text`` is None where the case holds only its title."""

    name: str
    number: str | None
    text: str | None


@dataclass(frozen=True)
class ProposedText:
    """A proposal's language for one article (the whole article as that side proposes it)."""

    proposal: str
    article: str
    text: str


@dataclass(frozen=True)
class SideLetter:
    """A side letter or memorandum of understanding kept beside the articles."""

    title: str
    date: dt.date | None
    text: str


@dataclass(frozen=True)
class Contract:
    articles: tuple[ArticleText, ...] = ()
    proposed: tuple[ProposedText, ...] = ()
    side_letters: tuple[SideLetter, ...] = ()

    def article(self, name: str) -> ArticleText | None:
        for article in self.articles:
            if article.name == name:
                return article
        return None

    def proposed_for(self, article: str) -> tuple[ProposedText, ...]:
        return tuple(p for p in self.proposed if p.article == article)


@dataclass(frozen=True)
class Edit:
    """One run of a redline: words kept, struck out or inserted."""

    kind: Literal["same", "deleted", "inserted"]
    text: str


# Words, runs of spaces and single marks, so a redline strikes whole words and keeps the layout.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def redline(old: str, new: str) -> tuple[Edit, ...]:
    """The edits that turn ``old`` into ``new``, word by word: joining the ``same`` and ``deleted`` runs
    gives ``old`` back, joining the ``same`` and ``inserted`` runs gives ``new``."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    edits: list[Edit] = []

    def add(kind: Literal["same", "deleted", "inserted"], tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if edits and edits[-1].kind == kind:
            edits[-1] = Edit(kind, edits[-1].text + text)
        else:
            edits.append(Edit(kind, text))

    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", before[i1:i2])
        else:
            add("deleted", before[i1:i2])
            add("inserted", after[j1:j2])
    return tuple(edits)
