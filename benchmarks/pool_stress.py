"""Pool stress: tiny tasks on busy cores must never hang, and 2 workers must beat 1.

    python benchmarks/pool_stress.py                      # 20 runs of 5,000 tasks; 20,000 files x 1 and 2 workers
    python benchmarks/pool_stress.py --runs 5 --files 3000

1. ``--runs`` times: 5,000 tiny tasks through :class:`vnpolicy.batch.pool.OrderedPool` with 2
   workers while one process spins on a core; a run that gives no result for ``--hang`` seconds
   counts as hung (the bug of issue 16 stalled 3 runs out of 3).
2. ``--files`` tiny article files (made in a temporary folder) through ``vnpolicy analyze`` with
   1 and then 2 workers: wall time, and the CPU time of the parent and of its workers.

Prints numbers; asserts nothing (speed depends on the machine and its load).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _init() -> int:
    return 1


def _square(state: int, item: int) -> int:
    return item * item


def stress_runs(runs: int, tasks: int, hang: float) -> None:
    from pool_stress import _init, _square  # importable by name in the spawned workers

    from vnpolicy.batch.pool import OrderedPool

    passed = 0
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        for run in range(1, runs + 1):
            results: list[tuple[int, int]] = []
            started = time.perf_counter()
            thread = threading.Thread(target=lambda results=results: results.extend(
                OrderedPool(_square, init=_init, workers=2).imap(range(tasks))), daemon=True)
            thread.start()
            thread.join(hang)
            ok = not thread.is_alive() and [r for _, r in results] == [i * i for i in range(tasks)]
            passed += ok
            print(f"stress run {run:2d}: {'ok  ' if ok else 'HUNG'} {len(results):5d}/{tasks} results "
                  f"in {time.perf_counter() - started:5.1f} s", flush=True)
            if not ok:
                break  # a hung pool's workers are still alive: stop here
    finally:
        spinner.kill()
        spinner.wait()
    print(f"stress: {passed}/{runs} runs passed ({tasks} tasks, 2 workers, one core kept busy)")


def tiny_files(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"tin_{i:05d}.txt").write_text(
            f"Tin số {i}\n\nUBND xã Tân Phú họp bàn kế hoạch số {i}/KH-UBND.\n", encoding="utf-8")


def cli_run(folder: Path, out: Path, workers: int) -> tuple[float, float, float]:
    """(wall s, parent CPU s, workers CPU s) of one `vnpolicy analyze` run."""
    script = ("import resource, sys, time\n"
              "from vnpolicy.cli import main\n"
              "if __name__ == '__main__':\n"
              "    code = main(sys.argv[1:])\n"
              "    s = resource.getrusage(resource.RUSAGE_SELF)\n"
              "    c = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "    print('CPU', s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime, file=sys.stderr)\n"
              "    sys.exit(code)\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, "analyze", str(folder), "-o", str(out),
                           "--workers", str(workers)], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    cpu = [line for line in done.stderr.splitlines() if line.startswith("CPU ")]
    summary = [line for line in done.stderr.splitlines() if "done," in line]
    print(f"  {workers} worker(s): exit {done.returncode}; {summary[-1] if summary else done.stderr[-300:]}")
    parent, children = (float(x) for x in cpu[-1].split()[1:]) if cpu else (float("nan"), float("nan"))
    return wall, parent, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="stress runs of the bare pool (default 20)")
    parser.add_argument("--tasks", type=int, default=5000, help="tasks per stress run (default 5000)")
    parser.add_argument("--hang", type=float, default=300, help="seconds without an end that count as a hang")
    parser.add_argument("--files", type=int, default=20000, help="tiny files through the CLI (default 20000)")
    parser.add_argument("--order", type=lambda t: [int(x) for x in t.split(",")], default=[1, 2, 2, 1],
                        help="worker counts of the CLI runs, in order (default 1,2,2,1)")
    args = parser.parse_args()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    with open("/proc/loadavg") as handle:
        print("load average at start:", handle.read().split()[:3])
    if args.runs:
        stress_runs(args.runs, args.tasks, args.hang)
    if args.files:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "tiny"
            tiny_files(folder, args.files)
            rows: dict[int, list[tuple[float, float, float]]] = {1: [], 2: []}
            for k, workers in enumerate(args.order):  # 1,2,2,1: a load that drifts hits both alike
                rows[workers].append(cli_run(folder, Path(tmp) / f"out{k}.jsonl", workers))
                wall, parent, children = rows[workers][-1]
                with open("/proc/loadavg") as handle:
                    load = handle.read().split()[0]
                print(f"{args.files} tiny files, {workers} worker(s): {wall:6.1f} s wall, "
                      f"{args.files / wall:6.1f} files/s; CPU parent {parent:.1f} s, workers {children:.1f} s; "
                      f"load {load}", flush=True)
            mean = {w: sum(r[0] for r in runs) / len(runs) for w, runs in rows.items() if runs}
            if 1 in mean and 2 in mean:
                print(f"2 workers / 1 worker mean wall time: {mean[2] / mean[1]:.2f}")
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    print(f"benchmark process CPU: {cpu1.ru_utime - cpu0.ru_utime:.1f} s")


if __name__ == "__main__":
    main()
