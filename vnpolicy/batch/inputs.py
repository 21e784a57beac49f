"""Command-line inputs → the list of files to analyse, plus a failure for each input that names
nothing (missing path, empty folder, glob without matches).

Inputs are files, folders (searched recursively by :func:`vnpolicy.read.iter_article_files`),
glob patterns (expanded here, so quoted patterns and ``**`` work on every shell; the
article files among the matches, or every match when none is one), ``-`` (one
article text on stdin, as for the small commands) and list files (``--from-list FILE``, or
``--from-list -`` for stdin: one path per line). Order is kept; a file named twice is analysed
once. A folder's files of a type no reader takes (.xlsx, .png…) come back as ``kind="skipped"``
results ("unsupported type .xlsx"), so every file is accounted for. Nothing here reads article
contents.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from vnpolicy.batch.work import InputResult, Task
from vnpolicy.errors import ReadError, VnpolicyError

_GLOB_CHARS = frozenset("*?[")


def read_path_list(name: str, stdin: IO[str] | None = None) -> list[str]:
    """Paths from a list file (``-``: stdin), one per line; blank lines ignored."""
    if name == "-":
        stream = stdin or sys.stdin
        data = stream.read() if stdin is not None or not hasattr(stream, "buffer") else stream.buffer.read()
        lines = (data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else data).splitlines()
    else:
        try:  # a path that is not UTF-8 is kept as its bytes (surrogateescape), as os.listdir does
            lines = Path(name).read_bytes().decode("utf-8", "surrogateescape").splitlines()
        except FileNotFoundError:
            raise ReadError(name, "no such list file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ReadError(name, f"cannot read the list file ({error})") from None
    return [line.strip() for line in lines if line.strip()]


def expand_inputs(items: Iterable[str], *, stdin: IO[str] | None = None) -> tuple[list[Task], list[InputResult]]:
    """The tasks named by ``items`` in order, and a failed result for each item naming nothing."""
    tasks: list[Task] = []
    failures: list[InputResult] = []
    seen: set[str] = set()

    from vnpolicy.read import ARTICLE_SUFFIXES, iter_article_files
    from vnpolicy.read.encodings import read_stdin_text
    from vnpolicy.read.formats import unsupported_files, unsupported_reason

    def skipped(error: ReadError) -> None:  # a broken link, an unreadable folder…: a row each
        if error.path not in seen:
            seen.add(error.path)
            failures.append(InputResult(input=error.path, error=error.problem, kind="read"))

    def add_files(item: str | Path) -> None:
        if Path(item).is_dir():  # every file of a folder is accounted for: unsupported ones are skipped
            for file in unsupported_files(item):
                if str(file) not in seen:
                    seen.add(str(file))
                    failures.append(InputResult(input=str(file), error=unsupported_reason(file), kind="skipped"))
        try:
            for file in iter_article_files(item, on_skip=skipped):
                key = str(file)
                if key not in seen:
                    seen.add(key)
                    tasks.append(key)
        except ReadError as error:
            failures.append(InputResult(input=error.path, error=error.problem, kind="read"))

    for item in items:
        if item == "-":
            if "<stdin>" not in seen:
                seen.add("<stdin>")
                try:
                    tasks.append(("<stdin>", stdin.read() if stdin is not None else read_stdin_text()))
                except ReadError as error:  # binary or undecodable input: a failed row, like a file
                    failures.append(InputResult(input="<stdin>", error=error.problem, kind="read"))
            continue
        if not Path(item).exists() and _GLOB_CHARS & set(item):
            matches = sorted(glob.glob(item, recursive=True))
            articles = [m for m in matches if Path(m).is_dir() or Path(m).suffix.lower() in ARTICLE_SUFFIXES]
            matches = articles or matches  # 'notes/*.md' still means those files
            if not matches:
                failures.append(InputResult(input=item, error="no file matches this pattern", kind="read"))
            for match in matches:
                add_files(match)
            continue
        add_files(item)
    return tasks, failures


def no_inputs_error(failures: list[InputResult]) -> VnpolicyError:
    """The one error for a run where no input named any file."""
    if len(failures) == 1:
        return ReadError(failures[0].input, failures[0].error or "nothing to analyse")
    listed = "; ".join(f"{f.input}: {f.error}" for f in failures[:5])
    more = f" (and {len(failures) - 5} more)" if len(failures) > 5 else ""
    return VnpolicyError(f"no article files to analyse: {listed}{more}")
