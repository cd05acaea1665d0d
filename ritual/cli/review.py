"""``ritual review list`` and ``ritual export review ID``; the review part of ``ritual demo``."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import TYPE_CHECKING, Any

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.clock import Clock, team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.numbers import REVIEW_ID, Bounds, parse_id
from ritual.team import Member
from ritual.text import one_line

if TYPE_CHECKING:
    from storage.unit_of_work import UnitOfWork


# A review's status as the list shows it (the stored value is the key).
STATUS_LABELS = {"planned": N_("planned"), "running": N_("running"), "done": N_("done")}


def parse_review_id(text: str) -> int:
    return parse_id(text, REVIEW_ID)


def list_reviews(args: argparse.Namespace) -> int:
    from storage.review_repo import ReviewRepo

    repo = ReviewRepo(context_from(args).open_store())
    tz = repo.timezone
    reviews = repo.reviews()
    counts = {r.id: len(repo.items(r.id)) for r in reviews}
    if args.json:
        emit_json(
            [
                {**dataclasses.asdict(r), "items": counts[r.id], "local_when": r.when_label(tz)}
                for r in reviews
            ]
        )
        return 0
    emit_table(
        [_("ID"), _("WHEN"), _("STATUS"), _("ITEMS"), _("FACILITATOR"), _("TITLE")],
        [
            [
                str(r.id),
                r.when_label(tz, "YYYY-MM-DD HH:mm"),
                _(STATUS_LABELS[r.status]) if r.status in STATUS_LABELS else r.status,
                str(counts[r.id]),
                r.facilitator,
                r.title,
            ]
            for r in reviews
        ],
    )
    return 0


def export_review(args: argparse.Namespace) -> int:
    from ritual.export_review import minutes_data, minutes_markdown
    from storage.review_repo import ReviewRepo

    rid = parse_review_id(args.id)
    ctx = context_from(args)
    repo = ReviewRepo(ctx.open_store())
    review = repo.review(rid)
    parts = (review, repo.items(rid), repo.actions(rid), repo.timezone)
    now, carried_into = ctx.clock.now(), repo.carried_into(rid)
    if args.format == "ics":
        from ritual.export_review_ics import review_ics

        members = repo.team.members(include_inactive=True)
        ics = review_ics(review, parts[1], members, repo.timezone, now)
        sys.stdout.write(ics)
    elif args.format == "json":
        emit_json(minutes_data(*parts, now=now, carried_into=carried_into))
    else:
        # Markdown already has every control character stripped; print it as it is.
        print(minutes_markdown(*parts, now=now, carried_into=carried_into), end="")
    return 0


def diff_item(args: argparse.Namespace) -> int:
    """What changed in agenda item ITEM (its number) since it was approved, as a diff."""
    from ritual.review_history import history_lines, requirement_diff
    from storage.review_repo import ReviewRepo

    rid = parse_review_id(args.id)
    repo = ReviewRepo(context_from(args).open_store())
    repo.review(rid)
    items = repo.items(rid)
    if not items:
        raise RitualError(_("review {id} has no agenda items.").format(id=rid))
    n = parse_id(args.item, Bounds(_("an item number"), 1, len(items)))
    item = items[n - 1]
    if not item.baseline:
        emit_line(
            _("{title}: not approved, so there is no baseline to compare.").format(
                title=one_line(item.title)
            )
        )
        return 0
    diff = requirement_diff(item)
    if diff:
        emit_line(_("{title}: changed since approved").format(title=one_line(item.title)))
    else:
        emit_line(_("{title}: as approved").format(title=one_line(item.title)))
    for line in diff.splitlines():
        emit_line(one_line(line) if line else "")
    if item.revisions:
        emit_line(_("History:"))
        for line in history_lines(item, repo.timezone):
            emit_line("  " + one_line(line))
    return 0


def poker_scale(args: argparse.Namespace) -> int:
    """Show or set the cards planning poker offers (``?`` and ``coffee`` always)."""
    from ritual.review_poker import scale_values
    from storage.team_repo import TeamRepo

    team = TeamRepo(context_from(args).open_store())
    if args.scale is not None:
        scale_values(args.scale)  # refused here, before anything is written
        team.update_team(poker_scale=args.scale.strip())
    current = team.team().poker_scale
    emit_line(f"{current}: {' '.join(scale_values(current))}")
    return 0


# -- demo -------------------------------------------------------------------------------------

DEMO_ITEMS: list[dict[str, Any]] = [
    {
        "title": "Pay by link",
        "background": "Sales closes deals by phone; customers then wait for an invoice.",
        "description": "Send a payment link by e-mail or SMS from the order page.",
        "scenarios": "Agent creates an order, clicks 'Send link', customer pays on the phone.",
        "acceptance": "Link expires after 7 days.\nPaid orders move to 'Paid' within a minute.",
        "ui_notes": "Button beside 'Send invoice'.",
        "performance": "Link page loads in under 1 s on 3G.",
        "link": "https://wiki.example.com/req/pay-by-link",
        "decision": "approved",
        "estimate": 5,
        "difficulty": 3,
        "feasibility": 4,
        "notes": "Reuse the invoice e-mail template.\n王芳: the PSP supports links already.",
    },
    {
        "title": "Split payments across two cards",
        "background": "Large orders fail on card limits.",
        "description": "Let a customer pay one order with two cards.",
        "decision": "deferred",
        "rationale": "The PSP contract renewal in January changes the fees; decide after it.",
        "notes": "Refund logic doubles in complexity.",
    },
    {
        "title": "支付回调重试 (payment callback retry)",
        "background": "PSP callbacks are lost when our API restarts.",
        "description": "Retry failed callbacks with back-off, idempotently.",
        "acceptance": "No order stays 'pending' after a callback was sent.",
        "performance": "Handles 50 callbacks/s.",
    },
    {
        "title": "Saved cards for returning customers",
        "description": "Store a card token so returning customers pay in one click.",
        "ui_notes": "Show the last four digits and the expiry date.",
    },
    {
        "title": "Receipt e-mails in the customer's language",
        "description": "Send receipts in the language of the storefront.",
        "timebox_seconds": 5 * 60,
    },
]


def seed_demo(uow: UnitOfWork, clock: Clock, members: list[Member]) -> None:
    """Add the review part of `ritual demo` inside its unit of work: tomorrow's review with
    five requirements, two decided already, and two action items."""
    tz = uow.team.team().timezone
    tomorrow = team_today(clock, tz).add(days=1)
    names = [m.name for m in members]
    pm, eng = names[0], names[1:] or names
    review = uow.review.create_review(
        "Checkout v2 review",
        f"{tomorrow.isoformat()} 14:00",
        facilitator=pm,
        note_taker=eng[1 % len(eng)],
        attendees=names,
    )
    item_ids = []
    for spec in DEMO_ITEMS:
        spec = dict(spec)
        title, notes = spec.pop("title"), spec.pop("notes", "")
        decision = {k: spec.pop(k) for k in DECISION_KEYS if k in spec}
        item = uow.review.add_item(review.id, title, presenter=pm, **spec)
        if notes:
            item = uow.review.save_notes(item, notes).item
        if decision:
            owner = eng[0] if decision["decision"] == "approved" else ""
            item = uow.review.decide(item, owner=owner, **decision).item
        item_ids.append(item.id)
    due = team_today(clock, tz)
    uow.review.add_action(
        review.id, "Ask the PSP for the link API quota", eng[0], due.isoformat(), item_ids[0]
    )
    uow.review.add_action(
        review.id,
        "Collect card-limit failures from last quarter",
        pm,
        due.add(days=3).isoformat(),
        item_ids[1],
    )


DECISION_KEYS = ("decision", "rationale", "estimate", "difficulty", "feasibility")
