"""Past stand-ups by date, and each person's average speaking time over the last ten."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from ritual.i18n import N_, _
from ritual.standup import Standup
from ritual.standup_summary import StandupSummary, averages, history
from ritual.standup_time import duration_text
from ritual.text import one_line
from screens.standup.summary_view import EndSummary

WINDOW = 10


class HistoryScreen(ModalScreen[str | None]):
    """Dismisses with the date of the stand-up chosen (Enter), or None."""

    CSS_PATH = ["../forms.tcss", "dialogs.tcss"]
    BINDINGS = [Binding("escape,h,q", "dismiss", N_("Close"), id="close-history")]

    def __init__(self, standups: list[Standup]) -> None:
        super().__init__()
        self.standups = standups

    def compose(self) -> ComposeResult:
        with Vertical(classes="form history"):
            yield Label(_("Past stand-ups"), classes="form-title")
            yield DataTable(id="past", cursor_type="row", zebra_stripes=True)
            yield Label(
                _("Average speaking time, last {n} stand-ups").format(n=WINDOW),
                classes="form-title",
            )
            yield DataTable(id="averages", cursor_type="row", zebra_stripes=True)
            yield Label(_("Enter shows a day's summary · Escape closes"), classes="muted")

    def on_mount(self) -> None:
        past = self.query_one("#past", DataTable)
        past.add_columns(
            _("Date"), _("Total"), _("Timebox"), _("Ran over"), _("Blockers"), _("Absent")
        )
        for line in history(self.standups):
            total = Text(duration_text(line.total))
            if line.total > line.meeting_seconds:
                total.stylize("bold red")
            past.add_row(
                line.date,
                total,
                duration_text(line.meeting_seconds),
                str(line.overtime_count),
                str(line.blockers),
                str(line.absent),
                key=line.date,
            )
        avg = self.query_one("#averages", DataTable)
        avg.add_columns(_("Name"), _("Average"), _("Spoke"), _("Ran over"))
        for a in averages(self.standups, WINDOW):
            avg.add_row(
                Text(one_line(a.name)), duration_text(a.seconds), str(a.spoke), str(a.overtime)
            )

    @on(DataTable.RowSelected, "#past")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


class PastSummaryScreen(ModalScreen[None]):
    """One past day's summary, as it was stored."""

    CSS_PATH = ["../forms.tcss", "dialogs.tcss"]
    BINDINGS = [Binding("escape,q", "dismiss", N_("Close"), id="close-summary")]

    def __init__(self, summary: StandupSummary, ended_local: str, cards: dict[str, int]) -> None:
        super().__init__()
        self.summary, self.ended_local, self.cards = summary, ended_local, cards

    def compose(self) -> ComposeResult:
        with Vertical(classes="form history"):
            yield EndSummary()
            yield Label(_("Escape closes"), classes="muted")

    def on_mount(self) -> None:
        self.query_one(EndSummary).show(self.summary, self.ended_local, self.cards)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
