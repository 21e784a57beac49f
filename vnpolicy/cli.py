"""The ``vnpolicy`` command line: a thin dispatcher over the library.

Each command lives beside the code it drives and registers itself here through
``register(subparsers)``; this module only parses, dispatches, and turns every
:class:`~vnpolicy.errors.VnpolicyError` into one clear line on stderr and a non-zero exit.
Exit codes: 0 every input succeeded, 1 some input failed, 2 usage error.

Only the module of the command being run is imported: ``vnpolicy --help`` and a misspelt
command are answered from the :data:`COMMANDS` table alone, so they cost no more than Python's
own start-up (a command module pulls in its package, e.g. every entity recognizer).
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from vnpolicy.errors import VnpolicyError

#: command -> (the module whose ``register(subparsers)`` adds it, its line in ``vnpolicy --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "analyze": ("vnpolicy.batch.command",
                "analyse files and folders of articles (in parallel) into JSONL, CSV or Parquet"),
    "normalize": ("vnpolicy.text.commands", "normalize a text (Unicode, tone style, spacing, typos)"),
    "entities": ("vnpolicy.entities.commands",
                 "extract entities (documents, organizations, dates, places, people, programmes); "
                 "train/evaluate a tagger"),
    "classify": ("vnpolicy.topics.commands", "topic scores of a text"),
    "train": ("vnpolicy.topics.commands", "train a topic model on your own labels"),
    "evaluate": ("vnpolicy.topics.commands", "accuracy, macro-F1 and confusions of a topic model on labelled texts"),
    "report": ("vnpolicy.report.commands", "one self-contained HTML report of an analysed corpus"),
}

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


class _TableHelp(argparse._SubParsersAction):
    """Subcommands whose one-line help comes from :data:`COMMANDS`, its single home."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name in COMMANDS:
            kwargs.setdefault("help", COMMANDS[name][1])
        return super().add_parser(name, **kwargs)


def build_parser(commands: Iterable[str] | None = None) -> SuggestingParser:
    """The full parser for ``commands`` (all by default); every other command gets a placeholder
    that only lists it, so building the parser imports only the modules of ``commands``."""
    from vnpolicy import __version__

    wanted = {COMMANDS[name][0] for name in (COMMANDS if commands is None else commands)}
    parser = SuggestingParser(
        prog="vnpolicy",
        description="Vietnamese government and Party news articles into clean, analysable data.",
    )
    parser.add_argument("--version", action="version", version=f"vnpolicy {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", action=_TableHelp)
    for name, (module, _) in COMMANDS.items():
        if name in subparsers.choices:
            continue  # registered with a sibling command of its module
        if module in wanted:  # the module registers all its commands (classify, train, evaluate)
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named on the command line: the first argument that is not an option (the
    top-level options, --help and --version, take no value)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = _command_in(argv)
    parser = build_parser([command] if command else [])
    args, extras = parser.parse_known_args(argv)
    if extras:
        target = _subparser(parser, getattr(args, "command", None)) or parser
        hints = "".join(_did_you_mean(x.split("=")[0], target.option_strings()) for x in extras if x.startswith("-"))
        target.error(f"unrecognized arguments: {' '.join(extras)}{hints}")
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
