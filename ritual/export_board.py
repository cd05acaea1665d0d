"""The current iteration's board as Markdown, JSON-ready data or CSV.

User text is data: control characters are stripped everywhere; in Markdown it is escaped
(``md_text``) so a title like "[x](http://y)" stays those characters.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

from pendulum import Date

from ritual.clock import local_time
from ritual.i18n import _, ngettext, pgettext
from ritual.iteration import (
    Card,
    Column,
    Iteration,
    burndown,
    card_order,
    committed_points,
    done_points,
)
from ritual.markdown import md_text
from ritual.text import clean, one_line

CSV_FIELDS = (
    "id",
    "column",
    "priority",
    "points",
    "title",
    "assignee",
    "labels",
    "due",
    "blocked",
    "blocked_reason",
    "source",
    "description",
    "links",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
)


def board_order(cards: list[Card]) -> list[Card]:
    """Column by column, left to right, each as the board lists it."""
    cols = list(Column)
    return sorted(cards, key=lambda c: (cols.index(c.column), *card_order(c)))


def card_data(card: Card) -> dict[str, Any]:
    out = dataclasses.asdict(card)
    out["column"] = card.column_name  # as the file has it, also one this version does not know
    del out["unknown_column"]
    return out


def board_data(iteration: Iteration | None, cards: list[Card], today: Date, tz: str) -> dict:
    """Everything the board shows, JSON-ready (json.dumps escapes control characters)."""
    data: dict[str, Any] = {"iteration": None, "cards": [card_data(c) for c in board_order(cards)]}
    if iteration is not None:
        mine = [c for c in cards if c.iteration_id == iteration.id]
        data["iteration"] = {
            **dataclasses.asdict(iteration),
            "days_left": iteration.days_left(today),
            "points_committed": committed_points(mine),
            "points_done": done_points(mine),
            "burndown": [
                {"date": d.isoformat(), "remaining": left, "ideal": round(ideal, 1)}
                for d, left, ideal in burndown(iteration, mine, today, tz)
            ],
        }
    return data


def board_markdown(iteration: Iteration | None, cards: list[Card], today: Date, tz: str) -> str:
    lines: list[str] = []
    if iteration is None:
        lines += ["# " + _("Board (no current iteration)"), ""]
    else:
        mine = [c for c in cards if c.iteration_id == iteration.id]
        lines += [f"# {md_text(iteration.name)}", ""]
        if iteration.goal:
            lines += [
                "**{label}** {goal}".format(label=_("Goal:"), goal=md_text(iteration.goal)),
                "",
            ]
        cap = (
            _(", capacity {capacity}").format(capacity=iteration.capacity)
            if iteration.capacity is not None
            else ""
        )
        days = iteration.days_left(today)
        lines += [
            _("{start} – {end} · {left} · {done}/{committed} points done{cap}").format(
                start=iteration.start,
                end=iteration.end,
                left=ngettext("{n} day left", "{n} days left", days).format(n=days),
                done=done_points(mine),
                committed=committed_points(mine),
                cap=cap,
            ),
            "",
        ]
    by_column = {col: [c for c in board_order(cards) if c.column is col] for col in Column}
    for col, col_cards in by_column.items():
        limit = iteration.wip_limits.get(col.value) if iteration else None
        tally = f"{len(col_cards)}/{limit}" if limit else str(len(col_cards))
        if col is Column.OTHER and not col_cards:
            continue  # only when the file holds cards of columns this version does not know
        lines += [f"## {col.label} ({tally})", ""]
        if not col_cards:
            lines += ["_" + _("none") + "_", ""]
            continue
        headers = (_("Pri"), _("Pts"), _("Title"), _("Assignee"), _("Labels"))
        lines += ["| # | " + " | ".join(headers) + " |", "|---|---|---|---|---|---|"]
        for c in col_cards:
            title = md_text(c.title)
            if c.column is Column.OTHER:
                title = _("{title} (column {column})").format(
                    title=title, column=md_text(c.column_name)
                )
            if c.blocked:
                title = "⛔ " + _("{title} (blocked: {reason})").format(
                    title=title, reason=md_text(c.blocked_reason)
                )
            lines.append(
                f"| {c.id} | {c.priority} | {'' if c.points is None else c.points} | {title} | "
                f"{md_text(c.assignee)} | {md_text(', '.join(c.labels))} |"
            )
        lines.append("")
    if iteration is not None and iteration.scope:
        lines += _scope_table(iteration, tz)
    return "\n".join(lines).rstrip() + "\n"


def _scope_table(iteration: Iteration, tz: str) -> list[str]:
    """The iteration's scope log: what joined or left it after it started, who, why."""
    changes = {
        "added": pgettext("scope change", "added"),
        "removed": pgettext("scope change", "removed"),
    }
    headers = (_("When"), _("Change"), "#", _("Title"), _("Pts"), _("By"), _("Reason"))
    lines = [f"## {_('Scope changes')}", "", "| " + " | ".join(headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    for entry in iteration.scope:
        points = entry.get("points")
        cells = (
            local_time(str(entry.get("at", "")), tz),
            changes.get(str(entry.get("change")), md_text(str(entry.get("change", "")))),
            md_text(str(entry.get("card", ""))),
            md_text(str(entry.get("title", ""))),
            str(points) if type(points) is int else "",
            md_text(str(entry.get("by", ""))),
            md_text(str(entry.get("reason", ""))),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(...), +cmd|...).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading apostrophe defuses a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def board_csv(cards: list[Card]) -> str:
    """One row per card; text cleaned of control characters, lists joined with ", ", and
    every text cell that a spreadsheet would run as a formula prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for c in board_order(cards):
        row = []
        for name in CSV_FIELDS:
            value = getattr(c, name)
            if name == "column":
                value = one_line(c.column_name)
            elif name in ("labels", "links"):
                value = ", ".join(one_line(x) for x in getattr(c, name))
            elif value is None:
                value = ""
            elif isinstance(value, bool):
                value = "yes" if value else ""
            elif isinstance(value, str):
                value = clean(value) if name == "description" else one_line(value)
            row.append(csv_cell(value) if isinstance(value, str) else value)
        writer.writerow(row)
    return out.getvalue()
