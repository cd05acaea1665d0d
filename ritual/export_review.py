"""A review's minutes, as Markdown and as JSON-ready data.

User text is data: control characters are stripped, and in Markdown every character that could
start markup (emphasis, links, HTML, headings, lists, table pipes) is backslash-escaped, so a
note reading "[click](http://x)" prints as those characters and never becomes a link.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pendulum import DateTime

from ritual.clock import parse_instant
from ritual.markdown import md_block, md_text
from ritual.review import (
    ActionItem,
    Review,
    ReviewItem,
    carry_candidates,
)
from ritual.review_time import clock_label, seconds_spent


def _rating(value: int | None) -> str:
    return f"{value}/5" if value else "—"


def _points(value: int | None) -> str:
    return "—" if value is None else str(value)


def _spent_seconds(item: ReviewItem, review: Review, now: DateTime) -> int:
    end = parse_instant(review.ended_at) if review.ended_at else now
    return int(seconds_spent(item.segments, end))


def minutes_markdown(
    review: Review,
    items: list[ReviewItem],
    actions: list[ActionItem],
    timezone: str,
    now: DateTime,
    carried_into: str = "",
) -> str:
    """The minutes a team reads after the meeting. ``carried_into`` names the review that the
    deferred and undecided items were carried into, if any."""
    titles = {i.id: i.title for i in items}
    out: list[str] = [f"# Minutes: {md_text(review.title)}", ""]
    out.append(f"- **Date:** {review.when_label(timezone, 'ddd D MMM YYYY HH:mm')} ({timezone})")
    out.append(f"- **Status:** {review.status}")
    out.append(f"- **Facilitator:** {md_text(review.facilitator) or '—'}")
    out.append(f"- **Note-taker:** {md_text(review.note_taker) or '—'}")
    attendees = ", ".join(md_text(a) for a in review.attendees) or "—"
    out.append(f"- **Attendees:** {attendees}")
    out += ["", "## Items", ""]
    out.append("| # | Requirement | Decision | Estimate | Owner |")
    out.append("|---|---|---|---|---|")
    for n, item in enumerate(items, 1):
        out.append(
            f"| {n} | {md_text(item.title)} | {item.decision_label or 'undecided'} | "
            f"{_points(item.estimate)} | {md_text(item.owner) or '—'} |"
        )
    for n, item in enumerate(items, 1):
        out += ["", f"### {n}. {md_text(item.title)}", ""]
        spent = _spent_seconds(item, review, now)
        facts = [
            f"Presenter: {md_text(item.presenter) or '—'}",
            f"time {clock_label(spent)} of {clock_label(item.timebox_seconds)}",
            f"difficulty {_rating(item.difficulty)}",
            f"feasibility {_rating(item.feasibility)}",
        ]
        out.append(" · ".join(facts))
        if item.carried_from:
            out += ["", f"*C{md_text(item.carried_label[1:])}*"]
        if item.link:
            out += ["", f"Link: {md_text(item.link)}"]
        out += ["", f"**Decision:** {item.decision_label or 'undecided'}"]
        if item.rationale.strip():
            out += ["", "**Rationale:**", "", md_block(item.rationale)]
        if item.notes.strip():
            out += ["", "**Notes:**", "", md_block(item.notes)]
        item_actions = [a for a in actions if a.item_id == item.id]
        if item_actions:
            out += ["", "**Action items:** " + "; ".join(md_text(a.text) for a in item_actions)]
    out += ["", "## Action items", ""]
    if actions:
        out.append("| Action | Owner | Due | Done | Requirement |")
        out.append("|---|---|---|---|---|")
        for a in actions:
            item_title = titles.get(a.item_id, "") if a.item_id else ""
            out.append(
                f"| {md_text(a.text)} | {md_text(a.owner) or '—'} | {a.due or '—'} | "
                f"{'yes' if a.done else 'no'} | {md_text(item_title) or '—'} |"
            )
    else:
        out.append("None.")
    out += ["", "## Carried over", ""]
    leaving = {i.id for i in carry_candidates(items)}
    listed = [i for i in items if i.carried_from or i.id in leaving]
    if not listed:
        out.append("Nothing.")
    for item in listed:  # each item once, whether it came in, goes on, or both
        parts = []
        if item.carried_from:
            parts.append(f"carried from {md_text(item.carried_from)}")
        if item.id in leaving:
            where = f"carried into {md_text(carried_into)}" if carried_into else "to carry over"
            parts.append(f"{item.decision_label or 'undecided'}, {where}")
        out.append(f"- {md_text(item.title)}: " + "; ".join(parts))
    return "\n".join(out) + "\n"


def _public(obj: Any) -> dict[str, Any]:
    out = asdict(obj)
    out.pop("conflicts", None)
    return out


def minutes_data(
    review: Review,
    items: list[ReviewItem],
    actions: list[ActionItem],
    timezone: str,
    now: DateTime,
    carried_into: str = "",
) -> dict[str, Any]:
    """The same minutes for scripts (json.dumps escapes every control character)."""
    data = _public(review)
    data["timezone"] = timezone
    data["local_when"] = review.when_label(timezone, "YYYY-MM-DDTHH:mm") if review.when else ""
    data["items"] = []
    for item in items:
        d = _public(item)
        d["decision_label"] = item.decision_label
        d["seconds_spent"] = _spent_seconds(item, review, now)
        data["items"].append(d)
    data["action_items"] = [_public(a) for a in actions]
    data["carried_in"] = [i.id for i in items if i.carried_from]
    data["to_carry_over"] = [i.id for i in carry_candidates(items)]
    data["carried_into"] = carried_into
    return data
