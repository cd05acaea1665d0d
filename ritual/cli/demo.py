"""``ritual demo``: a believable team to try ritual on, in one transaction."""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from ritual.cli import review, standup
from ritual.cli.app_commands import open_mode
from ritual.cli.context import context_from
from ritual.cli.output import emit_line
from ritual.clock import Clock, team_today
from ritual.errors import RitualError
from ritual.iteration import Card, Column, Iteration
from ritual.team import Member, Team
from storage.mapping import to_doc, to_obj
from storage.sharedfile import replace_atomically
from storage.store import Store, Transaction

TIMEZONE = "Europe/Berlin"
MEMBERS = [
    ("Maya Lindqvist", "maya", "Product manager"),
    ("Jonas Berger", "jonas", "Engineer"),
    ("王芳", "wangfang", "Engineer"),
    ("Priya Nair", "priya", "Engineer"),
    ("Tomás Ortega", "tomas", "Designer"),
    ("Alex Kim", "alex", "Engineer"),
]

# (title, column, assignee index or None, points, priority, labels, done days ago)
CARDS = [
    ("Export board as CSV", "done", 1, 3, "P2", ["cli"], 6),
    ("Login with SSO", "done", 3, 5, "P1", ["auth"], 5),
    ("Fix timezone in reminders", "done", 2, 2, "P1", ["bug"], 4),
    ("Onboarding checklist copy", "done", 4, 1, "P3", ["design"], 3),
    ("Rate-limit the public API", "done", 5, 3, "P1", ["api"], 1),
    ("Search in card descriptions", "review", 1, 3, "P2", ["board"], None),
    ("Dark mode contrast audit", "review", 4, 2, "P3", ["design"], None),
    ("支付回调重试 (payment callback retry)", "review", 2, 5, "P0", ["payments"], None),
    ("Offline mode for mobile", "doing", 3, 8, "P1", ["mobile"], None),
    ("Audit log for admin actions", "doing", 5, 5, "P2", ["api", "security"], None),
    ("Invoice PDF layout", "doing", 2, 3, "P2", ["payments"], None),
    ("Weekly digest email", "doing", 1, 3, "P2", ["email"], None),
    ("Team settings page", "todo", 4, 3, "P2", ["design"], None),
    ("Webhook signatures", "todo", 5, 3, "P1", ["api", "security"], None),
    ("CSV import of contacts", "todo", None, 5, "P2", ["import"], None),
    ("Slow query on reports page", "todo", 3, 2, "P0", ["bug", "perf"], None),
    ("Localise date formats (zh-CN)", "todo", 2, 2, "P3", ["i18n"], None),
    ("Two-factor recovery codes", "todo", None, 3, "P1", ["auth", "security"], None),
    ("Billing: proration on upgrade", "backlog", None, 8, "P2", ["payments"], None),
    ("Archive old projects", "backlog", None, 3, "P3", [], None),
    ("Mobile push notifications", "backlog", None, 5, "P2", ["mobile"], None),
    ("Keyboard shortcuts help", "backlog", None, 1, "P3", ["board"], None),
    ("Usage analytics dashboard", "backlog", None, 8, "P2", ["analytics"], None),
    ("Remove legacy v1 endpoints", "backlog", None, 2, "P3", ["api"], None),
    ("Accessibility: screen reader labels", "backlog", None, 3, "P2", ["a11y"], None),
]


def run_demo(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    store = ctx.create_store()
    if args.force and not store.is_empty():
        emit_line(f"kept a copy of what {ctx.path} held in {keep_backup(ctx.path)}")
    seed(store, ctx.clock, force=args.force)
    emit_line(f"demo team written to {ctx.path}")
    if args.open:
        args.mode, args.read_only, args.subcommand = "home", False, None
        return open_mode(args)
    return 0


def keep_backup(path: Path) -> Path:
    """A copy of the team file beside it (same mode and group), before the demo replaces it."""
    real = Path(os.path.realpath(path))
    content = real.read_bytes()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    backup = real.with_name(f"{real.name}.before-demo.{stamp}.bak")
    replace_atomically(backup, content, os.stat(real))
    return backup


def seed(store: Store, clock: Clock, force: bool = False) -> None:
    if not store.is_empty() and not force:
        raise RitualError(
            f"{store.path} already holds a team; use --force to replace it with the demo."
        )
    with store.transaction() as tx:
        if not tx._store.is_empty() and not force:
            raise RitualError(f"{store.path} already holds a team; use --force to replace it.")
        tx.reset()
        members = _seed_team(tx)
        _seed_board(tx, clock, members)
        standup.seed_demo(tx, clock, members)
        review.seed_demo(tx, clock, members)


def _seed_team(tx: Transaction) -> list[Member]:
    tx.ensure("team", 1, to_doc(Team(name="Checkout squad", timezone=TIMEZONE)))
    return [
        to_obj(Member, tx.insert("members", to_doc(Member(0, name, login, role))))
        for name, login, role in MEMBERS
    ]


def _seed_board(tx: Transaction, clock: Clock, members: list[Member]) -> None:
    today = team_today(clock, TIMEZONE)
    start, end = today.subtract(days=7), today.add(days=6)
    tx.insert(
        "iterations",
        to_doc(
            Iteration(
                0,
                "Sprint 14",
                "Payments you can trust; SSO for every customer",
                start.isoformat(),
                end.isoformat(),
                capacity=60,
                state="current",
                wip_limits={"doing": 4, "review": 3},
            )
        ),
    )
    planned_start = end.add(days=1)
    tx.insert(
        "iterations",
        to_doc(
            Iteration(
                0,
                "Sprint 15",
                "",
                planned_start.isoformat(),
                planned_start.add(days=13).isoformat(),
                capacity=60,
                state="planned",
            )
        ),
    )
    current_id = 1
    now = clock.now()
    for title, column, who, points, prio, labels, done_ago in CARDS:
        card = Card(
            0,
            title,
            Column(column),
            current_id,
            assignee=members[who].name if who is not None else "",
            points=points,
            priority=prio,
            labels=labels,
        )
        if done_ago is not None:
            card.done_at = now.subtract(days=done_ago).isoformat()
        if title.startswith("Invoice PDF"):
            card.blocked, card.blocked_reason = True, "Waiting for the finance team's template"
        tx.insert("cards", to_doc(card))
