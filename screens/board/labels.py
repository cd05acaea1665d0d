"""The board's words for what is stored as an id: a column is stored as ``todo``, ``doing``...
(never translated) and shown by its label in the language in use."""

from __future__ import annotations

import re
from datetime import date

import pendulum

from ritual.i18n import N_, _, pendulum_locale
from ritual.iteration import Card, Column
from ritual.text import one_line

# ritual.iteration.COLUMN_LABELS' words, listed for the catalog (translated where shown).
COLUMN_WORDS = (
    N_("Backlog"),
    N_("To do"),
    N_("In progress"),
    N_("In review"),
    N_("Done"),
    N_("Other"),
)


def column_label(column: Column) -> str:
    """``column``'s name on screen: "To do", "待办"."""
    return _(column.label)


def card_column_label(card: Card) -> str:
    """The column a card is in; a column this version does not know by its stored name."""
    if card.column is Column.OTHER and card.unknown_column:
        return _("Other ({column})").format(column=one_line(card.unknown_column))
    return column_label(card.column)


# How a date is written, as pendulum formats a translation may change ("M月D日" in Chinese):
# a due date on a card, where room is short, and a full date (in a card, an iteration's span).
# i18n: a pendulum date format; keep it short (a card's first line)
SHORT_DATE = N_("MM-DD")
# i18n: a pendulum date format
FULL_DATE = N_("YYYY-MM-DD")


_LETTERS = re.compile(r"([A-Za-z]+)")


def _numeric_date(day: date, form: str) -> str | None:
    """``day`` in ``form`` when it is made of year, month and day numbers only ("YYYY-MM-DD",
    "M月D日"): without pendulum's formatter, whose first use loads its locale files (a few ms
    of the board's start). None for any other form."""
    parts = _LETTERS.split(form)
    numbers = {
        "YYYY": str(day.year),  # as pendulum writes it (999, not 0999)
        "MM": f"{day.month:02d}",
        "M": str(day.month),
        "DD": f"{day.day:02d}",
        "D": str(day.day),
    }
    if "[" in form or any(token not in numbers for token in parts[1::2]):
        return None  # a word (a month's name, a weekday) or an escape: pendulum knows them
    return "".join(numbers[p] if i % 2 else p for i, p in enumerate(parts))


def show_date(day: str, form: str = FULL_DATE) -> str:
    """``day`` (ISO, as stored) in the language in use: ``form`` is SHORT_DATE or FULL_DATE."""
    pattern = _(form)
    try:
        shown = _numeric_date(date.fromisoformat(day), pattern)
    except (TypeError, ValueError):
        shown = None
    if shown is not None:
        return shown
    try:
        parsed = pendulum.parse(day, exact=True)
    except Exception:
        return one_line(day)
    if not isinstance(parsed, pendulum.Date):
        return one_line(day)
    return parsed.format(pattern, locale=pendulum_locale())
