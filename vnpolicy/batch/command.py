"""``vnpolicy analyze``: the command line over the batch engines and writers.

Parses options, expands inputs, runs an engine, writes every result, shows progress (a tqdm bar
on a terminal) and a summary on stderr. Exit codes: 0 every input analysed, 1 some input or
some article of a multi-article file failed (all of them still recorded in the output), 2 usage
error, 130 interrupted (resumable).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

MAX_FAILURE_LINES = 50  # failures echoed on stderr; all of them are in the output anyway

EPILOG = """\
inputs: files, folders (recursive: .txt .html .htm .json .jsonl .pdf .docx; any other file of a
folder is listed as "status": "skipped", "unsupported type .xlsx"), glob patterns (quote them:
'data/**/*.txt'), - for one article text on stdin, --from-list FILE (or -) for one path a line.

output: --format jsonl writes one line per document to -o FILE (default: stdout), each with
"status": "ok", or "status": "failed" with "error" for an input that could not be analysed
(or for one bad line of a .jsonl file, "id": "FILE#LINE": the file's other lines still count).
--format csv|parquet writes the folder -o DIR with documents, entities, corrections and topics
tables (joinable by doc_id, as vnpolicy.to_frames) and errors.jsonl; CSV files start with a
UTF-8 BOM for Excel (--no-bom to leave it out). --format xlsx writes one workbook -o FILE.xlsx
with a sheet per table and an errors sheet.

Files are written atomically; after a crash or Ctrl-C, run the same command with --resume.
Exit codes: 0 all inputs analysed, 1 some failed (all recorded), 2 usage error.

cluster: `dask scheduler` on one machine, `dask worker tcp://HOST:8786 --nthreads 1` on each
worker machine (vnpolicy installed, inputs at the same paths), then
--engine dask --scheduler tcp://HOST:8786.
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    from vnpolicy.batch.engines import ENGINES
    from vnpolicy.batch.output import FORMATS
    from vnpolicy.batch.work import MAX_CHARS

    p = subparsers.add_parser(
        "analyze",
        description="Run the whole pipeline over files, folders and globs of articles, in parallel.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="PATH",
                   help="article files, folders, glob patterns, or - for one text on stdin")
    p.add_argument("--from-list", metavar="FILE", help="read input paths from FILE, one a line (- for stdin)")
    p.add_argument("-o", "--output", default="-",
                   help="jsonl: output file (default: stdout); csv/parquet: output folder")
    p.add_argument("--format", choices=FORMATS, default="jsonl",
                   help="output format (default: jsonl); xlsx: one workbook, a sheet per table")
    p.add_argument("--no-bom", action="store_true",
                   help="csv: no UTF-8 byte-order mark (by default there is one, so Excel shows Vietnamese right)")
    p.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                   help="worker processes (default: every core)")
    p.add_argument("--engine", choices=ENGINES, default=None,
                   help="local processes (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler, e.g. tcp://host:8786 (default with --engine dask: a local cluster)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same output, skipping finished inputs")
    p.add_argument("--timeout", type=_positive_float, default=300.0, metavar="SECONDS",
                   help="give up on one input after this long (default: 300)")
    p.add_argument("--max-chars", type=_positive_int, default=MAX_CHARS, metavar="N",
                   help=f"fail an article longer than N characters (default: {MAX_CHARS:,})")
    p.add_argument("--no-dedup", action="store_true",
                   help="do not mark near-duplicate articles (meta cluster_id / is_canonical; on by default "
                        "for file and folder outputs, not possible on stdout)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    from vnpolicy.tokenize.backends import backend_names

    backends = backend_names()  # the registry: shipped, registered and installed (entry points)
    p.add_argument("--tokenizer", choices=backends, default=backends[0],
                   help="word segmenter (default: cascade, our own CRF asking underthesea's model where it is unsure; "
                        "underthesea; vnpolicy = our own CRF alone; pyvi)")
    p.add_argument("--no-tokens", action="store_true",
                   help="skip sentences and words (entities and topics do not need them): about twice as fast")
    p.add_argument("--tone-style", choices=("old", "new"), default="old")
    p.add_argument("--no-correct", action="store_true", help="do not fix typos")
    p.add_argument("--model", default=None, help="topic model file from `vnpolicy train`")
    p.set_defaults(handler=run, _parser=p)


def run(args: argparse.Namespace) -> int:
    from vnpolicy.batch.pool import default_workers

    engine = _check_usage(args)
    if args.model:  # a bad model file (missing, a FIFO, /dev/zero, a zip bomb…): one line, before any worker
        from vnpolicy.topics import load_model

        load_model(args.model)
    tasks, failures = _collect_tasks(args)
    options: dict[str, Any] = {"tokenizer": args.tokenizer, "tone_style": args.tone_style,
                               "correct": not args.no_correct, "topic_model": args.model,
                               "disable": ("tokenize",) if args.no_tokens else ()}
    started = time.monotonic()
    writer = _open_output(args)
    if args.resume and not writer.done and not args.quiet:
        print(f"vnpolicy analyze: nothing to resume in {args.output}: analysing every input", file=sys.stderr)
    names = {_name(t) for t in tasks} | {f.input for f in failures}
    skipped = len(names & writer.done)
    todo = [t for t in tasks if _name(t) not in writer.done]
    failures = [f for f in failures if f.input not in writer.done]
    workers = min(args.workers or default_workers(), max(1, len(todo)))
    stats = Stats(skipped=skipped, resume=args.resume)
    stats.failed_before = len(names & writer.failed_before)
    bar = _progress(total=len(todo) + len(failures), quiet=args.quiet, skipped=skipped)
    try:
        for result in failures:
            _record(result, writer, stats, bar)
        for result in iter_results(todo, options, engine=engine, workers=workers,
                                   scheduler=args.scheduler, timeout=args.timeout, max_chars=args.max_chars,
                                   encode=True):
            _record(result, writer, stats, bar)
        bar.close()
        writer.finish()
    except BaseException as error:
        bar.close()
        writer.abandon()
        return _stopped(error, args, stats)
    if not args.quiet:
        where = "stdout" if args.output == "-" else args.output
        how = (f"Dask at {args.scheduler}" if args.scheduler
               else f"{workers} {engine} worker{'s' if workers != 1 else ''}")
        print(stats.summary(time.monotonic() - started, where, how), file=sys.stderr)
    return 1 if stats.failed or stats.failed_records or stats.failed_before else 0  # skipped types are no failure


def _check_usage(args: argparse.Namespace) -> str:
    """Refuse option combinations that cannot work (a usage error, exit 2, before any work);
    return the engine."""
    parser: argparse.ArgumentParser = args._parser
    engine = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine != "dask":
        parser.error("--scheduler needs --engine dask")
    if not args.inputs and not args.from_list:
        parser.error("no input: give PATH arguments or --from-list")
    if args.from_list == "-" and "-" in args.inputs:
        parser.error("stdin cannot hold both a text (-) and a list of paths (--from-list -)")
    if args.format == "xlsx" and args.output == "-":
        parser.error("--format xlsx writes one workbook: give it with -o FILE.xlsx")
    if args.format != "jsonl" and args.output == "-":
        parser.error(f"--format {args.format} writes a folder of tables: give it with -o DIR")
    if args.resume and args.output == "-":
        parser.error("--resume needs an output file (-o FILE): stdout cannot be resumed")
    return engine


def _collect_tasks(args: argparse.Namespace) -> tuple[list[Any], list[Any]]:
    """The inputs to analyse (paths, globs, folders, --from-list, stdin) and those that failed
    already (missing, unreadable); the output itself is never an input."""
    from vnpolicy.batch.inputs import expand_inputs, no_inputs_error, read_path_list

    items = list(args.inputs)
    if args.from_list:
        items += read_path_list(args.from_list)
    tasks, failures = expand_inputs(items)
    tasks = [t for t in tasks if not _is_output(t, args.output)]  # e.g. -o inside the input folder
    if not tasks:
        raise no_inputs_error(failures)
    return tasks, failures


def _open_output(args: argparse.Namespace) -> Any:
    """The writer for ``-o`` (its journal tells what a --resume can skip); an unwritable
    output is one clear error."""
    from vnpolicy.batch.output import open_writer
    from vnpolicy.errors import VnpolicyError

    if args.format == "jsonl" and args.output != "-" and Path(args.output).is_dir():
        raise VnpolicyError(f"{args.output}: is a folder; --format jsonl writes a file "
                            f"(or use --format csv|parquet for a folder of tables)")
    try:
        return open_writer(args.output, args.format, resume=args.resume, bom=not args.no_bom,
                           dedup=not args.no_dedup)
    except OSError as error:
        raise VnpolicyError(f"{args.output}: cannot write ({error.strerror or error})") from None


def _stopped(error: BaseException, args: argparse.Namespace, stats: Stats) -> int:
    """After the run stopped early (the output already abandoned, its journal kept): Ctrl-C
    exits 130 saying how to resume; a write error becomes one line; anything else goes on up."""
    from vnpolicy.errors import VnpolicyError

    if isinstance(error, KeyboardInterrupt):
        print(f"vnpolicy analyze: interrupted after {stats.done + stats.failed} inputs; their results are "
              f"saved: run the same command with --resume to continue", file=sys.stderr)
        return 130
    if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
        # disk full, permission lost…: say so in one line; the journal keeps the rest
        raise VnpolicyError(f"{args.output}: cannot write ({error.strerror or error}); "
                            f"fix it and run again with --resume") from None
    raise error  # BrokenPipeError (stdout closed early, | head: the CLI exits quietly) and bugs


def iter_results(tasks: list[Any], options: dict[str, Any], *, engine: str = "local", workers: int = 1,
                 scheduler: str | None = None, timeout: float | None = None, inline: bool = False,
                 max_chars: int | None = None, encode: bool = False) -> Any:
    """Results for tasks, in order, from the chosen engine; with ``encode``, workers return the
    output lines instead of Documents."""
    from vnpolicy.batch import engines

    if not tasks:
        return iter(())
    if engine == "dask":
        return engines.run_dask(tasks, options, scheduler=scheduler, workers=workers, timeout=timeout,
                                max_chars=max_chars, encode=encode)
    if inline:
        return engines.run_inline(tasks, options, max_chars=max_chars)
    return engines.run_local(tasks, options, workers=workers, timeout=timeout, max_chars=max_chars,
                             encode=encode)


def _is_output(task: Any, output: str) -> bool:
    """Whether an input file is this run's own output (or its journal)."""
    if not isinstance(task, str) or output == "-":
        return False
    path, out = Path(task).resolve(), Path(output).resolve()
    return path == out or out in path.parents or path.name == out.name + ".partial" and path.parent == out.parent


def _name(task: Any) -> str:
    return task if isinstance(task, str) else task[0]


class Stats:
    """Counts for the closing summary."""

    def __init__(self, skipped: int = 0, resume: bool = False) -> None:
        self.resume = resume  # only a resumed run mentions what it skipped
        self.done = self.failed = self.documents = self.corrections = self.entities = 0
        self.failed_records = 0  # bad articles inside inputs that were read (e.g. a bad .jsonl line)
        self.unsupported = 0  # files of a folder that no reader takes (.xlsx, .png): skipped, listed
        self.skipped = skipped
        self.failed_before = 0  # inputs that failed in the run being resumed
        self.echoed = 0

    def add(self, result: Any) -> None:
        documents, corrections, entities = result.counts
        self.documents += documents
        self.corrections += corrections
        self.entities += entities
        self.failed_records += len(result.failures)
        if result.kind == "skipped":
            self.unsupported += 1
        elif result.error is None:
            self.done += 1
        else:
            self.failed += 1

    def summary(self, seconds: float, where: str, how: str) -> str:
        rate = (self.done + self.failed) / seconds if seconds > 0 else 0.0
        before = f", {self.failed_before} of them failed" if self.failed_before else ""
        records = f" ({self.failed_records} failed articles inside them)" if self.failed_records else ""
        skipped = (f", {self.skipped} skipped (resume{before})"
                   if self.resume or self.skipped or self.failed_before else "")
        unsupported = f", {self.unsupported} skipped (unsupported type)" if self.unsupported else ""
        return (f"vnpolicy analyze: {self.done} done{records}, {self.failed} failed{skipped}{unsupported}; "
                f"{self.documents} documents, {self.corrections} corrections, {self.entities} entities; "
                f"{seconds:.1f} s ({rate:.1f} files/s, {how}) -> {where}")


def _record(result: Any, writer: Any, stats: Stats, bar: Any) -> None:
    writer.write(result)
    stats.add(result)
    for row in result.failure_rows():
        if stats.echoed < MAX_FAILURE_LINES:
            skipped = "skipped, " if row["kind"] == "skipped" else ""
            _echo(bar, f"vnpolicy analyze: {row['input']}: {skipped}{row['error']}")
        elif stats.echoed == MAX_FAILURE_LINES:
            _echo(bar, "vnpolicy analyze: more failures; every one is listed in the output")
        stats.echoed += 1
    bar.update(1)


def _echo(bar: Any, line: str) -> None:
    if getattr(bar, "disable", True):
        print(line, file=sys.stderr)
    else:
        bar.write(line, file=sys.stderr)


def _progress(*, total: int, quiet: bool, skipped: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                desc="analyze" + (f" ({skipped} done before)" if skipped else ""),
                disable=quiet or not sys.stderr.isatty())
