"""The ``vnpolicy`` command line: a thin dispatcher over the library.

Each command lives beside the code it drives and registers itself here through
``register(subparsers)``; this module only parses, dispatches, and turns every
:class:`~vnpolicy.errors.VnpolicyError` into one clear line on stderr and a non-zero exit.
Exit codes: 0 every input succeeded, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from vnpolicy.errors import VnpolicyError

COMMAND_MODULES = (
    "vnpolicy.batch",  # analyze
    "vnpolicy.text.commands",  # normalize
    "vnpolicy.entities.commands",  # entities
    "vnpolicy.topics.commands",  # classify, train, evaluate
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    from vnpolicy import __version__

    parser = argparse.ArgumentParser(
        prog="vnpolicy",
        description="Vietnamese government and Party news articles into clean, analysable data.",
    )
    parser.add_argument("--version", action="version", version=f"vnpolicy {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args) or 0)
    except VnpolicyError as error:
        print(f"vnpolicy {args.command}: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"vnpolicy {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
