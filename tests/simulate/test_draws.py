"""Per-run draws: the same run index gives the same numbers in any batch; inverse distribution functions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargaining.model.scenario import Choice, Triangular, Uniform
from bargaining.simulate.draws import Inputs, quantile, uniforms


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 500), st.integers(1, 200), st.integers(1, 9), st.data())
def test_a_runs_draws_do_not_depend_on_the_batch(
    seed: int, first: int, runs: int, columns: int, data: st.DataObject
) -> None:
    whole = uniforms(seed, first, runs, columns)
    cut = data.draw(st.integers(0, runs))
    parts = np.vstack((uniforms(seed, first, cut, columns), uniforms(seed, first + cut, runs - cut, columns)))
    assert np.array_equal(whole, parts)
    assert whole.shape == (runs, columns) and ((whole >= 0) & (whole < 1)).all()


def test_seeds_and_runs_differ() -> None:
    assert not np.array_equal(uniforms(1, 0, 10, 3), uniforms(2, 0, 10, 3))
    block = uniforms(1, 0, 10, 3)
    assert len(np.unique(block)) == block.size


def test_inverse_distribution_functions_by_hand() -> None:
    u = np.array([0.0, 0.25, 0.5, 1.0])
    assert quantile(Uniform(dist="uniform", low=2, high=6), u).tolist() == [2, 3, 4, 6]
    # Triangular 0-2, mode 1: F(x) = x^2 / 2 below the mode, so F^-1(0.25) = sqrt(0.5) and F^-1(0.5) = 1.
    tri = quantile(Triangular(dist="triangular", low=0, mode=1, high=2), u)
    assert tri == pytest.approx([0, np.sqrt(0.5), 1, 2])
    # Mode at the top: F(x) = (x / 2)^2 on 0-2, so F^-1(0.25) = 1.
    assert quantile(Triangular(dist="triangular", low=0, mode=2, high=2), np.array([0.25]))[
        0
    ] == pytest.approx(1)
    # Choice with weights 1, 3: the first value for u < 0.25, the second after.
    choice = Choice(dist="choice", values=(10, 20), weights=(1, 3))
    assert quantile(choice, np.array([0.0, 0.2499, 0.25, 0.99])).tolist() == [10, 10, 20, 20]
    assert quantile(3.5, u).tolist() == [3.5] * 4


def test_inputs_name_order_fixes_the_columns() -> None:
    spread = Uniform(dist="uniform", low=0, high=1)
    inputs = Inputs.of({"b.x": spread, "a.y": spread, "c.fixed": 2.0}, events=("event.e",))
    assert inputs.names == ("a.y", "b.x")
    values, u = inputs.draw(5, 0, 4)
    assert values["c.fixed"] == 2.0
    assert np.array_equal(values["a.y"], u[:, 0]) and np.array_equal(values["b.x"], u[:, 1])
    assert np.array_equal(inputs.event("event.e", u), u[:, 2])
    assert inputs.means() == {"c.fixed": 2.0, "a.y": 0.5, "b.x": 0.5}
