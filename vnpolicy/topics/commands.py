"""``vnpolicy classify``, ``train`` and ``evaluate``: topic models from the command line.

PLACEHOLDER: classify only (issue 5).
"""

from __future__ import annotations

import argparse
import json

from vnpolicy.read import read_input_texts


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "classify",
        help="topic scores of a text",
        description="Print the topic scores of each input as JSON lines (a file, a folder, or - for stdin).",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    p.add_argument("--model", default=None, help="a model file from `vnpolicy train` (default: the shipped model)")
    p.set_defaults(handler=run_classify)


def run_classify(args: argparse.Namespace) -> int:
    from vnpolicy.topics import classify, load_model

    model = load_model(args.model)
    for name, text in read_input_texts(args.inputs):
        scores = classify(text, model=model)
        print(json.dumps({"input": name, "topics": [[s, round(v, 4)] for s, v in scores]}, ensure_ascii=False))
    return 0
