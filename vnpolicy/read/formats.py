"""Files → articles: which files a folder holds, and how each format becomes :class:`Article`.

Formats: ``.txt`` (the scraped text of one article), ``.html``/``.htm`` (a portal page; main
text extracted by :mod:`vnpolicy.read.htmlpage`), ``.pdf``/``.docx`` (an official document or
an article; :mod:`vnpolicy.read.documents`), ``.json`` (one object with a text field and
optional title/date/author fields, or a list of such objects), ``.jsonl`` (one object per
line). Field names are data (``resources/read/json_fields.tsv``). Every failure is a
:class:`ReadError` naming the file (and the line, ``path#3``, for JSON Lines) and the problem.
A caller that must lose no good record to one bad one (batch runs) asks
``read_file_articles(path, on_error="collect")``: the good articles plus a ReadError per bad
record, instead of an exception for the whole file.
This module reads files; splitting text into title/body/byline is :mod:`vnpolicy.read.article`.

Ids: an article from a one-article file has the file's path as ``Article.path``; the n-th
article of a ``.jsonl`` file is ``"<path>#<line number>"``, of a ``.json`` list
``"<path>#<index from 1>"``.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Literal, overload

from vnpolicy.document import Article
from vnpolicy.errors import ReadError
from vnpolicy.read import chrome, htmlpage, resources
from vnpolicy.read.article import parse_article
from vnpolicy.read.byline import is_name, parse_byline
from vnpolicy.read.dates import parse_date
from vnpolicy.read.documents import DOCUMENT_SUFFIXES, read_document
from vnpolicy.read.encodings import (
    MAX_FILE_BYTES,
    _utf16_without_bom,
    decode_bytes,
    is_blank,
    read_file_bytes,
    read_text,
)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".pdf", ".docx")
#: A .jsonl file holds many articles: it may be larger than one-article files (bytes).
MAX_JSONL_BYTES = 4 * MAX_FILE_BYTES
MAX_INT_DIGITS = 64  # longer JSON integers are kept as text
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOOKS_LIKE_HTML = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|section|h1)[\s>][\s\S]*</(?:p|div|article|section|h1)>)",
    re.IGNORECASE,
)


# -- finding files -----------------------------------------------------------------------

def iter_article_files(paths: str | Path | Iterable[str | Path], *,
                       on_skip: Callable[[ReadError], None] | None = None) -> Iterator[Path]:
    """Every article file named by ``paths``: files as given, folders searched recursively for
    the known suffixes in sorted path order (hidden files and folders skipped).

    What a folder holds but cannot be read is not silently dropped: a broken or looping
    symbolic link, a folder that cannot be listed, a FIFO or device with an article suffix each
    become a :class:`ReadError` given to ``on_skip`` (without it: raised). Raises
    :class:`ReadError` for a path that does not exist or a folder with no article files.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)

    def skip(error: ReadError) -> None:
        if on_skip is None:
            raise error
        on_skip(error)

    for item in items:
        path = Path(item)
        if path.is_file():
            yield path
        elif path.is_dir():
            found, skipped = _walk(path)
            for error in skipped:
                skip(error)
            if not found:
                raise ReadError(path, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder")
            yield from found
        elif path.is_symlink():
            skip(ReadError(path, _broken_link(path)))
        elif not path.exists():
            raise ReadError(path, "no such file or folder")
        else:
            raise ReadError(path, "not a regular file or folder")


def unsupported_files(folder: str | Path) -> list[Path]:
    """The files under ``folder`` that no reader takes (hidden ones left out), in path order:
    batch runs list each as skipped ("unsupported type .xlsx") so every file is accounted for."""
    folder = Path(folder)
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() not in ARTICLE_SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def unsupported_reason(path: str | Path) -> str:
    """Why a file is skipped: "unsupported type .xlsx" (or "(no extension)")."""
    suffix = Path(path).suffix.lower()
    return f"unsupported type {suffix or '(no extension)'}"


def _broken_link(path: Path) -> str:
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop: skipped"
    return f"broken symbolic link (to {os.readlink(path)!r}, which does not exist): skipped"


def _walk(root: Path) -> tuple[list[Path], list[ReadError]]:
    """Article files under ``root`` (sorted), and a ReadError for each thing skipped with a
    reason. Symbolic links to folders are followed once: a link back into a folder already
    walked (a loop, or a second path to it) is reported and not followed. Iterative: no
    recursion on the depth."""
    found: list[Path] = []
    skipped: list[ReadError] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                skipped.append(ReadError(folder, "symbolic link to a folder already read (a loop, or a second "
                                                  "path to it): skipped"))
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            reason = "permission denied" if isinstance(error, PermissionError) else (error.strerror or str(error))
            skipped.append(ReadError(folder, f"cannot read this folder ({reason}): skipped"))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            child = folder / entry.name
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                stack.append(child)
                continue
            if child.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            if is_file:
                found.append(child)
            elif entry.is_symlink():
                skipped.append(ReadError(child, _broken_link(child)))
            else:
                try:
                    mode = child.stat().st_mode
                    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if
                            stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
                except OSError as error:
                    kind = f"unreadable ({error.strerror or error})"
                skipped.append(ReadError(child, f"{kind}; only regular files are read: skipped"))
    found.sort()
    skipped.sort(key=lambda e: e.path)
    return found, skipped


# -- one file ----------------------------------------------------------------------------

@overload
def read_file_articles(path: str | Path, *, on_error: Literal["raise"] = "raise") -> list[Article]: ...
@overload
def read_file_articles(path: str | Path, *,
                       on_error: Literal["collect"]) -> tuple[list[Article], list[ReadError]]: ...


def read_file_articles(path: str | Path, *, on_error: str = "raise") -> Any:
    """All articles in one file (one for .txt/.html, one or more for .json/.jsonl).

    ``on_error="raise"`` (default): a :class:`ReadError` for any problem, the first bad record
    of a .jsonl file or .json list failing the whole file (the error names the record,
    ``path#3``). ``on_error="collect"``: ``(articles, errors)``, the good records read and one
    ReadError per bad record (invalid JSON, no text field, empty text…), so one bad line loses
    nothing else. What is wrong with the file as a whole (missing, binary, undecodable, not
    JSON at all, no records, a one-article file without text) still raises.
    """
    if on_error not in ("raise", "collect"):
        raise ValueError(f"on_error must be 'raise' or 'collect', got {on_error!r}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        articles = [read_document(path)]
        return articles if on_error == "raise" else (articles, [])
    errors: list[ReadError] | None = [] if on_error == "collect" else None
    if suffix == ".jsonl":
        text, encoding, bad_lines = _jsonl_text(path)
        articles = _jsonl_articles(text, path, encoding, errors, bad_lines)
        return articles if errors is None else (articles, errors)
    text, encoding = read_text(path)
    if suffix == ".json":
        articles = _json_articles(text, path, encoding, errors)
    elif suffix in (".html", ".htm") or _LOOKS_LIKE_HTML.match(text[:500]):
        articles = [_checked(html_article(text, str(path), encoding=encoding), str(path))]
    else:
        articles = [_checked(parse_article(text, str(path), encoding=encoding, format="txt"), str(path))]
    return articles if errors is None else (articles, errors)


def read_article(path: str | Path) -> Article:
    """Read one article file. A .json/.jsonl file holding several articles is an error here:
    use :func:`read_file_articles` for those."""
    articles = read_file_articles(path)
    if len(articles) != 1:
        raise ReadError(path, f"holds {len(articles)} articles; read it with read_file_articles()")
    return articles[0]


def _checked(article: Article, source: str) -> Article:
    if not article.body.strip():
        raise ReadError(source, "no article text found (only a title and portal chrome)")
    return article


# -- HTML --------------------------------------------------------------------------------

def html_article(html: str, path: str | None = None, *, encoding: str | None = None,
                 title: str | None = None, date: str | None = None,
                 authors: list[dict[str, str]] | None = None, meta: dict[str, Any] | None = None) -> Article:
    """An Article from a portal page: ``raw`` is the article's visible text (title first).

    The page's own metadata comes first (``og:title``/``<h1>``/JSON-LD headline, published
    time); what it says about the source (url, canonical url, site, category, published and
    updated times) goes to ``Article.meta``. A page that names only itself in ``<title>`` gets
    its title from the text, with ``meta["title_confidence"]`` saying how sure that is."""
    page = htmlpage.extract(html)
    paragraphs = list(page.paragraphs)
    info: dict[str, Any] = {**page.source, **(meta or {})}
    if not title and page.title:
        title = unicodedata.normalize("NFC", page.title)
        info.setdefault("title_confidence", page.title_confidence)
    if title and not any(_same(title, p) for p in paragraphs[:6]):
        paragraphs.insert(0, title)
    raw = "\n\n".join(paragraphs)
    article = parse_article(raw, path, title=title, date=date or page.date, authors=authors,
                            format="html", encoding=encoding, meta=info)
    if page.shown_date and article.meta.get("date_source") in (None, "body"):
        article.date = page.shown_date  # a visible date element beats the date the report opens with
        article.meta["date_source"] = "page"
    if title is None and page.page_title:
        found = article.title
        if found and chrome.similar_title(found, page.page_title):
            article.meta["title_confidence"] = "high"
        elif found is None and not chrome.is_site_name(page.page_title):
            article.title = unicodedata.normalize("NFC", page.page_title)
            article.meta["title_confidence"] = "low"
    if not article.authors and page.author:
        article.authors = _authors_field(unicodedata.normalize("NFC", page.author))
    return article


def _same(a: str, b: str) -> bool:
    return chrome.same_title(a, b)


# -- JSON --------------------------------------------------------------------------------

@cache
def _fields() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in resources.table("json_fields.tsv"):
        out.setdefault(row["meaning"], []).append(row["field"].lower())
    return out


def _field(record: dict[str, Any], meaning: str) -> tuple[str | None, Any]:
    lowered = {str(k).lower(): k for k in record}
    for name in _fields()[meaning]:
        if name in lowered and record[lowered[name]] not in (None, "", []):
            return lowered[name], record[lowered[name]]
    return None, None


def _authors_field(value: Any) -> list[dict[str, str]]:
    items = value if isinstance(value, list) else [value]
    authors: list[dict[str, str]] = []
    for item in items:
        if isinstance(item, dict):
            name = str(item.get("name") or "").strip()
            if name:
                authors.append({"name": name, "role": str(item.get("role") or "author"),
                                "kind": str(item.get("kind") or "person"),
                                **({"org": str(item["org"])} if item.get("org") else {})})
        elif isinstance(item, str) and item.strip():
            parsed = parse_byline(item)
            if parsed:
                authors.extend(parsed)
            else:
                kind = "person" if is_name(item.strip(), strict=False) else "organisation"
                authors.append({"name": item.strip(), "role": "author", "kind": kind})
    return authors


def record_article(record: Any, source: str, *, encoding: str | None = None, fmt: str = "json") -> Article:
    """An Article from one JSON object (``source`` names it in errors and becomes its path)."""
    if not isinstance(record, dict):
        raise ReadError(source, f"expected a JSON object with a text field, got {type(record).__name__}")
    key, text = _field(record, "text")
    if key is None:
        names = ", ".join(_fields()["text"][:3])
        raise ReadError(source, f"no text field (expected one of {names}, …)")
    if not isinstance(text, str):
        raise ReadError(source, f"field {key!r} is not a string")
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise ReadError(source, f"field {key!r} is not valid Unicode text: a lone surrogate "
                                f"(\\u{ord(surrogate.group()):04x}) at character {surrogate.start() + 1}")
    if is_blank(text):
        raise ReadError(source, f"empty article text in field {key!r}")
    record = {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in record.items()}
    _, title = _field(record, "title")
    _, date_value = _field(record, "date")
    _, author_value = _field(record, "authors")
    date = parse_date(str(date_value)) if date_value else None
    meta: dict[str, Any] = {}
    for meaning in ("url", "canonical_url", "site", "category"):
        _, value = _field(record, meaning)
        if isinstance(value, list):  # "categories": ["Tin tức", "Kinh tế"]
            value = value[-1] if value else None
        if isinstance(value, str) and value.strip():
            meta[meaning] = unicodedata.normalize("NFC", value.strip())
    _, updated = _field(record, "updated")
    if updated and parse_date(str(updated)):
        meta["updated"] = parse_date(str(updated))
    if date:
        meta["published"] = date
    if date_value and not date:
        meta["date_raw"] = str(date_value)
    authors = _authors_field(_nfc(author_value)) if author_value else None
    title = unicodedata.normalize("NFC", str(title)).strip() if title else None
    if key == "html" or ("</p>" in text.lower() or "<br" in text.lower()) and text.lstrip().startswith("<"):
        article = html_article(text, source, encoding=encoding, title=title, date=date, authors=authors, meta=meta)
    else:
        article = parse_article(text, source, title=title, date=date, authors=authors, format=fmt,
                                encoding=encoding, meta=meta)
    article.format = fmt
    return _checked(article, source)


def _nfc(value: Any) -> Any:
    """Strings of a JSON value in NFC (field values typed with "Unicode tổ hợp")."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _records(items: Iterable[tuple[str, Any]], encoding: str, fmt: str,
             errors: list[ReadError] | None) -> list[Article]:
    """Articles from ``(source, record)`` pairs; a bad record raises, or joins ``errors``.

    A record given as a ReadError (a line that is not JSON) is a bad record already."""
    articles = []
    for source, record in items:
        try:
            if isinstance(record, ReadError):
                raise record
            articles.append(record_article(record, source, encoding=encoding, fmt=fmt))
        except ReadError as error:
            if errors is None:
                raise
            errors.append(error)
    return articles


def _json_articles(text: str, path: Path, encoding: str, errors: list[ReadError] | None = None) -> list[Article]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as error:
        raise ReadError(path, f"invalid JSON ({_msg(error)} at line {error.lineno} column {error.colno})") from None
    except RecursionError:
        raise ReadError(path, "invalid JSON (nested too deeply)") from None
    except ValueError as error:
        raise ReadError(path, f"invalid JSON ({error})") from None
    if isinstance(data, dict):
        for key in resources.lines("json_wrappers.txt"):
            if isinstance(data.get(key), list) and _field(data, "text")[0] is None:
                data = data[key]
                break
    if isinstance(data, list):
        if not data:
            raise ReadError(path, "empty JSON list (no articles)")
        return _records(((f"{path}#{i}", item) for i, item in enumerate(data, 1)), encoding, "json", errors)
    return [record_article(data, str(path), encoding=encoding)]


def _msg(error: json.JSONDecodeError) -> str:
    """The decoder's message without its trailing "at" ("Unterminated string starting at")."""
    return error.msg.removesuffix(" at")


def _bounded_int(digits: str) -> int | str:
    """A JSON integer; one longer than :data:`MAX_INT_DIGITS` digits stays text (Python refuses
    to convert very long ones, and no article field needs them)."""
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


def _loads(text: str) -> Any:
    return json.loads(text, parse_int=_bounded_int)


def _jsonl_text(path: Path) -> tuple[str, str, dict[int, ReadError]]:
    """The decoded text of a .jsonl file, and a ReadError per line that cannot be decoded on
    its own (NUL bytes, bytes that are not UTF-8), that line being left blank in the text: one
    bad line must not lose the file's good ones."""
    data = read_file_bytes(path, max_bytes=MAX_JSONL_BYTES)
    bad: dict[int, ReadError] = {}
    wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    if b"\x00" in data and not wide and _utf16_without_bom(data) is None:
        lines = data.split(b"\n")
        for number, line in enumerate(lines, 1):
            if b"\x00" in line:
                source = f"{path}#{number}"
                bad[number] = ReadError(source, f"binary data on line {number} (NUL byte at column "
                                                f"{line.index(0) + 1}): not a JSON record")
                lines[number - 1] = b""
        data = b"\n".join(lines)
        if not data.strip():
            raise ReadError(path, "binary file (contains NUL bytes)")
    text, encoding = decode_bytes(data, path)
    return text, encoding, bad


def _jsonl_records(text: str, path: Path, bad: dict[int, ReadError] | None = None) -> Iterator[tuple[str, Any]]:
    """``(path#line, record)`` for each non-blank line; a ReadError in place of a line that is
    not JSON."""
    bad = bad or {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if lineno in bad:
            yield bad[lineno].path, bad[lineno]
            continue
        if not line.strip():
            continue
        source = f"{path}#{lineno}"
        try:
            yield source, _loads(line)
        except json.JSONDecodeError as error:
            yield source, ReadError(source, f"invalid JSON on line {lineno} ({_msg(error)} at column {error.colno})")
        except RecursionError:
            yield source, ReadError(source, f"invalid JSON on line {lineno} (nested too deeply)")
        except ValueError as error:  # e.g. a number Python will not convert
            yield source, ReadError(source, f"invalid JSON on line {lineno} ({error})")


def _jsonl_articles(text: str, path: Path, encoding: str, errors: list[ReadError] | None = None,
                    bad: dict[int, ReadError] | None = None) -> list[Article]:
    if not bad and not any(line.strip() for line in text.splitlines()):
        raise ReadError(path, "empty file (no JSON lines)")
    return _records(_jsonl_records(text, path, bad), encoding, "jsonl", errors)


__all__ = [
    "ARTICLE_SUFFIXES", "html_article", "iter_article_files", "read_article",
    "read_file_articles", "record_article", "unsupported_files", "unsupported_reason",
]
