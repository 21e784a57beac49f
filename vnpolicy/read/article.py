"""One article's text → title, date, byline and body spans (:func:`parse_article`).

The input is the plain text of one scraped article, chrome included (for HTML, the text the
page shows). The output :class:`~vnpolicy.document.Article` keeps that text as ``raw`` and
marks the body as ``body_spans`` into it, so every later offset can be traced back. Invariants
the pipeline relies on: spans are sorted and disjoint, ``body == "\\n\\n".join(raw[s:e] for s, e
in body_spans)``, the title is not in the body, chrome and a repeated title are not in the body,
and the closing byline IS (as the last paragraph). A text of one paragraph without chrome is
all body and has no title. This module must not change the text itself (no normalization).

``meta["title_confidence"]`` says how the title was found: "given" (by the caller: page
metadata, a JSON field), "high" (printed twice, or followed by a dateline), "medium" (below page
furniture, or above a paragraph that opens like a report: "Sáng 5/3, …"), "low" (only the first
short line), "none" (no title).

Date rule: the publication dateline when the page prints one (or the caller knows it, e.g.
from HTML meta), else the date the report opens with ("Ngày 19/8/2022, …"). Both are kept in
``meta`` ("published", "event_date") with ``meta["date_source"]`` saying which one was used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vnpolicy.document import Article
from vnpolicy.read import chrome
from vnpolicy.read.byline import has_role_marker, parse_byline, parse_org_byline
from vnpolicy.read.dates import body_start_date, is_meta_line, meta_line_date

#: How many closing lines may together form the byline ("Tin: X" / "Ảnh: Y" / "Nguồn: Z").
MAX_BYLINE_LINES = 3
#: How far into the text a repeated title is looked for.
HEADER_LINES = 12
#: How a paragraph ends when the next one is a signature rather than more of the text.
_SENTENCE_ENDS = (".", "!", "?", "”", '"')


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, without its surrounding whitespace."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            yield start, start + len(stripped)
        pos += len(line)


def _repeated_title(lines: list[str]) -> str | None:
    """A headline printed twice near the top (portals print it in the header and the body)."""
    seen: dict[str, str] = {}
    for line in lines[:HEADER_LINES]:
        candidate = line[chrome.title_prefix_length(line):]
        if chrome.is_chrome(candidate) or not chrome.looks_like_title(candidate):
            continue
        key = chrome._key(candidate)
        if key in seen:
            return seen[key]
        seen[key] = candidate
    return None


def parse_article(
    text: str,
    path: str | None = None,
    *,
    title: str | None = None,
    date: str | None = None,
    authors: list[dict[str, str]] | None = None,
    format: str = "txt",
    encoding: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Article:
    """Split a scraped article's text into title, date, byline and body.

    ``title``, ``date`` and ``authors`` are what the caller already knows (HTML ``<h1>``/meta
    tags, JSON fields); they win over what the text suggests, and a title given this way is
    still removed from the top of the body when the text repeats it.

    >>> a = parse_article("Xuất bản thông tin\\n\\nnull Hội nghị sơ kết\\n\\nHội nghị sơ kết\\n\\n"
    ...                   "Ngày 5/3/2023, Huyện ủy tổ chức hội nghị sơ kết.\\n\\nTin, ảnh: Thanh Hà")
    >>> a.title, a.date, a.authors[0]["role"]
    ('Hội nghị sơ kết', '2023-03-05', 'author+photo')
    >>> a.body
    'Ngày 5/3/2023, Huyện ủy tổ chức hội nghị sơ kết.\\n\\nTin, ảnh: Thanh Hà'
    >>> parse_article("Một đoạn văn duy nhất không có tiêu đề").title is None
    True
    """
    spans = list(_paragraphs(text))
    # Lines are judged in NFC (decomposed "Unicode tổ hợp" text reads like composed text);
    # spans stay offsets into the text as given.
    lines = [unicodedata.normalize("NFC", text[s:e]) for s, e in spans]
    info: dict[str, Any] = dict(meta or {})
    dateline = _Dateline()
    known = unicodedata.normalize("NFC", title).strip() if title else None
    header = _read_header(lines, known, info, dateline)
    if known:
        info.setdefault("title_confidence", "given")  # a confidence the caller passed is kept
    else:
        info["title_confidence"] = _title_confidence(lines, header)
    body_idx = _body_lines(lines, header.body_start, dateline)
    found_authors = _closing_byline(lines, body_idx)
    body_spans = [spans[j] for j in body_idx]
    chosen = _choose_date(lines, body_idx, date, dateline.value, info)
    return Article(
        path=path,
        title=known or header.title,
        date=chosen,
        authors=list(authors) if authors else (found_authors or header.authors),
        body="\n\n".join(text[s:e] for s, e in body_spans),
        raw=text,
        body_spans=body_spans,
        encoding=encoding,
        format=format,
        meta=info,
    )


class _Dateline:
    """The first publication date printed in the page's furniture ("Cập nhật: 05/03/2023"):
    furniture lines are seen in page order, header first, and the first date wins."""

    def __init__(self) -> None:
        self.value: str | None = None

    def note(self, line: str) -> None:
        if self.value is None:
            self.value = meta_line_date(line)


@dataclass
class _Header:
    """What the lines above the body said: where the body starts, the title found there and
    the evidence for it, and authors printed under the title."""

    body_start: int
    title: str | None
    repeated: str | None  # a title the page prints twice
    authors: list[dict[str, str]]
    after_meta: bool  # the title was followed by a dateline or a repeat
    furniture: bool  # page furniture (breadcrumb, masthead, CMS heading) stood above the title


def _read_header(lines: list[str], known: str | None, info: dict[str, Any], dateline: _Dateline) -> _Header:
    """Walk the header (chrome, breadcrumbs, mastheads, the title and its repeats) up to the
    first body line. ``known`` is a title the caller gave; otherwise the title is the first
    headline-shaped line, or the line the page repeats."""
    n = len(lines)
    repeated = None if known else _repeated_title(lines)
    lead = _known_title_index(lines, known) if known else None
    found_title: str | None = None
    header_authors: list[dict[str, str]] = []
    after_meta = False
    furniture = False
    i = 0
    while i < n:
        line = lines[i]
        bare = line[chrome.title_prefix_length(line):]
        current = known or found_title
        if lead is not None and i < lead:
            dateline.note(line)  # everything above the page's own title is page furniture
            _note_header(line, info)
        elif chrome.is_chrome(line):
            dateline.note(line)
            after_meta = after_meta or current is not None
            furniture = furniture or current is None
        elif has_role_marker(line) and (people := parse_byline(line)) and _has_text_after(lines, i):
            header_authors.extend(people)  # "Tác giả: Nguyễn Văn A" printed under the title
            for piece in line.split("|"):  # "Đăng ngày 10/07/2023 10:44 | Tác giả: Minh Tú"
                dateline.note(piece)
        elif chrome.is_breadcrumb(line) or chrome.is_header_label(line) or chrome.is_masthead(line):
            if current is None:
                _note_header(line, info)
                furniture = True
        elif current is not None:
            if not (chrome.same_title(bare, current)
                    or (chrome.looks_like_title(bare) and chrome.similar_title(bare, current))):
                break
            after_meta = True
        elif repeated is not None:
            if chrome.same_title(bare, repeated):
                found_title = found_title or bare.strip()  # the first printing (the project's rule)
            elif not chrome.looks_like_title(bare):
                break
            # other short lines above the repeated title are labels of the page
        elif _is_label_above_title(lines, i):
            _note_header(line, info)  # "Chính phủ" above "Thời sự" above the headline: a section label
            furniture = True
        elif chrome.looks_like_title(bare) and body_start_date(bare) is None and _has_text_after(lines, i):
            found_title = bare.strip()
        else:
            break
        i += 1
    return _Header(i, found_title, repeated, header_authors, after_meta, furniture)


def _title_confidence(lines: list[str], header: _Header) -> str:
    """How strongly the page marked the title it found ("high": a repeat or a dateline below
    it; "medium": furniture above it or the report opening right after; "low": a
    headline-shaped line alone; "none")."""
    if header.title is None:
        return "none"
    opens_report = header.body_start < len(lines) and body_start_date(lines[header.body_start]) is not None
    return ("high" if header.repeated or header.after_meta
            else "medium" if header.furniture or opens_report else "low")


def _body_lines(lines: list[str], start: int, dateline: _Dateline) -> list[int]:
    """The body's line indices: up to the "Tin liên quan" list; chrome lines inside are dropped
    (their dates still count as the dateline)."""
    body_idx: list[int] = []
    for j in range(start, len(lines)):
        line = lines[j]
        if chrome.is_stop(line):
            for rest in lines[j + 1:]:
                if chrome.is_chrome(rest):
                    dateline.note(rest)
            break
        if chrome.is_chrome(line):
            dateline.note(line)
            continue
        body_idx.append(j)
    return body_idx


def _closing_byline(lines: list[str], body_idx: list[int]) -> list[dict[str, str]]:
    """The people named by the body's closing line(s), or the body signing it ("Ban Văn hóa xã")."""
    found_authors: list[dict[str, str]] = []
    for k, j in enumerate(reversed(body_idx[-MAX_BYLINE_LINES:])):
        if j == body_idx[0]:
            break
        people = parse_byline(lines[j])
        # only the very last line may be names alone ("Thanh Tâm - Minh Khang"); lines above it
        # need a role word ("Tin: …", "Ảnh: …"), or a list of people would pass for a byline
        if not people or (k > 0 and not has_role_marker(lines[j])):
            break
        found_authors = people + found_authors
    if not found_authors and len(body_idx) > 1 and lines[body_idx[-2]].rstrip().endswith(_SENTENCE_ENDS):
        found_authors = parse_org_byline(lines[body_idx[-1]])  # "Ban Văn hóa xã" signing the article
    return found_authors


def _choose_date(lines: list[str], body_idx: list[int], given: str | None, published: str | None,
                 info: dict[str, Any]) -> str | None:
    """The article's date: the caller's, else the dateline, else the date the report opens with;
    records ``published``, ``event_date`` and ``date_source`` in ``info``."""
    year_hint = int((given or published or "0000")[:4]) or None
    event = body_start_date(lines[body_idx[0]], year_hint=year_hint) if body_idx else None
    chosen, source = ((given, "given") if given else (published, "dateline") if published
                      else (event, "body") if event else (None, None))
    if published:
        info["published"] = published
    if event:
        info["event_date"] = event
    if source:
        info["date_source"] = source
    return chosen


def _known_title_index(lines: list[str], title: str) -> int | None:
    """Where the page's own title (HTML ``<h1>``, JSON field) stands among the first lines, when
    only short lines (labels, breadcrumbs, datelines) come before it."""
    for i, line in enumerate(lines[:HEADER_LINES]):
        bare = line[chrome.title_prefix_length(line):]
        if chrome.same_title(bare, title) or (chrome.looks_like_title(bare) and chrome.similar_title(bare, title)):
            return i
        if not (chrome.is_chrome(line) or chrome.looks_like_title(line) or is_meta_line(line)) or len(line) > 160:
            return None
    return None


def _is_label_above_title(lines: list[str], i: int) -> bool:
    """A short line (three words at most) right above another label or a headline-shaped line:
    a section name of the page, not the title ("Chính phủ" / "Thời sự" / the headline)."""
    words = lines[i].split()
    if not 1 <= len(words) <= 3 or any(ch.isdigit() for ch in lines[i]) or i + 1 >= len(lines):
        return False
    below = lines[i + 1]
    if chrome.is_header_label(below) or chrome.is_breadcrumb(below):
        return True
    return (not chrome.is_chrome(below) and chrome.looks_like_title(below) and len(below.split()) > len(words) + 2
            and body_start_date(below) is None and _has_text_after(lines, i + 1))


def _note_header(line: str, info: dict[str, Any]) -> None:
    """Keep what page furniture says about the source: the site (masthead), the category
    (a breadcrumb's last label, or a category label)."""
    if chrome.is_masthead(line):
        info.setdefault("site", line.strip())
    elif chrome.is_header_label(line) or len(line.split()) <= 3:
        info.setdefault("category", line.strip())
    elif chrome.is_breadcrumb(line):
        last = chrome.breadcrumb_parts(line)[-1]
        if chrome._key(last) not in ("trang chủ", "trang nhất", "home"):
            info.setdefault("category", last)


def _has_text_after(lines: list[str], i: int) -> bool:
    return any(not chrome.is_chrome(line) and not chrome.is_stop(line) for line in lines[i + 1:])
