"""``vnpolicy entities``: the entities of a file or stdin, one JSON object a line."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "entities",
        help="extract entities (documents, organizations, dates, places, people, programmes)",
        description="Print the entities of each input as JSON lines (a file, a folder, or - for stdin).",
    )
    p.add_argument("inputs", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vnpolicy.read import read_input_texts
    from vnpolicy.pipeline import Pipeline

    nlp = Pipeline(topics=False)
    for name, text in read_input_texts(args.inputs):
        doc = nlp(text, source=name)
        for e in doc.entities:
            print(json.dumps({"input": name, **e.to_dict()}, ensure_ascii=False))
    return 0
