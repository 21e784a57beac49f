"""Portal chrome: the page furniture that scraping leaves around an article's text.

District and provincial portals print CMS headings ("Xuất bản thông tin", "Chi tiết bài viết
Tin tức"), template artefacts ("null" before a title), breadcrumbs ("Trang chủ > Tin tức"),
datelines and view counters ("Lượt xem: 911"), share/print buttons, a repeated title, and a
trailing list of other articles ("Tin liên quan"). The phrases are data in
``resources/read/`` (``chrome_lines.txt``, ``chrome_stop.txt``, ``header_labels.txt``,
``title_prefixes.txt``). This module only classifies single lines; it never edits text.

>>> is_chrome("Xuất bản thông tin"), is_chrome("Lượt xem: 911"), is_chrome("Trang chủ > Tin tức")
(True, True, True)
>>> is_chrome("Chi tiết bài viết Tin tức"), is_chrome("Qua 01 năm triển khai, thực hiện Nghị quyết")
(True, False)
>>> title_prefix_length("null Tiếp và làm việc với Tổ khảo sát")
5
>>> same_title("Tiếp và làm việc  với Tổ khảo sát.", "tiếp và làm việc với Tổ khảo sát")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from vnpolicy.read import resources
from vnpolicy.read.dates import is_meta_line

MAX_TITLE_CHARS = 250
MAX_TITLE_WORDS = 45


def is_chrome(line: str) -> bool:
    """True when the whole (stripped) line is page furniture, wherever it stands."""
    line = line.strip()
    if not line:
        return True
    return bool(resources.full_line_patterns("chrome_lines.txt").fullmatch(line)) or is_meta_line(line)


def is_stop(line: str) -> bool:
    """True for a line that opens the trailing list of other articles ("Tin liên quan")."""
    return bool(resources.full_line_patterns("chrome_stop.txt").fullmatch(line.strip()))


@cache
def _header_labels() -> frozenset[str]:
    return frozenset(_key(label) for label in resources.lines("header_labels.txt"))


def is_header_label(line: str) -> bool:
    """True for a category label such as "Tin tức - Sự kiện" (chrome only above the title)."""
    return _key(line) in _header_labels()


@cache
def _title_prefix() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in resources.lines("title_prefixes.txt"))
    return re.compile(rf"^(?:{words})[ \t\u00a0]+(?=\S)")


def title_prefix_length(line: str) -> int:
    """Length of a template artefact ("null ") in front of a title line, else 0."""
    m = _title_prefix().match(line)
    return m.end() if m else 0


def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[\s\u00a0\u200b]+", " ", text)
    return text.strip(" .:;,-–—|\"'“”")


def same_title(a: str, b: str) -> bool:
    """True when two lines are the same title up to case, spacing and end punctuation."""
    return bool(_key(a)) and _key(a) == _key(b)


def similar_title(a: str, b: str, *, threshold: float = 0.8) -> bool:
    """True for the same title or a near variant (a place name dropped, a word changed):
    the syllables shared by both cover ``threshold`` of the shorter one and most of the longer.

    >>> similar_title("Tháp Mười tiếp nhận 500 suất quà Tết", "Huyện Tháp Mười tiếp nhận 500 suất quà Tết")
    True
    >>> similar_title("Tháp Mười tiếp nhận quà Tết", "Hội nghị sơ kết công tác dân vận")
    False
    """
    if same_title(a, b):
        return True
    wa, wb = _key(a).split(), _key(b).split()
    if min(len(wa), len(wb)) < 4:
        return False
    shared = len(set(wa) & set(wb))
    return shared >= threshold * min(len(set(wa)), len(set(wb))) and shared >= 0.6 * max(len(set(wa)), len(set(wb)))


def looks_like_title(line: str) -> bool:
    """A line short enough and shaped like a headline (no sentence-final full stop)."""
    line = line.strip()
    words = line.split()
    if not line or len(line) > MAX_TITLE_CHARS or len(words) > MAX_TITLE_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first in "\"“'‘(["
