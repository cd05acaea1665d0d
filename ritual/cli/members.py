"""``ritual member add NAME``, ``ritual member email NAME ADDRESS``, ``ritual member list``."""

from __future__ import annotations

import argparse
import dataclasses

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.errors import RitualError
from ritual.i18n import _, pgettext
from ritual.numbers import MAX_ID, Bounds, parse_id
from ritual.planning import days_off_shown, parse_days_off, parse_focus
from ritual.team import Member
from storage.board_repo import BoardRepo
from storage.team_repo import TeamRepo


def add_member(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).add_member(args.name, login=args.login, role=args.role, email=args.email)
    return _print_member(args, m)


def _print_member(args: argparse.Namespace, m: Member) -> int:
    if args.json:
        emit_json(dataclasses.asdict(m))
    else:
        emit_line(_("member {id}: {name}").format(id=m.id, name=m.name))
    return 0


def set_email(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).set_email(args.name, args.email)
    if m.email:
        emit_line(_("member {id}: {name} <{email}>").format(id=m.id, name=m.name, email=m.email))
    else:
        emit_line(_("member {id}: {name}").format(id=m.id, name=m.name))
    return 0


def list_members(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    members = TeamRepo(store).members()
    if args.json:
        emit_json([dataclasses.asdict(m) for m in members])
    else:
        emit_table(
            [_("ID"), pgettext("a person", "NAME"), _("LOGIN"), _("ROLE"), _("E-MAIL")],
            [[str(m.id), m.name, m.login, m.role, m.email] for m in members],
        )
    return 0


def edit_member(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).edit_member(args.name, name=args.new_name, login=args.login, role=args.role)
    return _print_member(args, m)


def deactivate_member(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).remove_member(args.name)
    emit_line(
        _("member {id}: {name} is no longer active (past records keep the name)").format(
            id=m.id, name=m.name
        )
    )
    return 0


def _planned(repo: BoardRepo, given: str | None) -> int:
    """The iteration asked for, else the one the plan screen plans: the next, else current."""
    if given:
        it_id = parse_id(given, Bounds(_("an iteration id"), 1, MAX_ID))
        if repo.iteration(it_id) is None:
            raise RitualError(_("there is no iteration {id}.").format(id=it_id))
        return it_id
    it = repo.next_iteration() or repo.current_iteration()
    if it is None:
        raise RitualError(
            _("there is no iteration to plan: start one with 'ritual iteration start'.")
        )
    return it.id


def set_away(args: argparse.Namespace) -> int:
    days = parse_days_off(args.days)  # refused before the file is opened
    repo = BoardRepo(context_from(args).open_store())
    it = repo.set_away(_planned(repo, args.iteration), args.name, days)
    days_off = _("{name} {days}d")
    team = repo.team.members(include_inactive=True)
    away = ", ".join(days_off.format(name=k, days=v) for k, v in days_off_shown(it, team))
    emit_line(
        _("iteration {id} ({name}): days off: {away}").format(
            id=it.id, name=it.name, away=away or _("nobody")
        )
    )
    return 0


def set_focus(args: argparse.Namespace) -> int:
    pct = parse_focus(args.factor)  # refused before the file is opened
    repo = BoardRepo(context_from(args).open_store())
    it = repo.set_focus(_planned(repo, args.iteration), pct)
    shown = f"{pct / 100:g}" if pct is not None else _("0.7 (the default)")
    emit_line(
        _("iteration {id} ({name}): focus factor {factor}").format(
            id=it.id, name=it.name, factor=shown
        )
    )
    return 0
