#!/usr/bin/env python
"""Topic classification speed: loading the shipped model, classifying and explaining one article.

Prints numbers only (no pass/fail). Run from the repo root:

    python benchmarks/topics.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    t0 = time.perf_counter()
    from vnpolicy.topics import SHIPPED_MODEL, classify, explain, load_model
    from vnpolicy.topics.model import TopicModel
    t_import = time.perf_counter() - t0

    from importlib import resources

    path = resources.files("vnpolicy.resources").joinpath(SHIPPED_MODEL)
    t0 = time.perf_counter()
    model = TopicModel.load(path)
    t_load = time.perf_counter() - t0
    load_model()  # warm the default

    seed = (ROOT / "data" / "articles" / "000_c9ab4d96580aabf9.txt").read_text(encoding="utf-8")
    articles = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
    n_syll = len(seed.split())

    def timeit(fn, repeat: int = 200) -> list[float]:
        out = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t) * 1000)
        return out

    seed_ms = timeit(lambda: classify(seed, model=model))
    explain_ms = timeit(lambda: explain(seed, model=model), repeat=100)
    t0 = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for a in articles:
            classify(a, model=model)
    per_article = (time.perf_counter() - t0) * 1000 / (rounds * len(articles))

    size = Path(str(path)).stat().st_size / 1e6
    print(f"model file: {size:.2f} MB, {len(model.features)} features, {len(model.labels)} labels")
    print(f"import vnpolicy.topics: {t_import * 1000:.0f} ms; load shipped model: {t_load * 1000:.0f} ms")
    print(f"classify seed article ({n_syll} syllables): median {statistics.median(seed_ms):.2f} ms, "
          f"p95 {sorted(seed_ms)[int(len(seed_ms) * 0.95)]:.2f} ms")
    print(f"explain seed article: median {statistics.median(explain_ms):.2f} ms")
    print(f"classify data/articles/*.txt ({len(articles)} files): {per_article:.2f} ms per article")


if __name__ == "__main__":
    main()
