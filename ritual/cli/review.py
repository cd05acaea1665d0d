"""``ritual review list`` and ``ritual export review ID``; the review part of ``ritual demo``."""

from __future__ import annotations

import argparse
import dataclasses

import pendulum

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_table
from ritual.clock import Clock, team_today
from ritual.numbers import REVIEW_ID, parse_id
from ritual.review import ActionItem, Review, ReviewItem
from ritual.team import Member


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
        ["ID", "WHEN", "STATUS", "ITEMS", "FACILITATOR", "TITLE"],
        [
            [
                str(r.id),
                r.when_label(tz, "YYYY-MM-DD HH:mm"),
                r.status,
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
    if args.format == "json":
        emit_json(minutes_data(*parts, now=now, carried_into=carried_into))
    else:
        # Markdown already has every control character stripped; print it as it is.
        print(minutes_markdown(*parts, now=now, carried_into=carried_into), end="")
    return 0


# -- demo -------------------------------------------------------------------------------------

DEMO_ITEMS = [
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


def seed_demo(tx, clock: Clock, members: list[Member]) -> None:
    """Add the review part of `ritual demo` inside its transaction: tomorrow's review with five
    requirements, two decided already, and two action items."""
    from storage.mapping import to_doc as _fields

    team = tx.get("team", 1) or {}
    tz = team.get("timezone", "UTC")
    tomorrow = team_today(clock, tz).add(days=1)
    when = pendulum.datetime(tomorrow.year, tomorrow.month, tomorrow.day, 14, tz=tz)
    names = [m.name for m in members]
    pm, eng = names[0], names[1:] or names
    review = Review(
        0,
        "Checkout v2 review",
        when=when.in_timezone("UTC").isoformat(),
        facilitator=pm,
        note_taker=eng[1 % len(eng)],
        attendees=names,
    )
    rid = tx.insert("reviews", _fields(review))["id"]
    item_ids = []
    for position, spec in enumerate(DEMO_ITEMS, 1):
        item = ReviewItem(0, rid, position=position, presenter=pm, **spec)
        if item.decision == "approved":
            item.owner = eng[0]
        item_ids.append(tx.insert("review_items", _fields(item))["id"])
    due = team_today(clock, tz)
    tx.insert(
        "review_actions",
        _fields(
            ActionItem(
                0, rid, "Ask the PSP for the link API quota", item_ids[0], eng[0], due.isoformat()
            )
        ),
    )
    tx.insert(
        "review_actions",
        _fields(
            ActionItem(
                0,
                rid,
                "Collect card-limit failures from last quarter",
                item_ids[1],
                pm,
                due.add(days=3).isoformat(),
            )
        ),
    )
