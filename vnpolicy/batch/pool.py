"""A small process pool that survives its workers: ordered results, per-task timeouts, crash rows.

``concurrent.futures.ProcessPoolExecutor`` marks the whole pool broken when one worker dies, and
cannot stop one hung task. Batch analysis needs the opposite: a file that segfaults, calls
``os._exit`` or loops forever must fail alone, its worker replaced, and the run go on. This module
does only that process book-keeping; it knows nothing about articles or output formats.

Each worker is a ``spawn`` process that builds its state once (``init(*init_args)``: models load
once per worker) and then runs ``func(state, item)`` for every item it is sent. Results come back
in input order; at most ``window`` items are in flight or waiting to be yielded, so memory stays
bounded however long the input is.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any

from vnpolicy.errors import VnpolicyError

PREFETCH = 8  # items queued per worker, so a worker never waits for the parent between items
#             (on busy cores the parent runs late: 2 left tiny tasks waiting 3 times as long as they ran)
PARENT_CHECK = 1.0  # seconds between checks that the parent process is still alive
MAX_STARTUP_DEATHS = 3  # workers that die before they are ready, before the run gives up
WATCHDOG_TICK = 5.0  # longest single wait: the loop re-checks its state at least this often
STARTUP_TIMEOUT = 600.0  # seconds for a worker to load its models before the run gives up
STALL_WARNING = 600.0  # seconds without any result before the pool logs a warning

_log = logging.getLogger("vnpolicy.batch")


@dataclass
class TaskFailure:
    """Why one item produced no result: ``kind`` is "error", "timeout" or "crash"."""

    kind: str
    reason: str


class PoolError(VnpolicyError):
    """The pool cannot run at all (e.g. every worker fails to load its models)."""


def _describe(error: BaseException) -> str:
    text = str(error)
    if isinstance(error, VnpolicyError):
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _worker_main(tasks: Any, results: Any, init: Callable[..., Any], init_args: tuple[Any, ...],
                 func: Callable[[Any, Any], Any]) -> None:
    """Worker loop: build the state once, then answer ``(task_id, item)`` messages until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    try:
        state = init(*init_args)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which stops the run
        try:
            results.send(("init_error", error if isinstance(error, VnpolicyError) else None, _describe(error)))
        except Exception:  # noqa: BLE001 - unpicklable error: send the words only
            results.send(("init_error", None, _describe(error)))
        return
    results.send(("ready", None, None))
    parent = multiprocessing.parent_process()
    while True:
        try:
            message = tasks.get(timeout=PARENT_CHECK)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return  # the parent was killed: do not linger as an orphan
            continue
        if message is None:
            return
        task_id, item = message
        try:
            outcome = ("ok", task_id, func(state, item))
        except Exception as error:  # noqa: BLE001 - one bad item fails alone
            outcome = ("error", task_id, _describe(error))
        try:
            results.send(outcome)
        except Exception as error:  # noqa: BLE001 - e.g. a result that cannot be pickled
            results.send(("error", task_id, f"result could not be sent back: {_describe(error)}"))


def _die_with_parent() -> None:
    """On Linux, ask the kernel to kill this worker when the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class _Worker:
    process: Any
    tasks: Any
    results: Any
    ready: bool = False
    queued: deque[int] = field(default_factory=deque)
    head_since: float = 0.0  # when the item at the head of ``queued`` started running


class OrderedPool:
    """Run ``func(state, item)`` over items in ``workers`` processes; see :meth:`imap`."""

    def __init__(self, func: Callable[[Any, Any], Any], *, init: Callable[..., Any], init_args: tuple[Any, ...] = (),
                 workers: int = 1, timeout: float | None = None, window: int | None = None,
                 startup_timeout: float = STARTUP_TIMEOUT, stall_warning: float = STALL_WARNING) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.func, self.init, self.init_args = func, init, init_args
        self.n_workers = workers
        self.timeout = timeout if timeout and timeout > 0 else None
        self.window = max(window or 2 * PREFETCH * workers, workers * PREFETCH)
        self._ctx = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._startup_deaths = 0
        self.restarts = 0
        self.startup_timeout, self.stall_warning = startup_timeout, stall_warning
        self._started = self._progress = time.monotonic()
        self._warned = 0.0

    # -- workers ---------------------------------------------------------------------------

    def _start_worker(self) -> _Worker:
        tasks = self._ctx.Queue()
        receive, send = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(target=_worker_main, args=(tasks, send, self.init, self.init_args, self.func),
                                    daemon=True, name="vnpolicy-worker")
        process.start()
        send.close()  # the parent keeps only its reading end, so a dead worker reads as EOF
        return _Worker(process=process, tasks=tasks, results=receive)

    def _stop_worker(self, worker: _Worker, *, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.tasks.cancel_join_thread()
        worker.tasks.close()
        worker.results.close()

    def close(self) -> None:
        """Stop every worker: politely first, then by force."""
        for worker in self._workers:
            try:
                worker.tasks.put(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 3
        for worker in self._workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
        for worker in self._workers:
            self._stop_worker(worker, kill=True)
        self._workers = []

    # -- running ---------------------------------------------------------------------------

    def imap(self, items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """Yield ``(item, result)`` in input order; ``result`` is a :class:`TaskFailure` when the
        item raised, timed out, or killed its worker."""
        source = iter(items)
        exhausted = False
        store: dict[int, Any] = {}  # task id -> item, until yielded
        done: dict[int, Any] = {}  # task id -> result, until yielded
        retry: deque[int] = deque()  # prefetched items of a worker that died: run again
        next_id = next_out = 0
        try:
            self._workers = [self._start_worker() for _ in range(self.n_workers)]
            self._started = self._progress = time.monotonic()
            while True:
                # give back what is finished, in order: this frees room in the window, so it
                # comes before handing out (the other way round, a window that finished whole
                # left nothing in flight and the wait below had nothing to wait for)
                while next_out in done:
                    yield store.pop(next_out), done.pop(next_out)
                    next_out += 1
                if exhausted and next_out == next_id:
                    return
                # hand out work
                for worker in self._workers:
                    if not worker.ready:
                        continue
                    while len(worker.queued) < PREFETCH:
                        if retry:
                            task_id = retry.popleft()
                        elif not exhausted and next_id - next_out < self.window:
                            try:
                                store[next_id] = next(source)
                            except StopIteration:
                                exhausted = True
                                break
                            task_id, next_id = next_id, next_id + 1
                        else:
                            break
                        if not worker.queued:
                            worker.head_since = time.monotonic()
                        worker.queued.append(task_id)
                        worker.tasks.put((task_id, store[task_id]))
                if exhausted and next_out == next_id:
                    return
                self._wait_and_collect(done, retry)
        finally:
            self.close()

    def _in_flight(self) -> int:
        return sum(len(w.queued) for w in self._workers)

    def _wait_and_collect(self, done: dict[int, Any], retry: deque[int]) -> None:
        """Wait for a message, a dead worker or a deadline, then collect; never block forever.

        The watchdog: the wait is at most :data:`WATCHDOG_TICK` long. Waiting with no task in
        flight and no worker starting would never end, so that raises :class:`PoolError`; a
        worker that is not ready after :data:`STARTUP_TIMEOUT` (e.g. a model file that blocks
        on open) stops the run; no result at all for :data:`STALL_WARNING` seconds is logged."""
        starting = [w for w in self._workers if not w.ready]
        if not starting and not self._in_flight():
            raise PoolError("the worker pool has work left but nothing in flight (a scheduling bug): "
                            "stopped instead of waiting forever")
        now = time.monotonic()
        wait_for = min(WATCHDOG_TICK, self.stall_warning, *([self.startup_timeout] if starting else []))
        if self.timeout is not None:
            deadlines = [w.head_since + self.timeout - now for w in self._workers if w.ready and w.queued]
            if deadlines:
                wait_for = max(0.0, min(wait_for, *deadlines))
        handles = [w.results for w in self._workers] + [w.process.sentinel for w in self._workers]
        wait(handles, timeout=wait_for)
        before = (len(done), self.restarts, sum(w.ready for w in self._workers))
        for index, worker in enumerate(self._workers):
            replacement = self._collect(worker, done, retry)
            if replacement is not None:
                self._workers[index] = replacement
        now = time.monotonic()
        if (len(done), self.restarts, sum(w.ready for w in self._workers)) != before:
            self._progress = now
            self._warned = 0.0
            return
        waited = now - self._progress
        if starting and all(not w.ready for w in self._workers) and waited > self.startup_timeout:
            raise PoolError(f"no worker process became ready within {self.startup_timeout:g} s "
                            f"(loading the models hangs?): stopped")
        if waited > self.stall_warning and waited - self._warned > self.stall_warning:
            self._warned = waited
            _log.warning("vnpolicy pool: no result for %.0f s (%d tasks in flight on %d workers, %d starting)",
                         waited, self._in_flight(), len(self._workers), len(starting))

    def _collect(self, worker: _Worker, done: dict[int, Any], retry: deque[int]) -> _Worker | None:
        """Read the worker's messages; return a fresh worker when this one died or hung."""
        try:
            while worker.results.poll():
                kind, first, payload = worker.results.recv()
                if kind == "ready":
                    worker.ready = True
                elif kind == "init_error":
                    raise first if isinstance(first, VnpolicyError) else PoolError(
                        f"a worker could not start: {payload}")
                else:
                    task_id = worker.queued.popleft()
                    assert task_id == first, (task_id, first)
                    done[task_id] = payload if kind == "ok" else TaskFailure("error", payload)
                    worker.head_since = time.monotonic()
        except (EOFError, OSError):
            pass  # the worker is gone; its sentinel tells the rest
        if not worker.process.is_alive():
            worker.process.join()
            code = worker.process.exitcode
            if not worker.ready:
                self._startup_deaths += 1
                if self._startup_deaths > MAX_STARTUP_DEATHS:
                    raise PoolError(f"worker processes keep dying while starting (exit code {code})")
            if worker.queued:
                how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                done[worker.queued.popleft()] = TaskFailure(
                    "crash", f"the worker process died while analysing it ({how})")
            return self._replace(worker, retry, kill=False)
        if (self.timeout is not None and worker.ready and worker.queued
                and time.monotonic() - worker.head_since > self.timeout):
            done[worker.queued.popleft()] = TaskFailure("timeout", f"took longer than {self.timeout:g} s; stopped")
            return self._replace(worker, retry, kill=True)
        return None

    def _replace(self, worker: _Worker, retry: deque[int], *, kill: bool) -> _Worker:
        retry.extendleft(reversed(worker.queued))
        worker.queued.clear()
        self._stop_worker(worker, kill=kill)
        self.restarts += 1
        return self._start_worker()


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


__all__ = ["OrderedPool", "PoolError", "TaskFailure", "default_workers"]
