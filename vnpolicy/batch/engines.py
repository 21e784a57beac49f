"""Where the work runs: local worker processes, or a Dask cluster. Same inputs, same results.

Both engines take tasks (see :mod:`vnpolicy.batch.work`) and yield one
:class:`~vnpolicy.batch.work.InputResult` per task, in input order, with a bounded number of
tasks in flight. This module schedules; it does not read files, analyse text or write output.

On a real cluster (the ``vnpolicy`` package installed on every machine, the input files
visible at the same paths everywhere, e.g. on a shared filesystem)::

    dask scheduler                                   # on the head node: tcp://HEAD:8786
    dask worker tcp://HEAD:8786 --nworkers 8 --nthreads 1   # on each compute node
    vnpolicy analyze /shared/articles -o /shared/out --format parquet \\
        --engine dask --scheduler tcp://HEAD:8786
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from vnpolicy.batch.pool import OrderedPool, PoolError, TaskFailure, default_workers
from vnpolicy.batch.work import (
    MAX_CHARS,
    InputResult,
    Task,
    analyze_input,
    dask_analyze_input,
    init_worker,
    task_name,
)
from vnpolicy.errors import VnpolicyError

ENGINES = ("local", "dask")


def run_local(tasks: Iterable[Task], options: dict[str, Any], *, workers: int | None = None,
              timeout: float | None = None, window: int | None = None,
              max_chars: int | None = MAX_CHARS, encode: bool = False) -> Iterator[InputResult]:
    """Analyse tasks in ``workers`` spawned processes (default: every core); input order kept.

    A task that hangs past ``timeout`` seconds, or kills its worker, becomes a failed result and
    its worker is replaced.
    """
    pool = OrderedPool(analyze_input, init=init_worker, init_args=(options, max_chars, encode),
                       workers=workers or default_workers(), timeout=timeout, window=window)
    for task, outcome in pool.imap(tasks):
        if isinstance(outcome, TaskFailure):
            yield InputResult(input=task_name(task), error=outcome.reason, kind=outcome.kind)
        else:
            yield outcome


def run_inline(tasks: Iterable[Task], options: dict[str, Any], *,
               max_chars: int | None = MAX_CHARS) -> Iterator[InputResult]:
    """Analyse tasks in this process (no isolation; for the library's ``workers=1``)."""
    state = init_worker(options, max_chars)
    for task in tasks:
        yield analyze_input(state, task)


def run_dask(tasks: Iterable[Task], options: dict[str, Any], *, scheduler: str | None = None,
             workers: int | None = None, timeout: float | None = None,
             window: int | None = None, max_chars: int | None = MAX_CHARS,
             encode: bool = False) -> Iterator[InputResult]:
    """Analyse tasks on a Dask cluster (``scheduler`` address), or on a local cluster of
    ``workers`` single-threaded processes when no address is given; input order kept.

    Each Dask worker builds its Pipeline once. A task whose worker dies is retried by Dask and
    then reported as a crash; a task that exceeds ``timeout`` is reported as a timeout and
    cancelled (Dask cannot stop a running thread: that worker stays busy until it returns).
    """
    try:
        from dask.distributed import Client, LocalCluster
        from distributed import TimeoutError as DaskTimeoutError
    except ImportError as error:  # pragma: no cover - dask is a dependency
        raise VnpolicyError(f"--engine dask needs dask[distributed] ({error})") from None
    import logging

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise VnpolicyError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from None
    else:
        for name in ("distributed", "distributed.nanny", "distributed.scheduler", "distributed.worker"):
            logging.getLogger(name).setLevel(logging.ERROR)
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        n_threads = sum(client.nthreads().values()) or 1
        limit = window or 4 * n_threads
        pending: deque[tuple[Task, Any]] = deque()
        source = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                try:
                    task = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((task, client.submit(dask_analyze_input, task, dict(options), max_chars, encode,
                                                           pure=False)))
            if not pending:
                return
            task, future = pending.popleft()
            started = time.monotonic()
            try:
                result = future.result(timeout=timeout)
            except (TimeoutError, DaskTimeoutError):
                future.cancel()
                yield InputResult(input=task_name(task), kind="timeout",
                                  error=f"took longer than {timeout:g} s; cancelled")
            except Exception as error:  # noqa: BLE001 - KilledWorker and friends: one input fails
                kind = "crash" if type(error).__name__ == "KilledWorker" else "error"
                reason = ("the Dask worker died while analysing it" if kind == "crash"
                          else f"{type(error).__name__}: {error}")
                yield InputResult(input=task_name(task), kind=kind, error=reason,
                                  seconds=time.monotonic() - started)
            else:
                if result.kind == "init":
                    raise PoolError(f"a Dask worker could not start: {result.error}")
                yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
