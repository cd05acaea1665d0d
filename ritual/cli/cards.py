"""``ritual card add|move|list``: the board from scripts, cron jobs and git hooks."""

from __future__ import annotations

import argparse
import dataclasses

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.cli.registry import Registry
from ritual.errors import RitualError
from ritual.iteration import Card, Column
from ritual.team import find_member
from storage.board_repo import BoardRepo


def register(reg: Registry) -> None:
    card = reg.sub.add_parser("card", help="cards on the board", parents=[reg.common])
    csub = card.add_subparsers(dest="action", required=True, parser_class=type(card))

    add = csub.add_parser("add", help="add a card; prints its id", parents=[reg.common])
    add.add_argument("title")
    add.add_argument("--column", help="backlog todo doing review done")
    add.add_argument("--assignee", help="a team member's name")
    add.add_argument("--points", help="a whole number ≥ 0")
    add.add_argument("--priority", help="P0..P3 (default P2)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=add_card)

    move = csub.add_parser("move", help="move a card to a column", parents=[reg.common])
    move.add_argument("id")
    move.add_argument("column")
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler=move_card)

    ls = csub.add_parser("list", help="list the current iteration's cards", parents=[reg.common])
    ls.add_argument("--column")
    ls.add_argument("--assignee")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_cards)


def card_json(card: Card) -> dict:
    out = dataclasses.asdict(card)
    out["column"] = card.column.value
    return out


def parse_card_id(text: str) -> int:
    s = text.strip().lstrip("#")
    if not s.isdigit():
        raise RitualError(f"{text!r} is not a card id: give its number, e.g. 42.")
    return int(s)


def add_card(args: argparse.Namespace) -> int:
    store = context_from(args).open_store(create_dir=True)
    card = BoardRepo(store).add_card(
        args.title,
        column=args.column,
        assignee=args.assignee,
        points=args.points,
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
        emit_line(f"card {card.id} → {card.column.label}: {card.title}")
    return 0


def list_cards(args: argparse.Namespace) -> int:
    column = Column.parse(args.column) if args.column else None
    store = context_from(args).open_store()
    repo = BoardRepo(store)
    assignee = find_member(repo.team.members(), args.assignee).name if args.assignee else None
    cards = [
        c
        for c in repo.cards("current", column=column)
        if assignee is None or c.assignee == assignee
    ]
    if args.json:
        emit_json([card_json(c) for c in cards])
    else:
        emit_table(
            ["ID", "COLUMN", "PRI", "PTS", "ASSIGNEE", "TITLE"],
            [
                [
                    str(c.id),
                    c.column.value,
                    c.priority,
                    "" if c.points is None else str(c.points),
                    c.assignee,
                    ("⛔ " if c.blocked else "") + c.title,
                ]
                for c in cards
            ],
        )
    return 0
