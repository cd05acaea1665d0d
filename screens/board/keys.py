"""The board's keys: the footer shows the common ones, `?` lists them all."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ritual.i18n import N_

BOARD_KEYS: list[BindingType] = [
    Binding("left,h", "focus_column(-1)", N_("Column ←"), show=False, id="column-left"),
    Binding("right,l", "focus_column(1)", N_("Column →"), show=False, id="column-right"),
    Binding(
        "shift+left,less_than_sign",
        "move_card(-1)",
        N_("Move"),
        key_display="<",
        id="move-left",
        tooltip=N_("Move the card to the previous column"),
    ),
    Binding(
        "shift+right,greater_than_sign",
        "move_card(1)",
        N_("Move"),
        key_display=">",
        id="move-right",
        tooltip=N_("Move the card to the next column"),
    ),
    Binding("n", "new_card", N_("New"), id="new-card", tooltip=N_("New card in this column")),
    Binding("e", "edit_card", N_("Edit"), id="edit-card", tooltip=N_("Edit the card")),
    Binding(
        "d",
        "delete_card",
        N_("Delete"),
        id="delete-card",
        tooltip=N_("Delete the card"),
        show=False,
    ),
    Binding(
        "b",
        "toggle_blocked",
        N_("Blocked"),
        id="block-card",
        tooltip=N_("Mark blocked / not"),
        show=False,
    ),
    Binding(
        "m",
        "toggle_mine",
        N_("Mine"),
        id="my-cards",
        tooltip=N_("Only my cards (again: all)"),
        show=False,
    ),
    # Escape first clears a filter or search (what it is pressed for most of the time), and
    # only goes home when there is nothing to clear: no trip home by accident.
    Binding(
        "escape", "escape", N_("Home"), id="home", tooltip=N_("Clear the filter, else go home")
    ),
    Binding(
        "slash", "search", N_("Search"), key_display="/", id="search", tooltip=N_("Search cards")
    ),
    Binding("f", "filter", N_("Filter"), id="filter", tooltip=N_("Filter by assignee/label/prio")),
    Binding(
        "x",
        "clear_filter",
        N_("Clear"),
        id="clear-filter",
        tooltip=N_("Show all cards"),
        show=False,
    ),
    Binding(
        "w",
        "wip_limit",
        N_("WIP"),
        id="wip-limit",
        tooltip=N_("Set this column's WIP limit"),
        show=False,
    ),
    Binding(
        "i",
        "new_iteration",
        N_("New iter."),
        id="new-iteration",
        tooltip=N_("New iteration"),
        show=False,
    ),
    Binding(
        "c",
        "close_iteration",
        N_("Close iter."),
        id="close-iteration",
        tooltip=N_("Close the current iteration"),
        show=False,
    ),
    Binding(
        "M", "members", N_("Members"), id="members", tooltip=N_("Add, edit, deactivate"), show=False
    ),
    Binding(
        "ctrl+z",
        "undo",
        N_("Undo"),
        id="undo",
        tooltip=N_("Undo your last card change (refused if someone changed it since)"),
        show=False,
    ),
    Binding(
        "question_mark", "help", N_("Keys"), key_display="?", id="help", tooltip=N_("All keys")
    ),
    Binding(
        "ctrl+d",
        "download",
        N_("Download"),
        id="board-download",
        tooltip=N_("The board as a Markdown file (a browser downloads it)"),
        show=False,
    ),
]
