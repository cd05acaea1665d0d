"""Placeholder until the board screen lands."""

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from screens.base import RitualScreen


class BoardScreen(RitualScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The board is not built yet.")
        yield Footer()
