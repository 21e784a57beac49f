"""Article dates: the publication dateline of a portal page, and the date that opens the body.

Portals print the publication date in a meta line ("(Cập nhật: 20/08/2022 10:15)",
"Thứ Sáu, 19/08/2022", "Ngày đăng: 19-08-2022 | Lượt xem: 911"); reports open with the day of
the event ("Ngày 19/8/2022, Ban Thường vụ…", "Sáng 19/8, …"). This module finds those and returns
ISO dates ("2022-08-19"); it does not decide which one is the article's date (see
:mod:`vnpolicy.read.article`) and does not look for dates elsewhere in the body (that is the
entity extractor's job).

>>> body_start_date("Ngày 19/8/2022, Ban Thường vụ Huyện ủy Tháp Mười có buổi tiếp")
'2022-08-19'
>>> body_start_date("(ĐTO) - Sáng 5/3, Huyện ủy Cao Lãnh tổ chức hội nghị", year_hint=2023)
'2023-03-05'
>>> body_start_date("Qua 01 năm triển khai, thực hiện Nghị quyết số 01") is None
True
>>> meta_line_date("(Cập nhật: 20/08/2022 10:15)")
'2022-08-20'
>>> meta_line_date("Thứ Sáu, ngày 19 tháng 8 năm 2022")
'2022-08-19'
>>> meta_line_date("Đồng chí Nguyễn Văn Hùng phát biểu ngày 19/8/2022 tại hội nghị") is None
True
"""

from __future__ import annotations

import re
import unicodedata

from vnpolicy import dates as _vocabulary
from vnpolicy.dates import iso_date

_DMY = r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\d/])"
_DMY_WORDS = r"(?:ngày\s+)?(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:,\s*)?năm\s+(?P<y2>\d{4}))?"
_YMD = r"(?P<Y>\d{4})-(?P<M>\d{2})-(?P<D>\d{2})"
DATE = re.compile(rf"(?<![\d/.\-]){_YMD}|(?<![\d/.\-]){_DMY}|{_DMY_WORDS}", re.IGNORECASE)
TIME = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|giờ)\s*\d{0,2}(?:\s*(?::\s*\d{2}|phút|AM|PM|SA|CH))?(?!\d)", re.IGNORECASE)

# What may surround a date on a meta line; if nothing else is left, the line is a dateline.
_META_WORDS = re.compile(
    rf"thứ\s+(?:{_vocabulary.alternation('weekday')}|[2-7])|chủ\s+nhật|cập\s+nhật(?:\s+lúc|\s+ngày|\s+lần\s+cuối)?|"
    r"ngày\s+(?:đăng|cập\s+nhật|xuất\s+bản|ban\s+hành)|đăng\s+(?:ngày|lúc|tải)|ngày\s+đăng|xuất\s+bản|"
    r"thời\s+gian(?:\s+đăng)?|lượt\s+(?:xem|đọc|truy\s+cập)|số\s+lượt\s+xem|gmt\s*\+\s*7|ngày|lúc|"
    r"\bam\b|\bpm\b|\bsa\b|\bch\b|updated?|posted|published",
    re.IGNORECASE,
)
_META_REST = re.compile(r"^[\s|,;:()\[\]\-–—/.•·]*$")
_VIEWS = re.compile(r"(?:lượt\s+(?:xem|đọc|truy\s+cập)|số\s+lượt\s+xem)\s*:?\s*[\d.,]+", re.IGNORECASE)

_BODY_START = re.compile(
    r"^\s*(?:\(?[A-ZĐ][A-ZĐa-z.\-]{1,12}\)?\s*[-–—:]\s*)?"  # a source tag: "(ĐTO) - ", "NAO – "
    rf"(?:(?:vào\s+)?(?:{_vocabulary.alternation('time_of_day')}|ngày)\s+(?:nay\s*)?(?:ngày\s+|qua\s*)?(?:\(\s*)?)"
    r"(?:" + _DMY + "|" + _DMY_WORDS + ")",
    re.IGNORECASE,
)


def _iso(day: str, month: str, year: str | None, year_hint: int | None) -> str | None:
    if year is None:
        if year_hint is None:
            return None
        y = year_hint
    else:
        y = int(year)
        if y < 100:
            y += 2000
    return iso_date(y, int(month), int(day))


def _from_match(m: re.Match[str], year_hint: int | None = None) -> str | None:
    g = m.groupdict()
    if g.get("Y"):
        return _iso(g["D"], g["M"], g["Y"], None)
    if g.get("d"):
        return _iso(g["d"], g["m"], g.get("y"), year_hint)
    if g.get("d2"):
        return _iso(g["d2"], g["m2"], g.get("y2"), year_hint)
    return None


def parse_date(text: str, *, year_hint: int | None = None) -> str | None:
    """The first full date in ``text`` as an ISO string ("2022-08-19T10:15:00+07:00" works too)."""
    text = unicodedata.normalize("NFC", text)
    for m in DATE.finditer(text):
        iso = _from_match(m, year_hint)
        if iso:
            return iso
    return None


def meta_line_date(line: str) -> str | None:
    """The date of a portal meta line, or None when the line is not only date/time/meta words."""
    if len(line) > 120:
        return None
    if not is_meta_line(line):
        return None
    for m in DATE.finditer(line):
        iso = _from_match(m)
        if iso:
            return iso
    return None


def is_meta_line(line: str) -> bool:
    """True for lines made only of dates, times, weekdays, view counts and their labels."""
    if len(line) > 120:
        return False
    rest = _VIEWS.sub(" ", line)
    rest = DATE.sub(" ", rest)
    rest = TIME.sub(" ", rest)
    rest = _META_WORDS.sub(" ", rest)
    rest = re.sub(r"\d+", " ", rest) if rest != line else rest
    return rest != line and bool(_META_REST.match(rest))


def body_start_date(paragraph: str, *, year_hint: int | None = None) -> str | None:
    """The event date a report opens with ("Ngày 19/8/2022, …", "Sáng 19/8, …"), as ISO.

    A date without a year takes ``year_hint`` (the dateline's year), else it is not returned.
    """
    m = _BODY_START.match(paragraph[:160])
    return _from_match(m, year_hint) if m else None
