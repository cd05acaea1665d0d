"""``ritual demo``: a believable team to try ritual on, in one transaction."""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
from pathlib import Path
from typing import Any

from ritual.cli.app_commands import open_mode
from ritual.cli.context import context_from
from ritual.cli.output import emit_line
from ritual.clock import Clock, team_today
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.iteration import Column
from ritual.rituals import RITUALS
from ritual.team import Member
from storage.sharedfile import replace_atomically
from storage.store import Store
from storage.unit_of_work import UnitOfWork

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
SCOPE_ADDED = "Slow query on reports page"
SCOPE_REASON = "Support escalation: reports time out for the largest customers"
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
    if args.force and not store.is_empty() and not ctx.url:
        emit_line(
            _("kept a copy of what {path} held in {backup}").format(
                path=ctx.path, backup=keep_backup(ctx.path)
            )
        )
    seed(store, ctx.clock, force=args.force)
    emit_line(_("demo team written to {path}").format(path=ctx.path))
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
    """The demo team, written through the repositories in one unit of work: the file holds
    all of it or, when anything is refused, what it held before."""
    if not store.is_empty() and not force:
        raise RitualError(
            _("{path} already holds a team; use --force to replace it with the demo.").format(
                path=store.path
            )
        )
    with UnitOfWork(store) as uow:
        if not uow.is_empty() and not force:
            raise RitualError(
                _("{path} already holds a team; use --force to replace it.").format(path=store.path)
            )
        uow.reset()
        members = _seed_team(uow)
        for r in RITUALS:  # each declared ritual adds its demo data (ritual/rituals.py)
            if not r.demo_seed:
                continue
            module, _sep, name = r.demo_seed.partition(":")
            getattr(importlib.import_module(module), name)(uow, clock, members)


def _seed_team(uow: UnitOfWork) -> list[Member]:
    uow.team.update_team(name="Checkout squad", timezone=TIMEZONE)
    return [uow.team.add_member(name, login, role) for name, login, role in MEMBERS]


def seed_board(uow: UnitOfWork, clock: Clock, members: list[Member]) -> None:
    today = team_today(clock, TIMEZONE)
    start, end = today.subtract(days=7), today.add(days=6)
    current = uow.board.start_iteration(
        "Sprint 14",
        start.isoformat(),
        end.isoformat(),
        goal="Payments you can trust; SSO for every customer",
        capacity=60,
        wip_limits={"doing": 4, "review": 3},
    )
    planned_start = end.add(days=1)
    uow.board.start_iteration(
        "Sprint 15",
        planned_start.isoformat(),
        planned_start.add(days=13).isoformat(),
        capacity=60,
        state="planned",
    )
    now = clock.now()
    for title, column, who, points, prio, labels, done_ago in CARDS:
        extra: dict[str, Any] = {"labels": list(labels)}
        if done_ago is not None:
            extra["done_at"] = now.subtract(days=done_ago).isoformat()
        if title.startswith("Invoice PDF"):
            extra.update(blocked=True, blocked_reason="Waiting for the finance team's template")
        uow.board.add_card(
            title,
            column=Column(column),
            assignee=members[who].name if who is not None else None,
            points=points,
            priority=prio,
            iteration_id=current.id,
            **extra,
        )
    # The cards above were planned before the sprint began; one came in mid-sprint, with why,
    # so the scope log, the burn-up and the retro have something true to show.
    log = uow.board.iteration(current.id).scope  # type: ignore[union-attr]
    late = next(e for e in log if e["title"] == SCOPE_ADDED)
    late.update(at=now.subtract(days=2).isoformat(), reason=SCOPE_REASON, by=members[0].login)
    uow.board.update_iteration(current.id, scope=[late])
