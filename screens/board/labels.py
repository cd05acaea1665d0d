"""The board's words for what is stored as an id: a column is stored as ``todo``, ``doing``...
(never translated) and shown by its label in the language in use."""

from __future__ import annotations

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


def show_date(day: str, form: str = FULL_DATE) -> str:
    """``day`` (ISO, as stored) in the language in use: ``form`` is SHORT_DATE or FULL_DATE."""
    try:
        parsed = pendulum.parse(day, exact=True)
    except Exception:
        return one_line(day)
    if not isinstance(parsed, pendulum.Date):
        return one_line(day)
    return parsed.format(_(form), locale=pendulum_locale())
