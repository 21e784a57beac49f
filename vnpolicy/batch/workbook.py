"""``--format xlsx``: the tables of a run as one Excel workbook, one sheet per table.

Written with openpyxl in write-only mode (rows stream to disk, bounded memory), to a temporary
file renamed into place. Excel limits a cell to 32,767 characters and forbids control
characters: such cells are cut or cleaned here, and the full text stays in the JSON Lines or
CSV output. This module writes; it never runs the pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vnpolicy.document import Document
from vnpolicy.errors import VnpolicyError

SHEETS = ("documents", "entities", "corrections", "topics", "errors")
MAX_CELL = 32_767
CHUNK_ROWS = 256


def _cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def write_workbook(lines: Iterable[dict[str, Any]], out: Path) -> Path:
    """Write journal lines (documents and failures) as ``out``, one sheet per table."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise VnpolicyError("--format xlsx needs openpyxl: pip install 'vnpolicy[xlsx]'") from None
    from vnpolicy.frames import ERROR_COLUMNS, TABLE_COLUMNS, to_frames

    workbook = Workbook(write_only=True)
    sheets = {name: workbook.create_sheet(name) for name in SHEETS}
    for name, sheet in sheets.items():
        sheet.append(TABLE_COLUMNS[name])
    docs: list[Document] = []

    def flush() -> None:
        frames = to_frames(docs)
        for name in SHEETS[:-1]:
            for row in frames[name].itertuples(index=False, name=None):
                sheets[name].append([_cell(v) for v in row])
        docs.clear()

    for line in lines:
        if line.get("status") == "failed":
            row = {"input": line.get("id") or line["input"], "kind": line.get("kind"), "error": line.get("error")}
            sheets["errors"].append([_cell(row[c]) for c in ERROR_COLUMNS])
            continue
        docs.append(Document.from_dict(line))
        if len(docs) >= CHUNK_ROWS:
            flush()
    flush()
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    try:
        workbook.save(temp)
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)
    return out
