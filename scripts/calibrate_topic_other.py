#!/usr/bin/env python
"""Choose the score below which an article gets no topic ("other"), on held-out data.

In-domain: the ``test`` split of data/topics (never used to train the shipped model).
Out-of-domain: VNTC articles from sections outside government work (sport results, computing,
science, lifestyle), read from ../shared/corpora/vntc (MIT); none of them trained the model.
Rule: the highest threshold that still keeps at least ``--keep`` (default 95%) of the
held-out in-domain articles topical; the out-of-domain rejection at that threshold is printed.
Writes vnpolicy/resources/topics/other_threshold.json (with the numbers) unless --dry-run.

    python scripts/calibrate_topic_other.py [--per-section 300] [--keep 0.95] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnpolicy.topics import TopicInputError, classify, load_model  # noqa: E402

VNTC = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
OUT_OF_DOMAIN = ("The thao", "Vi tinh", "Khoa hoc", "Doi song")
OUTPUT = ROOT / "vnpolicy" / "resources" / "topics" / "other_threshold.json"


def in_domain() -> list[str]:
    split = {}
    for line in (ROOT / "data" / "topics" / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        rid, _, _, part = line.split("\t")
        split[rid] = part
    texts = []
    for path in sorted((ROOT / "data" / "topics" / "articles").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                obj = json.loads(line)
                if split.get(obj["id"]) == "test":
                    texts.append(f"{obj.get('title', '')}\n{obj['text']}")
    return texts


def vntc(sections: tuple[str, ...], per_section: int) -> dict[str, list[str]]:
    """The first ``per_section`` articles of each section, in file order (deterministic)."""
    out: dict[str, list[str]] = {s: [] for s in sections}
    with lzma.open(VNTC, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            bucket = out.get(obj["label"])
            if bucket is not None and len(bucket) < per_section:
                bucket.append(obj["text"])
            if all(len(b) >= per_section for b in out.values()):
                break
    return out


def best_scores(texts: list[str]) -> list[float]:
    model = load_model()
    scores = []
    for text in texts:
        try:
            scores.append(classify(text, model=model)[0][1])
        except TopicInputError:
            scores.append(0.0)
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-section", type=int, default=300)
    ap.add_argument("--keep", type=float, default=0.95)
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    if not VNTC.exists():
        raise SystemExit(f"{VNTC}: not found (the out-of-domain half of the held-out data)")
    pos = sorted(best_scores(in_domain()))
    neg_by = {s: best_scores(t) for s, t in vntc(OUT_OF_DOMAIN, args.per_section).items()}
    neg = [v for vs in neg_by.values() for v in vs]
    # Highest threshold keeping >= keep of in-domain articles: the (1-keep) quantile of their scores.
    k = int((1 - args.keep) * len(pos))
    threshold = round(pos[k] - 1e-4, 4) if pos else 0.0
    kept = sum(v >= threshold for v in pos) / len(pos)
    rejected = sum(v < threshold for v in neg) / len(neg)
    per_section = {s: round(sum(v < threshold for v in vs) / len(vs), 3) for s, vs in neg_by.items()}
    print(f"in-domain held-out: {len(pos)} articles, best-score quantiles "
          f"min {pos[0]:.3f} p05 {pos[len(pos)//20]:.3f} median {pos[len(pos)//2]:.3f}")
    print(f"out-of-domain: {len(neg)} VNTC articles ({', '.join(OUT_OF_DOMAIN)})")
    print(f"threshold {threshold:.4f}: in-domain kept topical {kept:.3f}, out-of-domain 'other' {rejected:.3f}")
    print("out-of-domain 'other' per section:", per_section)
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        print(f"  at {t:.1f}: in-domain kept {sum(v >= t for v in pos) / len(pos):.3f}, "
              f"out-of-domain other {sum(v < t for v in neg) / len(neg):.3f}")
    if not args.dry_run:
        OUTPUT.write_text(json.dumps({
            "threshold": threshold,
            "model": "topic_model.zip",
            "rule": f"highest best-topic score keeping >= {args.keep:.0%} of held-out in-domain articles topical",
            "in_domain": {"source": "data/topics test split", "n": len(pos), "kept_topical": round(kept, 3)},
            "out_of_domain": {"source": f"VNTC train, first {args.per_section} of each of {list(OUT_OF_DOMAIN)}",
                              "n": len(neg), "other": round(rejected, 3), "per_section": per_section},
            "script": "scripts/calibrate_topic_other.py",
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
