"""DATE: calendar dates, months, quarters, years, periods and terms, with ISO values.

Span policy: the span starts at the time word ("ngày", "tháng", "năm", "quý", "giai đoạn",
"nhiệm kỳ", "năm học") or at a modifier before it ("đầu", "cuối", "giữa", "6 tháng đầu"); "đến"
/ "đến hết" is kept in front of a target date ("đến năm 2025": a deadline), other prepositions
("từ", "trong", "trước") are not, except in a "từ … đến …" range, which is one period. After
"sáng/chiều/tối" the bare day ("Sáng 5/9") is a date without the time-of-day word.
Not dates: durations ("01 năm", "5 năm qua", "3 tháng"), "hằng năm", and document numbers
("15/2020/NĐ-CP", "45/2019/QH14", "01/2021/TT-BTC"): a number glued to "/" + letters or
followed by another "/" is never read as a date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import Any

import regex

from vnpolicy import dates as _vocabulary
from vnpolicy.dates import YEAR, iso_date
from vnpolicy.document import Entity
from vnpolicy.entities.lexicon import COMBINING_MARKS, LATIN_LETTERS, starts_where, trie_alternation
from vnpolicy.identifiers import roman_value

_B = r"(?<![\p{L}\d/.,-])"  # not glued to a word, a number or a document number
_E = r"(?![\p{L}\d]|/\d|/\p{L}|-\p{Lu}|\.\d|,\d)"
_DASH = r" ?[-–—] ?"
_YEAR = YEAR
_DMY = rf"\d{{1,2}}/\d{{1,2}}/{_YEAR}"
# Any day written with "-" or "." ("11-3-2022", "1.1.2013"), bare in a dateline ("Cập nhật: 24/11/2023").
_DMY_ANY = rf"\d{{1,2}}/\d{{1,2}}/{_YEAR}|\d{{1,2}}-\d{{1,2}}-{_YEAR}|\d{{1,2}}\.\d{{1,2}}\.{_YEAR}"
_CAN_CHI = rf"(?:{_vocabulary.alternation('can')}) (?:{_vocabulary.alternation('chi')})"  # a lunar year: "Giáp Thìn"
_DM = r"\d{1,2}/\d{1,2}"
# A weekday right before its date is part of it ("sáng Chủ nhật 8/3", "thứ Bảy 12/4/2025": the gold
# keeps it 2 times in 2; after a comma, "thứ năm, 12/5", the date stands alone).
_WEEKDAY = rf"(?:[Nn]gày )?(?:[Cc]hủ nhật|[Tt]hứ (?:{_vocabulary.either_case('weekday')}|[2-7])) (?:ngày )?"
_LUNAR_YEAR = regex.compile(_CAN_CHI)
_PART_COUNT = _vocabulary.either_case("part_count")  # "sáu tháng đầu năm", "Chín tháng năm 2022"

_FULL = rf"(?:[Nn]gày \d{{1,2}}(?: ?[/-] ?|\.)\d{{1,2}}(?: ?[/-] ?|\.){_YEAR}|[Nn]gày \d{{1,2}}-\d{{1,2}}-{_YEAR}|[Nn]gày \d{{1,2}}-\d{{1,2}}(?!-)|[Tt]háng \d{{1,2}}-{_YEAR}|[Nn]gày {_DMY}|[Nn]gày \d{{1,2}} tháng \d{{1,2}} năm {_YEAR}|[Nn]gày {_DM}|[Nn]gày \d{{1,2}} tháng \d{{1,2}}" \
        rf"|[Tt]háng \d{{1,2}}/{_YEAR}|[Tt]háng \d{{1,2}} năm {_YEAR}|[Tt]háng (?:1[0-2]|0?[1-9])(?! năm \d| lần)" \
        rf"|[Qq]uý (?:IV|I{{1,3}}|[1-4])(?:/{_YEAR}| năm {_YEAR})?" \
        rf"|(?:{_vocabulary.either_case('period')}|[Nn]ăm) {_YEAR}{_DASH}{_YEAR}" \
        rf"|(?<!(?:[Nn]gày|[Mm]ùng|[Mm]ồng) )(?:\d{{1,2}}|{_PART_COUNT}) tháng [Nn]ăm {_YEAR}" \
        rf"|(?:(?:\d{{1,2}}|{_PART_COUNT}) tháng (?:đầu|cuối) |[Đđ]ầu |[Cc]uối |[Gg]iữa )?[Nn]ăm {_YEAR}" \
        rf"|(?:\d{{1,2}}|{_PART_COUNT}) tháng (?:đầu|cuối) năm(?: nay)?" \
        rf"|(?:[Đđ]ầu |[Cc]uối |[Gg]iữa )[Tt]háng \d{{1,2}}(?:/|-| năm ){_YEAR}" \
        rf"|(?:[Đđ]ầu |[Cc]uối |[Gg]iữa )[Tt]háng \d{{1,2}}" \
        rf"|(?:[Nn]ăm|NĂM) {_YEAR}" \
        rf"|Tết(?: Nguyên [Đđ]án| Độc lập| Trung thu)?(?: {_CAN_CHI})? {_YEAR}|Tết Nguyên [Đđ]án(?: {_CAN_CHI})?" \
        rf"|(?<!\p{{Lu}}\p{{Ll}}* )Xuân {_CAN_CHI}(?: {_YEAR})?)"  # a lunar new year: "Xuân Giáp Thìn", not "Trần Xuân Quý"
_UNTIL = r"(?:[Đđ]ến hết |[Đđ]ến )"
# "trong hai ngày 8 - 9/10", "2 ngày 15 và 16/7": "ngày" counts the days, the date is the range alone (guidelines)
_DAY_COUNT = r"(?:\d|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm)"
# A day in a "từ … đến …" range, with "ngày" or a time of day ("từ đêm 29 đến sáng 30/9/2025":
# the range is one period, its times of day inside it)
_DAY_OR_TIME = rf"(?:ngày |(?:{_vocabulary.alternation('time_of_day')}) (?:ngày )?)?"
_RANGE = rf"(?P<days>(?:(?<!{_DAY_COUNT} )[Nn]gày |(?<={_DAY_COUNT} [Nn]gày ))(?P<dd1>\d{{1,2}}){_DASH}(?P<dd2>\d{{1,2}})/(?P<dm>\d{{1,2}})(?:/(?P<dy>{_YEAR}))?(?!/))" \
         rf"|(?P<days4>(?:(?<!{_DAY_COUNT} )[Nn]gày )?(?P<dg1>\d{{1,2}}) và (?P<dg2>\d{{1,2}})/(?P<dgm>\d{{1,2}})(?:/(?P<dgy>{_YEAR}))?(?!/))" \
         rf"|(?P<days3>(?P<df1>\d{{1,2}}){_DASH}(?P<df2>\d{{1,2}})/(?P<dfm>\d{{1,2}})/(?P<dfy>{_YEAR}))" \
         rf"|(?P<days2>[Tt]ừ {_DAY_OR_TIME}(?P<de1>\d{{1,2}}) (?:đến|tới) (?:hết )?{_DAY_OR_TIME}(?P<de2>\d{{1,2}})/(?P<dem>\d{{1,2}})(?:/(?P<dey>{_YEAR}))?(?![/\d]))|[Tt]ừ (?P<r1>{_FULL}) (?:đến|tới) (?:(?:hết )?(?P<r2>{_FULL}|{_DMY})|(?P<now>nay)(?![\p{{L}}\d]))|(?P<d1>{_DMY}){_DASH}(?P<d2>{_DMY})|(?P<day1>\d{{1,2}}) và (?P<d3>{_DMY})"
# "từ đầu năm đến nay": from 1 January of the article's year to the article's date.
# A day of the lunar calendar ("Ngày mùng 10 tháng Giêng", "mồng 5 tháng 5 âm lịch", "mùng 8
# tháng Giêng năm Ất Tỵ"): a date, but not one of the solar calendar, so it gets no value.
_LUNAR_DAY = rf"(?:[Nn]gày )?(?:[Mm]ùng|[Mm]ồng) \d{{1,2}} tháng (?:[Gg]iêng|[Cc]hạp|\d{{1,2}})(?: năm {_CAN_CHI})?(?: âm lịch)?"
_SINCE = rf"[Tt]ừ đầu năm(?: (?P<since_year>(?:19|20)\d\d))? (?:đến|tới) (?:nay|(?:hết )?(?P<since_end>{_FULL}))"
_SEASON = rf"(?:[Mm]ùa (?:khô|mưa|lũ|hè|xuân|Xuân|thu|đông)(?: năm)?|[Vv]ụ (?:Đông Xuân|Hè Thu|Thu Đông|Xuân Hè|[Mm]ùa|lúa Đông Xuân|lúa Hè Thu)) {_YEAR}(?:{_DASH}{_YEAR})?"
_TIME_OF_DAY = rf"(?<=(?:{_vocabulary.either_case('time_of_day')}) )(?P<bare>{_DMY_ANY}|{_DM}|\d{{1,2}}-\d{{1,2}}(?!-))|(?<=\()(?P<bare2>{_DMY_ANY}|{_DM}|\d{{1,2}}-\d{{1,2}}(?!-))(?=\))|(?P<season>{_SEASON})" \
    rf"|(?P<past>(?:[2-9]|[1-9]\d|{_vocabulary.alternation('years_count')}) năm (?:qua|vừa qua|gần đây|trở lại đây|nay))" \
    rf"|(?P<rel>(?<![\d] )[Nn]ăm (?:{_vocabulary.alternation('relative_year')})" \
    rf"|(?<![\d] )[Tt]háng (?:{_vocabulary.alternation('relative_month')}))(?![\p{{L}}\d])|(?P<bare3>{_DMY_ANY})" \
    rf"|(?P<lunar>{_LUNAR_DAY})" \
    rf"|(?P<weekday>{_WEEKDAY})(?P<bare4>{_DMY_ANY}|{_DM})"

_DATE_RE = regex.compile(rf"{_B}(?:(?P<since>{_SINCE})|{_RANGE}|(?P<until>{_UNTIL})?(?P<main>{_FULL})|{_TIME_OF_DAY}){_E}")
# Where a date can start: a number or one of the first words of the alternatives above. Trying
# _DATE_RE only there gives the same matches as its finditer, about four times faster. Found by
# ``re``, which steps through a text several times faster than ``regex``: Latin letters stand for
# \p{L} and the combining diacritics for \p{M}, and ``re``'s case-insensitive letters match all
# that ``regex``'s do; the few more places tried give no match (_DATE_RE's own look-behind, or the
# space or number it wants after a first word, fails there). The words make a tree
# (:func:`~vnpolicy.entities.lexicon.trie_alternation`): ``re`` tries the alternatives of a
# case-insensitive alternation one by one after every space, a third of the scan as a flat list;
# only where a word starts counts, not which (the places are the same).
_DATE_FIRST_WORDS = ("ngày", "tháng", "năm", "quý", "giai", "nhiệm", "niên", "đầu", "cuối", "giữa", "sáu", "chín", "tết",
                     "từ", "đến", "mùa", "vụ", "hai", "ba", "bốn", "tám", "mười", "xuân", "mùng", "mồng", "chủ", "thứ")
_DATE_START = re.compile(rf"(?<![{LATIN_LETTERS}\d/.,-])(?:\d|(?i:{trie_alternation(_DATE_FIRST_WORDS)})"
                         rf"(?![{LATIN_LETTERS}{COMBINING_MARKS}]))")
# Its places, found with the rules' word starts (:func:`~vnpolicy.entities.lexicon.starts_where`:
# no match holds a space, and a space is neither in its look-behind nor in its look-ahead)
_date_starts = starts_where(_DATE_START)


# Tried (issue 15): the same places found by a pattern that opens with a character class (the
# character before the start) instead of the look-behind, so that ``re`` can skip ahead: no faster.
_WEEKDAY_DATE = regex.compile(rf"{_WEEKDAY}\d")


_WEEKDAY_ALONE = regex.compile(rf"[Cc]hủ [Nn]hật|[Tt]hứ (?:{_vocabulary.either_case('weekday')})")


def is_weekday(text: str) -> bool:
    """Is ``text`` a weekday's name and nothing else ("Thứ Ba", "Chủ Nhật")?"""
    return _WEEKDAY_ALONE.fullmatch(text) is not None


def names_its_weekday(text: str) -> bool:
    """Does the date ``text`` start with its weekday ("Chủ nhật 8/3", "thứ Bảy 12/4/2025")?"""
    return _WEEKDAY_DATE.match(text) is not None


def lunar_year(text: str) -> bool:
    """Is ``text`` a lunar year of the sixty-year cycle ("Ất Tỵ", "Giáp Thìn")?"""
    return _LUNAR_YEAR.fullmatch(text) is not None


def _date_matches(text: str) -> Iterator[regex.Match[str]]:
    """``_DATE_RE.finditer(text)``, tried only where a date can start.

    A date that starts with a number starts with one or two digits and then a separator of a
    day, month and year ("/", ".", a dash), or a space before "tháng", "năm", "và" or a dash
    (:data:`_NUMBER_THEN`): ``re`` checks that before ``regex`` tries the whole pattern (most
    numbers in news are counts: "3 người", "1.500", "25%"). A date that starts with a word starts
    with one of a few phrases, checked the same way (:data:`_WORDS_THEN`)."""
    end = 0
    for at in _date_starts(text):
        if at >= end and (_NUMBER_THEN if text[at].isdigit() else _WORDS_THEN).match(text, at) and (m := _DATE_RE.match(text, at)):
            end = m.end()
            yield m


# How every alternative of _DATE_RE that opens with a number goes on (a day and month, a range of
# days, "N tháng năm 2024", "N tháng đầu năm", "5 năm qua", "13 và 14/11", "9 - 11/5"): checked on
# 6,000 VNTC articles against _DATE_RE.finditer (tests/test_entity_speed_paths.py on its sentences).
_NUMBER_THEN = re.compile(r"\d{1,2}(?:[/.\-–—]| (?:tháng|năm|và|[-–—]))")
# How every alternative of _DATE_RE that opens with a word goes on, in the cases _DATE_RE writes:
# a day, month, quarter, period or year ("ngày ", "tháng ", "quý ", "giai đoạn ", "năm "), "đầu",
# "cuối" or "giữa", Tết and Xuân, a count of months or years, a day of the lunar calendar or of the
# week, a season, and "từ …" or "đến …" before any of those (checked as _NUMBER_THEN was). Most
# places _DATE_START finds are words that start no date ("từ khi", "đến nay", "đầu tư", "chủ
# trương", "vụ việc"): ruled out by ``re`` before ``regex`` tries the whole pattern.
_FULL_START = (rf"(?:[Nn]gày |[Tt]háng |[Qq]uý |(?:{_vocabulary.either_case('period')}) |[Nn]ăm |NĂM |\d"
               rf"|(?:{_PART_COUNT}) tháng |[Đđ]ầu |[Cc]uối |[Gg]iữa |Tết |Xuân )")
_WORDS_THEN = re.compile(
    rf"[Tt]ừ (?:đầu năm|ngày |(?:{_vocabulary.alternation('time_of_day')}) |{_FULL_START})"
    rf"|[Đđ]ến (?:hết )?{_FULL_START}|{_FULL_START}"
    rf"|[Mm]ùa (?:khô|mưa|lũ|hè|xuân|Xuân|thu|đông)|[Vv]ụ (?:Đông|Hè|Thu|Xuân|[Mm]ùa|lúa) "
    rf"|(?:{_vocabulary.alternation('years_count')}) năm |(?:[Nn]gày )?(?:[Mm]ùng|[Mm]ồng) \d"
    rf"|(?:[Nn]gày )?(?:[Cc]hủ nhật|[Tt]hứ )")


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


_NUM = regex.compile(r"\d+")
_FIRST_MONTHS = regex.compile(r"\S+ tháng năm \d")  # "9 tháng năm 2024": the year's first nine months
_BARE_DAY = regex.compile(r"(?:ngày )?\d{1,2} ?[/.-] ?\d{1,2}(?: ?[/.-] ?\d{4})?")


def interpret(expr: str, reference_date: str | None = None) -> dict | None:
    """The value of one date expression: ``{"value": ISO}`` or ``{"start": ISO, "end": ISO}``.

    >>> interpret("Ngày 19/8/2022")
    {'value': '2022-08-19'}
    >>> interpret("quý III/2022")
    {'start': '2022-07-01', 'end': '2022-09-30'}
    >>> interpret("6 tháng đầu năm", "2023-07-10")
    {'start': '2023-01-01', 'end': '2023-06-30'}
    >>> interpret("6 tháng đầu năm") is None  # no article date: find_dates marks it relative
    True
    """
    low = expr.lower()
    ref_year = int(reference_date[:4]) if reference_date and reference_date[:4].isdigit() else None
    nums = [int(n) for n in _NUM.findall(low)]
    years = [n for n in nums if 1900 <= n <= 2100]
    if low.startswith("quý"):
        numeral = expr.split()[1].split("/")[0].upper()  # "III", "3": the pattern allows 1 to 4
        q = int(numeral) if numeral.isdigit() else roman_value(numeral)
        y = years[0] if years else ref_year
        if not (q and y):
            return None
        return {"start": f"{y}-{3 * q - 2:02d}-01", "end": _month_end(y, 3 * q)}
    period = next((w for w in _vocabulary.words("period") if low.startswith(w)), None)
    if period is not None or (len(years) == 2 and low.startswith("năm")):
        first = _vocabulary.values("period")[period] if period else 1  # năm học, niên độ: September to August
        return {"start": f"{years[0]}-{first:02d}-01", "end": _month_end(years[1], first - 1 or 12)}
    if "tháng đầu" in low or "tháng cuối" in low or _FIRST_MONTHS.match(low):
        k = nums[0] if nums and nums[0] <= 12 else _vocabulary.values("part_count").get(low.split()[0], 0)
        y = years[0] if years else ref_year
        if not (y and 1 <= k <= 12):
            return None
        if "cuối" not in low:  # "6 tháng đầu năm", "9 tháng năm 2024": the first months
            return {"start": f"{y}-01-01", "end": _month_end(y, k)}
        return {"start": f"{y}-{13 - k:02d}-01", "end": f"{y}-12-31"}
    if low.startswith("ngày"):
        d, m = nums[0], nums[1]
        y = years[-1] if len(nums) >= 3 else ref_year
        if y is None:
            return {"month_day": f"--{m:02d}-{d:02d}"}
        v = iso_date(y, m, d)
        return {"value": v} if v else None
    if "tháng" in low:
        m = nums[0]
        y = years[0] if years else ref_year
        if not 1 <= m <= 12:
            return None
        if y is None:
            return {"month": m}
        return {"start": f"{y}-{m:02d}-01", "end": _month_end(y, m)}
    if len(nums) >= 2 and _BARE_DAY.fullmatch(low):  # "17/6/2022" after "Sáng": the day, not the year
        return _bare_day(nums, ref_year)
    if low.startswith(("tết", "xuân")):
        y = years[0] if years else ref_year
        return {"value": str(y), "start": f"{y}-01-01", "end": f"{y}-12-31", "holiday": "tet"} if y else {"holiday": "tet"}
    if years:
        y = years[0]
        if low.startswith("đầu"):
            return {"start": f"{y}-01-01", "end": f"{y}-03-31"}
        if low.startswith("cuối"):
            return {"start": f"{y}-10-01", "end": f"{y}-12-31"}
        if low.startswith("giữa"):
            return {"start": f"{y}-05-01", "end": f"{y}-08-31"}
        return {"value": str(y), "start": f"{y}-01-01", "end": f"{y}-12-31"}
    if len(nums) >= 2:  # bare "5/9" or "19/8/2022" after sáng/chiều
        return _bare_day(nums, ref_year)
    return None


def _period_end(named: str | None, reference_date: str | None) -> str | None:
    """The last day of a "từ … đến …" period: of the ``named`` end ("đến hết tháng 9"), or, where
    it ends "đến nay", the article's date (None without one)."""
    if named is None:
        return reference_date[:10] if reference_date else None
    last = _with_modifier(named, reference_date) or {}
    return last.get("end") or last.get("value")


def _bare_day(nums: list[int], ref_year: int | None) -> dict | None:
    """A day written bare, "5/9" or "19/8/2022" (after "Sáng", in brackets): its ISO value, or a
    month-day when no year is known."""
    d, m = nums[0], nums[1]
    y = nums[2] if len(nums) >= 3 else ref_year
    if y is None:
        return {"month_day": f"--{m:02d}-{d:02d}"} if 1 <= m <= 12 and 1 <= d <= 31 else None
    v = iso_date(y, m, d)
    return {"value": v} if v else None


def _with_modifier(main: str, reference_date: str | None) -> dict | None:
    low = main.lower()
    for mod in ("đầu ", "cuối ", "giữa "):
        if low.startswith(mod) and low[len(mod):].startswith("tháng"):
            inner = interpret(main[len(mod):], reference_date)
            if inner and "start" in inner:
                y, m = int(inner["start"][:4]), int(inner["start"][5:7])
                third = {"đầu ": (1, 10), "giữa ": (11, 20), "cuối ": (21, calendar.monthrange(y, m)[1])}[mod]
                return {"start": f"{y}-{m:02d}-{third[0]:02d}", "end": f"{y}-{m:02d}-{third[1]:02d}"}
            return inner
    return interpret(main, reference_date)


def _relative(expr: str, reference_date: str | None) -> dict:
    """"năm nay", "năm ngoái", "tháng trước": a year or month counted from the article's date."""
    if not (reference_date and reference_date[:4].isdigit()):
        return {"relative": True}
    y, m = int(reference_date[:4]), int(reference_date[5:7]) if reference_date[5:7].isdigit() else 0
    unit, word = expr.split(" ")[:2]
    step = _vocabulary.values("relative_year" if unit == "năm" else "relative_month")[word]
    if expr.startswith("năm"):
        return {"value": str(y + step), "start": f"{y + step}-01-01", "end": f"{y + step}-12-31"}
    if not m:
        return {"relative": True}
    y2, m2 = divmod(y * 12 + m - 1 + step, 12)
    return {"start": f"{y2}-{m2 + 1:02d}-01", "end": _month_end(y2, m2 + 1)}


def find_dates(text: str, reference_date: str | None = None) -> list[Entity]:
    """DATE entities with normalized values; expressions whose value cannot be read are dropped."""
    out: list[Entity] = []
    for m in _date_matches(text):
        attrs: dict[str, Any] | None
        if m.group("since"):
            until = _period_end(m.group("since_end"), reference_date)
            y = m.group("since_year") or (str(until)[:4] if until else None)
            attrs = {"start": f"{y}-01-01", "end": until} if y and until else {"relative": True}
            start, end = m.start(), m.end()
        elif m.group("days") or m.group("days2") or m.group("days3") or m.group("days4"):
            if m.group("days2") and not m.group("dey") and m.start("de1") - m.start() == len("từ "):
                continue  # "từ 3 đến 5/9 số hộ": without a year, only "ngày" or a time of day makes it a range of days
            g = (("dd1", "dd2", "dm", "dy") if m.group("days") else ("de1", "de2", "dem", "dey") if m.group("days2")
                 else ("df1", "df2", "dfm", "dfy") if m.group("days3") else ("dg1", "dg2", "dgm", "dgy"))
            year = m.group(g[3]) or (reference_date[:4] if reference_date and reference_date[:4].isdigit() else None)
            if year is None:
                out.append(Entity("DATE", m.group(0), m.start(), m.end(), {"relative": True}))
                continue
            y, mo = int(year), int(m.group(g[2]))
            a, b = iso_date(y, mo, int(m.group(g[0]))), iso_date(y, mo, int(m.group(g[1])))
            attrs = {"start": a, "end": b} if a and b else None
            start, end = m.start(), m.end()
        elif m.group("d1") or m.group("d3"):
            first = interpret(m.group("d1"), reference_date) if m.group("d1") else None
            last = interpret(m.group("d2") or m.group("d3"), reference_date) or {}
            if m.group("day1") and last.get("value"):
                first = {"value": last["value"][:8] + f"{int(m.group('day1')):02d}"}
            attrs = {"start": (first or {}).get("value"), "end": last.get("value")}
            start, end = m.start(), m.end()
        elif m.group("r1"):
            range_start = _with_modifier(m.group("r1"), reference_date) or {}
            attrs = {"start": range_start.get("start") or range_start.get("value"),
                     "end": _period_end(m.group("r2"), reference_date)}
            if m.group("now") and not reference_date:
                attrs["relative"] = True  # "đến nay" with no article date to end on
            if not attrs["start"] and range_start.get("month_day") and attrs["end"]:
                # "từ ngày 17/10 đến 18/11/2024": the start takes the end's year (the year before
                # if that would put it after the end)
                year = int(str(attrs["end"])[:4])
                start_day = f"{year}{range_start['month_day'][1:]}"
                attrs["start"] = start_day if start_day <= str(attrs["end"]) else f"{year - 1}{range_start['month_day'][1:]}"
            start, end = m.start(), m.end()
        elif m.group("rel"):
            attrs = _relative(m.group("rel").lower(), reference_date)
            start, end = m.start(), m.end()
        elif m.group("past"):
            count = m.group("past").split(" ")[0]
            n = int(count) if count.isdigit() else _vocabulary.values("years_count")[count]
            ref = reference_date[:10] if reference_date else None
            since = (iso_date(int(ref[:4]) - n, int(ref[5:7]), int(ref[8:10])) or f"{int(ref[:4]) - n}{ref[4:8]}28"
                     if ref and len(ref) == 10 and ref[:4].isdigit() else None)
            attrs = {"duration_years": n, **({"start": since, "end": ref} if since else {"relative": True})}
            start, end = m.start(), m.end()
        elif m.group("bare") or m.group("bare2") or m.group("bare3"):
            group = "bare" if m.group("bare") else "bare2" if m.group("bare2") else "bare3"
            attrs = interpret(m.group(group), reference_date)
            start, end = m.start(group), m.end(group)
        elif m.group("bare4"):
            attrs = interpret(m.group("bare4"), reference_date)
            start, end = m.start(), m.end()
        elif m.group("lunar"):
            attrs = {"lunar": True}
            start, end = m.start(), m.end()
        elif m.group("season"):
            years = [int(y) for y in regex.findall(r"\d{4}", m.group("season"))]
            attrs = {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31", "season": True}
            start, end = m.start(), m.end()
        else:
            attrs = _with_modifier(m.group("main"), reference_date)
            start, end = m.start(), m.end()
            if attrs is not None and m.group("until"):
                attrs = {**attrs, "relation": "until"}
        if attrs is None and m.group("main") and "tháng" in m.group("main") and "năm" in m.group("main"):
            attrs = {"relative": True}  # "6 tháng đầu năm" with no article date: a period we cannot place
        if attrs is None:
            continue
        out.append(Entity("DATE", text[start:end], start, end, attrs))
    return out
