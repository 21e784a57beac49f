#!/usr/bin/env python
"""Split the VNTC training file into train/test JSONL for `vnpolicy train` / `vnpolicy evaluate`.

Reads ../shared/corpora/vntc/train.jsonl.xz (relative to the repo root), shuffles with a fixed
seed, holds out a stratified fraction per label, and writes OUT/train.jsonl and OUT/test.jsonl
(fields: text, label). The raw text stays out of the project: write OUT somewhere temporary.

    python scripts/vntc_to_jsonl.py /tmp/vntc --test-fraction 0.1 --seed 0
    vnpolicy train /tmp/vntc/train.jsonl -o /tmp/vntc/model.zip
    vnpolicy evaluate /tmp/vntc/test.jsonl --model /tmp/vntc/model.zip

Measured 2026-11-27 (defaults: syllable 1-2-grams, 300,000 features, C=10, calibrated), on the
shared 2-core machine while other jobs ran: 30,383 train / 3,376 test articles; training 4 min 36 s
wall (features 2 min, fits 1.5 min), peak memory 1.7 GB; accuracy 0.9286, macro-F1 0.9255; model
file 12.5 MB; evaluating the 3,376 articles 7 s.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="output folder (e.g. /tmp/vntc)")
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--test-fraction", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    by_label: dict[str, list[dict]] = defaultdict(list)
    with lzma.open(args.source, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            by_label[obj["label"]].append({"text": obj["text"], "label": obj["label"], "id": obj.get("file")})
    rng = random.Random(args.seed)
    train, test = [], []
    for label in sorted(by_label):
        rows = sorted(by_label[label], key=lambda r: r["id"] or "")
        rng.shuffle(rows)
        k = round(len(rows) * args.test_fraction)
        test += rows[:k]
        train += rows[k:]
    rng.shuffle(train)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("train", train), ("test", test)):
        with open(args.out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(train)} train, {len(test)} test articles, {len(by_label)} labels → {args.out}")


if __name__ == "__main__":
    main()
