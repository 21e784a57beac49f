"""``vnpolicy report OUT -o report.html``: the command line over :mod:`vnpolicy.report`."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    from vnpolicy.report import MAX_VIEWS

    p = subparsers.add_parser(
        "report",
        description="Write one HTML file (no server, no network: it can be e-mailed) from the output of "
                    "`vnpolicy analyze` (a .jsonl file, or a folder of csv/parquet tables): corpus at a glance, "
                    "topics over time, most-cited documents, most active organizations, a searchable article "
                    "list with each article's highlighted view, and the corrections made.",
    )
    p.add_argument("source", metavar="OUT", help="output of vnpolicy analyze (.jsonl file or tables folder)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--views", type=int, default=MAX_VIEWS, metavar="N",
                   help=f"embed the highlighted view of at most N articles (default {MAX_VIEWS:,}; ~10 kB each)")
    p.add_argument("--title", default=None, help="the report's title")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from vnpolicy.report import write_report

    path = write_report(args.source, args.output, views=args.views, title=args.title)
    print(f"vnpolicy report: wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0
