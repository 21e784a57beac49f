"""``vnpolicy normalize``: the clean text of a file or stdin, optionally with the changes,
or (``--review``) the suspected typos as JSON lines with nothing changed."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "normalize",
        help="normalize a text (Unicode, tone style, spacing, typos)",
        description="Print the normalized text of each input (a file, a folder, or - for stdin).",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    p.add_argument("--tone-style", choices=("old", "new"), default="old", help="hòa/thủy (old, default) or hoà/thuỷ (new)")
    p.add_argument("--no-typos", action="store_true", help="normalize only; do not fix typos")
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


def run(args: argparse.Namespace) -> int:
    from vnpolicy.read import read_input_texts
    from vnpolicy.text import correct

    for name, text in read_input_texts(args.inputs):
        if args.review:
            result = correct(text, mode="review", tone_style=args.tone_style, restore_diacritics=args.restore_diacritics)
            for s in result.suspects:
                print(json.dumps({"input": name, **s.to_dict()}, ensure_ascii=False))
            continue
        result = correct(
            text, tone_style=args.tone_style, typos=not args.no_typos, restore_diacritics=args.restore_diacritics
        )
        if args.explain:
            for c in result.corrections:
                print(json.dumps({"input": name, **c.to_dict()}, ensure_ascii=False))
        else:
            sys.stdout.write(result.text)
            if not result.text.endswith("\n"):
                sys.stdout.write("\n")
    return 0
