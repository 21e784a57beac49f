"""Reading portal articles: files and folders in, :class:`~vnpolicy.document.Article` out.

The room for everything between a file on disk and an Article: formats (.txt, .html/.htm,
.json, .jsonl: :mod:`.formats`, :mod:`.htmlpage`; .pdf, .docx and official documents:
:mod:`.documents`), encodings (UTF-8/16/32, Windows-1258,
TCVN3, VNI: :mod:`.encodings`), portal chrome (:mod:`.chrome`), the title/date/body split
(:mod:`.article`, :mod:`.dates`) and bylines (:mod:`.byline`). It must not normalize the text
(NFC, spacing, tone style and typos belong to :mod:`vnpolicy.text`): ``Article.raw`` is the
text as decoded, and ``Article.body`` is made of slices of it.

Bad inputs raise :class:`~vnpolicy.errors.ReadError` naming the file and the problem:
"no such file or folder", "empty file", "binary file (looks like PNG image)",
"cannot decode: not UTF-8/UTF-16/Windows-1258/TCVN3/VNI (…)", "invalid JSON (…)",
"no article files (…) in this folder", "no article text found (only a title and portal chrome)",
"no text layer: needs OCR" (a scanned PDF), "cannot read .docx (…)".

In a folder, what happens to a bad file is the caller's choice: ``read_articles(path,
on_error="raise")`` (default: stop at the first bad file), ``"skip"``, ``"warn"`` (skip with a
:class:`ReadWarning`), or a callable that receives each :class:`ReadError`. Except with
``"raise"``, a bad record of a .jsonl file or .json list is handled the same way, alone: the
file's good records are still read. Batch code can instead call :func:`iter_article_files` and
:func:`read_file_articles` per file (``on_error="collect"``: the good articles and the errors).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from vnpolicy.document import Article
from vnpolicy.errors import ReadError
from vnpolicy.read.article import parse_article
from vnpolicy.read.byline import parse_byline
from vnpolicy.read.encodings import decode_bytes, read_stdin_text, read_text
from vnpolicy.read.formats import (
    ARTICLE_SUFFIXES,
    html_article,
    iter_article_files,
    read_article,
    read_file_articles,
    record_article,
)

OnError = str | Callable[[ReadError], None]


class ReadWarning(UserWarning):
    """A file skipped by ``read_articles(..., on_error="warn")``."""


def read_articles(
    path: str | Path | Iterable[str | Path],
    *,
    on_error: OnError = "raise",
) -> Iterator[Article]:
    """Read a file, or every article file under a folder (recursively, in path order).

    ``path`` may also be a list of files and folders. ``on_error`` decides what a bad file
    inside does: "raise" (default), "skip", "warn", or a callable given the ReadError; with
    any but "raise", a bad line of a .jsonl file (or element of a .json list) is handled alone
    and the file's other articles are still read. A path that does not exist, or a folder
    without article files, always raises.

    >>> [a.title for a in read_articles("data/articles/000_c9ab4d96580aabf9.txt")]
    ['Tiếp và làm việc với Tổ khảo sát của Ban Dân vận Tỉnh ủy về kết quả 01 năm thực hiện Nghị quyết 01']
    """
    if not (on_error in ("raise", "skip", "warn") or callable(on_error)):
        raise ValueError(f"on_error must be 'raise', 'skip', 'warn' or a callable, got {on_error!r}")

    def skipped(error: ReadError) -> None:
        if on_error == "warn":
            warnings.warn(str(error), ReadWarning, stacklevel=3)
        elif callable(on_error):
            on_error(error)

    for file in iter_article_files(path, on_skip=None if on_error == "raise" else skipped):
        if on_error == "raise":
            yield from read_file_articles(file)
            continue
        try:
            articles, errors = read_file_articles(file, on_error="collect")
        except ReadError as error:
            articles, errors = [], [error]
        except (RecursionError, MemoryError, ValueError, LookupError, TypeError) as error:
            # A page the reader cannot cope with is that file's failure, reported like the
            # others, so the folder's later files are still read.
            detail = str(error)
            articles, errors = [], [ReadError(file, f"cannot read ({type(error).__name__}{': ' + detail if detail else ''})")]
        for problem in errors:
            if on_error == "warn":
                warnings.warn(str(problem), ReadWarning, stacklevel=2)
            elif callable(on_error):
                on_error(problem)
        yield from articles


def read_input_texts(inputs: list[str]) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for each command-line input: a file, a folder of articles, or ``-``.

    A plain-text file gives its whole decoded text; an HTML/JSON file gives each article's
    ``raw`` text (for HTML: the article's visible text, not the markup).
    """
    for item in inputs:
        if item == "-":
            yield "<stdin>", read_stdin_text()  # bytes decoded as a file's: binary input is a ReadError
            continue
        path = Path(item)
        suffix = path.suffix.lower()
        if path.is_file() and (suffix == ".txt" or suffix not in ARTICLE_SUFFIXES):  # plain text
            yield item, read_text(path)[0]
            continue
        for file in iter_article_files(path):
            for article in read_file_articles(file):
                yield article.path or str(file), article.raw


__all__ = [
    "ARTICLE_SUFFIXES",
    "ReadWarning",
    "decode_bytes",
    "html_article",
    "iter_article_files",
    "parse_article",
    "parse_byline",
    "read_article",
    "read_articles",
    "read_file_articles",
    "read_input_texts",
    "read_text",
    "record_article",
]
