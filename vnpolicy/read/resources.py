"""Loading the reader's knowledge files from ``vnpolicy/resources/read/``.

The word lists and character tables live there as plain TSV/TXT so that a linguist can correct
them without reading Python; this module only parses them (once, cached, through
:func:`vnpolicy.resources.read_lines`). It must not hold knowledge itself.
"""

from __future__ import annotations

import re
from functools import cache

from vnpolicy.resources import read_lines


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a ``.txt`` resource, stripped."""
    return tuple(line.strip() for line in read_lines("read", name))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a ``.tsv`` resource (first non-comment line is the header), as dicts."""
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for line in read_lines("read", name):
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rows.append(dict(zip(header, cells)))
    return tuple(rows)


@cache
def full_line_patterns(name: str) -> re.Pattern[str]:
    """One compiled alternation of a resource's regular expressions, for whole-line matching."""
    return re.compile("|".join(f"(?:{p})" for p in lines(name)), re.IGNORECASE)
