"""The `?` screen of every ritual screen: every key it has right now, from its bindings.

Built from the screen's active bindings (the focused widget's, the screen's and the app's,
after the person's keymap), so it never goes stale and shows each binding's id: the name to
use in the ``[keymap]`` table of the config file. A screen may add lines for keys its widgets
handle themselves (arrows, enter) in ``HELP_EXTRA``.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from ritual.i18n import N_, _
from screens.dialogs import FORMS_TCSS


def help_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, what it does, binding id) for every binding active on ``screen``."""
    rows: list[tuple[str, str, str]] = [
        (keys, _(what), "") for keys, what in getattr(screen, "HELP_EXTRA", ())
    ]
    by_binding: dict[tuple[str, str], tuple[int, Binding, list[str]]] = {}
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not binding.id or not (binding.description or binding.tooltip):
            continue  # every ritual key has an id (the keymap's name); Textual's own do not
        # The screen's keys first, then ritual's widgets', then the app's.
        if node is screen:
            rank = 0
        elif node is screen.app:
            rank = 2
        elif type(node).__module__.startswith("screens."):
            rank = 1
        else:
            continue  # Textual's widgets' keys (cursor, scrolling), the same everywhere
        # "shift+right,greater_than_sign" is one binding per key, with one id: one row.
        entry = by_binding.setdefault((binding.id, binding.action), (rank, binding, []))
        entry[2].append(screen.app.get_key_display(binding) or key)
    for _rank, binding, keys in sorted(by_binding.values(), key=lambda e: e[0]):
        # A modal screen's keys are not translated on their way here (a ritual screen's are).
        what = _(binding.tooltip or binding.description)
        rows.append((" / ".join(dict.fromkeys(keys)), what, binding.id or ""))
    return rows


def help_text(rows: list[tuple[str, str, str]]) -> Table:
    """Keys on the left; what they do on the right, a long line (Chinese has no spaces to
    break at) wrapping under itself, never under the keys nor cut off."""
    out = Table.grid(padding=(0, 2))
    out.add_column(no_wrap=True, style="bold")
    out.add_column(overflow="fold")
    for keys, what, binding_id in rows:
        line = Text(what)
        if binding_id:
            line.append(f"  [{binding_id}]", "dim")
        out.add_row(keys, line)
    return out


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below; esc, ? or q closes it."""

    CSS_PATH = FORMS_TCSS
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", N_("Close"), id="help-close")]

    def __init__(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="form help"):
            yield Label(
                _("{title} (esc closes; [ids] for your keymap)").format(title=self._title),
                classes="form-title",
                markup=False,
            )
            with VerticalScroll():
                yield Static(help_text(self._rows))
