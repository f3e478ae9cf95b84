"""The ``contract:`` section: the current agreement's articles, each proposal's language for an article,
and side letters. Text is given inline (``text``) or as a Markdown or plain-text file of the case folder
(``file``), confined to the folder like every other file a case names."""

from __future__ import annotations

from collections.abc import Callable, Collection

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bargaining.inputs.files import CaseFolder, FileRefused, read_case_file, relative_problem
from bargaining.model import (
    MAX_ARTICLE_CHARS,
    MAX_ITEMS,
    ArticleText,
    Contract,
    Day,
    ProposedText,
    SideLetter,
)

ErrorAt = Callable[[tuple[str | int, ...], str], None]


class _Text(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str | None = Field(None, max_length=MAX_ARTICLE_CHARS, description="the language itself")
    file: str | None = Field(None, description="a Markdown or plain-text file of the case folder")


class ArticleSpec(_Text):
    name: str = Field(min_length=1, max_length=200, description="the article as terms name it")
    number: str | None = Field(None, max_length=20, description="its number in the agreement")

    @model_validator(mode="after")
    def _not_both(self) -> ArticleSpec:
        if self.text is not None and self.file is not None:
            raise ValueError("give the article's text or its file, not both")
        return self


class _TextRequired(_Text):
    @model_validator(mode="after")
    def _one(self) -> _TextRequired:
        if (self.text is None) == (self.file is None):
            raise ValueError("give exactly one of text or file")
        return self


class ProposedSpec(_TextRequired):
    proposal: str = Field(description="id of a proposal of the case")
    article: str = Field(description="the article's name, as in contract.articles")


class SideLetterSpec(_TextRequired):
    title: str = Field(min_length=1, max_length=300)
    date: Day | None = None


class ContractSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    articles: tuple[ArticleSpec, ...] = Field((), max_length=MAX_ITEMS)
    proposed: tuple[ProposedSpec, ...] = Field((), max_length=MAX_ITEMS)
    side_letters: tuple[SideLetterSpec, ...] = Field((), max_length=MAX_ITEMS)


def read_contract(
    spec: ContractSpec, proposals: Collection[str], folder: CaseFolder, error: ErrorAt
) -> Contract:
    """The typed contract; an error on its key for a file that cannot be read, an article named twice, or
    language for an article or a proposal the case does not have."""

    def text_of(item: _Text, where: tuple[str | int, ...]) -> str | None:
        if item.file is None:
            return item.text
        return _read(folder, item.file, (*where, "file"), error)

    articles, seen = [], set()
    for index, article in enumerate(spec.articles):
        if article.name in seen:
            error(("contract", "articles", index, "name"), f"article {article.name!r} is listed twice")
        seen.add(article.name)
        text = text_of(article, ("contract", "articles", index))
        articles.append(ArticleText(article.name, article.number, text))
    proposed = []
    for index, item in enumerate(spec.proposed):
        where: tuple[str | int, ...] = ("contract", "proposed", index)
        if item.proposal not in proposals:
            error((*where, "proposal"), f"no proposal with id {item.proposal!r} in this case")
        if item.article not in seen:
            error((*where, "article"), f"no article {item.article!r} in contract.articles")
        text = text_of(item, where)
        if text is not None:
            proposed.append(ProposedText(item.proposal, item.article, text))
    letters = []
    for index, letter in enumerate(spec.side_letters):
        text = text_of(letter, ("contract", "side_letters", index))
        if text is not None:
            letters.append(SideLetter(letter.title, letter.date, text))
    return Contract(tuple(articles), tuple(proposed), tuple(letters))


def _read(folder: CaseFolder, name: str, key: tuple[str | int, ...], error: ErrorAt) -> str | None:
    problem = relative_problem(name)
    if problem is not None:
        error(key, problem)
        return None
    try:
        # UTF-8 takes up to 4 bytes a character: read no more than the longest text allowed could take.
        raw = read_case_file(folder, name, 4 * MAX_ARTICLE_CHARS)
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        error(key, f"file not found: {name}")
        return None
    except FileRefused as refused:
        error(key, refused.message)
        return None
    except (OSError, UnicodeDecodeError) as exc:
        error(key, f"cannot read {name} as UTF-8 text: {exc}")
        return None
    if len(text) > MAX_ARTICLE_CHARS:
        error(key, f"{name} has {len(text):,} characters; an article may have at most {MAX_ARTICLE_CHARS:,}")
        return None
    # A file's closing newline is not language: kept, every redline against inline text would strike it.
    return text.rstrip()
