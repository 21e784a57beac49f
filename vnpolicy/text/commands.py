"""``vnpolicy normalize``: the clean text of files, folders or stdin, optionally with the changes, or
(``--review``) the suspected typos as JSON lines with nothing changed.

Inputs are handled one file at a time: each is named (a ``==> name <==`` header on stdout when
there are several, or its own file under ``-o DIR``), and a file that cannot be read is reported
on stderr without stopping the others (exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "normalize",
        description="Print the normalized text of each input (a file, a folder, or - for stdin), file by file.",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="write here instead of stdout: a file for one input file, else a folder with one "
                        "file per input (same relative names); with --explain, one JSON Lines file")
    p.add_argument("--tone-style", choices=("old", "new"), default="old", help="hòa/thủy (old, default) or hoà/thuỷ (new)")
    p.add_argument("--no-correct", action="store_true",
                   help="normalize only; do not fix typos (the same switch as `analyze --no-correct`)")
    p.add_argument("--no-typos", dest="no_correct", action="store_true", help=argparse.SUPPRESS)  # old name
    p.add_argument("--explain", action="store_true", help="print the corrections as JSON lines instead of the text")
    p.add_argument(
        "--review",
        action="store_true",
        help="change nothing; print the suspected typos (with suggestions, confidence and evidence) as JSON lines",
    )
    p.add_argument(
        "--restore-diacritics",
        action="store_true",
        help="restore sentences typed without diacritics (left as written by default)",
    )
    p.set_defaults(handler=run)


def _units(inputs: list[str]) -> Iterator[tuple[str, Path | None, Path | None, Exception | None]]:
    """``(name, file, relative name for -o DIR, error)`` for each input file, folders expanded."""
    from vnpolicy.errors import VnpolicyError
    from vnpolicy.read import iter_article_files

    for item in inputs:
        if item == "-":
            yield "<stdin>", None, Path("stdin.txt"), None
            continue
        path = Path(item)
        try:
            files = list(iter_article_files(path))
        except VnpolicyError as error:
            yield item, None, None, error
            continue
        for file in files:
            yield str(file), file, file.relative_to(path) if path.is_dir() else Path(file.name), None


def _texts(file: Path | None) -> list[str]:
    from vnpolicy.read import ARTICLE_SUFFIXES, read_file_articles, read_text

    if file is None:
        from vnpolicy.read.encodings import read_stdin_text

        return [read_stdin_text()]  # decoded as a file's bytes: binary input is a ReadError
    suffix = file.suffix.lower()
    if suffix == ".txt" or suffix not in ARTICLE_SUFFIXES:  # plain text: the whole decoded text
        return [read_text(file)[0]]
    return [article.raw for article in read_file_articles(file)]


def run(args: argparse.Namespace) -> int:
    from vnpolicy.errors import VnpolicyError
    from vnpolicy.text import correct

    units = list(_units(args.inputs))
    several = len(units) > 1 or any(Path(i).is_dir() for i in args.inputs if i != "-")
    out = Path(args.output) if args.output else None
    to_folder = out is not None and not (args.explain or args.review) and several
    if to_folder and out is not None and out.exists() and not out.is_dir():
        raise VnpolicyError(f"{out}: several inputs are written as a folder, but this is a file")
    as_lines = args.explain or args.review
    explain_handle = open(out, "w", encoding="utf-8") if out is not None and as_lines else None
    done = failed = 0
    try:
        for name, file, relative, problem in units:
            try:
                if problem is not None:
                    raise problem
                texts = _texts(file)
                mode = "review" if args.review else "auto"
                results = [correct(t, mode=mode, tone_style=args.tone_style, typos=not args.no_correct,
                                   restore_diacritics=args.restore_diacritics) for t in texts]
            except (VnpolicyError, OSError) as error:  # one bad file never stops the others
                said = str(error) if name in str(error) else f"{name}: {error}"
                print(f"vnpolicy normalize: {said}", file=sys.stderr)
                failed += 1
                continue
            done += 1
            if args.explain or args.review:
                lines = [json.dumps({"input": name, **c.to_dict()}, ensure_ascii=False) + "\n"
                         for r in results for c in (r.suspects if args.review else r.corrections)]
                (explain_handle or sys.stdout).writelines(lines)
                continue
            text = "\n\n".join(r.text.rstrip("\n") for r in results) + "\n"
            if out is None:
                if several:
                    sys.stdout.write(f"==> {name} <==\n")
                sys.stdout.write(text)
                continue
            target = out / relative if to_folder and relative is not None else out
            if to_folder and target.suffix.lower() != ".txt":
                target = target.with_name(target.name + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    finally:
        if explain_handle is not None:
            explain_handle.close()
    if out is not None:
        print(f"vnpolicy normalize: {done} normalized, {failed} failed -> {out}", file=sys.stderr)
    return 1 if failed else 0
