"""Turn paragraphs.txt ({{LABEL|text}} marks) into gold.jsonl with exact character offsets.

Run from the repository root: ``python data/gold/entities/build.py [NAME]`` (NAME.txt ->
NAME.jsonl; default "paragraphs" -> gold.jsonl; "heldout" -> heldout.jsonl). The marks are the
annotation; this script only strips them and counts characters, so it never changes a decision.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository's vnpolicy, for its label registry

from vnpolicy.labels import label_names  # noqa: E402

# Any upper-case label is matched, then checked against the registry (vnpolicy/labels.py): an
# unknown one is refused by name rather than left in the text as an "unparsed mark".
MARK = re.compile(r"\{\{([A-Z][A-Z0-9_]*)\|([^{}|]+)\}\}")


def parse_line(line: str) -> dict:
    text, entities, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        plain = line[pos : m.start()]
        text.append(plain)
        out_len += len(plain)
        label, span = m.group(1), m.group(2)
        if label not in label_names():
            raise ValueError(f"unknown label {label!r} in: {line[:80]} (labels are {', '.join(label_names())})")
        entities.append([out_len, out_len + len(span), label])
        text.append(span)
        out_len += len(span)
        pos = m.end()
    text.append(line[pos:])
    plain_text = "".join(text)
    if "{{" in plain_text or "}}" in plain_text:
        raise ValueError(f"unparsed mark in: {line[:80]}")
    return {"text": plain_text, "entities": entities}


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "paragraphs"
    target = HERE / ("gold.jsonl" if name == "paragraphs" else f"{name}.jsonl")
    rows = []
    for line in (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        row = parse_line(line)
        row["id"] = f"{name[0]}{len(rows) + 1:03d}"
        rows.append(row)
    with open(target, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({"id": row["id"], "text": row["text"], "entities": row["entities"]}, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        for *_, label in row["entities"]:
            counts[label] = counts.get(label, 0) + 1
    print(f"{len(rows)} paragraphs; entities: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
