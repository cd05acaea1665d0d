"""What changed in a requirement since it was approved (``D`` on the meeting screen), with its
history: the same text ``ritual review diff ID ITEM`` prints."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.review import ReviewItem
from ritual.review_history import history_lines, requirement_diff
from ritual.text import one_line
from screens.base import RitualScreen
from screens.footer import FittingFooter
from screens.services import Services
from storage.review_repo import ReviewRepo


def diff_text(item: ReviewItem, timezone: str) -> Text:
    """The diff coloured as a diff (removed red, added green), then the history."""
    text = Text()
    if not item.baseline:
        text.append(
            _("Not approved yet: there is no baseline to compare with.") + "\n", style="dim"
        )
    else:
        diff = requirement_diff(item)
        at = item.baseline_at[:16].replace("T", " ")
        if diff:
            head = _("Approved {at} by {name}: changed since")
        else:
            head = _("Approved {at} by {name}: unchanged since")
        text.append(
            head.format(at=at, name=one_line(item.baseline_by)) + "\n\n",
            style="bold",
        )
        for line in diff.splitlines():
            style = ""
            if line.startswith("=="):
                style = "bold"
            elif line.startswith("+"):
                style = "green"
            elif line.startswith("-"):
                style = "red"
            elif line.startswith("@@"):
                style = "dim"
            text.append(one_line(line) + "\n", style=style)
    if item.revisions:
        text.append("\n" + _("History") + "\n", style="bold")
        for line in history_lines(item, timezone):
            text.append(one_line(line) + "\n")
    return text


class DiffScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", N_("Back"), id="diff-back")]

    def __init__(self, services: Services, item_id: int) -> None:
        super().__init__(services)
        self.repo = ReviewRepo(services.store)
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="diff-scroll"):
            yield Static(id="diff-text", markup=False)
        yield FittingFooter()

    def reload(self) -> None:
        try:
            item = self.repo.item(self.item_id)
        except RitualError:
            return
        self.title = _("Changes: {title}").format(title=one_line(item.title))
        self.query_one("#diff-text", Static).update(diff_text(item, self.repo.timezone))
