"""Same output, less CPU: ``Document.to_dict()`` of the whole pipeline, this tree against a saved run.

    # before a change, with the peer tree's own interpreter and cwd (its editable vnpolicy):
    cd ../../main && .venv/bin/python ../wt/pipe/benchmarks/pipeline_equivalence.py --save /tmp/before.jsonl
    # after it, in this tree:
    .venv/bin/python benchmarks/pipeline_equivalence.py --compare /tmp/before.jsonl
    # what switching the segmenter changes, in one run:
    .venv/bin/python benchmarks/pipeline_equivalence.py --between default tokenizer=vnpolicy

Text: ``--articles`` real VNTC news articles (every 13th line of ``vntc/train.jsonl.xz``, as
written) and the bundled samples of ``data/articles`` (read from their files, titles and
bylines recovered), each run through three pipelines: the default, ``tokenizer="vnpolicy"`` and
``disable=["tokenize"]``. The script never puts its own tree on ``sys.path``: the ``vnpolicy``
imported is the one installed in the interpreter that runs it. Saved output holds corpus text:
keep it outside the project (``/tmp``).

It also prints each configuration's CPU seconds (``time.process_time``); the two runs are on
different trees and moments, so only a same-run benchmark (``benchmarks/speed.py``) gives ratios.
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VNTC = HERE.parent.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
CONFIGS: dict[str, dict[str, object]] = {
    "default": {},
    "tokenizer=vnpolicy": {"tokenizer": "vnpolicy"},
    "disable=tokenize": {"disable": ["tokenize"]},
}


def inputs(n: int) -> list[tuple[str, object]]:
    """(name, text or Article) pairs: ``n`` VNTC articles, then the bundled samples as read."""
    from vnpolicy.read import read_articles

    found: list[tuple[str, object]] = []
    if VNTC.exists():
        with lzma.open(VNTC, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 13 == 0:
                    item = json.loads(line)
                    found.append((f"vntc:{item['file']}", item["text"]))
                    if len(found) >= n:
                        break
    samples = Path.cwd() / "data" / "articles"
    for article in read_articles(samples, on_error="skip"):
        found.append((f"sample:{Path(article.path or '').name}", article))
    return found


def run(n: int) -> list[dict[str, object]]:
    import vnpolicy

    items = inputs(n)
    records: list[dict[str, object]] = []
    for config, options in CONFIGS.items():
        nlp = vnpolicy.Pipeline(**options)
        nlp("Ngày 19/8/2022, Ban Dân vận Tỉnh ủy làm việc với huyện Tháp Mười.")  # models load outside the clock
        start = time.process_time()
        for name, text in items:
            doc = nlp(text)
            data = doc.to_dict()
            data["meta"].pop("path", None)  # the samples' path names the tree they were read from
            if isinstance(data.get("source"), str) and "/" in data["source"]:
                data["source"] = Path(data["source"]).name
                data["id"] = data["source"]
            records.append({"config": config, "input": name, "doc": data})
        print(f"{config:<22} {len(items)} texts {time.process_time() - start:7.2f} s CPU", file=sys.stderr)
    return records


def between(records: list[dict[str, object]], a: str, b: str) -> None:
    """The fields of ``to_dict()`` that configurations ``a`` and ``b`` give differently, with how many texts."""
    docs = {(r["config"], r["input"]): r["doc"] for r in records}
    names = [r["input"] for r in records if r["config"] == a]
    counts: dict[str, int] = {}
    for name in names:
        x, y = docs[a, name], docs[b, name]
        for key in sorted(set(x) | set(y)):  # type: ignore[arg-type]
            if x.get(key) != y.get(key):  # type: ignore[union-attr]
                counts[key] = counts.get(key, 0) + 1
    print(f"{a} against {b} on {len(names)} texts: fields that differ (texts): {counts or 'none'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--save", type=Path, help="write the records (JSON lines) here")
    parser.add_argument("--compare", type=Path, help="compare with records saved here")
    parser.add_argument("--between", nargs=2, metavar=("A", "B"), choices=list(CONFIGS),
                        help="also print, per field, how many texts two configurations of this run differ in "
                             "(default tokenizer=vnpolicy: what switching the segmenter would change)")
    args = parser.parse_args(argv)
    records = run(args.articles)
    if args.between:
        between(records, *args.between)
    if args.save:
        with args.save.open("w", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"saved {len(records)} records to {args.save}")
    if args.compare:
        before = [json.loads(line) for line in args.compare.open(encoding="utf-8")]
        now = [json.loads(json.dumps(r, ensure_ascii=False, sort_keys=True)) for r in records]
        if len(before) != len(now):
            print(f"DIFFERENT: {len(before)} records saved, {len(now)} now")
            return 1
        differ = [(b, a) for b, a in zip(before, now) if b != a]
        for b, a in differ[:5]:
            keys = sorted(k for k in set(b["doc"]) | set(a["doc"]) if b["doc"].get(k) != a["doc"].get(k))
            print(f"  {b['config']} {b['input']}: fields differ: {keys}")
        print(f"{len(now) - len(differ)} of {len(now)} records equal ({len(now) // len(CONFIGS)} texts x {len(CONFIGS)} configurations)")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
