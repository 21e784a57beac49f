"""Start-up benchmark: what ``import vnpolicy`` and ``vnpolicy --help`` cost.

    python benchmarks/import_time.py            # 7 runs of each
    python benchmarks/import_time.py --runs 15

Every command line call and every worker process pays the import, so it is kept small: the
public names load on first use (PEP 562) and pandas, numpy, pyarrow and dask load only in the
code that needs them. Prints, for each, the median over the runs of
- ``import vnpolicy``: the cumulative time ``python -X importtime`` reports for the package;
- ``vnpolicy --help``: the wall time and the CPU time (user + system) of the whole process.
Targets on the 2-core development machine: import < 0.3 s, ``--help`` < 0.5 s. Wall time on a
shared machine swings with its load; the CPU time is the steadier number. Python's own start-up
(``python -c pass``) is printed alongside as the peer measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

IMPORT_TARGET_S = 0.3
HELP_TARGET_S = 0.5


def _run(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the child) and stderr of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def import_seconds(python: str) -> float:
    """The cumulative ``-X importtime`` figure of the top-level ``vnpolicy`` import."""
    _, _, log = _run([python, "-X", "importtime", "-c", "import vnpolicy"])
    for line in log.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| vnpolicy$", line)
        if match:
            return int(match.group(1)) / 1e6
    raise RuntimeError("python -X importtime printed no line for vnpolicy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    script = Path(python).with_name("vnpolicy")
    cli = [str(script)] if script.exists() else [python, "-m", "vnpolicy.cli"]
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"

    imports = [import_seconds(python) for _ in range(args.runs)]
    helps = [_run([*cli, "--help"])[:2] for _ in range(args.runs)]
    whole = [_run([python, "-c", "import vnpolicy"])[:2] for _ in range(args.runs)]
    bare = [_run([python, "-c", "pass"])[:2] for _ in range(args.runs)]

    med = statistics.median
    import_s = med(imports)
    help_wall, help_cpu = med(w for w, _ in helps), med(c for _, c in helps)
    print(f"start-up, median of {args.runs} runs ({env_note})")
    print(f"  import vnpolicy (-X importtime, cumulative) {import_s:6.3f} s   target < {IMPORT_TARGET_S} s")
    print(f"  python -c 'import vnpolicy'  wall {med(w for w, _ in whole):6.3f} s  cpu {med(c for _, c in whole):6.3f} s")
    print(f"  vnpolicy --help  wall {help_wall:6.3f} s  cpu {help_cpu:6.3f} s   target < {HELP_TARGET_S} s")
    print(f"  python -c pass   wall {med(w for w, _ in bare):6.3f} s  cpu {med(c for _, c in bare):6.3f} s   (peer)")
    print(f"verdict: import vnpolicy {_verdict(import_s, IMPORT_TARGET_S)}; "
          f"vnpolicy --help wall {_verdict(help_wall, HELP_TARGET_S)}, cpu {_verdict(help_cpu, HELP_TARGET_S)}")


def _verdict(seconds: float, target: float) -> str:
    return f"{'PASS' if seconds < target else 'FAIL'} ({seconds:.3f} s vs < {target} s)"


if __name__ == "__main__":
    main()
