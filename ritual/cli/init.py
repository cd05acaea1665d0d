"""``ritual init``: make a new team file on purpose, the one way besides ``ritual demo``."""

from __future__ import annotations

import argparse
import os

from ritual.cli.context import context_from
from ritual.cli.output import emit_line
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.team import Team
from storage.team_repo import TeamRepo


def init_team(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    if ctx.url:
        store = ctx.create_store()
        if not store.is_empty():
            raise RitualError(
                _(
                    "{path} already holds a team: 'ritual init' only makes new teams "
                    "(open this one with 'ritual')."
                ).format(path=ctx.path)
            )
    elif os.path.lexists(ctx.path):
        raise RitualError(
            _(
                "{path} already exists: 'ritual init' only makes new team files "
                "(open this one with 'ritual', or give --db another path)."
            ).format(path=ctx.path)
        )
    else:
        store = ctx.create_store()
    team = TeamRepo(store).update_team(
        name=args.team if args.team is not None else Team().name,
        timezone=args.timezone if args.timezone is not None else Team().timezone,
    )
    emit_line(
        _("New team {name!r} ({timezone}) in {path}.").format(
            name=team.name, timezone=team.timezone, path=ctx.path
        )
    )
    emit_line(_("Next: 'ritual member add NAME --login LOGIN' for each teammate, then 'ritual'."))
    return 0
