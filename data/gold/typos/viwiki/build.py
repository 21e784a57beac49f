"""Build the Viwiki-spelling items from their transcription: ``python data/gold/typos/viwiki/build.py``.

Viwiki-spelling (Tran, Dinh, Phan and Nguyen 2021; CC BY 4.0) is a public test set of real
misspellings in Vietnamese Wikipedia, each marked by hand with its correction. Its documents
are long; only the sentence around each mistake is kept here (``transcribed/part*.jsonl``,
one mistake a line: ``id``, ``start_offset``, ``wrong``, ``suggest``, ``sentence``,
``occurrence``), transcribed from the published file by helper sessions that never saw the
corrector. This script turns them into the schema of ``../tune.jsonl`` (``context``, ``start``,
``end``, ``wrong``, ``right``, ``kind``) and splits them **by document** into halves:
``tune.jsonl`` (the corrector may be tuned on it) and ``test.jsonl`` (reported, never tuned on).
Rows whose mistake cannot be placed in its sentence are listed and left out.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from build import infer_kind  # noqa: E402  the VNTC gold's own kinds, one definition


def split_of(doc_id: str) -> str:
    """Half of a Viwiki document: by a hash of its id, so every mistake of a document goes together."""
    return "tune" if int(hashlib.sha1(f"viwiki:{doc_id}".encode()).hexdigest(), 16) % 2 == 0 else "test"


def _nth(text: str, part: str, n: int) -> int:
    """Start of the ``n``-th (1-based) occurrence of ``part`` in ``text``, -1 if there is none."""
    pos = -1
    for _ in range(max(n, 1)):
        pos = text.find(part, pos + 1)
        if pos < 0:
            return -1
    return pos


def _cased_like(wrong: str, right: str) -> str:
    """The suggestion with the mistake's initial capital: the set sometimes suggests "quế" for
    "Ngô Tam Quê", a name; a corrector is right to keep the capital."""
    if wrong[:1].isupper() and right[:1].islower():
        return right[:1].upper() + right[1:]
    return right


def items(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """The gold items of the transcribed rows, and a line for each row left out."""
    out: list[dict] = []
    dropped: list[str] = []
    seen: set[tuple] = set()
    for row in rows:
        if "done" in row or "error" in row:
            continue
        where = f"doc {row.get('id')} offset {row.get('start_offset')}"
        sentence, wrong = row.get("sentence"), row.get("wrong") or ""
        suggest = [x for x in row.get("suggest") or [] if x.strip()]  # one row suggests ["", "south"]
        if not sentence or not suggest:
            dropped.append(f"{where}: {row.get('problem') or 'no sentence or no suggestion'}")
            continue
        start = _nth(sentence, wrong, int(row.get("occurrence") or 1))
        if start < 0 or not wrong.strip():
            dropped.append(f"{where}: {wrong!r} not found in its sentence")
            continue
        key = (str(row["id"]), int(row["start_offset"]))
        if key in seen:
            continue
        seen.add(key)
        right = _cased_like(wrong, suggest[0])
        if right == wrong:
            dropped.append(f"{where}: the suggestion {right!r} is the mistake itself")
            continue
        out.append(
            {
                "id": f"viwiki-{row['id']}-{row['start_offset']}",
                "source_file": f"viwiki:{row['id']}",
                "context": sentence,
                "start": start,
                "end": start + len(wrong),
                "wrong": wrong,
                "right": right,
                "suggest": suggest,
                "kind": infer_kind(wrong, right),
            }
        )
    return out, dropped


def main() -> int:
    rows = []
    for path in sorted((HERE / "transcribed").glob("part*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold, dropped = items(rows)
    for half in ("tune", "test"):
        chosen = [g for g in gold if split_of(g["source_file"].split(":", 1)[1]) == half]
        with (HERE / f"{half}.jsonl").open("w", encoding="utf-8") as f:
            for g in chosen:
                f.write(json.dumps(g, ensure_ascii=False) + "\n")
        docs = len({g["source_file"] for g in chosen})
        print(f"{half}: {len(chosen)} mistakes from {docs} documents")
    for line in dropped:
        print("left out:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
