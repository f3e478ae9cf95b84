"""The package space: every combination of issue options, enumerated or sampled, as integer arrays.

A package is a row of option indices, one per issue. Rows become a costing batch directly: the template
terms are stacked once and each varied field is replaced by an array, so a million packages never exist
as a million objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
from numpy.typing import NDArray

from bargaining.costing import ProposalBatch, TermBatch, stack, structure
from bargaining.model import PackageSpace, Proposal, Term

IntArray = NDArray[np.int32]
FloatArray = NDArray[np.float64]


def option_table(space: PackageSpace) -> list[FloatArray]:
    return [np.asarray(issue.options, dtype=np.float64) for issue in space.issues]


def radices(space: PackageSpace) -> NDArray[np.int64]:
    return np.array([len(issue.options) for issue in space.issues], dtype=np.int64)


def _strides(radix: NDArray[np.int64]) -> NDArray[np.int64]:
    return np.concatenate((np.cumprod(radix[::-1])[::-1][1:], np.ones(min(radix.size, 1), np.int64)))


def encode(choice: IntArray, radix: NDArray[np.int64]) -> NDArray[np.int64]:
    """(V,) package numbers in mixed radix, last issue fastest: the inverse of ``decode``."""
    code: NDArray[np.int64] = choice.astype(np.int64) @ _strides(radix)
    return code


def decode(code: NDArray[np.int64], radix: NDArray[np.int64]) -> IntArray:
    return ((code[:, None] // _strides(radix)[None, :]) % radix[None, :]).astype(np.int32)


def enumerate_choices(space: PackageSpace, start: int, stop: int) -> IntArray:
    """Option indices of packages ``start`` to ``stop - 1`` in mixed-radix order (last issue fastest)."""
    return decode(np.arange(start, stop, dtype=np.int64), radices(space))


def distinct(choice: IntArray, radix: NDArray[np.int64]) -> tuple[IntArray, NDArray[np.intp]]:
    """The distinct rows of ``choice`` and, for each row, which of them it is.

    Rows are numbered in mixed radix; when that numbering is small a presence table does it in linear
    time, otherwise a sort of the numbers does.
    """
    code = encode(choice, radix)
    size = int(np.prod(radix, dtype=np.float64))
    if size <= 4 * code.size + 1024:
        present = np.zeros(size, dtype=bool)
        present[code] = True
        unique = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[code]
    else:
        unique, inverse = np.unique(code, return_inverse=True)
    return decode(unique.astype(np.int64), radix), inverse.reshape(-1).astype(np.intp)


def sample_choices(space: PackageSpace, count: int, seed: int) -> IntArray:
    """``count`` packages drawn uniformly (with replacement) from the space, reproducibly."""
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    columns = [rng.integers(0, len(issue.options), size=count) for issue in space.issues]
    return np.column_stack(columns).astype(np.int32) if columns else np.zeros((count, 0), np.int32)


def values_of(space: PackageSpace, choice: IntArray) -> FloatArray:
    """(V, I) option values of packages given as option indices."""
    table = option_table(space)
    values = np.empty((choice.shape[0], len(table)))
    for i, options in enumerate(table):
        values[:, i] = options[choice[:, i]]
    return values


def nearest_choice(space: PackageSpace, values: FloatArray) -> IntArray:
    """(V, I) index of the option nearest each value (ties to the lower option)."""
    table = option_table(space)
    choice = np.empty(values.shape, dtype=np.int32)
    for i, options in enumerate(table):
        choice[:, i] = np.abs(options[None, :] - values[:, i, None]).argmin(axis=1)
    return choice


def split_the_difference(space: PackageSpace, first: FloatArray, second: FloatArray) -> IntArray:
    """(I,) option indices of the package halfway between two packages' issue values, issue by issue,
    each half snapped to the nearest option (ties to the lower option)."""
    choice: IntArray = nearest_choice(space, ((first + second) / 2.0)[None, :])[0]
    return choice


def template(space: PackageSpace, date: dt.date) -> Proposal:
    return Proposal(id="package", party="mediator", date=date, terms=tuple(t for _, t in space.terms))


def package_batch(space: PackageSpace, values: FloatArray, date: dt.date) -> ProposalBatch:
    """A costing batch of V packages: the template stacked once, varied fields replaced by columns."""
    size = values.shape[0]
    base = stack([template(space, date)])
    names = [name for name, _ in space.terms]
    terms: list[TermBatch] = []
    for position, term in enumerate(base.terms):
        fields = {key: np.full(size, array[0]) for key, array in term.values.items()}
        for column, issue in enumerate(space.issues):
            if names.index(issue.term) == position:
                fields[issue.field] = values[:, column]
        terms.append(dataclasses.replace(term, values=fields))
    return ProposalBatch(terms=tuple(terms), dates=np.full(size, base.dates[0]), size=size)


def issue_values(space: PackageSpace, proposal: Proposal) -> FloatArray:
    """(I,) the issue values a proposal states, matching its terms to the template's by structure (type,
    roles, role, grade band and mode) in order; an issue whose term the proposal lacks takes ``none``."""
    slots = _slots(space, proposal.terms)
    batch = stack([proposal]) if proposal.terms else None
    out = np.empty(len(space.issues))
    for column, issue in enumerate(space.issues):
        position = slots.get(issue.term)
        if position is None or batch is None:
            out[column] = issue.none
        else:
            out[column] = float(batch.terms[position].values[issue.field][0])
    return out


def _slots(space: PackageSpace, terms: tuple[Term, ...]) -> dict[str, int]:
    """Template term name -> position of the proposal term that plays its part."""
    shapes = [structure(term) for term in terms]
    used: set[int] = set()
    slots = {}
    for name, term in space.terms:
        shape = structure(term)
        for position, other in enumerate(shapes):
            if position not in used and other == shape:
                used.add(position)
                slots[name] = position
                break
    return slots
