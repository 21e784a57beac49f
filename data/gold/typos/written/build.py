#!/usr/bin/env python
"""Build ``written.jsonl`` from ``paragraphs.txt``: typos written into portal-style paragraphs.

Why: the judged VNTC typos were found by the corrector and a looser finder, so they lean towards
what a finder can see. Here a writer who never saw the corrector wrote portal news paragraphs and
typed typos into them as hurried writers do, marking each one inline:
``{{typed form|correct form|kind}}``. ``benchmarks/typos.py`` scores the corrector on them: typos
fixed (auto mode), flagged (review mode), and syllables changed outside the marks.

    python data/gold/typos/written/build.py

Each row of ``written.jsonl``: ``id``, ``paragraph``, ``context`` (the whole paragraph as typed,
every typo in it), ``start``/``end`` of the typo in the context, ``wrong``, ``right``, ``kind``. A
missing word is an empty span where the word belongs (``wrong`` "", ``right`` " word"). ``clean``
rows (``kind`` "none") hold the paragraphs typed without a typo, for counting false changes.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\{\{([^{}|]*)\|([^{}|]*)\|([a-z_]+)\}\}")
KINDS = ("tone", "letter", "spacing", "glued", "repeated", "dd", "missing_word")


def parse(line: str, where: str) -> tuple[str, str, list[dict]]:
    """(paragraph id, typed text, typos with offsets in it) of one line of paragraphs.txt."""
    pid, sep, marked = line.rstrip("\n").partition("\t")
    if not sep or not pid:
        raise ValueError(f"{where}: no id and tab")
    marked = unicodedata.normalize("NFC", marked)
    typed, typos, pos = [], [], 0
    for m in MARK.finditer(marked):
        typed.append(marked[pos:m.start()])
        start = sum(map(len, typed))
        wrong, right, kind = m.groups()
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        if wrong == right:
            raise ValueError(f"{where}: {wrong!r} is marked as a typo of itself")
        typed.append(wrong)
        if kind == "missing_word":
            # "kiểm|kiểm tra", "thành tổ|thành lập tổ": the words left out, where they belong
            have, want = wrong.split(" "), right.split(" ")
            head = next((i for i, (a, b) in enumerate(zip(have, want)) if a != b), len(have))
            if not head or have[head:] != want[len(want) - len(have) + head:]:
                raise ValueError(f"{where}: {right!r} is not {wrong!r} with words put in after its first")
            at = start + len(" ".join(have[:head]))
            left_out = " ".join(want[head:len(want) - len(have) + head])
            typos.append({"start": at, "end": at, "wrong": "", "right": " " + left_out, "kind": kind})
        else:
            typos.append({"start": start, "end": start + len(wrong), "wrong": wrong, "right": right, "kind": kind})
        pos = m.end()
    typed.append(marked[pos:])
    text = "".join(typed)
    if "{{" in text or "}}" in text:
        raise ValueError(f"{where}: a mark is not closed or not of the form {{{{typed|correct|kind}}}}")
    return pid, text, typos


def main() -> int:
    rows = []
    lines = (HERE / "paragraphs.txt").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        pid, text, typos = parse(line, f"paragraphs.txt line {i}")
        for k, t in enumerate(typos):
            assert text[t["start"]:t["end"]] == t["wrong"]
            rows.append({"id": f"{pid}-{k}", "paragraph": pid, "context": text, **t})
        if not typos:
            rows.append({"id": f"{pid}-clean", "paragraph": pid, "context": text, "start": 0, "end": 0,
                         "wrong": "", "right": "", "kind": "none"})
    with (HERE / "written.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"written.jsonl: {len(rows)} rows, {len({r['paragraph'] for r in rows})} paragraphs; {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
