"""What in the team file this version cannot read as it was written, one line per record.

Reading never stops on a bad record (storage/mapping.py coerces it and the screens show what
could be made of it); this module names each such record so someone can fix it, for
``ritual doctor``. It only reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ritual.i18n import N_, _
from ritual.iteration import Card, Iteration
from ritual.review import ActionItem, Review, ReviewItem
from ritual.standup import StandupNotes
from ritual.team import Member, Team
from storage.board_repo import CARDS, ITERATIONS
from storage.mapping import missing_field, read, shown
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
    TEAM: (N_("the team record"), _reader(Team)),
    MEMBERS: (N_("member"), _reader(Member)),
    ITERATIONS: (N_("iteration"), _reader(Iteration)),
    CARDS: (N_("card"), _reader(Card)),
    STANDUPS: (N_("stand-up"), read_standup),
    NOTES: (N_("stand-up notes"), _reader(StandupNotes)),
    REVIEWS: (N_("review"), _reader(Review)),
    ITEMS: (N_("review item"), _reader(ReviewItem)),
    ACTIONS: (N_("action item"), _reader(ActionItem)),
    RETROS: (N_("retro"), read_retro),
}


def record_line(label: str, problems: list[str]) -> str:
    """ "card 42: points is 'eight', not a number; labels is null, not a list"."""
    first, *rest = problems
    if missing_field(first):
        head = f"{label} {first}"
    else:
        head = _("{label}: {problem}").format(label=label, problem=first)
    return _("; ").join([head, *rest])


def bad_records(store: Store) -> list[str]:
    """One human line per record this version had to coerce, skip or could not read."""
    out: list[str] = []
    for table, (what, reader) in TABLES.items():
        rows = store.raw_table(table)
        if not isinstance(rows, dict):
            out.append(
                _("table {table} is {value}, not a table of records (all skipped)").format(
                    table=repr(table), value=shown(rows)
                )
            )
            continue
        for key, doc in rows.items():
            label = _(what) if table == TEAM else f"{_(what)} {key}"
            if table == TEAM and key != str(TEAM_ID):
                label = _("team record {key}").format(key=key)
            if not is_record(key, doc):
                why = _("its id is not a number") if isinstance(doc, dict) else _("not a record")
                out.append(
                    _("{what} {key}: {why} (skipped)").format(what=_(what), key=repr(key), why=why)
                )
                continue
            _record, problems = reader({**doc, "id": int(key)})
            if problems:
                out.append(record_line(label, problems))
    return out


def timezone_warning(store: Store) -> str:
    """One sentence when the team's time zone fell back to UTC, else ""."""
    doc = store.get(TEAM, TEAM_ID)
    return read(Team, doc)[0].timezone_warning if doc else ""
