"""Loading the reader's knowledge files from ``vnpolicy/resources/read/``.

The word lists and character tables live there as plain TSV/TXT so that a linguist can correct
them without reading Python; this module only parses them (once, cached, through
:func:`vnpolicy.resources.read_lines`). It must not hold knowledge itself.
"""

from __future__ import annotations

import re
from functools import cache

from vnpolicy.resources import read_lines, read_table


@cache
def lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a ``.txt`` resource, stripped."""
    return tuple(line.strip() for line in read_lines("read", name))


def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a ``.tsv`` resource as dicts keyed by its header row (the project's one reader)."""
    return read_table("read", name)


@cache
def full_line_patterns(name: str) -> re.Pattern[str]:
    """One compiled alternation of a resource's regular expressions, for whole-line matching."""
    return re.compile("|".join(f"(?:{p})" for p in lines(name)), re.IGNORECASE)
