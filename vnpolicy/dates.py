"""The Vietnamese date vocabulary and calendar check shared by the reader and the entity step.

The reader (article dates, datelines: :mod:`vnpolicy.read.dates`) and the entity extractor (DATE
values: :mod:`vnpolicy.entities.date`) both read dates written in Vietnamese. Each builds the
patterns its job needs, from the pieces here: the year shape, the date words of
``resources/text/date_words.tsv`` (times of day, weekdays, periods, spelled counts, relative
words, the lunar-year names) with their values, and the last step that turns numbers into
"YYYY-MM-DD". This module finds no dates in text itself; it imports only the resource loader.

>>> iso_date(2022, 8, 19)
'2022-08-19'
>>> iso_date(2024, 2, 29), iso_date(2023, 2, 29), iso_date(2022, 13, 1)
('2024-02-29', None, None)
>>> words("time_of_day")
('sáng', 'chiều', 'tối', 'trưa', 'đêm', 'rạng sáng', 'hôm')
>>> values("period")["năm học"], values("relative_year")["ngoái"]
(9, -1)
>>> either_case("time_of_day")
'[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Rr]ạng sáng|[Hh]ôm'
"""

from __future__ import annotations

import datetime as _dt
from functools import cache

from vnpolicy.resources import read_table

__all__ = ["YEAR", "iso_date", "words", "values", "alternation", "either_case"]

# A year of this or the last century, as news and document numbers write it ("2022", "1945").
YEAR = r"(?:19|20)\d\d"


def iso_date(year: int, month: int, day: int) -> str | None:
    """``"YYYY-MM-DD"`` when the three numbers make a date of the calendar, else None."""
    try:
        return _dt.date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        return None


@cache
def _rows(kind: str) -> tuple[tuple[str, str], ...]:
    rows = tuple((row["word"], row["value"]) for row in read_table("text", "date_words.tsv") if row["kind"] == kind)
    if not rows:
        raise KeyError(f"date_words.tsv has no words of kind {kind!r}")
    return rows


def words(kind: str) -> tuple[str, ...]:
    """The date words of one kind, in the file's order."""
    return tuple(word for word, _ in _rows(kind))


def values(kind: str) -> dict[str, int]:
    """The date words of one kind and their values (a month, a count, a step)."""
    return {word: int(value) for word, value in _rows(kind)}


def alternation(kind: str) -> str:
    """The words of one kind as a regex alternation, in the file's order (for matching
    ignoring case or after lowering)."""
    return "|".join(words(kind))


def either_case(kind: str) -> str:
    """The alternation with the first letter of each word in either case ("[Ss]áng|…")."""
    return "|".join(f"[{w[0].upper()}{w[0].lower()}]{w[1:]}" for w in words(kind))
