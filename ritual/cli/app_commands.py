"""Opening the app: ``ritual`` (home), ``ritual standup``, ``ritual review``, ``ritual board``."""

from __future__ import annotations

import argparse

from ritual.cli.context import context_from, write_refusal
from ritual.cli.registry import Registry


def register(reg: Registry) -> None:
    for mode, text in (
        ("standup", "run or follow today's stand-up"),
        ("review", "run or follow a review meeting"),
        ("board", "the current iteration's board"),
    ):
        p = reg.sub.add_parser(mode, help=text, parents=[reg.common])
        reg.modes[mode] = p
        p.add_argument("--read-only", action="store_true", help="look, change nothing")
        p.set_defaults(handler=open_mode, mode=mode, subcommand=None)
    home = reg.sub.add_parser("home", help="the home screen (the default)", parents=[reg.common])
    home.set_defaults(handler=open_home)


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
    store = ctx.open_store(create_dir=not refusal)
    services = Services(
        store,
        ctx.clock,
        ctx.user,
        read_only=bool(args.read_only or refusal),
        read_only_reason=refusal or "Read-only (--read-only): nothing can be changed here.",
    )
    RitualApp(services, mode=args.mode).run()
    return 0
