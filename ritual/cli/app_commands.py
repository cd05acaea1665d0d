"""Opening the app: ``ritual`` (home), ``ritual standup``, ``ritual review``, ``ritual board``."""

from __future__ import annotations

import argparse
import gc

from ritual.cli.context import context_from, write_refusal


def open_home(args: argparse.Namespace) -> int:
    args.mode = "home"
    args.read_only = getattr(args, "read_only", False)
    return open_mode(args)


def open_mode(args: argparse.Namespace) -> int:
    if getattr(args, "subcommand", None) is not None:
        return 0
    from screens.app import RitualApp
    from screens.services import Services

    ctx = context_from(args)
    refusal = write_refusal(ctx.path)
    # Start-up allocates a great deal (the parsed team file, Textual's widgets and styles) and
    # frees little, so the cyclic collector only costs time then (~40 ms for a 2,000-card
    # board). It stays off until the first frame is painted; then what start-up built is moved
    # out of its sight for good (gc.freeze) and it runs as usual.
    gc.disable()
    store = ctx.open_store(create_dir=not refusal)
    services = Services(
        store,
        ctx.clock,
        ctx.user,
        read_only=bool(args.read_only or refusal),
        read_only_reason=refusal or "Read-only (--read-only): nothing can be changed here.",
    )
    RitualApp(services, mode=args.mode, on_first_frame=_collect_from_now_on).run()
    return 0


def _collect_from_now_on() -> None:
    gc.freeze()
    gc.enable()
