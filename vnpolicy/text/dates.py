"""Calendar dates as ISO strings: the one check that a day, a month and a year make a real date.

The reader (article dates, datelines: :mod:`vnpolicy.read.dates`) and the entity extractor (DATE
values: :mod:`vnpolicy.entities.date`) both turn numbers read from Vietnamese text into
"YYYY-MM-DD"; this module is that last step, shared by both. It finds no dates in text and
knows no Vietnamese words; it imports nothing from the project.

>>> iso_date(2022, 8, 19)
'2022-08-19'
>>> iso_date(2024, 2, 29), iso_date(2023, 2, 29), iso_date(2022, 13, 1)
('2024-02-29', None, None)
"""

from __future__ import annotations

import datetime as _dt


def iso_date(year: int, month: int, day: int) -> str | None:
    """``"YYYY-MM-DD"`` when the three numbers make a date of the calendar, else None."""
    try:
        return _dt.date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        return None
