"""``ritual export board`` and ``ritual iteration list|start|close|wip``."""

from __future__ import annotations

import argparse
import dataclasses
import sys

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.clock import team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import (
    Column,
    committed_points,
    done_points,
    parse_capacity,
    parse_wip_limit,
)

# An iteration's state as the list shows it (the stored value is the key).
STATE_LABELS = {"planned": N_("planned"), "current": N_("current"), "closed": N_("closed")}


def _repo(args: argparse.Namespace):
    from storage.board_repo import BoardRepo

    ctx = context_from(args)
    return BoardRepo(ctx.open_store()), ctx


def export_board(args: argparse.Namespace) -> int:
    from ritual.export_board import board_csv, board_data, board_markdown

    if args.format in ("jira", "linear"):
        from ritual.cli.trackers import export_for_tracker

        return export_for_tracker(args)
    repo, ctx = _repo(args)
    it = repo.current_iteration()
    cards = repo.board_cards(it.id if it else None)
    tz = repo.team.team().timezone
    today = team_today(ctx.clock, tz)
    if args.format == "json":
        emit_json(board_data(it, cards, today, tz))
    elif args.format == "csv":
        sys.stdout.write(board_csv(cards))
    else:
        emit_line(board_markdown(it, cards, today, tz).rstrip("\n"))
    return 0


def list_iterations(args: argparse.Namespace) -> int:
    repo, _ctx = _repo(args)
    its = repo.iterations()
    cards = repo.cards("all")
    rows = []
    for it in its:
        mine = [c for c in cards if c.iteration_id == it.id]
        rows.append((it, done_points(mine), committed_points(mine), len(mine)))
    if args.json:
        emit_json(
            [
                {**dataclasses.asdict(it), "points_done": d, "points_committed": c, "cards": n}
                for it, d, c, n in rows
            ]
        )
        return 0
    emit_table(
        [_("ID"), _("STATE"), _("START"), _("END"), _("POINTS"), _("CARDS"), _("NAME")],
        [
            [str(it.id), _state(it.state), it.start, it.end, f"{d}/{c}", str(n), it.name]
            for it, d, c, n in rows
        ],
    )
    return 0


def start_iteration(args: argparse.Namespace) -> int:
    capacity = parse_capacity(args.capacity)  # refused before the file is opened
    repo, _ctx = _repo(args)
    it = repo.plan_iteration(args.name, args.start, args.end, args.goal, capacity)
    emit_line(
        _("iteration {id} ({state}): {name}").format(id=it.id, state=_state(it.state), name=it.name)
    )
    return 0


def _state(state: str) -> str:
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state


def _current(repo):
    it = repo.current_iteration()
    if it is None:
        raise RitualError(
            _("there is no current iteration: start one with 'ritual iteration start'.")
        )
    return it


def close_iteration(args: argparse.Namespace) -> int:
    repo, _ctx = _repo(args)
    it = _current(repo)
    moved = repo.close_iteration(it.id, args.unfinished_to)
    now = repo.current_iteration()
    where = _("the next iteration") if args.unfinished_to == "next" else _("the product backlog")
    if now:
        text = _("closed {name}: {n} unfinished card(s) moved to {where}; {current} is now current")
    else:
        text = _("closed {name}: {n} unfinished card(s) moved to {where}")
    emit_line(text.format(name=it.name, n=moved, where=where, current=now.name if now else ""))
    return 0


def set_wip(args: argparse.Namespace) -> int:
    column = Column.parse(args.column)
    limit = parse_wip_limit(args.limit)
    repo, _ctx = _repo(args)
    repo.set_wip_limit(_current(repo).id, column, limit)
    from ritual.cli.cards import column_label

    shown = str(limit) if limit else _("none")
    emit_line(_("{column}: WIP limit {limit}").format(column=column_label(column), limit=shown))
    return 0
