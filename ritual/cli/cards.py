"""``ritual card add|move|list``: the board from scripts, cron jobs and git hooks."""

from __future__ import annotations

import argparse
import dataclasses

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.iteration import Card, Column, parse_points
from ritual.numbers import CARD_ID, parse_id
from ritual.symbols import symbol
from ritual.team import find_member
from storage.board_repo import BoardRepo


def card_json(card: Card) -> dict:
    out = dataclasses.asdict(card)
    out["column"] = card.column_name  # as the file has it, also one this version does not know
    del out["unknown_column"]
    return out


def parse_card_id(text: str) -> int:
    return parse_id(text, CARD_ID)


def add_card(args: argparse.Namespace) -> int:
    points = parse_points(args.points)  # refused before the file is opened
    store = context_from(args).open_store()
    card = BoardRepo(store).add_card(
        args.title,
        column=args.column,
        assignee=args.assignee,
        points=points,
        priority=args.priority,
    )
    if args.json:
        emit_json(card_json(card))
    else:
        print(card.id)
    return 0


def move_card(args: argparse.Namespace) -> int:
    card_id = parse_card_id(args.id)
    column = Column.parse(args.column)
    store = context_from(args).open_store()
    card = BoardRepo(store).move_card(card_id, column)
    if args.json:
        emit_json(card_json(card))
    else:
        emit_line(f"card {card.id} {symbol('arrow')} {card.column.label}: {card.title}")
    return 0


def list_cards(args: argparse.Namespace) -> int:
    column = Column.parse(args.column) if args.column else None
    store = context_from(args).open_store()
    repo = BoardRepo(store)
    assignee = find_member(repo.team.members(), args.assignee).name if args.assignee else None
    # What the board shows: the current iteration and the product backlog, each card once.
    current = repo.current_iteration()
    places = {None, current.id if current else None}
    cards = [
        c
        for c in repo.cards("all", column=column)
        if c.iteration_id in places and (assignee is None or c.assignee == assignee)
    ]
    if args.json:
        emit_json([card_json(c) for c in cards])
    else:
        emit_table(
            ["ID", "COLUMN", "PRI", "PTS", "ASSIGNEE", "TITLE"],
            [
                [
                    str(c.id),
                    c.column_name if c.column is not Column.OTHER else f"other:{c.column_name}",
                    c.priority,
                    "" if c.points is None else str(c.points),
                    c.assignee,
                    (f"{symbol('blocked')} " if c.blocked else "") + c.title,
                ]
                for c in cards
            ],
        )
    return 0
