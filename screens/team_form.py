"""A dialog for the team's name and time zone; keeps what was typed when refused."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from ritual.errors import RitualError
from ritual.team import check_timezone


class TeamForm(ModalScreen[dict[str, str] | None]):
    CSS_PATH = "forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, timezone: str) -> None:
        super().__init__()
        self._name, self._tz = name, timezone

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label("Team", classes="form-title")
            yield Label("Name")
            yield Input(self._name, id="name")
            yield Label("Time zone (e.g. Europe/Berlin, Asia/Shanghai)")
            yield Input(self._tz, id="timezone")
            yield Label("", id="error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        tz = self.query_one("#timezone", Input).value.strip()
        try:
            if not name:
                raise RitualError("the team needs a name.")
            check_timezone(tz)
        except RitualError as exc:
            self.query_one("#error", Label).update(str(exc))
            return
        self.dismiss({"name": name, "timezone": tz})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
