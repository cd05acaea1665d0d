"""The ``ritual`` command: the app's entry point and the scripting commands.

``ritual/cli/parser.py`` describes the command line; each area's handlers live in their own
module and are imported only when run. A refusal becomes one line on stderr and exit status 2,
having written nothing.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from ritual.cli.output import fail
from ritual.cli.parser import build_parser
from ritual.errors import RitualError
from storage.errors import StoreError


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    args.user = getattr(args, "user", None)
    module, _, name = args.handler.partition(":")
    handler = getattr(importlib.import_module(f"ritual.cli.{module}"), name)
    try:
        return int(handler(args) or 0)
    except (RitualError, StoreError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
