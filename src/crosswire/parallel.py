"""A local multi-process executor for pipeline steps (the Ray executor's little sibling).

``ingest`` stores and links in one process, in order, because the linker's state is one
stream; text analysis has no state, so it can run ahead in worker processes while the main
process stores and links the articles analysed before.  On two cores that overlaps the two
halves of the work instead of adding them.

Small inputs never pay for processes: the first ``warmup`` articles are analysed here, and
the pool starts only when more keep coming.  Results come back in input order, and at most
``workers * 4`` chunks are in flight, so a stream of any length runs in bounded memory.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice

from .article import Article
from .pipeline import Step, batched, run_steps

#: Articles analysed in this process before a pool is worth starting (~1 s of work).
WARMUP = 256
CHUNK = 32
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def default_workers() -> int:
    """Worker processes for analysis: one per core beyond the one storing and linking, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(0, min(cores - 1, 4))


def _die_with_parent(parent: int) -> None:
    """Worker initialiser: a forked worker holds both ends of its task pipe, so it would wait
    forever if its parent were killed (kill -9 mid-ingest); ask the kernel to kill it too."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _apply(steps: Sequence[Step], articles: list[Article]) -> list[Article]:
    return list(run_steps(articles, steps))


def run_steps_parallel(articles: Iterable[Article], steps: Sequence[Step], *, workers: int | None = None,
                       warmup: int | None = None, chunk: int = CHUNK) -> Iterator[Article]:
    """``run_steps`` over ``articles`` with up to ``workers`` processes; same output, same order.

    ``steps`` must be picklable (plain step objects such as ``Analyser()``); keep steps that
    hold a model (an embedder) out of here and run them after, in this process.
    """
    workers = default_workers() if workers is None else workers
    warmup = WARMUP if warmup is None else warmup
    if sys.platform != "linux":
        workers = 0  # fork is only safe to rely on here; elsewhere analyse in this process
    stream = iter(articles)
    yield from run_steps(islice(stream, warmup if workers > 0 else None), steps)
    if workers <= 0:
        return
    first = next(stream, None)
    if first is None:
        return
    stream = chain([first], stream)
    # fork: the workers inherit the models the warm-up loaded, and a user's script without an
    # ``if __name__ == "__main__"`` guard is not re-run in them (spawn and forkserver would).
    # CPython re-creates the import and logging locks in a forked child, so the threads a
    # caller may run (Rich's refresh, the web server's drift worker) cannot deadlock it.
    ctx = multiprocessing.get_context("fork")
    pending: deque[Future[list[Article]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        try:
            for group in batched(stream, chunk):
                pending.append(pool.submit(_apply, steps, group))
                if len(pending) >= workers * 4:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

