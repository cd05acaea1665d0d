"""Placeholder until the standup screen lands."""

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from screens.base import RitualScreen


class StandupScreen(RitualScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The standup is not built yet.")
        yield Footer()
