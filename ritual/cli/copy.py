"""``ritual copy SOURCE DEST``: a whole team from a file to a database, or back."""

from __future__ import annotations

import argparse
from pathlib import Path

from ritual.cli.context import resolve_user
from ritual.cli.output import emit_line
from ritual.errors import RitualError
from ritual.i18n import _
from storage.backend import is_database, open_backend
from storage.copy import copy_team
from storage.errors import missing_file_message


def run_copy(args: argparse.Namespace) -> int:
    source_at, dest_at = args.source, args.dest
    if not is_database(source_at) and not Path(source_at).exists():
        raise RitualError(missing_file_message(source_at))
    if not is_database(dest_at) and not Path(dest_at).expanduser().parent.is_dir():
        raise RitualError(
            _("{directory} does not exist: ritual makes no directories.").format(
                directory=Path(dest_at).parent
            )
        )
    # A file is written as the login running the copy; a database as the role of its URL.
    user = None if is_database(dest_at) else resolve_user(args.user)
    source = open_backend(source_at, None if is_database(source_at) else resolve_user(args.user))
    dest = open_backend(dest_at, user, create=True)
    copied = copy_team(source, dest, force=args.force)
    total = sum(copied.values())
    per_table = ", ".join(f"{name} {n}" for name, n in copied.items())
    emit_line(
        _("Copied {total} records ({tables}) from {source} to {dest}.").format(
            total=total, tables=per_table, source=source.location, dest=dest.location
        )
    )
    emit_line(_("Checked: the same records and content are in both."))
    return 0
