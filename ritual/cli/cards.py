"""``ritual card add|move|list``: the board from scripts, cron jobs and git hooks."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from ritual.board import check_scope_reason
from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.clock import local_time
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import (
    Card,
    Column,
    card_order,
    check_description,
    parse_due,
    parse_labels,
    parse_points,
)
from ritual.numbers import CARD_ID, MAX_ID, Bounds, parse_bounded_int, parse_id
from ritual.review import ReviewItem
from ritual.symbols import symbol
from ritual.team import find_member
from ritual.text import cell_width, pad
from storage.board_repo import BoardRepo
from storage.review_repo import ReviewRepo
from storage.team_repo import TeamRepo


def card_json(card: Card) -> dict:
    out = dataclasses.asdict(card)
    out["column"] = card.column_name  # as the file has it, also one this version does not know
    del out["unknown_column"]
    return out


def parse_card_id(text: str) -> int:
    return parse_id(text, CARD_ID)


def _text_options(args: argparse.Namespace) -> dict[str, Any]:
    """--label/--description/--due as card fields, checked before the file is opened."""
    out: dict[str, Any] = {}
    if args.label is not None:
        out["labels"] = parse_labels(" ".join(args.label))
    if args.description is not None:
        out["description"] = check_description(args.description)
    if args.due is not None:
        out["due"] = args.due  # read once the team's day is known: see _read_due
    return out


def _read_due(changes: dict[str, Any], store: Any, clock: Any) -> None:
    """--due as a date: YYYY-MM-DD, or a form counted from the team's day ("fri", "+3d",
    "明天", "下周一", "3天后"), in the team's time zone. A refusal comes before any write."""
    if "due" in changes:
        timezone = TeamRepo(store).team().timezone
        changes["due"] = parse_due(changes["due"], clock, timezone)


def add_card(args: argparse.Namespace) -> int:
    points = parse_points(args.points)  # refused before the file is opened
    extra = _text_options(args)
    if args.reason:
        extra["reason"] = check_scope_reason(args.reason)
    context = context_from(args)
    store = context.open_store()
    _read_due(extra, store, context.clock)
    card = BoardRepo(store).add_card(
        args.title,
        column=args.column,
        assignee=args.assignee,
        points=points,
        priority=args.priority,
        **extra,
    )
    if args.json:
        emit_json(card_json(card))
    else:
        print(card.id)
    return 0


def changed_note(repo: ReviewRepo, item: ReviewItem) -> str:
    """The card's flag: its requirement changed after the review approved it."""
    return _("changed since approved: ritual review diff {review} {item}").format(
        review=item.review_id, item=repo.agenda_number(item)
    )


def column_label(column: Column) -> str:
    """A column's name for people, in the language in use."""
    return _(column.label)


# card show's fields, in order; the labels are translated when shown.
SHOW_FIELDS = (
    ("card", N_("card")),
    ("where", N_("where")),
    ("since", N_("since")),
    ("priority", N_("priority")),
    ("points", N_("points")),
    ("assignee", N_("assignee")),
    ("labels", N_("labels")),
    ("due", N_("due")),
    ("blocked", N_("blocked")),
    ("source", N_("source")),
    ("requirement", N_("requirement")),
    ("description", N_("description")),
)


def show_card(args: argparse.Namespace) -> int:
    card_id = parse_card_id(args.id)
    store = context_from(args).open_store()
    repo = BoardRepo(store)
    card = repo.card(card_id)
    reviews = ReviewRepo(store)
    changed = reviews.source_changed(card.source_key) if card.source_key else None
    if args.json:
        emit_json(card_json(card) | {"changed_since_approved": changed is not None})
        return 0
    it = repo.iteration(card.iteration_id) if card.iteration_id is not None else None
    backlog = _("product backlog")
    tz = TeamRepo(store).team().timezone
    blocked = _("{reason} (since {since})").format(
        reason=card.blocked_reason, since=local_time(card.blocked_since, tz)
    )
    values = {
        "card": f"{card.id}: {card.title}",
        "where": f"{it.name if it else backlog} · {column_label(card.column)}",
        "since": local_time(card.column_since, tz),
        "priority": card.priority,
        "points": "" if card.points is None else str(card.points),
        "assignee": card.assignee,
        "labels": ", ".join(card.labels),
        "due": card.due,
        "blocked": blocked if card.blocked else "",
        "source": card.source,
        "requirement": changed_note(reviews, changed) if changed else "",
        "description": card.description,
    }
    labels = {key: _(label) for key, label in SHOW_FIELDS}
    width = max(cell_width(label) for label in labels.values()) + 2
    for key, _label in SHOW_FIELDS:
        if values[key]:
            emit_line(pad(labels[key] + ":", width) + values[key])
    return 0


def edit_card(args: argparse.Namespace) -> int:
    card_id = parse_card_id(args.id)
    changes = _text_options(args)
    for name in ("title", "assignee", "points", "priority"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if "points" in changes:
        changes["points"] = parse_points(changes["points"])
    if not changes:
        raise RitualError(_("nothing to change: give --title, --label, --due ... (see --help)."))
    context = context_from(args)
    store = context.open_store()
    _read_due(changes, store, context.clock)
    repo = BoardRepo(store)
    edit = repo.edit_card(repo.card(card_id), **changes)
    if args.json:
        emit_json(card_json(edit.card))
    else:
        emit_line(_("card {id}: {title}").format(id=edit.card.id, title=edit.card.title))
    return 0


def move_card(args: argparse.Namespace) -> int:
    card_id = parse_card_id(args.id)
    column = Column.parse(args.column)
    reason = check_scope_reason(args.reason)
    store = context_from(args).open_store()
    card = BoardRepo(store).move_card(card_id, column, reason)
    if args.json:
        emit_json(card_json(card))
    else:
        emit_line(
            _("card {id} {arrow} {column}: {title}").format(
                id=card.id,
                arrow=symbol("arrow"),
                column=column_label(card.column),
                title=card.title,
            )
        )
    return 0


RANK_WORDS = {"up": -1, "down": 1, "top": -MAX_ID, "bottom": MAX_ID}


def parse_places(text: str) -> int:
    """'up', 'down', 'top', 'bottom' or a signed count of places (negative: up)."""
    word = text.strip().casefold()
    if word in RANK_WORDS:
        return RANK_WORDS[word]
    sign = -1 if word.startswith("-") else 1
    return sign * parse_bounded_int(word.lstrip("+-"), Bounds(_("places"), 1, MAX_ID))


def rank_card(args: argparse.Namespace) -> int:
    card_id, by = parse_card_id(args.id), parse_places(args.places)
    repo = BoardRepo(context_from(args).open_store())
    card = repo.rank_card(card_id, by)
    emit_line(
        _("card {id} is {rank} in the product backlog: {title}").format(
            id=card.id, rank=card.rank, title=card.title
        )
    )
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
    cols = list(Column)
    cards.sort(key=lambda c: (cols.index(c.column), *card_order(c)))  # as the board lists them
    if args.json:
        emit_json([card_json(c) for c in cards])
    else:
        emit_table(
            [_("ID"), _("COLUMN"), _("PRI"), _("PTS"), _("ASSIGNEE"), _("TITLE")],
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
