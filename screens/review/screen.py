"""Placeholder until the review screen lands."""

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from screens.base import RitualScreen


class ReviewScreen(RitualScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The review is not built yet.")
        yield Footer()
