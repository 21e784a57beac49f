"""Same output, less CPU: the typo step of this tree against a peer tree (usually main), on real text.

    python benchmarks/typo_equivalence.py --peer ../../main            # compare outputs and speed
    python benchmarks/typo_equivalence.py --articles 300 --profile 30  # where the time goes

Text: ``--articles`` VNTC news articles (every 7th line of ``vntc/train.jsonl.xz``) and the UD
Vietnamese-VTB dev sentences, from ``../shared/corpora``. For each text it records what
``vnpolicy.correct`` returns in auto mode (clean text, every correction with rule, offsets,
confidence and note, the suspects) and, for the UD sentences and the first ``--review``
articles, in review mode. With ``--peer DIR`` the same script runs in a child process with
``DIR`` first on ``sys.path`` (the peer's ``vnpolicy``, same interpreter and libraries); the
two record lists must be equal, and the first differences are printed.

Speed: CPU time (``time.process_time``, one core) of ``correct()`` per 1,000 syllables, after a
warm-up that loads the models; then the articles once more with every per-word cache warm (as
``benchmarks/speed.py`` times the step). The peer is timed in the same run, so the ratio is what
counts (absolute numbers on these shared machines move from run to run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared" / "corpora"
VNTC = CORPORA / "vntc" / "train.jsonl.xz"
UD_DEV = CORPORA / "ud_vi_vtb" / "vi_vtb-ud-dev.conllu"
SYLLABLE = re.compile(r"\w+")


def texts(n_articles: int) -> tuple[list[str], list[str]]:
    """``n_articles`` VNTC articles (every 7th line) and the UD dev sentences, as written."""
    sys.path.insert(0, str(HERE))
    from speed import vntc_sample

    articles = vntc_sample(n_articles, every=7, offset=3)
    sentences = [
        line[len("# text = ") :].strip()
        for line in UD_DEV.read_text(encoding="utf-8").splitlines()
        if line.startswith("# text = ")
    ]
    return articles, sentences


def record(result) -> dict:
    return {
        "text": result.text,
        "corrections": [[c.start, c.end, c.original, c.replacement, c.rule, c.confidence, c.note] for c in result.corrections],
        "suspects": [[s.start, s.end, s.original, list(s.suggestions), s.confidence, s.rule, s.note] for s in result.suspects],
    }


def run(n_articles: int, n_review: int) -> dict:
    """Records of every text, and the CPU seconds and syllables of the auto-mode pass."""
    import vnpolicy
    from vnpolicy.text import correct
    from vnpolicy.text.spelling.slips import two_syllable_words

    articles, sentences = texts(n_articles)
    two_syllable_words()
    correct("Khởi động Tổ khảo sát.")  # load the models outside the clock
    auto_texts = articles + sentences
    start = time.process_time()
    auto = [record(correct(t)) for t in auto_texts]
    seconds = time.process_time() - start
    start = time.process_time()  # the articles again, caches warm: what benchmarks/speed.py times
    for t in articles:
        correct(t)
    warm_seconds = time.process_time() - start
    review_texts = sentences + articles[:n_review]
    start = time.process_time()
    review = [record(correct(t, mode="review")) for t in review_texts]
    review_seconds = time.process_time() - start
    return {
        "package": str(Path(vnpolicy.__file__).parent),
        "auto": auto,
        "review": review,
        "seconds": seconds,
        "warm_seconds": warm_seconds,
        "warm_syllables": sum(len(SYLLABLE.findall(t)) for t in articles),
        "review_seconds": review_seconds,
        "syllables": sum(len(SYLLABLE.findall(t)) for t in auto_texts),
        "review_syllables": sum(len(SYLLABLE.findall(t)) for t in review_texts),
        "texts": len(auto_texts),
    }


def peer_run(peer: Path, n_articles: int, n_review: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(peer.resolve()))
    out = subprocess.run(
        [sys.executable, __file__, "--articles", str(n_articles), "--review", str(n_review), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def differences(a: list[dict], b: list[dict], label: str) -> int:
    n = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            n += 1
            if n <= 5:
                for part in ("text", "corrections", "suspects"):
                    if x[part] != y[part]:
                        print(f"  {label} #{i} {part} differs:\n    this: {str(x[part])[:400]}\n    peer: {str(y[part])[:400]}")
    return n + abs(len(a) - len(b))


def profile(n_articles: int) -> None:
    import cProfile
    import pstats

    from vnpolicy.text import correct
    from vnpolicy.text.spelling.slips import two_syllable_words

    articles, _ = texts(n_articles)
    two_syllable_words()
    correct("Khởi động Tổ khảo sát.")
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for t in articles:
        correct(t)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--review", type=int, default=60, help="articles also run in review mode")
    ap.add_argument("--peer", type=Path, help="another checkout of vnpolicy to compare with")
    ap.add_argument("--save", type=Path, help="also write this tree's records (JSON) here")
    ap.add_argument("--against", type=Path, help="compare with records saved by --save (no timing)")
    ap.add_argument("--profile", type=int, metavar="N", help="cProfile correct() on N articles instead")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the child process's output
    args = ap.parse_args(argv)
    if not VNTC.exists() or not UD_DEV.exists():
        print(f"needs {VNTC} and {UD_DEV}", file=sys.stderr)
        return 2
    if args.profile:
        profile(args.profile)
        return 0
    if args.json:
        print(json.dumps(run(args.articles, args.review), ensure_ascii=False))
        return 0
    peer = peer_run(args.peer, args.articles, args.review) if args.peer else None
    this = run(args.articles, args.review)
    if args.save:
        args.save.write_text(json.dumps(this, ensure_ascii=False), encoding="utf-8")
    if args.against:
        saved = json.loads(args.against.read_text(encoding="utf-8"))
        diff = differences(this["auto"], saved["auto"], "auto") + differences(this["review"], saved["review"], "review")
        print(f"against {args.against} ({saved['package']}): outputs differing: {diff} of {len(this['auto']) + len(this['review'])}")
        if diff:
            return 1
    rows = [("this", this)] + ([("peer", peer)] if peer else [])
    print(f"{this['texts']} texts ({args.articles} VNTC articles + UD dev), {this['syllables']:,} syllables; "
          f"review mode on {len(this['review'])} texts, {this['review_syllables']:,} syllables")
    for name, r in rows:
        print(f"  {name} ({r['package']}): correct() {1e6 * r['seconds'] / r['syllables']:.1f} ms CPU / 1,000 syllables; "
              f"review mode {1e6 * r['review_seconds'] / r['review_syllables']:.1f}; "
              f"articles again, caches warm {1e6 * r['warm_seconds'] / r['warm_syllables']:.1f}")
    if peer is None:
        return 0
    print(f"  ratio this/peer: auto {this['seconds'] / peer['seconds']:.2f}, review {this['review_seconds'] / peer['review_seconds']:.2f}, "
          f"warm {this['warm_seconds'] / peer['warm_seconds']:.2f}")
    diff = differences(this["auto"], peer["auto"], "auto") + differences(this["review"], peer["review"], "review")
    fixes = sum(len(r["corrections"]) for r in this["auto"])
    print(f"  outputs differing: {diff} of {len(this['auto']) + len(this['review'])} "
          f"({fixes} corrections, {sum(len(r['suspects']) for r in this['review'])} review suspects in this tree)")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
