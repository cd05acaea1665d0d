"""A dialog for the team's name and time zone; keeps what was typed when refused."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from ritual.i18n import _, pgettext
from ritual.team import check_team_name, check_timezone
from screens.dialogs import FormScreen


class TeamForm(FormScreen[dict[str, str]]):
    def __init__(self, name: str, timezone: str) -> None:
        super().__init__()
        self._name, self._tz = name, timezone

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(_("Team"), classes="form-title")
            yield Label(pgettext("a thing's name", "Name"))
            yield Input(self._name, id="name")
            yield Label(_("Time zone (e.g. Europe/Berlin, Asia/Shanghai)"))
            yield Input(self._tz, id="timezone")
            yield from self.error_and_buttons()

    def values(self) -> dict[str, str]:
        name = check_team_name(self.query_one("#name", Input).value)
        tz = self.query_one("#timezone", Input).value.strip()
        check_timezone(tz)
        return {"name": name, "timezone": tz}
