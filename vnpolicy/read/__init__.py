"""Reading portal articles: files and folders in, :class:`~vnpolicy.document.Article` out.

PLACEHOLDER: a first cut (UTF-8 .txt only); formats, encodings, chrome, title, date and byline
recovery are being written (issue 2). Public names: ``read_articles``, ``read_article``,
``read_text``, ``parse_article``, ``read_input_texts`` (for the small commands).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vnpolicy.document import Article
from vnpolicy.errors import ReadError

ARTICLE_SUFFIXES = (".txt",)


def read_text(path: str | Path) -> tuple[str, str]:
    """Decode a file to text; return ``(text, encoding)``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "no such file") from None
    except IsADirectoryError:
        raise ReadError(path, "is a folder, not a file") from None
    if not data.strip():
        raise ReadError(path, "empty file")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        raise ReadError(path, "cannot decode as UTF-8") from None


def parse_article(text: str, *, path: str | None = None) -> Article:
    """Split a scraped article's text into title, date, byline and body."""
    lines = [(m_start, line) for m_start, line in _lines(text) if line.strip()]
    spans = [(s, s + len(line)) for s, line in lines]
    has_title = len(lines) > 1
    title = lines[0][1].strip() if has_title else None
    body_spans = spans[1:] if has_title else spans
    body = "\n\n".join(text[s:e] for s, e in body_spans)
    return Article(path=path, title=title, date=None, authors=[], body=body, raw=text,
                   body_spans=body_spans, format="txt")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line.rstrip("\r\n")
        pos += len(line)


def read_article(path: str | Path) -> Article:
    """Read one article file."""
    text, encoding = read_text(path)
    article = parse_article(text, path=str(path))
    article.encoding = encoding
    return article


def read_articles(path: str | Path) -> Iterator[Article]:
    """Read a file, or every article file under a folder (recursively, in name order)."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file or folder")
    if path.is_file():
        yield read_article(path)
        return
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    if not files:
        raise ReadError(path, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder")
    for file in files:
        yield read_article(file)


def read_input_texts(inputs: list[str]) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for each command-line input: a file, a folder of articles, or ``-``."""
    import sys

    for item in inputs:
        if item == "-":
            yield "<stdin>", sys.stdin.read()
            continue
        path = Path(item)
        if path.is_dir():
            for article in read_articles(path):
                yield article.path or item, article.raw
        else:
            yield item, read_text(path)[0]
