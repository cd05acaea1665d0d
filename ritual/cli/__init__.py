"""The ``ritual`` command: the app's entry point and the scripting commands.

``ritual/cli/parser.py`` describes the command line; each area's handlers live in their own
module and are imported only when run. A refusal becomes one line on stderr and exit status 2,
having written nothing. Anything unexpected becomes one line naming a crash log and exit
status 1; a reader that went away (``ritual card list | head -1``) ends the command quietly.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence

from ritual.cli.output import fail
from ritual.errors import RitualError
from ritual.i18n import _
from storage.errors import StoreError

EXIT_BROKEN_PIPE = 141  # what a shell reports for a command ended by SIGPIPE (128 + 13)


# The handlers that open the app: they keep the cyclic collector off until the app's first
# frame (ritual/cli/app_commands.py).
APP_HANDLERS = frozenset({"app_commands:open_mode", "app_commands:open_home"})


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    # Imports and the parser allocate a great deal and free little: the cyclic collector only
    # costs time until the command is known (~20 ms of collections before the board's first
    # frame). It is back on for every command but the app's, which turns it on after its
    # first frame; and on the way out, for a caller that runs main() in its own process.
    collecting = gc.isenabled()
    gc.disable()
    try:
        status = _run(args_in, collecting)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _quiet_after_broken_pipe()
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str], collecting: bool) -> int:
    from ritual.cli.context import is_utf8
    from ritual.cli.parser import app_command, build_parser

    refusal = _use_language(argv)
    if refusal:
        return fail(refusal)
    for position, arg in enumerate(argv, start=1):
        if not is_utf8(arg):
            return fail(
                _("argument {position} is not valid UTF-8 text; nothing was done.").format(
                    position=position
                )
            )
    if argv[:1] == ["__complete"]:  # hidden: what the shell completion scripts call
        from ritual.cli.completion import run_complete

        if collecting:
            gc.enable()
        return run_complete(argv[1:])
    args = build_parser(app_command(argv)).parse_args(argv)
    args.db = getattr(args, "db", None)
    args.user = getattr(args, "user", None)
    if collecting and args.handler not in APP_HANDLERS:
        gc.enable()
    module, _sep, name = args.handler.partition(":")
    try:
        handler = getattr(importlib.import_module(f"ritual.cli.{module}"), name)
        return int(handler(args) or 0)
    except (RitualError, StoreError) as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        from ritual.cli.crash import report_crash

        return report_crash(exc)


def _use_language(argv: list[str]) -> str | None:
    """Set the language before anything is printed or the parser's help is built (so `--help`
    is translated too): ``--lang`` anywhere on the line, then RITUAL_LANG, the config file, the
    locale. Returns the refusal for an unknown language."""
    from ritual import i18n

    flag = None
    for position, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and position + 1 < len(argv):
            flag = argv[position + 1]
        elif arg.startswith("--lang="):
            flag = arg.partition("=")[2]
    try:
        configured = None
        if flag is None and not os.environ.get("RITUAL_LANG"):
            from ritual.config import load_config

            value = load_config().get("ui", {}).get("lang")
            configured = None if value is None else str(value)
        i18n.set_language(i18n.choose(flag, os.environ, configured))
    except RitualError as exc:
        return str(exc)
    return None


def _quiet_after_broken_pipe() -> int:
    """Python's advice (docs: signal, "Note on SIGPIPE"): point stdout at devnull so the
    interpreter's last flush cannot raise again, and end without a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
