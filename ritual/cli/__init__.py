"""The ``ritual`` command: the app's entry point and the scripting commands.

Each area registers its own sub-commands (``ritual/cli/*.py``); this module parses, dispatches,
and turns every refusal into one line on stderr and exit status 2, having written nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ritual.cli import app_commands, board, cards, demo, members, review, standup
from ritual.cli.output import fail
from ritual.cli.registry import Registry
from ritual.errors import RitualError
from storage.errors import StoreError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        fail(f"{message} (see '{self.prog} --help')")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="the team file (env RITUAL_DB)"
    )
    common.add_argument(
        "--user", metavar="NAME", default=argparse.SUPPRESS, help="who you are (default $USER)"
    )
    parser = _Parser(
        prog="ritual",
        description="Stand-ups, requirement reviews and the iteration board, in the terminal.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    export = sub.add_parser("export", help="print a ritual's record", parents=[common])
    export_sub = export.add_subparsers(dest="what", required=True, parser_class=_Parser)
    reg = Registry(sub, export_sub, common, {})
    for module in (app_commands, demo, members, cards, standup, review, board):
        module.register(reg)
    parser.set_defaults(handler=app_commands.open_home)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.db = getattr(args, "db", None)
    args.user = getattr(args, "user", None)
    try:
        return int(args.handler(args) or 0)
    except (RitualError, StoreError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
