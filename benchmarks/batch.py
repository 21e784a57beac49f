"""Batch throughput: articles/s with 1 and 2 local workers and the Dask local engine, peak memory,
time per pipeline step, and underthesea's normalize + ner on the same articles.

    python benchmarks/batch.py                  # 2000 articles of ~900 syllables
    python benchmarks/batch.py --articles 400 --underthesea 20 --profile 30

The corpus is generated in a temporary folder (never committed) from the paragraphs of the
bundled samples (data/articles) and, when ../shared/corpora/vntc is there, real VNTC news text.
Workers return finished JSON lines, as in ``vnpolicy analyze``. Rates are given twice: overall (including worker start-up and model loading) and steady
(from the first finished article to the last), which is what a long run sees.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import lzma
import os
import pstats
import random
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLES = ROOT / "data" / "articles"
VNTC = ROOT.parent / "shared" / "corpora" / "vntc" / "train.jsonl.xz"
SYLLABLE = re.compile(r"\w+")


# -- corpus ---------------------------------------------------------------------------------

def paragraphs_from_samples() -> list[str]:
    from vnpolicy.read import read_articles

    found = []
    for article in read_articles(ARTICLES, on_error="skip"):
        found += [p.strip() for p in article.body.split("\n") if len(SYLLABLE.findall(p)) >= 25]
    return found


def paragraphs_from_vntc(limit: int) -> list[str]:
    if not VNTC.exists():
        return []
    found: list[str] = []
    with lzma.open(VNTC, "rt", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            found += [p.strip() for p in re.split(r"\n+", text) if len(SYLLABLE.findall(p)) >= 25]
            if len(found) >= limit:
                break
    return found


def make_corpus(folder: Path, n: int, syllables: int, seed: int = 6) -> list[Path]:
    """``n`` articles of about ``syllables`` syllables: a title line, then paragraphs."""
    rng = random.Random(seed)
    samples = paragraphs_from_samples()
    vntc = paragraphs_from_vntc(20000)
    pool = samples + vntc
    print(f"corpus: {n} articles of ~{syllables} syllables from {len(samples)} sample paragraphs"
          f" and {len(vntc)} VNTC paragraphs -> {folder}")
    paths = []
    for i in range(n):
        parts, count = [], 0
        # half sample (this domain), half VNTC (real newswire) when VNTC is there
        while count < syllables:
            source = samples if (not vntc or rng.random() < 0.5) else vntc
            p = rng.choice(source)
            parts.append(p)
            count += len(SYLLABLE.findall(p))
        title = " ".join(rng.choice(pool).split()[:12])
        path = folder / f"{i // 500:02d}" / f"bai_{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(title + "\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# -- measuring ------------------------------------------------------------------------------

class PeakRSS:
    """Samples the RSS and CPU time of this process's descendants (the workers) during a run.

    CPU seconds give a per-core rate that does not depend on how busy the machine is."""

    def __init__(self) -> None:
        self.peak_total = self.peak_one = 0
        self.cpu: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.sample()

    def sample(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        with self._lock:
            sizes = []
            for child in psutil.Process().children(recursive=True):
                try:
                    sizes.append(child.memory_info().rss)
                    times = child.cpu_times()
                    self.cpu[child.pid] = times.user + times.system
                except psutil.Error:
                    pass
            if sizes:
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_one = max(self.peak_one, max(sizes))

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(name: str, results: object, n: int) -> dict[str, float]:
    own = time.process_time()
    started = time.perf_counter()
    first = None
    cpu_at_first = 0.0
    failed = docs = seen = 0
    with PeakRSS() as rss:
        for result in results:  # type: ignore[attr-defined]
            if first is None:
                first = time.perf_counter()
                rss.sample()
                cpu_at_first = sum(rss.cpu.values())
            docs += result.counts[0]
            failed += not result.ok
            seen += 1
            if seen == n:
                rss.sample()  # the workers are still alive: their final CPU time
    end = time.perf_counter()
    own = time.process_time() - own
    cpu = sum(rss.cpu.values())
    overall = n / (end - started)
    steady = (n - 1) / (end - first) if first and end > first else float("nan")
    print(f"{name:<28} {n:>5} articles  {end - started:7.1f} s  overall {overall:6.1f}/s  "
          f"steady {steady:6.1f}/s  failed {failed}  peak RSS workers {rss.peak_total / 2**20:6.0f} MB "
          f"(largest {rss.peak_one / 2**20:.0f} MB)")
    if cpu:
        steady_cpu = (n - 1) / (cpu - cpu_at_first) if cpu > cpu_at_first else float("nan")
        print(f"{'':<28} worker CPU {cpu:.1f} s = {n / cpu:.1f} articles per CPU-second with start-up, "
              f"{steady_cpu:.1f} after the first article; parent CPU {own:.1f} s")
    return {"overall": overall, "steady": steady, "per_cpu_s": n / cpu if cpu else float("nan")}


def step_times(paths: list[Path]) -> None:
    """CPU seconds per article for each pipeline step (in this process, no profiler), then the
    functions that take the time (a second pass under cProfile)."""
    from vnpolicy.document import Document
    from vnpolicy.pipeline import Pipeline, StepState, _body_trace
    from vnpolicy.read import read_file_articles

    nlp = Pipeline()
    articles = [read_file_articles(p)[0] for p in paths]
    nlp(articles[0])  # warm up lazy loads
    totals = {name: 0.0 for name in nlp.step_names}
    profile = cProfile.Profile()
    for profiled in (False, True):
        for article in articles:
            doc = Document(raw=article.raw, title=article.title, date=article.date, source=article.path)
            state = StepState(trace=_body_trace(article), article=article)
            for name, step in nlp.steps:
                if profiled:
                    profile.enable()
                    step(doc, state)
                    profile.disable()
                else:
                    t = time.process_time()
                    step(doc, state)
                    totals[name] += time.process_time() - t
    total = sum(totals.values())
    print(f"per step, CPU time in one process, {len(articles)} articles: "
          + ", ".join(f"{k} {1000 * v / len(articles):.1f} ms" for k, v in totals.items())
          + f"; total {1000 * total / len(articles):.1f} ms/article = {len(articles) / total:.1f} articles per CPU-second")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(12)
    print("top functions by own time (cProfile):")
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def underthesea_rate(paths: list[Path]) -> None:
    from underthesea import ner, text_normalize

    texts = [p.read_text(encoding="utf-8") for p in paths]
    ner("Khởi động.")
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        clean = text_normalize(text)
        for paragraph in clean.split("\n"):
            if paragraph.strip():
                ner(paragraph)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{'underthesea normalize+ner':<28} {len(texts):>5} articles  {seconds:7.1f} s  "
          f"{len(texts) / seconds:6.2f}/s  ({seconds / len(texts):.2f} s/article, one process; "
          f"{len(texts) / cpu:.2f} articles per CPU-second)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--syllables", type=int, default=900)
    parser.add_argument("--underthesea", type=int, default=30, help="articles for underthesea (slow)")
    parser.add_argument("--profile", type=int, default=40, help="articles for the per-step profile (0: skip)")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--workers", default="1,2", help="local worker counts to try ('' for none)")
    args = parser.parse_args()

    from vnpolicy.batch.engines import run_dask, run_local

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cores} cores usable, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="vnpolicy-bench-") as tmp:
        paths = make_corpus(Path(tmp), args.articles, args.syllables)
        tasks = [str(p) for p in paths]
        options: dict[str, object] = {}
        if args.profile:
            step_times(paths[: args.profile])
        rates = {}
        for n in (int(x) for x in args.workers.split(",") if x.strip()):
            results = run_local(tasks, options, workers=n, timeout=300, encode=True)
            rates[n] = measure(f"local, {n} worker{'s' * (n > 1)}", results, len(tasks))
        if len(rates) >= 2 and 1 in rates and 2 in rates:
            print(f"speed-up 1 -> 2 workers: overall x{rates[2]['overall'] / rates[1]['overall']:.2f}, "
                  f"steady x{rates[2]['steady'] / rates[1]['steady']:.2f}")
        if not args.no_dask:
            measure("dask LocalCluster, 2 workers", run_dask(tasks, options, workers=2, timeout=300, encode=True), len(tasks))
        if args.underthesea:
            underthesea_rate(paths[: args.underthesea])


if __name__ == "__main__":
    main()
