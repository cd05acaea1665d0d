"""``ritual member add NAME``, ``ritual member email NAME ADDRESS``, ``ritual member list``."""

from __future__ import annotations

import argparse
import dataclasses

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from storage.team_repo import TeamRepo


def add_member(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).add_member(args.name, login=args.login, role=args.role, email=args.email)
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
    if args.json:
        emit_json(dataclasses.asdict(m))
    else:
        emit_line(f"member {m.id}: {m.name}")
    return 0


def deactivate_member(args: argparse.Namespace) -> int:
    store = context_from(args).open_store()
    m = TeamRepo(store).remove_member(args.name)
    emit_line(f"member {m.id}: {m.name} is no longer active (past records keep the name)")
    return 0
