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
from ritual.i18n import N_, _
from ritual.markdown import md_block, md_text
from ritual.review import (
    DECISION_LABELS,
    ActionItem,
    Review,
    ReviewItem,
    carry_candidates,
)
from ritual.review_time import clock_label, seconds_spent

# How a review's status reads in the minutes (the stored value stays English).
STATUS_LABELS = {"planned": N_("planned"), "running": N_("running"), "done": N_("done")}


def _bold(text: str) -> str:
    return f"**{text}**"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    # Translated before use: Babel does not see _() inside an f-string.
    undecided, colon = _("undecided"), _(": ")

    def field(label: str, value: str) -> str:
        return f"- **{label}** {value}"

    when = review.when_label(timezone, _("ddd D MMM YYYY HH:mm"))
    out: list[str] = ["# " + _("Minutes: {title}").format(title=md_text(review.title)), ""]
    out.append(field(_("Date:"), f"{when} ({timezone})"))
    out.append(field(_("Status:"), _(STATUS_LABELS.get(review.status, review.status))))
    out.append(field(_("Facilitator:"), md_text(review.facilitator) or "—"))
    out.append(field(_("Note-taker:"), md_text(review.note_taker) or "—"))
    attendees = ", ".join(md_text(a) for a in review.attendees) or "—"
    out.append(field(_("Attendees:"), attendees))
    out += ["", "## " + _("Items"), ""]
    headers: tuple[str, ...] = (_("Requirement"), _("Decision"), _("Estimate"), _("Owner"))
    out.append("| # | " + " | ".join(headers) + " |")
    out.append("|---|---|---|---|---|")
    for n, item in enumerate(items, 1):
        out.append(
            f"| {n} | {md_text(item.title)} | {item.decision_label or undecided} | "
            f"{_points(item.estimate)} | {md_text(item.owner) or '—'} |"
        )
    for n, item in enumerate(items, 1):
        out += ["", f"### {n}. {md_text(item.title)}", ""]
        spent = _spent_seconds(item, review, now)
        facts = [
            _("Presenter: {name}").format(name=md_text(item.presenter) or "—"),
            _("time {spent} of {timebox}").format(
                spent=clock_label(spent), timebox=clock_label(item.timebox_seconds)
            ),
            _("difficulty {rating}").format(rating=_rating(item.difficulty)),
            _("feasibility {rating}").format(rating=_rating(item.feasibility)),
        ]
        out.append(" · ".join(facts))
        if item.carried_from:
            out += ["", f"*{md_text(_capitalized(item.carried_label))}*"]
        if item.link:
            out += ["", _("Link: {link}").format(link=md_text(item.link))]
        out += ["", _bold(_("Decision:")) + " " + (item.decision_label or undecided)]
        if item.rationale.strip():
            out += ["", _bold(_("Rationale:")), "", md_block(item.rationale)]
        if item.notes.strip():
            out += ["", _bold(_("Notes:")), "", md_block(item.notes)]
        item_actions = [a for a in actions if a.item_id == item.id]
        if item_actions:
            listed_actions = "; ".join(md_text(a.text) for a in item_actions)
            out += ["", _bold(_("Action items:")) + " " + listed_actions]
    out += ["", "## " + _("Action items"), ""]
    if actions:
        headers = (_("Action"), _("Owner"), _("Due"), _("Done"), _("Requirement"))
        out.append("| " + " | ".join(headers) + " |")
        out.append("|---|---|---|---|---|")
        yes, no = _("yes"), _("no")
        for a in actions:
            item_title = titles.get(a.item_id, "") if a.item_id else ""
            out.append(
                f"| {md_text(a.text)} | {md_text(a.owner) or '—'} | {a.due or '—'} | "
                f"{yes if a.done else no} | {md_text(item_title) or '—'} |"
            )
    else:
        out.append(_("None."))
    out += ["", "## " + _("Carried over"), ""]
    leaving = {i.id for i in carry_candidates(items)}
    listed = [i for i in items if i.carried_from or i.id in leaving]
    if not listed:
        out.append(_("Nothing."))
    for item in listed:  # each item once, whether it came in, goes on, or both
        parts = []
        if item.carried_from:
            parts.append(_("carried from {date}").format(date=md_text(item.carried_from)))
        if item.id in leaving:
            where = (
                _("carried into {review}").format(review=md_text(carried_into))
                if carried_into
                else _("to carry over")
            )
            parts.append(
                _("{decision}, {where}").format(
                    decision=item.decision_label or undecided, where=where
                )
            )
        out.append(f"- {md_text(item.title)}{colon}" + _("; ").join(parts))
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
        # English, as the file's decision ids: scripts read it (Markdown is for people).
        known = item.decision_enum
        d["decision_label"] = DECISION_LABELS[known] if known else item.decision_label
        d["seconds_spent"] = _spent_seconds(item, review, now)
        data["items"].append(d)
    data["action_items"] = [_public(a) for a in actions]
    data["carried_in"] = [i.id for i in items if i.carried_from]
    data["to_carry_over"] = [i.id for i in carry_candidates(items)]
    data["carried_into"] = carried_into
    return data
