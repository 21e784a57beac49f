"""Folders at scale: ``vnpolicy analyze`` and ``analyze_folder``.

PLACEHOLDER: sequential JSONL only; workers, Dask, formats, resume and failure rows are being
written (issue 6).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vnpolicy.errors import ReadError

if TYPE_CHECKING:
    import pandas as pd


def analyze_folder(path: str | Path, **options: object) -> dict[str, "pd.DataFrame"]:
    """Analyse every article under ``path``; return the tables of :func:`vnpolicy.to_frames`."""
    from vnpolicy.frames import to_frames
    from vnpolicy.pipeline import Pipeline
    from vnpolicy.read import read_articles

    nlp = Pipeline(**options)  # type: ignore[arg-type]
    return to_frames(nlp.pipe(read_articles(path)))


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "analyze",
        help="analyse articles (files, folders, or - for stdin) into JSONL",
        description="Run the whole pipeline over files and folders of articles.",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="article files or folders, or - for one text on stdin")
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    p.add_argument("--tokenizer", choices=("underthesea", "pyvi"), default="underthesea")
    p.add_argument("--tone-style", choices=("old", "new"), default="old")
    p.add_argument("--no-correct", action="store_true", help="do not fix typos")
    p.add_argument("--model", default=None, help="topic model file from `vnpolicy train`")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vnpolicy.pipeline import Pipeline
    from vnpolicy.read import read_articles

    nlp = Pipeline(tokenizer=args.tokenizer, tone_style=args.tone_style, correct=not args.no_correct,
                   topic_model=args.model)
    out = sys.stdout if args.output == "-" else None
    if out is None:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        out = open(args.output, "w", encoding="utf-8")
    failed = done = 0
    try:
        for item in args.inputs:
            if item == "-":
                docs = [nlp(sys.stdin.read(), source="<stdin>")]
            else:
                try:
                    docs = (nlp(a) for a in read_articles(item))
                    for doc in docs:
                        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
                        done += 1
                    continue
                except ReadError as error:
                    print(f"vnpolicy analyze: {error}", file=sys.stderr)
                    failed += 1
                    continue
            for doc in docs:
                out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
                done += 1
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"vnpolicy analyze: {done} done, {failed} failed", file=sys.stderr)
    return 1 if failed else 0
