"""Opening the app: ``ritual`` (home), ``ritual standup``, ``ritual review``, ``ritual board``."""

from __future__ import annotations

import argparse
import gc
import sys

from ritual.cli.context import Context, context_from, missing_file_message
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.team import Team
from ritual.text import clean
from storage.store import Store


def open_home(args: argparse.Namespace) -> int:
    args.mode = "home"
    args.read_only = getattr(args, "read_only", False)
    return open_mode(args)


def open_mode(args: argparse.Namespace) -> int:
    if getattr(args, "subcommand", None) is not None:
        return 0
    ctx = context_from(args)
    from ritual.config import keymap, load_config

    user_keymap = keymap(load_config())  # a broken config is refused before anything opens
    store = ctx.open_store() if ctx.url or ctx.path.exists() else _first_run(ctx)
    refusal = store.write_refusal()
    from screens.app import RitualApp
    from screens.services import Services

    # Start-up allocates a great deal (the parsed team file, Textual's widgets and styles) and
    # frees little, so the cyclic collector only costs time then (~40 ms for a 2,000-card
    # board). It stays off until the first frame is painted; then what start-up built is moved
    # out of its sight for good (gc.freeze) and it runs as usual.
    gc.disable()
    services = Services(
        store,
        ctx.clock,
        ctx.user,
        read_only=bool(args.read_only or refusal),
        read_only_reason=refusal or _("Read-only (--read-only): nothing can be changed here."),
    )
    app = RitualApp(
        services, mode=args.mode, on_first_frame=_collect_from_now_on, keymap=user_keymap
    )
    app.run()
    if app.crash is not None:
        raise app.crash  # main() logs it and exits 1; Textual printed nothing
    return app.return_code or 0


def _first_run(ctx: Context) -> Store:
    """No file yet: ask before making one, on the terminal, before the app starts."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise RitualError(missing_file_message(ctx.path))
    # On the terminal itself (input() would print the question on stderr).
    question = _("No team file at {path}. Create a new team there? y/N ").format(path=ctx.path)
    sys.stdout.write(clean(question))
    sys.stdout.flush()
    answer = sys.stdin.readline()
    if answer.strip().casefold() not in ("y", "yes"):
        raise RitualError(_("nothing created; no team file at {path}.").format(path=ctx.path))
    from storage.team_repo import TeamRepo

    store = ctx.create_store()
    TeamRepo(store).update_team(name=Team().name)
    return store


def _collect_from_now_on() -> None:
    gc.freeze()
    gc.enable()
