"""The entity step's output now and at an earlier revision, on texts nobody here wrote: 0 differences expected.

Run from the repository root:
    python benchmarks/entity_equivalence.py [--baseline REV] [--articles 150]

Why: a change meant to make the entity step cheaper (the tagger's scoring, its model file, the
rules' hot spots) must not change what it finds. The earlier revision is exported with
``git archive`` into a temporary folder (code and its own model file) and run in a child
process on the same texts; this checkout runs in this process. Compared, text by text: the
tagger's entities (label, offsets, text, attributes: what a Pipeline gives) and the rules'
entities. Texts: the dev split of the VNTC entity gold (never the sealed test split), ``--articles``
whole VNTC articles (every 50th item of ../shared/corpora/vntc/train.jsonl.xz from the 8th), and the
20 joined articles of about 1,400 syllables that benchmarks/speed.py times. Also prints each
side's CPU time per 1,000 syllables of the entity step with the tagger (same texts, same run,
best of ``--rounds``, taking turns) and the time to load the tagger in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNTC = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
DEV = ROOT / "data" / "gold" / "entities" / "vntc" / "dev.jsonl"
SYLLABLE = re.compile(r"\w+")

# Run in the child (the baseline's code) and in this process (this checkout's code) alike: only
# APIs both revisions have. Reads texts (JSON) on stdin, writes outputs and timings (JSON) on stdout.
WORKER = r"""
import json, sys, time
t0 = time.process_time()
from vnpolicy.entities import entity_tagger
try:
    from vnpolicy.entities import rule_entities
except ImportError:  # before 2026-12-03 extract_entities was the rules alone
    from vnpolicy.entities import extract_entities as rule_entities
tagger = entity_tagger(None)
load = time.process_time() - t0
texts, rounds = json.load(sys.stdin)

def ents(found):
    return [[e.label, e.start, e.end, e.text, e.attrs] for e in found]

out = {"file": __import__("vnpolicy").__file__, "load": load, "tagger": [ents(tagger.entities(t)) for t in texts],
       "rules": [ents(rule_entities(t)) for t in texts]}
times = []
for _ in range(rounds):
    t0 = time.process_time()
    for t in texts:
        tagger.entities(t)
    times.append(time.process_time() - t0)
out["times"] = times
json.dump(out, sys.stdout, ensure_ascii=False, default=str)
"""


def texts(n_articles: int) -> tuple[list[str], dict[str, int]]:
    """The texts compared, and how many of each kind."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from speed import real_articles, vntc_sample

    dev = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = vntc_sample(n_articles, every=50, offset=7)
    joined = real_articles(20) if VNTC.exists() else []
    return dev + articles + joined, {"dev paragraphs": len(dev), "VNTC articles": len(articles), "joined articles": len(joined)}


def run(code_dir: Path, payload: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code_dir)!r})\n" + WORKER],
                          input=payload, capture_output=True, text=True, env=env, cwd=code_dir, check=False)
    if done.returncode:
        raise SystemExit(f"{code_dir}: the worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="dfd23f0", help="the revision to compare with (default: before issue 10's speed work)")
    ap.add_argument("--articles", type=int, default=150)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    batch, kinds = texts(a.articles)
    syllables = sum(len(SYLLABLE.findall(t)) for t in batch)
    print(f"{len(batch)} texts ({', '.join(f'{v} {k}' for k, v in kinds.items())}), {syllables:,} syllables")
    payload = json.dumps([batch, a.rounds], ensure_ascii=False)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "base.tar"
        subprocess.run(["git", "archive", "-o", str(archive), a.baseline], cwd=ROOT, check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(Path(tmp) / "base", filter="data")
        before = run(Path(tmp) / "base", payload)
        after = run(ROOT, payload)
    for name, side in (("baseline", before), ("this checkout", after)):
        print(f"{name}: {side['file']}")
    for kind in ("tagger", "rules"):
        diff = [i for i, (x, y) in enumerate(zip(before[kind], after[kind])) if x != y]
        n = sum(map(len, after[kind]))
        print(f"{kind} entities: {n:,} now, {sum(map(len, before[kind])):,} at {a.baseline}; "
              f"texts that differ: {len(diff)} of {len(batch)}")
        for i in diff[:5]:
            gone = [e for e in before[kind][i] if e not in after[kind][i]]
            new = [e for e in after[kind][i] if e not in before[kind][i]]
            print(f"  text {i}: only before {gone[:3]}; only now {new[:3]}")
    k = syllables / 1000
    print(f"entity step with the tagger, CPU ms per 1,000 syllables (best of {a.rounds}): "
          f"{a.baseline} {min(before['times']) * 1000 / k:.1f}, now {min(after['times']) * 1000 / k:.1f}")
    print(f"loading the tagger (first call, fresh process, CPU s; includes importing the rules): "
          f"{a.baseline} {before['load']:.2f}, now {after['load']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
