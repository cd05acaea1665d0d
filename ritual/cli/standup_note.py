"""``ritual standup note``: write today's update ahead of the stand-up, from your terminal."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ritual.cli.context import context_from
from ritual.cli.output import emit_line
from ritual.cli.standup import parse_date
from ritual.errors import RitualError
from ritual.git_log import my_subjects
from ritual.i18n import N_, _
from ritual.standup import NOTE_FIELDS, Standup, StandupNotes
from ritual.team import Member
from storage.standup_repo import StandupRepo

if TYPE_CHECKING:
    from pendulum import DateTime

MAX_GIT_SUBJECTS = 8
# What "Noted for the stand-up ..." names, by the note's field.
NOTED = {"yesterday": N_("yesterday"), "today": N_("today")}


def _me(repo: StandupRepo, user: str) -> Member:
    for m in repo.team.members():
        if m.is_user(user):
            return m
    raise RitualError(
        _(
            "you ({user}) are not on the team: ask for 'ritual member add NAME --login {user}', "
            "or pass --user with your member name."
        ).format(user=user)
    )


def _since(repo: StandupRepo, date: str, fallback: str) -> str:
    """When the last stand-up before ``date`` started; else ``fallback``."""
    earlier = [s for s in repo.all() if s.date < date and s.started_at]
    return earlier[-1].started_at if earlier else fallback


def _from_git(args: argparse.Namespace, repo: StandupRepo, date: str, now_iso: str) -> str | None:
    """Yesterday from the user's own commits, offered and stored only when they say so."""
    from ritual.clock import parse_instant

    fallback = parse_instant(now_iso).subtract(days=1).isoformat()
    since = _since(repo, date, fallback)
    subjects: list[str] = []
    for path in args.from_git or ["."]:
        subjects += my_subjects(Path(path), since)
    if not subjects:
        raise RitualError(
            _("no commits of yours since {when} UTC.").format(when=since[:16].replace("T", " "))
        )
    text = "; ".join(subjects[:MAX_GIT_SUBJECTS])
    if len(subjects) > MAX_GIT_SUBJECTS:
        text += _(" (+{n} more)").format(n=len(subjects) - MAX_GIT_SUBJECTS)
    emit_line(_("yesterday: {text}").format(text=text))
    if args.yes:
        return text
    if sys.stdin.isatty():
        answer = input(_("Store this as yesterday? [y/N] ")).strip().casefold()
        if answer in ("y", "yes"):
            return text
    print(_("Not stored: run again with --yes to store it."), file=sys.stderr)
    return None


def note_standup(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    repo = StandupRepo(ctx.open_store())
    date = parse_date(args.date) if args.date else repo.today()
    me = _me(repo, ctx.user)
    values = {"yesterday": args.yesterday, "today": args.today}
    if args.from_git is not None:
        if args.yesterday is not None:
            raise RitualError(_("give --yesterday or --from-git, not both."))
        values["yesterday"] = _from_git(args, repo, date, ctx.clock.now().isoformat())
    given = {k: v for k, v in values.items() if v is not None}
    if not given and not args.blocker:
        if args.from_git is not None:
            return 0
        raise RitualError(_("nothing to note: give --yesterday, --today, --blocker or --from-git."))
    if given:
        base = repo.notes(date).get(me.id) or StandupNotes(0, date, me.id, me.name)
        current = {k: getattr(base, k) for k in NOTE_FIELDS}
        repo.save_notes(date, me.id, me.name, {**current, **given}, base)
    for text in args.blocker:
        repo.contribute(date, partial(_add_blocker, text, me.name))
    what = [_(NOTED[k]) for k in given]
    if len(args.blocker) == 1:
        what.append(_("blocker"))
    elif len(args.blocker) > 1:
        what.append(_("{n} blockers").format(n=len(args.blocker)))
    emit_line(
        _("Noted for the stand-up of {date}: {what}.").format(date=date, what=_(", ").join(what))
    )
    return 0


def _add_blocker(text: str, name: str, standup: Standup, now: DateTime) -> None:
    standup.add_blocker(text, name, name, now)
