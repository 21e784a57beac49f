"""Annotators' marked-up batches -> train/dev/test/double JSONL with exact offsets.

Run from the repository root: ``python data/gold/entities/vntc/build.py`` (all batches), or
``python data/gold/entities/vntc/build.py --check FILE...`` to check marked-up files only.

A marked line is ``ID<TAB>text`` with entities as ``{{LABEL|text}}``, nested one level inside
LEGAL_DOC (ORG, DATE) or ORG (LOC). The script only strips marks and counts characters, so it
never changes a decision; it refuses a line whose unmarked text differs from the paragraph the
annotator was given (``work/index.jsonl``), naming the file, the line and the first difference.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))  # the repository's vnpolicy, for its label registry

from vnpolicy.labels import label_names  # noqa: E402

NESTING = {"LEGAL_DOC": {"ORG", "DATE"}, "ORG": {"LOC"}}


class MarkError(ValueError):
    pass


def parse(marked: str) -> tuple[str, list[list], list[list]]:
    """Strip ``{{LABEL|…}}`` marks; return text, flat entities and nested parts."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, int]] = []  # (label, start offset in output)
    flat: list[list] = []
    nested: list[list] = []
    i = 0
    n = len(marked)
    while i < n:
        if marked.startswith("{{", i):
            bar = marked.find("|", i)
            label = marked[i + 2 : bar] if bar > 0 else ""
            if label not in label_names():
                raise MarkError(f"unknown label {label!r} at char {i} (labels are {', '.join(label_names())})")
            stack.append((label, pos))
            i = bar + 1
        elif marked.startswith("}}", i) and stack:
            label, start = stack.pop()
            if start == pos:
                raise MarkError(f"empty {label} at char {i}")
            if stack:
                parent = stack[-1][0]
                if len(stack) > 1 or label not in NESTING.get(parent, ()):
                    raise MarkError(f"{label} may not nest inside {parent} (char {i})")
                nested.append([start, pos, label])
            else:
                flat.append([start, pos, label])
                for part in nested:
                    if len(part) == 3:
                        part.append(len(flat) - 1)
            i += 2
        else:
            out.append(marked[i])
            pos += 1
            i += 1
    if stack:
        raise MarkError(f"unclosed {stack[-1][0]}")
    text = "".join(out)
    if "{{" in text or "}}" in text:
        raise MarkError("stray braces")
    for s, e, label in flat:
        if text[s:e] != text[s:e].strip():
            raise MarkError(f"{label} {text[s:e]!r} starts or ends with a space")
    return text, flat, nested


def load_index() -> dict[str, dict]:
    rows = {}
    for path in sorted((HERE / "work").glob("index*.jsonl")):  # index.jsonl, index_round2.jsonl, …
        with open(path, encoding="utf-8") as f:
            rows.update({row["id"]: row for row in map(json.loads, f)})
    return rows


def read_marked(path: Path, index: dict[str, dict]) -> tuple[list[dict], list[str]]:
    rows, errors = [], []
    annotator = path.parent.name
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        pid, _, marked = line.partition("\t")
        where = f"{path.name}:{n} ({pid})"
        if pid not in index:
            errors.append(f"{where}: unknown id")
            continue
        try:
            text, flat, nested = parse(marked)
        except MarkError as exc:
            errors.append(f"{where}: {exc}")
            continue
        source = index[pid]["text"]
        if text != source:
            k = next((j for j, (a, b) in enumerate(zip(text, source)) if a != b), min(len(text), len(source)))
            errors.append(f"{where}: text differs from the source at char {k}: "
                          f"{text[max(0, k - 20):k + 20]!r} vs {source[max(0, k - 20):k + 20]!r}")
            continue
        meta = index[pid]
        rows.append({"id": pid, "source_file": meta["source_file"], "split": meta["split"], "text": text,
                     "entities": flat, "nested": nested, "annotator": annotator})
    return rows, errors


def main(argv: list[str]) -> int:
    index = load_index()
    if argv[:1] == ["--check"]:
        bad = 0
        for p in argv[1:]:
            rows, errors = read_marked(Path(p), index)
            for e in errors:
                print(e)
            bad += len(errors)
            print(f"{p}: {len(rows)} lines ok, {len(errors)} errors")
        return 1 if bad else 0
    by_id: dict[str, list[dict]] = {}
    all_errors = []
    for path in sorted((HERE / "ann").glob("*/*.txt")):
        rows, errors = read_marked(path, index)
        all_errors += errors
        for row in rows:
            by_id.setdefault(row["id"], []).append(row)
    for e in all_errors:
        print(e, file=sys.stderr)
    splits: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    double = []
    for pid in sorted(by_id):
        versions = sorted(by_id[pid], key=lambda r: index[pid]["annotators"].index(r["annotator"]))
        splits[versions[0]["split"]].append(versions[0])
        if len(versions) > 1:
            double.extend(versions[:2])
    counts = {}
    for name, rows in splits.items():
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[name] = Counter(label for r in rows for *_, label in r["entities"])
        counts[name]["paragraphs"] = len(rows)
    with open(HERE / "double.jsonl", "w", encoding="utf-8") as f:
        for row in double:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for name, c in counts.items():
        print(name, dict(sorted(c.items())))
    print(f"double-annotated paragraphs: {len(double) // 2}; errors: {len(all_errors)}")
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
