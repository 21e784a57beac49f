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
    return (bool(resources.full_line_patterns("chrome_lines.txt").fullmatch(line)) or is_meta_line(line)
            or is_toolbar(line))


@cache
def _tool_run() -> re.Pattern[str]:
    tools = "|".join(f"(?:{p})" for p in resources.lines("chrome_tools.txt"))
    return re.compile(rf"(?:{tools})(?:\s+(?:{tools}))*", re.IGNORECASE)


_TOOL_SPLIT = re.compile(r"\s*[|/•·\[\]:]\s*|\s{2,}")


def is_toolbar(line: str) -> bool:
    """A share, print or font-size bar: "Cỡ chữ: A- A A+ | In trang | Gửi email",
    "Chia sẻ: Facebook | Zalo | In bài", "[Trở về]   [In trang]" (words: ``chrome_tools.txt``).

    >>> is_toolbar("Cỡ chữ: A- A A+ | In trang | Gửi email"), is_toolbar("Chia sẻ: Facebook | Zalo | In bài")
    (True, True)
    >>> is_toolbar("In trang"), is_toolbar("Gửi email cho Ban Tổ chức trước ngày 5/3")
    (False, False)
    """
    line = unicodedata.normalize("NFC", line).strip()
    if len(line) > 160:
        return False
    pieces = [p for p in _TOOL_SPLIT.split(line) if p.strip()]
    if not pieces or not all(_tool_run().fullmatch(p.strip()) for p in pieces):
        return False
    words = [w for w in re.split(r"[\s|/•·\[\]:]+", line) if w]
    return len(words) >= 3 and any(ch.isalpha() for ch in line)


_CRUMB_STRONG = re.compile(r"\s*(?:»|>>|>|›|→|/|\||::)\s*")
_CRUMB_DASH = re.compile(r"\s+[-–—]\s+")


@cache
def _crumb_words() -> frozenset[str]:
    return _header_labels() | frozenset(_key(w) for w in resources.lines("breadcrumb_words.txt"))


def breadcrumb_parts(line: str) -> list[str]:
    """The labels of a breadcrumb line, in order."""
    line = unicodedata.normalize("NFC", line).strip()
    parts = [p.strip() for p in _CRUMB_STRONG.split(line)]
    return parts if len(parts) > 1 else [p.strip() for p in _CRUMB_DASH.split(line)]


def is_breadcrumb(line: str) -> bool:
    """A path of short section labels: "Tin tức - Sự kiện » Y tế - Xã hội", "Tin tức > Xây
    dựng Đảng", "Thời sự | Chính trị" (chrome above a title; any of », >, ›, /, |, -).

    >>> is_breadcrumb("Tin tức - Sự kiện » Y tế - Xã hội"), is_breadcrumb("Thời sự | Chính trị")
    (True, True)
    >>> is_breadcrumb("Quảng Ninh: Khai mạc kỳ họp chuyên đề HĐND tỉnh")
    False
    """
    line = unicodedata.normalize("NFC", line).strip()
    if not line or len(line) > 160 or line[-1] in ".,;!?":
        return False
    parts = breadcrumb_parts(line)
    if len(parts) < 2 or not all(parts):
        return False
    for part in parts:
        words = part.split()
        if len(words) > 7 or len(part) > 60 or not (part[0].isupper() or part[0].isdigit()):
            return False
        if any(ch.isdigit() for ch in part) and not part.isdigit():
            return False
    known = sum(_key(p) in _crumb_words() or any(_key(q) in _crumb_words() for q in _CRUMB_DASH.split(p))
                for p in parts)
    return known >= 1 or (len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts))


@cache
def _masthead() -> re.Pattern[str]:
    words = sorted(resources.lines("masthead_words.txt"), key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"^(?:{alternation})(?![\w])", re.IGNORECASE)


def starts_with_org_word(text: str) -> bool:
    """True when ``text`` opens with an organisation word ("Ban", "Phòng", "UBND", "Báo" …)."""
    return bool(_masthead().match(unicodedata.normalize("NFC", text).strip()))


def is_site_name(text: str) -> bool:
    """A portal or organisation name rather than a headline: "UBND huyện Hải Hậu",
    "Đảng bộ huyện Yên Mô", "Trang thông tin điện tử huyện Chợ Mới" (no digits, ≤ 10 words).

    >>> is_site_name("Đảng bộ huyện Yên Mô"), is_site_name("Huyện ủy Kim Sơn tổng kết 10 năm thực hiện Chỉ thị 05")
    (True, False)
    """
    text = unicodedata.normalize("NFC", text).strip()
    if not text or any(ch.isdigit() for ch in text) or len(text.split()) > 10:
        return False
    parts = [p for p in re.split(r"\s+[-–—|]\s+", text) if p]
    return all(starts_with_org_word(p) for p in parts)


def is_masthead(line: str) -> bool:
    """A site header in capitals: "ĐẢNG BỘ HUYỆN KIM SƠN", "BÁO QUẢNG NINH ĐIỆN TỬ",
    "HUYỆN CHỢ MỚI - TỈNH AN GIANG" (an organisation word first; see ``masthead_words.txt``).

    >>> is_masthead("ĐẢNG BỘ HUYỆN KIM SƠN"), is_masthead("HỘI NGHỊ TỔNG KẾT CÔNG TÁC PHÒNG CHỐNG THIÊN TAI NĂM 2023")
    (True, False)
    """
    line = unicodedata.normalize("NFC", line).strip()
    letters = [ch for ch in line if ch.isalpha()]
    if not letters or sum(ch.isupper() for ch in letters) < 0.9 * len(letters):
        return False
    return is_site_name(line)


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
