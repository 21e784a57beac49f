"""What one worker does with one input: read the file, run the pipeline, report the outcome.

Runs inside worker processes (local pool or Dask workers), so everything here is importable at
module level and picklable. A worker builds its :class:`~vnpolicy.pipeline.Pipeline` once and
reuses it for every input. Every outcome is a :class:`InputResult`, never an exception: a file
that cannot be read fails alone, and inside a .jsonl file or .json list a bad record (not JSON,
no text, too long, or tripping a bug in a step) fails alone too (a :class:`RecordFailure`
named ``path#N``), while the file's good records still become documents.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnpolicy.document import Article, Document
from vnpolicy.errors import ReadError, VnpolicyError

#: One unit of work: a file path, or ``(name, text)`` for a text given on stdin.
Task = str | tuple[str, str]

#: Longest article (in characters) analysed by default: ~200 ordinary articles. Longer "articles"
#: are dumps or broken files; they would hold a worker for minutes, so they fail with a reason.
MAX_CHARS = 1_000_000


@dataclass
class RecordFailure:
    """One article of a multi-article input that gave no document (``kind``: read, error)."""

    id: str  # "path#N" (the input itself for a one-article file)
    kind: str
    error: str
    position: int  # how many of the input's documents come before it (keeps the file's order)


@dataclass
class InputResult:
    """The outcome for one input: its documents and the records that failed, or why the whole
    input failed (``error``; ``kind``: read, error, timeout, crash)."""

    input: str
    docs: list[Document] = field(default_factory=list)
    error: str | None = None
    kind: str | None = None
    #: Bad records of an input that was read (e.g. line 3 of a .jsonl file is not JSON).
    failures: list[RecordFailure] = field(default_factory=list)
    seconds: float = 0.0
    #: Set when the worker already wrote the output lines (then ``docs`` is left empty, so the
    #: parent neither unpickles nor re-encodes documents: it only writes bytes).
    lines: bytes | None = None
    #: (documents, corrections, entities), for the summary.
    counts: tuple[int, int, int] = (0, 0, 0)

    @property
    def ok(self) -> bool:
        """Every article of the input analysed: no failure of the input nor of any record."""
        return self.error is None and not self.failures

    def failure_rows(self) -> list[dict[str, str]]:
        """One ``{"input", "kind", "error"}`` row per failure, ``input`` naming the failed
        record (``path#N``) or input: the rows of the ``errors`` table."""
        rows = [{"input": f.id, "kind": f.kind, "error": f.error} for f in self.failures]
        if self.error is not None:
            rows.append({"input": self.input, "kind": self.kind or "error", "error": self.error})
        return rows


def task_name(task: Task) -> str:
    return task if isinstance(task, str) else task[0]


#: A short article run once when a worker starts, so every lazily loaded model is in memory.
WARM_UP = ("Ban Dân vận Tỉnh ủy làm việc tại huyện Tháp Mười\n\n"
           "Ngày 19/8/2022, Ban Dân vận Tỉnh ủy làm việc với Ban Thường vụ Huyện ủy Tháp Mười về "
           "kết quả thực hiện Nghị quyết số 01-NQ/TU và phong trào thi đua \"Dân vận khéo\".")


@dataclass
class WorkerState:
    """What a worker keeps between inputs: its Pipeline and the batch limits."""

    nlp: Any
    max_chars: int | None = MAX_CHARS
    encode: bool = False  # write the JSON lines here, in the worker


def init_worker(options: dict[str, Any], max_chars: int | None = MAX_CHARS, encode: bool = False) -> WorkerState:
    """Worker set-up: one Pipeline per process, models loaded here and only here."""
    from vnpolicy.pipeline import Pipeline

    state = WorkerState(Pipeline(**options), max_chars, encode)
    # Steps load their models lazily: load them now, outside any file's timeout. The first
    # article also moves them out of every later GC pass (vnpolicy.resident.settle).
    state.nlp(WARM_UP)
    return state


def analyze_input(state: WorkerState, task: Task) -> InputResult:
    """Read one input and analyse every article in it; a bad article of a multi-article file
    becomes a :class:`RecordFailure`, not a failure of the file."""
    from vnpolicy.read import read_file_articles

    started = time.perf_counter()
    name = task_name(task)
    result = InputResult(input=name)
    articles: Sequence[Article | str]  # a file's articles, or the text given on stdin
    try:
        if isinstance(task, str):
            _check_size(task, state.max_chars)
            articles, bad = read_file_articles(Path(task), on_error="collect")
            for error in bad:
                result.failures.append(RecordFailure(error.path, "read", error.problem, 0))
        else:
            from vnpolicy.read.encodings import is_blank

            if is_blank(task[1]):
                raise ReadError(name, "empty text (only white space or invisible characters)")
            articles = [task[1]]
    except ReadError as error:
        result.kind = "read"
        result.error = error.problem if error.path == name else str(error)
        articles = []
    for article in articles:
        where = article.path if not isinstance(article, str) and article.path else name
        try:
            raw = article if isinstance(article, str) else article.raw
            if state.max_chars and len(raw) > state.max_chars:
                raise ReadError(where, f"too long for one article ({len(raw):,} characters; the limit is "
                                       f"{state.max_chars:,}, see --max-chars)")
            result.docs.append(state.nlp(article, source=name) if isinstance(article, str) else state.nlp(article))
        except ReadError as error:
            _fail(result, where, "read", error.problem if error.path == where else str(error))
        except VnpolicyError as error:
            _fail(result, where, "error", str(error))
        except Exception as error:  # noqa: BLE001 - a bug in one step must not stop the batch
            detail = str(error)
            _fail(result, where, "error", f"internal error ({type(error).__name__}{': ' + detail if detail else ''})")
    _place_failures(result)
    if len(articles) == 1 and result.failures and result.failures[-1].id == name and not result.docs:
        failure = result.failures.pop()  # a one-article input that failed: the input failed
        result.kind, result.error = failure.kind, failure.error
    elif result.failures and not result.docs and result.error is None:
        # a .json list or .jsonl file none of whose records gave a document: the input failed
        # (each record keeps its own row), it is not "done"
        kinds = {f.kind for f in result.failures}
        result.kind = kinds.pop() if len(kinds) == 1 else "error"
        result.error = (f"no article could be analysed: all {len(result.failures)} records failed "
                        f"(each has its own row, {name}#N)")
    result.seconds = time.perf_counter() - started
    result.counts = (len(result.docs), sum(len(d.corrections) for d in result.docs),
                     sum(len(d.entities) for d in result.docs))
    if state.encode:
        from vnpolicy.batch.output import encode_lines

        result.lines = encode_lines(result)
        result.docs = []
    return result


def _check_size(path: str, max_chars: int | None) -> None:
    """Refuse a plain-text file that cannot fit ``max_chars`` before reading it: every encoding
    takes at most 4 bytes a character, so more than ``4 * max_chars`` bytes is too long anyway
    (a 50 MB .txt used to cost a worker over 1 GB just to be rejected)."""
    if not max_chars or not path.lower().endswith(".txt"):
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # the reader says what is wrong with it
    if size > 4 * max_chars + 4:
        raise ReadError(path, f"too long for one article ({size:,} bytes, so more than {max_chars:,} "
                              f"characters; the limit is {max_chars:,}, see --max-chars)")


def _place_failures(result: InputResult) -> None:
    """Give each failed record its place among the documents, by its ``#N``, so the output
    keeps the file's order (line 3 between the documents of lines 2 and 5)."""
    numbers = [_record_number(doc.id) for doc in result.docs]
    for failure in result.failures:
        n = _record_number(failure.id)
        if n is not None and None not in numbers:
            failure.position = sum(1 for m in numbers if m is not None and m < n)
    result.failures.sort(key=lambda f: (f.position, _record_number(f.id) or 0))


def _record_number(source: str | None) -> int | None:
    head, sep, tail = (source or "").rpartition("#")
    return int(tail) if sep and tail.isdigit() else None


def _fail(result: InputResult, where: str, kind: str, error: str) -> None:
    result.failures.append(RecordFailure(where, kind, error, len(result.docs)))


# -- Dask: the same work, with the Pipeline cached per worker process ----------------------

_cached: dict[tuple[tuple[tuple[str, Any], ...], int | None, bool], WorkerState] = {}


def cached_state(options: dict[str, Any], max_chars: int | None, encode: bool = False) -> WorkerState:
    """The worker's Pipeline for these options, built on first use (once per Dask worker)."""
    key = (tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items())), max_chars, encode)
    if key not in _cached:
        _cached[key] = init_worker(options, max_chars, encode)
    return _cached[key]


def dask_analyze_input(task: Task, options: dict[str, Any], max_chars: int | None = MAX_CHARS,
                       encode: bool = False) -> InputResult:
    """A Dask task: analyse one input with this worker's cached Pipeline.

    A worker that cannot build its Pipeline (e.g. a missing model) answers with ``kind="init"``:
    the engine stops the run with that one message instead of failing every input."""
    try:
        state = cached_state(options, max_chars, encode)
    except Exception as error:  # noqa: BLE001 - reported, not raised, so Dask logs no traceback
        detail = str(error) if isinstance(error, VnpolicyError) else f"{type(error).__name__}: {error}"
        return InputResult(input=task_name(task), kind="init", error=detail)
    return analyze_input(state, task)
