"""``ritual member add NAME``, ``ritual member email NAME ADDRESS``, ``ritual member list``."""

from __future__ import annotations

import argparse
import dataclasses

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.errors import RitualError
from ritual.numbers import MAX_ID, Bounds, parse_id
from ritual.planning import parse_days_off, parse_focus
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
        emit_line(f"member {m.id}: {m.name}")
    return 0


def set_email(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).set_email(args.name, args.email)
    emit_line(f"member {m.id}: {m.name} <{m.email}>" if m.email else f"member {m.id}: {m.name}")
    return 0


def list_members(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    members = TeamRepo(store).members()
    if args.json:
        emit_json([dataclasses.asdict(m) for m in members])
    else:
        emit_table(
            ["ID", "NAME", "LOGIN", "ROLE", "E-MAIL"],
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
    emit_line(f"member {m.id}: {m.name} is no longer active (past records keep the name)")
    return 0


def _planned(repo: BoardRepo, given: str | None) -> int:
    """The iteration asked for, else the one the plan screen plans: the next, else current."""
    if given:
        it_id = parse_id(given, Bounds("an iteration id", 1, MAX_ID))
        if repo.iteration(it_id) is None:
            raise RitualError(f"there is no iteration {it_id}.")
        return it_id
    it = repo.next_iteration() or repo.current_iteration()
    if it is None:
        raise RitualError("there is no iteration to plan: start one with 'ritual iteration start'.")
    return it.id


def set_away(args: argparse.Namespace) -> int:
    days = parse_days_off(args.days)  # refused before the file is opened
    repo = BoardRepo(context_from(args).open_store())
    it = repo.set_away(_planned(repo, args.iteration), args.name, days)
    away = ", ".join(f"{k} {v}d" for k, v in sorted(it.away.items())) or "nobody"
    emit_line(f"iteration {it.id} ({it.name}): days off: {away}")
    return 0


def set_focus(args: argparse.Namespace) -> int:
    pct = parse_focus(args.factor)  # refused before the file is opened
    repo = BoardRepo(context_from(args).open_store())
    it = repo.set_focus(_planned(repo, args.iteration), pct)
    shown = f"{pct / 100:g}" if pct is not None else "0.7 (the default)"
    emit_line(f"iteration {it.id} ({it.name}): focus factor {shown}")
    return 0
