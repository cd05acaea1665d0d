"""How the review's records look on screen: Text built from user strings, never markup."""

from __future__ import annotations

from dataclasses import replace

import pendulum
from pendulum import DateTime
from rich.text import Text

from ritual.clock import parse_instant
from ritual.i18n import N_, _, ngettext, pendulum_locale
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
from ritual.text import clean, fit, one_line

# Labels are marked N_ and translated where shown; the keys are what the file stores.
FIELD_LABELS = {"title": N_("title"), "link": N_("link"), "rationale": N_("rationale")} | dict(
    REQUIREMENT_PARTS
)
DECISION_SHORT = {
    Decision.APPROVED: (N_("✓ Approved"), "green"),
    Decision.APPROVED_WITH_CHANGES: (N_("✓ Appr+chg"), "green"),
    Decision.NEEDS_CLARIFICATION: (N_("? Clarify"), "yellow"),
    Decision.DEFERRED: (N_("‖ Deferred"), "blue"),
    Decision.REJECTED: (N_("✗ Rejected"), "red"),
}
STATUS_LABELS = {
    Status.PLANNED.value: N_("planned"),
    Status.RUNNING.value: N_("running"),
    Status.DONE.value: N_("done"),
}
# pendulum formats, translated as a whole: each language orders day, month and weekday its way.
# i18n: a pendulum date format (ddd weekday, D day, MMM month); at most 16 columns wide
LIST_WHEN_FORMAT = N_("ddd DD MMM HH:mm")
# i18n: a pendulum date format (ddd weekday, D day, MMM month)
WHEN_FORMAT = N_("ddd D MMM HH:mm")


def when_text(review: Review, timezone: str, fmt: str = WHEN_FORMAT) -> str:
    """The review's start in ``timezone``, in the language in use ("Thu 26 Nov 14:00")."""
    local = review.local_when(timezone)
    return local.format(_(fmt), locale=pendulum_locale()) if local else _("no date")


def status_label(status: str) -> str:
    """A review's status as shown; a status another version wrote shows as it was written."""
    label = STATUS_LABELS.get(status)
    return _(label) if label else one_line(status)


def decision_label(decision: Decision) -> str:
    return _(decision.label)


def item_decision_label(item: ReviewItem) -> str:
    """The item's decision as shown ("undecided" when there is none)."""
    if not item.decision:
        return _("undecided")
    decision = item.decision_enum
    return decision_label(decision) if decision else one_line(item.decision)


def field_label(field: str) -> str:
    """A requirement field's name in running text ("acceptance criteria")."""
    label = FIELD_LABELS.get(field)
    return _(label).casefold() if label else one_line(field)


def carried_text(item: ReviewItem) -> str:
    """ "carried from 2026-11-26 (Deferred)"; "" for an item not carried."""
    if not item.carried_from:
        return ""
    if item.carried_decision:
        earlier = item_decision_label(replace(item, decision=item.carried_decision))
    else:
        earlier = _("undecided")
    return _("carried from {date} ({decision})").format(
        date=one_line(item.carried_from), decision=earlier
    )


def agenda_title(item: ReviewItem, width: int) -> Text:
    mark = "↻ " if item.carried_from else ""
    if changed_since_approved(item):
        mark = "Δ " + mark  # changed since approved: D shows what
    return Text(fit(mark + one_line(item.title), width).rstrip())


def state_cell(state: str, item: ReviewItem) -> Text:
    if state == "current":
        return Text(_("▶ current"), style="bold")
    decision = item.decision_enum
    if decision is not None:
        label, style = DECISION_SHORT[decision]
        return Text(_(label), style=style)
    return Text(_("· pending"), style="dim")


def time_cell(item: ReviewItem, now: DateTime) -> Text:
    spent = int(seconds_spent(item.segments, now))
    style = "red" if spent > item.timebox_seconds else ("" if spent else "dim")
    return Text(clock_label(spent), style=style)


def empty_agenda(review: Review | None) -> Text:
    if review is None:
        return Text("")
    return Text(_("No requirements on the agenda yet: a adds one."), style="dim")


def item_head(item: ReviewItem, position: str) -> Text:
    text = Text.assemble((one_line(item.title), "bold"), ("  " + position, "dim"))
    facts = [_("{n} min").format(n=item.timebox_seconds // 60)]
    if item.presenter:
        facts.insert(0, _("presented by {name}").format(name=one_line(item.presenter)))
    text.append("\n" + " · ".join(facts), style="dim")
    if item.carried_from:
        text.append("\n" + carried_text(item), style="italic")
    if item.link:
        text.append("\n" + one_line(item.link), style="underline")
    return text


def conflict_panel(conflicts: list[dict], timezone: str) -> Text:
    if not conflicts:
        return Text("")
    text = Text(_("Both texts are kept. Besides what is saved now:") + "\n", style="bold")
    for c in conflicts:
        when = parse_instant(c["at"]).in_timezone(timezone).format("HH:mm:ss") if c["at"] else ""
        who = one_line(c["by"])
        if c["field"] == "notes":
            line = _("{who} at {time} wrote").format(who=who, time=when)
        else:
            line = _("{who} at {time} wrote ({field})").format(
                who=who, time=when, field=field_label(c["field"])
            )
        text.append(line + "\n", style="italic")
        text.append(clean(c["text"]).rstrip() + "\n")
        if c.get("mine"):
            text.append(_("where the saved text has:") + "\n", style="italic")
            text.append(clean(c["mine"]).rstrip() + "\n")
    text.append(_("m merges it in · k keeps what is saved now"), style="dim")
    text.append("\n" + _("(esc first when you are typing in the notes)"), style="dim")
    return text


def decision_block(item: ReviewItem) -> Text:
    decision = item.decision_enum
    if decision is None:
        return Text(_("Undecided · d records the decision"), style="dim")
    _label, style = DECISION_SHORT[decision]
    text = Text.assemble((_("Decision: "), "bold"), (decision_label(decision), f"bold {style}"))
    facts = []
    if item.estimate is not None:
        facts.append(ngettext("{n} point", "{n} points", item.estimate).format(n=item.estimate))
    if item.difficulty:
        facts.append(_("difficulty {n}/5").format(n=item.difficulty))
    if item.feasibility:
        facts.append(_("feasibility {n}/5").format(n=item.feasibility))
    if item.owner:
        facts.append(_("owner {name}").format(name=one_line(item.owner)))
    if facts:
        text.append("\n" + " · ".join(facts))
    if item.rationale:
        text.append("\n" + _("Why: "), style="bold")
        text.append(clean(item.rationale))
    return text


def actions_block(actions: list[ActionItem], today: pendulum.Date) -> Text:
    if not actions:
        return Text(_("No action items · t adds one"), style="dim")
    text = Text(_("Action items"), style="bold")
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
            text.append(_(label) + "\n", style="bold")
            text.append(value + "\n\n")
    text.rstrip()
    return text if text.plain else Text(_("No requirement text yet · e edits it"), style="dim")


def running_bar(item: ReviewItem, position: str, state: TimerState) -> Text:
    if state.overtime:
        left = _("{time} over").format(time=state.label)
    else:
        left = _("{time} left").format(time=state.label)
    return Text.assemble(
        ("▶ ", "bold"),
        (position + "  ", ""),
        (one_line(item.title), "bold"),
        "   ",
        (left, "bold"),
        "  " + _("of {time}").format(time=clock_label(item.timebox_seconds)),
    )


def idle_bar(review: Review, items: list[ReviewItem], timezone: str) -> Text:
    decided = sum(1 for i in items if i.decision)
    if review.status == Status.DONE.value:
        return Text(
            _("Done · {decided}/{total} decided · c cards · o carry over · v minutes").format(
                decided=decided, total=len(items)
            )
        )
    if review.status == Status.RUNNING.value:
        return Text(
            _("Running · {decided}/{total} decided · g makes the highlighted item current").format(
                decided=decided, total=len(items)
            )
        )
    return Text(
        ngettext(
            "Planned for {when} · {n} item · s starts the meeting",
            "Planned for {when} · {n} items · s starts the meeting",
            len(items),
        ).format(when=when_text(review, timezone), n=len(items))
    )
