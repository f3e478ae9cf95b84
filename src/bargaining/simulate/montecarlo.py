"""Monte Carlo over a dispute: batches of runs in lockstep, on one process or on a Dask cluster.

A batch is a range of run indices whose size is a multiple of ``BLOCK``; each run draws its inputs from
its own index (``bargaining.simulate.draws``), and summaries merge in block order
(``bargaining.simulate.tally``), so the result depends on the seed and the number of runs only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from bargaining.simulate.dispute import DisputeModel
from bargaining.simulate.engine import RunTable, run_dispute
from bargaining.simulate.tally import BLOCK, Tally

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_BATCH = 16 * BLOCK  # 65,536 runs: large enough to amortise the Python loop, small in memory
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_ set, which freezes glibc's mmap threshold at
# 128 KiB: every half-megabyte temporary of a batch is then mmap'ed and faulted in afresh, halving the
# speed. A high mmap threshold keeps them on the heap. Give workers this environment (the CLI's local
# cluster does; see the README for a cluster of your own).
WORKER_ENVIRON = {"MALLOC_MMAP_THRESHOLD_": str(64 * 2**20)}

Progress = Callable[[int], None]  # called with the number of runs just finished
RunsSink = Callable[[RunTable], None]  # receives every batch's rows, in run order


def batches(runs: int, batch_size: int = DEFAULT_BATCH) -> Iterator[tuple[int, int]]:
    """(start, stop) ranges covering ``runs``; the size is rounded up to a multiple of BLOCK."""
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    size = max(BLOCK, -(-batch_size // BLOCK) * BLOCK)
    for start in range(0, runs, size):
        yield start, min(start + size, runs)


def run_batch(
    model: DisputeModel, seed: int, start: int, stop: int, keep: bool
) -> tuple[Tally, RunTable | None]:
    """One batch: its tally, and its rows when ``keep`` (for --output)."""
    table = run_dispute(model, seed, start, stop - start)
    return Tally.of(model, table), (table if keep else None)


def simulate(
    model: DisputeModel,
    runs: int,
    seed: int,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    sink: RunsSink | None = None,
) -> Tally:
    """All runs on this process, batch after batch."""
    total: Tally | None = None
    for start, stop in batches(runs, batch_size):
        tally, table = run_batch(model, seed, start, stop, sink is not None)
        total = tally if total is None else total + tally
        if sink is not None and table is not None:
            sink(table)
        if progress is not None:
            progress(stop - start)
    assert total is not None
    return total


def worker_environ() -> dict[str, object]:
    """Dask's own environment for new worker processes, plus WORKER_ENVIRON."""
    import dask

    return {**dask.config.get("distributed.nanny.pre-spawn-environ", {}), **WORKER_ENVIRON}


def simulate_on_dask(
    model: DisputeModel,
    runs: int,
    seed: int,
    client: Client,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    sink: RunsSink | None = None,
) -> Tally:
    """The same runs spread over a Dask cluster; identical result to ``simulate``.

    The model is sent to every worker once; each task returns only its tally (and its rows when a sink
    wants them, which then arrive in run order once all are done).
    """
    from distributed import as_completed

    # A fresh key per call: a hashed one could be released by an earlier call while this one uses it.
    shared = client.scatter(model, broadcast=True, hash=False)  # type: ignore[no-untyped-call]
    ranges = list(batches(runs, batch_size))
    keep = sink is not None
    futures = [
        client.submit(run_batch, shared, seed, start, stop, keep, pure=False) for start, stop in ranges
    ]
    index = {future.key: i for i, future in enumerate(futures)}
    results: list[tuple[Tally, RunTable | None] | None] = [None] * len(futures)
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        i = index[future.key]
        results[i] = future.result()
        future.release()
        if progress is not None:
            progress(ranges[i][1] - ranges[i][0])
    total: Tally | None = None
    for result in results:
        assert result is not None
        tally, table = result
        total = tally if total is None else total + tally
        if sink is not None and table is not None:
            sink(table)
    assert total is not None
    return total
