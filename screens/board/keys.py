"""The board's keys: the footer shows the common ones, `?` lists them all."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ritual.i18n import N_

BOARD_KEYS: list[BindingType] = [
    Binding("left,h", "focus_column(-1)", "Column ←", show=False, id="column-left"),
    Binding("right,l", "focus_column(1)", "Column →", show=False, id="column-right"),
    Binding(
        "shift+left,less_than_sign",
        "move_card(-1)",
        "Move",
        key_display="<",
        id="move-left",
        tooltip="Move the card to the previous column",
    ),
    Binding(
        "shift+right,greater_than_sign",
        "move_card(1)",
        "Move",
        key_display=">",
        id="move-right",
        tooltip="Move the card to the next column",
    ),
    Binding("n", "new_card", "New", id="new-card", tooltip="New card in this column"),
    Binding("e", "edit_card", "Edit", id="edit-card", tooltip="Edit the card"),
    Binding("d", "delete_card", "Delete", id="delete-card", tooltip="Delete the card", show=False),
    Binding(
        "b",
        "toggle_blocked",
        "Blocked",
        id="block-card",
        tooltip="Mark blocked / not",
        show=False,
    ),
    Binding(
        "m", "toggle_mine", "Mine", id="my-cards", tooltip="Only my cards (again: all)", show=False
    ),
    # Escape first clears a filter or search (what it is pressed for most of the time), and
    # only goes home when there is nothing to clear: no trip home by accident.
    Binding("escape", "escape", "Home", id="home", tooltip="Clear the filter, else go home"),
    Binding("slash", "search", "Search", key_display="/", id="search", tooltip="Search cards"),
    Binding("f", "filter", "Filter", id="filter", tooltip="Filter by assignee/label/prio"),
    Binding("x", "clear_filter", "Clear", id="clear-filter", tooltip="Show all cards", show=False),
    Binding(
        "w",
        "wip_limit",
        "WIP",
        id="wip-limit",
        tooltip="Set this column's WIP limit",
        show=False,
    ),
    Binding(
        "i",
        "new_iteration",
        "New iter.",
        id="new-iteration",
        tooltip="New iteration",
        show=False,
    ),
    Binding(
        "c",
        "close_iteration",
        "Close iter.",
        id="close-iteration",
        tooltip="Close the current iteration",
        show=False,
    ),
    Binding("M", "members", "Members", id="members", tooltip="Add, edit, deactivate", show=False),
    Binding(
        "ctrl+z",
        "undo",
        N_("Undo"),
        id="undo",
        tooltip=N_("Undo your last card change (refused if someone changed it since)"),
        show=False,
    ),
    Binding("question_mark", "help", "Keys", key_display="?", id="help", tooltip="All keys"),
    Binding(
        "ctrl+d",
        "download",
        "Download",
        id="board-download",
        tooltip="The board as a Markdown file (a browser downloads it)",
        show=False,
    ),
]
