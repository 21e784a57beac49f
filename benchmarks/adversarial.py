"""Hostile input: CPU time per 10 kB of every step, peak memory, outcome; then random hostile texts.

    python benchmarks/adversarial.py                    # every input at 10 kB and 20 kB, 10,000 texts
    python benchmarks/adversarial.py --size 2000 --examples 500 --only url_dots,bi_thu

Part 1: each hostile input of ``tests/hostile.py`` (the inputs of issue 16 and the ones found by
timing each step on runs) is built at ``--size`` characters and at twice that, and each step
(read, normalize, typos, sentences, words, entities, topics) runs on it alone, in a forked child
with a cap of ``--cap`` seconds of wall time: the CPU time per 10 kB (UTF-8) at both sizes, the ratio of the two
times (about 2 when the step is linear), the child's peak RSS, and the outcome ("ok", the error's
class, or "killed" past the cap). Each step gets the hostile text itself (an HTML page: the
body the reader made of it), so one slow step does not hide another.

Part 2: ``--examples`` texts drawn by hypothesis from ``hostile_texts()`` go through
``vnpolicy.analyze``, and file names from ``hostile_file_names()`` through ``read_articles``;
prints how many raised something other than a documented ``VnpolicyError`` (target 0).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402

import vnpolicy  # noqa: E402
from vnpolicy.errors import VnpolicyError  # noqa: E402

STEPS = ("read", "normalize", "typos", "sentences", "words", "entities", "topics")


def run_step(step: str, raw: str, is_html: bool) -> float:
    """CPU seconds of ``step`` alone on ``raw`` (least of up to 3 runs); an HTML page is read
    first (untimed but for "read")."""
    from vnpolicy.tokenize import _segment_line

    text = raw
    if is_html and step != "read":
        text = hostile.html_body(raw)
    work = hostile.STEPS[step]
    best = float("inf")
    for _ in range(3):  # a slow step runs once
        _segment_line.cache_clear()  # a repeat must not read the words of its lines from the cache
        start = time.process_time()
        work(text)
        best = min(best, time.process_time() - start)
        if best > 0.2:
            break
    return best


def measure(step: str, raw: str, is_html: bool, cap: float) -> tuple[str, float | None, float]:
    """``(outcome, cpu seconds or None, peak RSS MB)`` of one step in a forked child."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        # (No RLIMIT_CPU: with it set, Linux reports process_time() deltas of 0.)
        try:
            seconds = run_step(step, raw, is_html)
            message = f"ok {seconds!r}"
        except VnpolicyError as error:
            message = f"{type(error).__name__} nan"
        except BaseException as error:  # noqa: BLE001 - the outcome is the point
            message = f"TRACEBACK:{type(error).__name__} nan"
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        os.write(write_fd, f"{message} {peak}".encode())
        os._exit(0)
    os.close(write_fd)
    deadline = time.monotonic() + cap  # wall time: on a busy machine a step may get killed early
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        time.sleep(0.02)
    data = os.read(read_fd, 4096).decode()
    os.close(read_fd)
    if not data:
        return f"killed (> {cap:g} s)", None, float("nan")
    outcome, seconds, peak = data.split()
    value = float(seconds)
    return outcome, (None if value != value else value), float(peak)


def part1(size: int, cap: float, only: set[str] | None) -> int:
    per10k = lambda s, text: s / (len(text.encode("utf-8")) / 10240)  # noqa: E731
    print(f"{'input':<22} {'step':<10} {'s/10kB @n':>10} {'s/10kB @2n':>11} {'ratio':>6} {'peak MB':>8}  outcome")
    worst = 0.0
    inputs = [(n, g, False) for n, g in hostile.TEXT.items()] + [(n, g, True) for n, g in hostile.HTML.items()]
    for name, generator, is_html in inputs:
        if only and name not in only:
            continue
        small, large = generator(size), generator(2 * size)
        for step in STEPS:
            outcome, t1, _ = measure(step, small, is_html, cap)
            outcome2, t2, peak = measure(step, large, is_html, cap) if t1 is not None else (outcome, None, float("nan"))
            a = f"{per10k(t1, small):.4f}" if t1 is not None else "-"
            b = f"{per10k(t2, large):.4f}" if t2 is not None else "-"
            ratio = f"{t2 / max(t1, 1e-3):.2f}" if t1 is not None and t2 is not None else "-"
            if t2 is not None:
                worst = max(worst, per10k(t2, large))
            elif "killed" in outcome2:
                worst = float("inf")
            shown = outcome if outcome == outcome2 else f"{outcome} / {outcome2}"
            print(f"{name:<22} {step:<10} {a:>10} {b:>11} {ratio:>6} {peak:>8.0f}  {shown}", flush=True)
    print(f"worst step: {worst:.4f} s per 10 kB (target < 0.5)")
    return 0 if worst < 0.5 else 1


def part2(examples: int) -> int:
    from hypothesis import HealthCheck, given, settings

    counts = {"texts": 0, "documented errors": 0, "tracebacks": 0}
    shown: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(hostile.hostile_texts())
    def texts(text: str) -> None:
        counts["texts"] += 1
        try:
            vnpolicy.analyze(text)
        except VnpolicyError:
            counts["documented errors"] += 1
        except Exception:  # noqa: BLE001 - counted
            counts["tracebacks"] += 1
            if len(shown) < 5:
                shown.append(f"{text!r}\n{traceback.format_exc(limit=3)}")

    names = {"files": 0, "read": 0, "reported": 0, "tracebacks": 0}

    @settings(max_examples=max(1, examples), deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(hostile.hostile_file_names(), hostile.hostile_texts())
    def files(name: str, text: str) -> None:
        names["files"] += 1
        with tempfile.TemporaryDirectory() as folder:
            try:
                Path(folder, name + ".txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            except (OSError, UnicodeError):
                names["files"] -= 1
                return
            errors: list[VnpolicyError] = []
            try:
                got = list(vnpolicy.read_articles(folder, on_error=errors.append))
                for article in got:  # and on through the whole pipeline, named by its odd file name
                    try:
                        vnpolicy.analyze(article)
                    except VnpolicyError:
                        names["reported"] += 1
                names["read"] += len(got)
                names["reported"] += len(errors)
            except VnpolicyError:
                names["reported"] += 1
            except Exception:  # noqa: BLE001 - counted
                names["tracebacks"] += 1
                if len(shown) < 5:
                    shown.append(f"file {name!r}\n{traceback.format_exc(limit=3)}")

    start = time.process_time()
    texts()
    files()
    print(f"hypothesis: {counts['texts']} texts through analyze: {counts['documented errors']} documented "
          f"errors, {counts['tracebacks']} tracebacks; {names['files']} files through read_articles and analyze: "
          f"{names['read']} read, {names['reported']} reported, {names['tracebacks']} tracebacks "
          f"({time.process_time() - start:.0f} s CPU)")
    for item in shown:
        print(item)
    return 0 if counts["tracebacks"] == 0 and names["tracebacks"] == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10240, help="characters of the smaller input (default 10240)")
    parser.add_argument("--cap", type=float, default=20.0, help="seconds (wall) before a step is killed")
    parser.add_argument("--examples", type=int, default=10000, help="hypothesis texts through analyze")
    parser.add_argument("--only", help="comma-separated input names")
    args = parser.parse_args()
    vnpolicy.analyze("Ban Dân vận Tỉnh ủy làm việc tại huyện Tháp Mười ngày 19/8/2022.")  # load models first
    only = set(args.only.split(",")) if args.only else None
    status = part1(args.size, args.cap, only)
    if args.examples:
        status |= part2(args.examples)
    return status


if __name__ == "__main__":
    sys.exit(main())
