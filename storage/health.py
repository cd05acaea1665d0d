"""What in the team file this version cannot read as it was written, one line per record.

Reading never stops on a bad record (storage/mapping.py coerces it and the screens show what
could be made of it); this module names each such record so someone can fix it, for
``ritual doctor``. It only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ritual.iteration import Card, Iteration
from ritual.review import ActionItem, Review, ReviewItem
from ritual.standup import StandupNotes
from ritual.team import Member, Team
from storage.board_repo import CARDS, ITERATIONS
from storage.mapping import read, shown
from storage.retro_repo import RETROS, read_retro
from storage.review_repo import ACTIONS, ITEMS, REVIEWS
from storage.standup_repo import NOTES, STANDUPS, read_standup
from storage.store import Store, is_record
from storage.team_repo import MEMBERS, TEAM, TEAM_ID

Reader = Callable[[dict[str, Any]], tuple[Any, list[str]]]


def _reader(cls: type) -> Reader:
    return lambda doc: read(cls, doc)


# table -> (what one record is called, how it is read)
TABLES: dict[str, tuple[str, Reader]] = {
    TEAM: ("the team record", _reader(Team)),
    MEMBERS: ("member", _reader(Member)),
    ITERATIONS: ("iteration", _reader(Iteration)),
    CARDS: ("card", _reader(Card)),
    STANDUPS: ("stand-up", read_standup),
    NOTES: ("stand-up notes", _reader(StandupNotes)),
    REVIEWS: ("review", _reader(Review)),
    ITEMS: ("review item", _reader(ReviewItem)),
    ACTIONS: ("action item", _reader(ActionItem)),
    RETROS: ("retro", read_retro),
}


def record_line(label: str, problems: list[str]) -> str:
    """ "card 42: points is 'eight', not a number; labels is null, not a list"."""
    first, *rest = problems
    head = f"{label} {first}" if first.startswith("has ") else f"{label}: {first}"
    return "; ".join([head, *rest])


def bad_records(store: Store) -> list[str]:
    """One human line per record this version had to coerce, skip or could not read."""
    out: list[str] = []
    for table, (what, reader) in TABLES.items():
        rows = store.raw_table(table)
        if not isinstance(rows, dict):
            out.append(f"table {table!r} is {shown(rows)}, not a table of records (all skipped)")
            continue
        for key, doc in rows.items():
            label = what if table == TEAM else f"{what} {key}"
            if table == TEAM and key != str(TEAM_ID):
                label = f"team record {key}"
            if not is_record(key, doc):
                why = "its id is not a number" if isinstance(doc, dict) else "not a record"
                out.append(f"{what} {key!r}: {why} (skipped)")
                continue
            _record, problems = reader({**doc, "id": int(key)})
            if problems:
                out.append(record_line(label, problems))
    return out


def timezone_warning(store: Store) -> str:
    """One sentence when the team's time zone fell back to UTC, else ""."""
    doc = store.get(TEAM, TEAM_ID)
    return read(Team, doc)[0].timezone_warning if doc else ""
