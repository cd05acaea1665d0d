"""The minutes as they will be exported, in a read-only text area: user text stays text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static, TextArea

from ritual.export_review import minutes_markdown
from screens.base import RitualScreen
from screens.services import Services
from storage.review_repo import ReviewRepo


class MinutesScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="minutes-back"),
    ]

    def __init__(self, services: Services, review_id: int) -> None:
        super().__init__(services)
        self.repo = ReviewRepo(services.store)
        self.review_id = review_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"ritual export review {self.review_id} > minutes.md  (or --format json)",
            id="list-hint",
            markup=False,
        )
        yield TextArea(id="minutes-text", read_only=True, soft_wrap=True)
        yield Footer()

    def reload(self) -> None:
        review = self.repo.review(self.review_id)
        self.title = f"Minutes: {review.title}"
        text = minutes_markdown(
            review,
            self.repo.items(self.review_id),
            self.repo.actions(self.review_id),
            self.repo.timezone,
            now=self.services.clock.now(),
            carried_into=self.repo.carried_into(self.review_id),
        )
        area = self.query_one("#minutes-text", TextArea)
        if area.text != text:
            area.load_text(text)
