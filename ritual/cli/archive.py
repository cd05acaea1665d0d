"""``ritual archive [--before DATE] [--restore]``: years of records out of the team file."""

from __future__ import annotations

import argparse

from ritual.cli.context import context_from
from ritual.cli.output import emit_line
from ritual.cli.standup import parse_date
from ritual.clock import team_today
from ritual.i18n import _
from storage.archive import archive, restore
from storage.team_repo import TeamRepo

DEFAULT_DAYS = 180  # without --before: what ended more than about six months ago


def run_archive(args: argparse.Namespace) -> int:
    before = parse_date(args.before) if args.before else None  # refused before opening
    context = context_from(args)
    store = context.open_store()
    if args.restore:
        moved = restore(store)
        if not moved:
            emit_line(_("nothing to restore: {path} holds nothing.").format(path=moved.path))
        else:
            emit_line(_("restored {what} from {path}.").format(what=moved.text(), path=moved.path))
        return 0
    if before is None:
        today = team_today(context.clock, TeamRepo(store).team().timezone)
        before = today.subtract(days=DEFAULT_DAYS).isoformat()
    moved = archive(store, before)
    if not moved:
        emit_line(_("nothing ended before {date} to archive.").format(date=before))
    else:
        emit_line(
            _(
                "archived {what}, all ended before {date}, to {path}; velocity, stand-up "
                "averages and carry-over are kept ('ritual archive --restore' moves them back)."
            ).format(what=moved.text(), date=before, path=moved.path)
        )
    return 0
