"""The project's knowledge files, one folder an area (read, tokenize, entities, text, topics…),
and the one loader that reads them.

Word lists, tables and models live here as plain files so that a linguist can correct them
without reading Python. This module only finds and reads them (line lists once, cached); it
must hold no knowledge and must not interpret what it reads (each area parses its own columns).

>>> read_lines("entities", "surnames.txt")[:3]
('Nguyễn', 'Trần', 'Lê')
>>> read_table("tokenize", "abbreviations.tsv")[0]
{'abbreviation': 'TP.HCM', 'expansion': 'Thành phố Hồ Chí Minh', 'kind': 'place'}
"""

from __future__ import annotations

from functools import cache
from importlib import resources as _resources


def read_text(area: str, name: str) -> str:
    """The whole text of ``vnpolicy/resources/<area>/<name>`` (UTF-8), read afresh each call."""
    return _resources.files(__name__).joinpath(area).joinpath(name).read_text(encoding="utf-8")


@cache
def read_lines(area: str, name: str) -> tuple[str, ...]:
    """The lines of a resource that are neither blank nor comments ("#" first), as written.

    Callers strip what they need: a TSV keeps its empty trailing columns.
    """
    return tuple(
        line
        for line in read_text(area, name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def read_table(area: str, name: str) -> tuple[dict[str, str], ...]:
    """The rows of a ``.tsv`` resource as dicts keyed by its header row (the first line that is
    neither blank nor a comment), so loaders read columns by name and a column added to the
    file breaks nothing. Cells are stripped; a missing trailing cell reads as "".
    """
    header, *rows = (line.split("\t") for line in read_lines(area, name))
    columns = [c.strip() for c in header]
    return tuple(
        {column: cell.strip() for column, cell in zip(columns, cells + [""] * (len(columns) - len(cells)))}
        for cells in rows
    )
