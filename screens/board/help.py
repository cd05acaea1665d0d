"""The board's `?` screen: every key, from the screen's own bindings, so it never goes stale."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from screens.board.dialogs import FORM_CSS

EXTRA_KEYS = [
    ("↑ ↓  j k", "Move the cursor within a column"),
    ("← →  h l", "Move the cursor to the next column"),
    ("enter / click", "Open the card"),
    ("ctrl+p", "Command palette (New iteration, Close iteration, …)"),
]


def help_text(bindings: list[Binding]) -> Text:
    rows = list(EXTRA_KEYS)
    for b in bindings:
        if b.action.startswith("focus_column"):
            continue  # covered by the arrows line above
        keys = b.key_display or b.key.replace(",", " / ")
        rows.append((keys, b.tooltip or b.description))
    width = max(len(k) for k, _ in rows) + 2
    out = Text()
    for keys, what in rows:
        out.append(f"{keys:<{width}}", "bold")
        out.append(f"{what}\n")
    return out


class HelpScreen(ModalScreen[None]):
    CSS_PATH = FORM_CSS
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help-close")]

    def __init__(self, bindings: list[Binding]) -> None:
        super().__init__()
        self._keys = bindings

    def compose(self) -> ComposeResult:
        with Vertical(classes="form help"):
            yield Label("The board's keys (esc closes)", classes="form-title")
            with VerticalScroll():
                yield Static(help_text(self._keys))
