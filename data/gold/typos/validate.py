#!/usr/bin/env python
"""Check the judged typo gold files: schema, offsets, ids, and that the halves share no source.

Runs on the shipped files alone (no corpus needed):

    python data/gold/typos/validate.py
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"spacing", "glued", "repeated", "letter", "tone", "dd", "no_diacritics", "missing_word", "other"}
TYPO_FIELDS = {"id", "source_file", "context", "start", "end", "wrong", "right", "kind"}
LOOK_FIELDS = {"id", "source_file", "context", "start", "end", "form", "why"}
MAX_CONTEXT = 300


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _common(path: Path, n: int, row: dict, fields: set[str], span_field: str) -> list[str]:
    where = f"{path.name}:{n}"
    missing = fields - row.keys()
    if missing:
        return [f"{where}: missing fields {sorted(missing)}"]
    errs = []
    ctx, s, e = row["context"], row["start"], row["end"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(ctx)):
        errs.append(f"{where}: bad offsets {s}..{e} for a context of {len(ctx)} chars")
    elif ctx[s:e] != row[span_field]:
        errs.append(f"{where}: context[{s}:{e}] is {ctx[s:e]!r}, not {span_field} {row[span_field]!r}")
    if len(ctx) > MAX_CONTEXT:
        errs.append(f"{where}: context longer than {MAX_CONTEXT} chars")
    if not row["source_file"]:
        errs.append(f"{where}: no source_file")
    if row.get("nfc", True) is not unicodedata.is_normalized("NFC", ctx):
        errs.append(f"{where}: field nfc does not match the context")
    return errs


def validate(folder: Path = HERE) -> list[str]:
    errs: list[str] = []
    ids: set[str] = set()
    sources: dict[str, set[str]] = {}
    for half in ("tune", "test"):
        path = folder / f"{half}.jsonl"
        sources[half] = set()
        for n, row in enumerate(read_jsonl(path), 1):
            errs += _common(path, n, row, TYPO_FIELDS, "wrong")
            if row.get("kind") not in KINDS:
                errs.append(f"{path.name}:{n}: unknown kind {row.get('kind')!r}")
            if row.get("wrong") == row.get("right"):
                errs.append(f"{path.name}:{n}: wrong and right are the same")
            if (row.get("kind") == "missing_word") != (row.get("wrong") == ""):
                errs.append(f"{path.name}:{n}: missing_word items (and only they) have wrong == ''")
            if row.get("id") in ids:
                errs.append(f"{path.name}:{n}: duplicate id {row.get('id')}")
            ids.add(row.get("id"))
            sources[half].add(row.get("source_file"))
    both = sources["tune"] & sources["test"]
    if both:
        errs.append(f"source files in both halves: {sorted(both)[:5]}")
    path = folder / "lookalikes.jsonl"
    for n, row in enumerate(read_jsonl(path), 1):
        errs += _common(path, n, row, LOOK_FIELDS, "form")
        if row.get("id") in ids:
            errs.append(f"{path.name}:{n}: duplicate id {row.get('id')}")
        ids.add(row.get("id"))
    return errs


if __name__ == "__main__":
    problems = validate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print("\n".join(problems) if problems else "valid")
    sys.exit(1 if problems else 0)
