"""How the review's records look on screen: Text built from user strings, never markup."""

from __future__ import annotations

import pendulum
from pendulum import DateTime
from rich.text import Text

from ritual.clock import parse_instant
from ritual.review import (
    REQUIREMENT_PARTS,
    ActionItem,
    Decision,
    Review,
    ReviewItem,
    Status,
)
from ritual.review_history import changed_since_approved
from ritual.review_time import TimerState, clock_label, seconds_spent
from ritual.text import clean, one_line, pad

FIELD_LABELS = {"title": "title", "link": "link", "rationale": "rationale"} | {
    key: label.casefold() for key, label in REQUIREMENT_PARTS
}
DECISION_SHORT = {
    Decision.APPROVED: ("✓ Approved", "green"),
    Decision.APPROVED_WITH_CHANGES: ("✓ Appr+chg", "green"),
    Decision.NEEDS_CLARIFICATION: ("? Clarify", "yellow"),
    Decision.DEFERRED: ("‖ Deferred", "blue"),
    Decision.REJECTED: ("✗ Rejected", "red"),
}


def agenda_title(item: ReviewItem, width: int) -> Text:
    mark = "↻ " if item.carried_from else ""
    if changed_since_approved(item):
        mark = "Δ " + mark  # changed since approved: D shows what
    return Text(pad(mark + one_line(item.title), width).rstrip())


def state_cell(state: str, item: ReviewItem) -> Text:
    if state == "current":
        return Text("▶ current", style="bold")
    decision = item.decision_enum
    if decision is not None:
        label, style = DECISION_SHORT[decision]
        return Text(label, style=style)
    return Text("· pending", style="dim")


def time_cell(item: ReviewItem, now: DateTime) -> Text:
    spent = int(seconds_spent(item.segments, now))
    style = "red" if spent > item.timebox_seconds else ("" if spent else "dim")
    return Text(clock_label(spent), style=style)


def empty_agenda(review: Review | None) -> Text:
    if review is None:
        return Text("")
    return Text("No requirements on the agenda yet: a adds one.", style="dim")


def item_head(item: ReviewItem, position: str) -> Text:
    text = Text.assemble((one_line(item.title), "bold"), ("  " + position, "dim"))
    facts = [f"{item.timebox_seconds // 60} min"]
    if item.presenter:
        facts.insert(0, f"presented by {one_line(item.presenter)}")
    text.append("\n" + " · ".join(facts), style="dim")
    if item.carried_from:
        text.append("\n" + one_line(item.carried_label), style="italic")
    if item.link:
        text.append("\n" + one_line(item.link), style="underline")
    return text


def conflict_panel(conflicts: list[dict], timezone: str) -> Text:
    if not conflicts:
        return Text("")
    text = Text("Both texts are kept. Besides what is saved now:\n", style="bold")
    for c in conflicts:
        when = parse_instant(c["at"]).in_timezone(timezone).format("HH:mm:ss") if c["at"] else ""
        what = "" if c["field"] == "notes" else f" ({FIELD_LABELS.get(c['field'], c['field'])})"
        text.append(f"{one_line(c['by'])} at {when} wrote{what}\n", style="italic")
        text.append(clean(c["text"]).rstrip() + "\n")
        if c.get("mine"):
            text.append("where the saved text has:\n", style="italic")
            text.append(clean(c["mine"]).rstrip() + "\n")
    text.append("m merges it in · k keeps what is saved now", style="dim")
    text.append("\n(esc first when you are typing in the notes)", style="dim")
    return text


def decision_block(item: ReviewItem) -> Text:
    decision = item.decision_enum
    if decision is None:
        return Text("Undecided · d records the decision", style="dim")
    label, style = DECISION_SHORT[decision]
    text = Text.assemble(("Decision: ", "bold"), (decision.label, f"bold {style}"))
    facts = []
    if item.estimate is not None:
        facts.append(f"{item.estimate} points")
    if item.difficulty:
        facts.append(f"difficulty {item.difficulty}/5")
    if item.feasibility:
        facts.append(f"feasibility {item.feasibility}/5")
    if item.owner:
        facts.append(f"owner {one_line(item.owner)}")
    if facts:
        text.append("\n" + " · ".join(facts))
    if item.rationale:
        text.append("\nWhy: ", style="bold")
        text.append(clean(item.rationale))
    return text


def actions_block(actions: list[ActionItem], today: pendulum.Date) -> Text:
    if not actions:
        return Text("No action items · t adds one", style="dim")
    text = Text("Action items", style="bold")
    for a in actions:
        mark = "✓" if a.done else ("!" if a.overdue(today) else "·")
        text.append(f"\n{mark} ")
        text.append(one_line(a.text), style="strike dim" if a.done else "")
        who = " · ".join(x for x in (one_line(a.owner), a.due) if x)
        if who:
            text.append(f"  ({who})", style="red" if a.overdue(today) else "dim")
    return text


def requirement_parts(item: ReviewItem) -> Text:
    text = Text()
    for key, label in REQUIREMENT_PARTS:
        value = clean(getattr(item, key)).strip()
        if value:
            text.append(f"{label}\n", style="bold")
            text.append(value + "\n\n")
    text.rstrip()
    return text if text.plain else Text("No requirement text yet · e edits it", style="dim")


def running_bar(item: ReviewItem, position: str, state: TimerState) -> Text:
    left = f"{state.label} over" if state.overtime else f"{state.label} left"
    return Text.assemble(
        ("▶ ", "bold"),
        (position + "  ", ""),
        (one_line(item.title), "bold"),
        "   ",
        (left, "bold"),
        f"  of {clock_label(item.timebox_seconds)}",
    )


def idle_bar(review: Review, items: list[ReviewItem], timezone: str) -> Text:
    decided = sum(1 for i in items if i.decision)
    if review.status == Status.DONE.value:
        return Text(
            f"Done · {decided}/{len(items)} decided · c cards · o carry over · v minutes",
        )
    if review.status == Status.RUNNING.value:
        return Text(
            f"Running · {decided}/{len(items)} decided · g makes the highlighted item current"
        )
    when = review.when_label(timezone)
    return Text(f"Planned for {when} · {len(items)} items · s starts the meeting")
