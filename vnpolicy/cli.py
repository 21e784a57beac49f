"""The ``vnpolicy`` command line: a thin dispatcher over the library.

Each command lives beside the code it drives and registers itself here through
``register(subparsers)``; this module only parses, dispatches, and turns every
:class:`~vnpolicy.errors.VnpolicyError` into one clear line on stderr and a non-zero exit.
Exit codes: 0 every input succeeded, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import re
import sys
from collections.abc import Sequence

from vnpolicy.errors import VnpolicyError

COMMAND_MODULES = (
    "vnpolicy.batch",  # analyze
    "vnpolicy.text.commands",  # normalize
    "vnpolicy.entities.commands",  # entities
    "vnpolicy.topics.commands",  # classify, train, evaluate
    "vnpolicy.report.commands",  # report
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class SuggestingParser(argparse.ArgumentParser):
    """An ArgumentParser that adds "did you mean" to a misspelt command, choice or flag."""

    def error(self, message: str) -> None:  # type: ignore[override]
        match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if match:
            choices = re.findall(r"[\w.-]+", match.group(2))
            message += _did_you_mean(match.group(1), choices)
        super().error(message)

    def option_strings(self) -> list[str]:
        return [o for action in self._actions for o in action.option_strings
                if action.help is not argparse.SUPPRESS or o in ("-h", "--help")]


def _did_you_mean(word: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def build_parser() -> argparse.ArgumentParser:
    from vnpolicy import __version__

    parser = SuggestingParser(
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
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = _subparser(parser, getattr(args, "command", None)) or parser
        hints = "".join(_did_you_mean(x.split("=")[0], command.option_strings()) for x in extras if x.startswith("-"))
        command.error(f"unrecognized arguments: {' '.join(extras)}{hints}")
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


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> SuggestingParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return None


if __name__ == "__main__":
    sys.exit(main())
