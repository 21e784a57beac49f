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

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
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
from vnpolicy.read.encodings import read_text

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".pdf", ".docx")
_LOOKS_LIKE_HTML = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|article|section|h1)[\s>][\s\S]*</(?:p|div|article|section|h1)>)",
    re.IGNORECASE,
)


# -- finding files -----------------------------------------------------------------------

def iter_article_files(paths: str | Path | Iterable[str | Path]) -> Iterator[Path]:
    """Every article file named by ``paths``: files as given, folders searched recursively for
    the known suffixes in sorted path order (hidden files and folders skipped).

    Raises :class:`ReadError` for a path that does not exist or a folder with no article files.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    for item in items:
        path = Path(item)
        if path.is_file():
            yield path
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise ReadError(path, f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder")
            yield from found
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
    text, encoding = read_text(path)
    errors: list[ReadError] | None = [] if on_error == "collect" else None
    if suffix == ".jsonl":
        articles = _jsonl_articles(text, path, encoding, errors)
    elif suffix == ".json":
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
    if not text.strip():
        raise ReadError(source, f"empty article text in field {key!r}")
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
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReadError(path, f"invalid JSON ({_msg(error)} at line {error.lineno} column {error.colno})") from None
    except RecursionError:
        raise ReadError(path, "invalid JSON (nested too deeply)") from None
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "results"):
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


def _jsonl_records(text: str, path: Path) -> Iterator[tuple[str, Any]]:
    """``(path#line, record)`` for each non-blank line; a ReadError in place of a line that is
    not JSON."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{path}#{lineno}"
        try:
            yield source, json.loads(line)
        except json.JSONDecodeError as error:
            yield source, ReadError(source, f"invalid JSON on line {lineno} ({_msg(error)} at column {error.colno})")
        except RecursionError:
            yield source, ReadError(source, f"invalid JSON on line {lineno} (nested too deeply)")


def _jsonl_articles(text: str, path: Path, encoding: str, errors: list[ReadError] | None = None) -> list[Article]:
    if not any(line.strip() for line in text.splitlines()):
        raise ReadError(path, "empty file (no JSON lines)")
    return _records(_jsonl_records(text, path), encoding, "jsonl", errors)


__all__ = [
    "ARTICLE_SUFFIXES", "html_article", "iter_article_files", "read_article",
    "read_file_articles", "record_article", "unsupported_files", "unsupported_reason",
]
