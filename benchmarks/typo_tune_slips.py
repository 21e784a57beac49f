"""Tune set for the typo rules: slips injected into held-out VNTC sentences, never UD dev.

    python benchmarks/typo_tune_slips.py                          # tone slips, clean changes, look-alikes
    python benchmarks/typo_tune_slips.py --set DROPPED_LLR=6.0    # try a corrector constant

``benchmarks/typos.py`` reports injected slips on UD dev; tuning there would fit the report. This
script injects the same slips (``typos.inject``) into sentences of the VNTC articles the spelling
model never counted (line ``i % 10 == 9``), skipping the first 400 of them (``typos.py`` times and
checks the first 300), and runs the typo step alone. It also lists every change the typo step
makes to ``--clean`` held-out articles further on (from the 1,000th; written to
``--changes``, to be read: many are typos of the source) and counts the judged look-alikes it
changes. ``--set NAME=VALUE`` overrides a constant of ``vnpolicy.text.spelling.corrector``.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import sys
import time
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import typos as B  # noqa: E402

SENTENCE = regex.compile(r"[^.!?\n]+[.!?]?")


def heldout(skip: int, n: int, exclude: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Held-out VNTC articles ``skip`` to ``skip + n``, those whose source file is in ``exclude``
    left out (``scripts/build_tone_judge.py`` leaves out the judged articles)."""
    out: list[str] = []
    k = 0
    with lzma.open(B.VNTC, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 10 != 9:
                continue
            k += 1
            if k <= skip:
                continue
            row = json.loads(line)
            if row.get("file") not in exclude:
                out.append(row["text"])
            if k >= skip + n:
                break
    return out


def sentences_of(articles: list[str]) -> list[str]:
    """The sentences of 8 to 50 words of ``articles``, in order."""
    out = []
    for article in articles:
        for m in SENTENCE.finditer(article):
            s = m.group().strip()
            if 8 <= len(B.WORD_RE.findall(s)) <= 50:
                out.append(s)
    return out


def tune_sentences(n: int) -> list[str]:
    """``n`` sentences of 8 to 50 words from held-out articles 400 to 1,000, shuffled (fixed seed)."""
    out = sentences_of(heldout(400, 600))
    random.Random(5).shuffle(out)
    return out[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1500, help="sentences")
    ap.add_argument("--clean", type=int, default=400, help="held-out articles for the clean check")
    ap.add_argument("--kinds", default="tone_wrong,tone_missing")
    ap.add_argument("--set", default="", help="NAME=VALUE,... corrector constants")
    ap.add_argument("--changes", type=Path, default=Path("typo_tune_changes.txt"))
    args = ap.parse_args()
    import vnpolicy.text.spelling.corrector as corrector
    from vnpolicy.text.spelling import typo_edits

    for item in filter(None, args.set.split(",")):
        name, value = item.split("=")
        setattr(corrector, name, type(getattr(corrector, name))(value))
    sentences = tune_sentences(args.n)
    B.typo_step("Khởi động.")
    start = time.process_time()
    for kind in args.kinds.split(","):
        r = B.run_slips(B.typo_step, sentences, kind, 29)
        print(f"{kind}: {r['fixed']}/{r['n']} = {r['fixed'] / r['n']:.1%} fixed, {r['wrong']} wrong, {r['other']} other changes")
    print(f"({time.process_time() - start:.1f} s CPU)")
    if args.clean:
        total, lines = 0, []
        for text in heldout(1000, args.clean):
            total += len(B.keys(text))
            for e in typo_edits(text):
                if B.keys(e.replacement) != B.keys(text[e.start : e.end]):
                    lines.append(f"{text[e.start:e.end]!r} -> {e.replacement!r}  …{text[max(0, e.start - 30) : e.end + 30]!r}")
        args.changes.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"held-out articles 1000+: {len(lines)} changes / {total:,} syllables (listed in {args.changes})")
    rows = B.read_jsonl(B.GOLD / "lookalikes.jsonl")
    n, bad, _ = B.run_lookalikes(B.typo_step, rows)
    print(f"look-alikes changed by the typo step: {bad}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
