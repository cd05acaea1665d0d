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
    # The team file is the bulk of what this process will ever allocate, and it holds no
    # cycles: parse it without the collector, then move it (with the imported modules) out of
    # the collector's sight, so no full collection re-scans it while the first screen paints.
    gc.disable()
    try:
        store = ctx.open_store(create_dir=not refusal)
    finally:
        gc.freeze()
        gc.enable()
    services = Services(
        store,
        ctx.clock,
        ctx.user,
        read_only=bool(args.read_only or refusal),
        read_only_reason=refusal or "Read-only (--read-only): nothing can be changed here.",
    )
    RitualApp(services, mode=args.mode).run()
    return 0
