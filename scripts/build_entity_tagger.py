"""Build the shipped entity tagger: vnpolicy/resources/entities/tagger.zip.

Run from the repository root:
    python scripts/build_entity_tagger.py [--gold-dir data/gold/entities/vntc] [--grid]

Trains the CRF (vnpolicy.entities.tagger) on the VNTC entity gold's ``train.jsonl`` plus the
project's own portal gold (data/gold/entities/gold.jsonl and heldout*.jsonl: policy-news
paragraphs, so that the tagger also sees the domain), tunes c1/c2 on ``dev.jsonl`` with ``--grid``
(never on ``test.jsonl``, which only benchmarks/entities.py scores), and records in model.json
the dev scores of the tagger and of the rules alone. The tagger becomes the default entity step
(``info["default"]``) only if it beats the rules on every label (exact-span F1 on dev).

Deterministic: the same gold, rules and features give the same model file, byte for byte
(crfsuite's L-BFGS has no randomness; paragraphs are read in file order; fixed zip timestamps,
sorted JSON). One training run takes a few CPU-minutes on the VNTC train paragraphs + 173 portal
paragraphs, those holding a programme eight times (``--c1 0.02 --c2 0.05 --repeat PROGRAM=8``, the
defaults chosen on dev); ``--grid`` tries three settings.

``--repack FILE`` rewrites a model file of format 1 (model.json + model.crfsuite) in the current
format without retraining: the same crfsuite model, its weights exported as arrays (seconds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vnpolicy.entities import rule_entities  # noqa: E402
from vnpolicy.entities.gold import LABELS, read_gold, score  # noqa: E402
from vnpolicy.entities.tagger import EntityTagger, train_tagger  # noqa: E402

OUT = ROOT / "vnpolicy" / "resources" / "entities" / "tagger.zip"
PORTAL = ("gold", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")
GRID = [(0.02, 0.05), (0.05, 0.01), (0.01, 0.05)]  # first: the default (best dev micro-F1 with features v3; kept for v4)
# Paragraphs holding a programme count five times: PROGRAM is the rarest label (372 of 16,179 train
# mentions). Chosen on dev with round 6's data: none 0.835 micro (before round 6), x3 0.840 (ORG 0.796,
# PROGRAM 0.538), x5 0.840 (ORG 0.802, PROGRAM 0.532); c1 0.005 / 0.05 moved micro by 0.002 at most.
# Features v4 (s5-entacc) add the rules' head word ("rw=") and the cue words around a proposed programme
# ("pc="); with x5 they moved 2-fold CV on train (by article) PROGRAM 0.464 -> 0.474 exact, micro 0.792 -> 0.792.
# With rounds 8-9 (3,865 train paragraphs) on dev: x5 0.855 micro (PROGRAM 0.644), x8 0.856 (PROGRAM
# 0.674, ORG 0.815); x5 also lost spelled-out state bodies ("Ủy ban nhân dân tỉnh đề nghị ...": too few
# in VNTC, tests/test_entities_news.py holds them), x8 keeps them.
# Features v5 add distributional syllable classes (scripts/build_syllable_clusters.py): 2-fold CV on
# train by article (round 12 out, no portal gold), exact F1 without -> with: micro 0.810 -> 0.836, ORG
# 0.759 -> 0.795, LOC 0.841 -> 0.858, PER 0.861 -> 0.903, DATE 0.836 -> 0.837, LEGAL_DOC 0.767 -> 0.773,
# PROGRAM 0.526 -> 0.514; dev micro 0.863 -> 0.881.
REPEAT = ["PROGRAM=8"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold-dir", default=str(ROOT / "data" / "gold" / "entities" / "vntc"))
    ap.add_argument("--grid", action="store_true", help="try the c1/c2 grid on dev and keep the best")
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--c1", type=float, nargs="+", help="L1 weights to try (with every --c2) instead of the grid")
    ap.add_argument("--c2", type=float, nargs="+", help="L2 weights to try (with every --c1)")
    ap.add_argument("--repeat", metavar="LABEL=N", action="append", default=None,
                    help="train on each paragraph holding LABEL N times (CRFsuite has no instance weights); "
                         f"default {' '.join(REPEAT)}")
    ap.add_argument("-o", "--output", default=str(OUT))
    ap.add_argument("--portal", action="append", metavar="NAME", default=None,
                    help="a portal gold set of data/gold/entities to train on (NAME.jsonl; repeat the option); "
                         f"default {' '.join(PORTAL)}")
    ap.add_argument("--exclude-round", type=int, action="append", default=[], metavar="N",
                    help="leave out the train paragraphs of annotation round N (work/index_roundN.jsonl); "
                         "the shipped model leaves out round 12, which lowered dev PROGRAM F1 (see README)")
    ap.add_argument("--repack", metavar="FILE", help="rewrite a format-1 model file in the current format (no training)")
    a = ap.parse_args()
    if a.repack:
        return repack(Path(a.repack), Path(a.output))
    gold_dir = Path(a.gold_dir)
    train = read_gold(gold_dir / "train.jsonl")
    if a.exclude_round:
        left_out = {json.loads(line)["id"] for n in a.exclude_round
                    for line in (gold_dir / "work" / f"index_round{n}.jsonl").read_text(encoding="utf-8").splitlines()}
        train = [p for p in train if p.id not in left_out]
    portal_gold = [ROOT / "data" / "gold" / "entities" / f"{n}.jsonl" for n in (a.portal or PORTAL)]
    portal = [p for f in portal_gold if f.exists() for p in read_gold(f)]
    dev = read_gold(gold_dir / "dev.jsonl")
    print(f"train: {len(train)} VNTC + {len(portal)} portal paragraphs; dev: {len(dev)} paragraphs")
    repeat = {lab: int(n) for lab, _, n in (r.partition("=") for r in (REPEAT if a.repeat is None else a.repeat))}
    paragraphs = [p for p in train + portal
                  for _ in range(max([repeat.get(lab, 1) for *_, lab in p.spans], default=1))]
    rules = score(dev, lambda t: [(e.start, e.end, e.label) for e in rule_entities(t)])
    best = None
    grid = GRID if a.grid else GRID[:1]
    if a.c1 or a.c2:
        grid = [(c1, c2) for c1 in (a.c1 or [GRID[0][0]]) for c2 in (a.c2 or [GRID[0][1]])]
    for c1, c2 in grid:
        t0 = time.process_time()
        tagger = train_tagger(paragraphs, c1=c1, c2=c2, max_iterations=a.iterations)
        s = score(dev, tagger.spans)
        f = s.prf("exact")[2]
        print(f"c1={c1} c2={c2}: dev exact micro-F1 {f:.3f} (train {time.process_time() - t0:.0f} s CPU)")
        if best is None or f > best[0]:
            best = (f, c1, c2, tagger, s)
    _, c1, c2, tagger, s = best
    print("dev, rules alone:\n" + rules.table())
    print(f"dev, tagger (c1={c1}, c2={c2}):\n" + s.table())
    per_label = {lab: {"tagger": round(s.prf("exact", lab)[2], 4), "rules": round(rules.prf("exact", lab)[2], 4)}
                 for lab in LABELS}
    beats = all(v["tagger"] > v["rules"] for v in per_label.values())
    tagger.info.update({
        "train": [str(Path(gold_dir / "train.jsonl").relative_to(ROOT)) if gold_dir.is_relative_to(ROOT) else "vntc/train.jsonl",
                  *[str(f.relative_to(ROOT)) for f in portal_gold if f.exists()]],
        "sha256": {name: hashlib.sha256((gold_dir / name).read_bytes()).hexdigest() for name in ("train.jsonl", "dev.jsonl")},
        "excluded_rounds": a.exclude_round, "n_train_vntc": len(train), "n_train_portal": len(portal), "repeat": repeat, "dev_exact_f1": per_label,
        "dev_micro_f1": {"tagger": round(s.prf("exact")[2], 4), "rules": round(rules.prf("exact")[2], 4)},
        "default": beats,
    })
    path = tagger.save(a.output)
    print(f"{path}: {path.stat().st_size:,} bytes; default entity step: {'tagger' if beats else 'rules (tagger is opt-in)'}")
    return 0


def repack(source: Path, output: Path) -> int:
    """The crfsuite model and training notes of a format-1 file, saved in the current format."""
    from vnpolicy.modelfile import read_members

    members = read_members(source, ("model.json", "model.crfsuite"), {"model.json": 2**20, "model.crfsuite": 64 * 2**20})
    meta = json.loads(members["model.json"])
    crf = members["model.crfsuite"]
    if meta.get("format_version") != 1 or hashlib.sha256(crf).hexdigest() != meta["sha256"]["model.crfsuite"]:
        raise SystemExit(f"{source}: not an intact format-1 entity model")
    path = EntityTagger(crf, meta["info"]).save(output)
    print(f"{path}: {path.stat().st_size:,} bytes (repacked from {source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
