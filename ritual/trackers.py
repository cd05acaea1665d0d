"""Cards from Jira, GitHub and Linear CSV exports, and cards as CSV those trackers import.

Teams keep their backlog in a tracker already; retyping it is how cards get lost. Each
tracker's export has its own column names (taken from their documentation: Jira's "Export
issues > CSV (all fields)", GitHub Projects' "Export view data" (TSV or CSV), Linear's
"Export CSV"); this module reads them into :class:`ImportRow` specs the repository stores in
one unit of work. Reading never guesses: an assignee nobody on the team is named, logs in or
is mailed as is reported and left out; a row that cannot become a card is refused with its row
number, and then nothing is imported.

Pure functions over text: no file, no store, no terminal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ritual.errors import RitualError
from ritual.i18n import _
from ritual.iteration import (
    DEFAULT_PRIORITY,
    PRIORITIES,
    Card,
    check_description,
    check_title,
    parse_labels,
    parse_points,
)
from ritual.names import name_key
from ritual.team import Member
from ritual.text import one_line

TRACKERS = ("jira", "github", "linear")
EXPORT_FORMATS = ("jira", "linear")

# Priority words of each tracker, casefolded, to ritual's P0..P3.
JIRA_PRIORITIES = {
    "highest": "P0",
    "blocker": "P0",
    "critical": "P0",
    "high": "P1",
    "major": "P1",
    "medium": "P2",
    "low": "P3",
    "minor": "P3",
    "lowest": "P3",
    "trivial": "P3",
}
LINEAR_PRIORITIES = {"urgent": "P0", "high": "P1", "medium": "P2", "low": "P3", "no priority": ""}
GITHUB_PRIORITIES = {**JIRA_PRIORITIES, "urgent": "P0"}
TO_JIRA = {"P0": "Highest", "P1": "High", "P2": "Medium", "P3": "Low"}
TO_LINEAR = {"P0": "Urgent", "P1": "High", "P2": "Medium", "P3": "Low"}


@dataclass
class ImportRow:
    """One card to be: what the repository needs, and what the preview shows."""

    line: int  # the row's line in the file (the header is line 1)
    source_key: str
    source: str
    title: str
    description: str = ""
    assignee: str = ""  # a member's name, or "" (see ``unknown_assignee``)
    labels: list[str] = field(default_factory=list)
    points: int | None = None
    priority: str = DEFAULT_PRIORITY
    unknown_assignee: str = ""  # as the file named them, when no member matched


@dataclass
class ImportPlan:
    rows: list[ImportRow]
    errors: list[str]  # one line each: "line 4: ..."


@dataclass(frozen=True)
class _Columns:
    """Which header names a tracker uses for each field (the first present wins)."""

    key: tuple[str, ...]
    title: tuple[str, ...]
    description: tuple[str, ...]
    assignee: tuple[str, ...]
    labels: tuple[str, ...]
    points: tuple[str, ...]
    priority: tuple[str, ...]
    priorities: dict[str, str]
    label_separator: str  # how several labels share one cell ("" for repeated columns)


COLUMNS = {
    "jira": _Columns(
        key=("Issue key", "Issue id"),
        title=("Summary",),
        description=("Description",),
        assignee=("Assignee",),
        labels=("Labels",),
        points=(
            "Custom field (Story Points)",
            "Custom field (Story point estimate)",
            "Story Points",
            "Story point estimate",
        ),
        priority=("Priority",),
        priorities=JIRA_PRIORITIES,
        label_separator="",
    ),
    "github": _Columns(
        key=("URL", "Url", "Repository"),
        title=("Title",),
        description=("Body", "Description"),
        assignee=("Assignees",),
        labels=("Labels",),
        points=("Estimate", "Story Points", "Points"),
        priority=("Priority",),
        priorities=GITHUB_PRIORITIES,
        label_separator=",",
    ),
    "linear": _Columns(
        key=("ID",),
        title=("Title",),
        description=("Description",),
        assignee=("Assignee",),
        labels=("Labels",),
        points=("Estimate",),
        priority=("Priority",),
        priorities=LINEAR_PRIORITIES,
        label_separator=",",
    ),
}


def decode_export(raw: bytes, name: str) -> str:
    """The file's text; a byte-order mark (Excel, Jira) is dropped; not UTF-8 is refused."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RitualError(
            _("{name} is not UTF-8 text: export it again as UTF-8 CSV.").format(name=name)
        ) from None


def read_table(text: str) -> list[list[str]]:
    """Rows of a CSV or TSV export: a header line with a tab and no comma is TSV (GitHub
    offers both)."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise RitualError(_("the file is not readable as CSV ({exc}).").format(exc=exc)) from None


def match_member(members: Sequence[Member], who: str) -> Member | None:
    """The active member ``who`` names: by name or login, or by an e-mail address whose whole
    or local part is their login or name. None when nobody matches (never a guess)."""
    candidates = [who]
    if "@" in who:
        candidates.append(who.split("@", 1)[0])
    for text in candidates:
        key = name_key(text)
        if not key:
            continue
        for m in members:
            if m.active and key in (name_key(m.name), name_key(m.login) if m.login else None):
                return m
    return None


def plan_import(tracker: str, text: str, members: Sequence[Member]) -> ImportPlan:
    """Every data row of an export as an :class:`ImportRow`, or an error line for it."""
    if tracker not in COLUMNS:
        raise RitualError(
            _("{tracker!r} is not a tracker: use one of {TRACKERS}.").format(
                tracker=tracker, TRACKERS=" ".join(TRACKERS)
            )
        )
    cols = COLUMNS[tracker]
    table = read_table(text)
    if not table:
        raise RitualError(_("the file is empty: it has no header row."))
    header = [h.strip() for h in table[0]]
    title_at = _find(header, cols.title)
    if title_at is None:
        raise RitualError(
            _("this is not a {tracker} export: it has no {title} column (found: {found}).").format(
                tracker=tracker,
                title=" or ".join(cols.title),
                found=", ".join(one_line(h) for h in header[:8]) or _("nothing"),
            )
        )
    get = _getter(header)
    rows: list[Any] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        try:
            row = _row(tracker, cols, get, raw, number, members)
        except RitualError as exc:
            errors.append(_("line {number}: {error}").format(number=number, error=exc))
            continue
        if row.source_key in seen:
            errors.append(
                _("line {number}: {source} appears twice (also line {first}).").format(
                    number=number, source=row.source, first=seen[row.source_key]
                )
            )
            continue
        seen[row.source_key] = number
        rows.append(row)
    return ImportPlan(rows, errors)


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [h.casefold() for h in header]
    for name in names:
        if name.casefold() in folded:
            return folded.index(name.casefold())
    return None


def _getter(header: list[str]) -> Callable[[list[str], tuple[str, ...]], list[str]]:
    """A lookup of a row's cells under the first of ``names`` present (all of that name:
    Jira repeats "Labels" once per label)."""
    folded = [h.casefold() for h in header]

    def get(raw: list[str], names: tuple[str, ...]) -> list[str]:
        for name in names:
            at = [i for i, h in enumerate(folded) if h == name.casefold()]
            if at:
                return [raw[i].strip() for i in at if i < len(raw) and raw[i].strip()]
        return []

    return get


def _row(tracker, cols, get, raw, number, members) -> ImportRow:
    first = lambda names: (get(raw, names) or [""])[0]  # noqa: E731
    title = check_title(_unquoted(first(cols.title)))
    key = next((k for name in cols.key for k in get(raw, (name,))), "")
    if tracker == "github" and key and not key.startswith("http"):
        key = ""  # a repository alone names no issue
    if not key:
        if tracker != "github":
            raise RitualError(
                _("no {key}: a row needs its tracker's key.").format(key=" or ".join(cols.key))
            )
        key = f"draft:{name_key(title)}"  # a draft item has no URL: its title is its identity
    source = f"{tracker} {one_line(key)}"
    points_text = first(cols.points)
    if points_text.endswith(".0"):
        points_text = points_text[:-2]  # Jira writes story points as 3.0
    points = parse_points(points_text)
    priority = _priority(first(cols.priority), cols.priorities)
    cells = get(raw, cols.labels)
    if cols.label_separator:
        cells = [x for c in cells for x in c.split(cols.label_separator)]
    labels = parse_labels(" ".join(x.strip().replace(" ", "-") for x in cells if x.strip()))
    who = first(cols.assignee)
    if tracker == "github":
        who = who.split(",")[0].strip()  # several assignees: a card has one
    member = match_member(members, who) if who else None
    return ImportRow(
        line=number,
        source_key=f"{tracker}:{key}",
        source=source,
        title=title,
        description=check_description(_unquoted(first(cols.description))),
        assignee=member.name if member else "",
        labels=labels,
        points=points,
        priority=priority,
        unknown_assignee="" if member or not who else who,
    )


def _unquoted(text: str) -> str:
    """A cell as typed: the apostrophe an export puts before a would-be formula removed."""
    from ritual.export_board import FORMULA_STARTS

    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _priority(text: str, table: dict[str, str]) -> str:
    t = text.strip()
    if not t:
        return DEFAULT_PRIORITY
    if t.upper() in PRIORITIES:
        return t.upper()
    word = t.casefold().split(":")[-1].strip()  # "1: Urgent" style values
    if word in table:
        return table[word] or DEFAULT_PRIORITY
    known = ", ".join(w.capitalize() for w in table)
    raise RitualError(
        _("priority {text!r} is unknown: use P0..P3 or {known}.").format(
            text=one_line(text), known=known
        )
    )


# -- export ------------------------------------------------------------------------------------

JIRA_HEADER = ("Issue id", "Issue key", "Summary", "Description", "Priority", "Assignee")
LINEAR_HEADER = ("ID", "Title", "Description", "Priority", "Estimate", "Assignee", "Labels")


def _key_for(card: Card, tracker: str) -> str:
    prefix = f"{tracker}:"
    return card.source_key[len(prefix) :] if card.source_key.startswith(prefix) else ""


def _formula_safe(text: str) -> str:
    from ritual.export_board import csv_cell

    return csv_cell(text)


def export_csv(
    fmt: str, cards: Sequence[Card], login_of: Callable[[str], str] = lambda name: name
) -> str:
    """Cards as a CSV the tracker's importer maps field by field (Jira: one Labels column per
    label, as its own export; Linear: labels in one cell). ``login_of`` turns a member's name
    into what the tracker knows them by (their login when they have one). A card first
    imported from that tracker keeps its key; others carry ritual's id."""
    from ritual.text import clean

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if fmt == "jira":
        width = max((len(c.labels) for c in cards), default=0)
        writer.writerow([*JIRA_HEADER, "Custom field (Story Points)"] + ["Labels"] * width)
        for c in cards:
            labels = [one_line(x) for x in c.labels] + [""] * (width - len(c.labels))
            writer.writerow(
                [
                    str(c.id),
                    _key_for(c, "jira"),
                    _formula_safe(one_line(c.title)),
                    _formula_safe(clean(c.description)),
                    TO_JIRA.get(c.priority, "Medium"),
                    _formula_safe(one_line(login_of(c.assignee))) if c.assignee else "",
                    "" if c.points is None else str(c.points),
                    *labels,
                ]
            )
    elif fmt == "linear":
        writer.writerow(LINEAR_HEADER)
        for c in cards:
            writer.writerow(
                [
                    _key_for(c, "linear") or f"RITUAL-{c.id}",
                    _formula_safe(one_line(c.title)),
                    _formula_safe(clean(c.description)),
                    TO_LINEAR.get(c.priority, "Medium"),
                    "" if c.points is None else str(c.points),
                    _formula_safe(one_line(login_of(c.assignee))) if c.assignee else "",
                    ", ".join(one_line(x) for x in c.labels),
                ]
            )
    else:
        raise RitualError(
            _("{fmt!r} is not an export format for trackers: use jira or linear.").format(fmt=fmt)
        )
    return out.getvalue()
