"""``ritual serve``: the app in a browser, through textual-serve (``pip install 'ritual[serve]'``).

textual-serve has no authentication and runs every browser session as the process that started
it. So every session is the person who ran ``ritual serve`` (their login, or their database
role), and the server listens on loopback only: each person runs their own and reaches it
through ``ssh -L``. Another address needs ``--expose`` and a reverse proxy that authenticates
(README: "When the team outgrows one host").
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys

from ritual.cli.context import ENV_DB, context_from
from ritual.cli.output import emit_line, warn
from ritual.errors import RitualError
from ritual.i18n import _

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.expose:
        raise RitualError(
            _(
                "--host {host} is not loopback and the browser app has no authentication: "
                "serve on 127.0.0.1 and use 'ssh -L', or add --expose behind a proxy that "
                "authenticates."
            ).format(host=args.host)
        )
    if not 0 < args.port < 65536:
        raise RitualError(_("--port {port} is not a port number (1-65535).").format(port=args.port))
    try:
        from textual_serve.server import Server
    except ImportError:
        raise RitualError(
            _("'ritual serve' needs textual-serve: pip install 'ritual[serve]'.")
        ) from None
    ctx = context_from(args)
    store = ctx.open_store()  # refuse a missing file or database now, not in each browser tab
    # Every session runs as this person, on this team: the child processes inherit both.
    os.environ[ENV_DB] = ctx.url or str(ctx.path)
    os.environ["USER"] = store.user
    mode = [args.mode] if args.mode != "home" else []
    if args.read_only and args.mode != "home":
        mode.append("--read-only")
    command = shlex.join([sys.executable, "-m", "ritual", *mode])
    if not is_loopback(args.host):
        warn(
            _(
                "serving on {host}:{port} WITHOUT authentication; anyone who reaches it acts "
                "as {user!r}. Put an authenticating proxy in front."
            ).format(host=args.host, port=args.port, user=store.user)
        )
    emit_line(
        _("Serving ritual for {user} at {url} (Ctrl+C stops).").format(
            user=store.user, url=f"http://{args.host}:{args.port}"
        )
    )
    Server(command, host=args.host, port=args.port, title="ritual").serve()
    return 0
