"""The end of a stand-up: who spoke how long, overtime, blockers, parking lot, who was absent."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ritual.i18n import _, ngettext
from ritual.standup import ABSENT, ASYNC
from ritual.standup_summary import StandupSummary
from ritual.standup_time import duration_text
from ritual.text import one_line
from screens.standup.labels import status_label


def headline(summary: StandupSummary, ended_local: str) -> Text:
    total = Text(
        _("{elapsed} of {timebox}").format(
            elapsed=duration_text(summary.total), timebox=duration_text(summary.meeting_seconds)
        )
    )
    if summary.over_meeting:
        total.stylize("bold red")
    absent = _(", ").join(one_line(n) for n in summary.absent) or _("nobody")
    blockers, parking = len(summary.blockers), len(summary.parking)
    return Text.assemble(
        (_("Stand-up of {date}").format(date=summary.date), "bold"),
        "  ·  ",
        _("ended {time}").format(time=ended_local),
        "  ·  ",
        total,
        "  ·  ",
        ngettext("{n} ran over", "{n} ran over", summary.overtime_count).format(
            n=summary.overtime_count
        ),
        "\n",
        _("Absent: "),
        absent,
        "  ·  ",
        ngettext("{n} blocker", "{n} blockers", blockers).format(n=blockers),
        "  ·  ",
        ngettext("{n} parking-lot topic", "{n} parking-lot topics", parking).format(n=parking),
    )


class EndSummary(Vertical):
    """Two tables: the speakers, then blockers and parking-lot topics (with their cards)."""

    def compose(self) -> ComposeResult:
        yield Static(id="summary-head")
        yield DataTable(id="summary-speakers", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="summary-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#summary-speakers", DataTable).add_columns(
            _("Name"), _("Spoke"), _("Over"), _("Yesterday"), _("Today"), _("Blockers")
        )
        self.query_one("#summary-items", DataTable).add_columns(
            _("Kind"), _("Text"), _("Raised by"), _("Card")
        )

    def show(self, summary: StandupSummary, ended_local: str, cards: dict[str, int]) -> None:
        self.query_one("#summary-head", Static).update(headline(summary, ended_local))
        speakers = self.query_one("#summary-speakers", DataTable)
        speakers.clear()
        for line in summary.speakers:
            over = Text(f"+{duration_text(line.overtime)}" if line.overtime else "")
            over.stylize("red")
            spoke = (
                status_label(line.status)
                if line.status in (ABSENT, ASYNC)
                else duration_text(line.spoken)
            )
            speakers.add_row(
                Text(one_line(line.name)),
                spoke,
                over,
                Text(one_line(line.yesterday)),
                Text(one_line(line.today)),
                Text(one_line(line.blockers)),
                key=str(line.member_id),
            )
        items = self.query_one("#summary-items", DataTable)
        row = items.cursor_row
        items.clear()
        for kind, label, entries in (
            ("blocker", _("Blocker"), summary.blockers),
            ("parking", _("Parking lot"), summary.parking),
        ):
            for item in entries:
                key = f"standup:{summary.date}:{kind}:{item.n}"
                card = cards.get(key)
                items.add_row(
                    label,
                    Text(one_line(item.text)),
                    Text(one_line(item.member or item.by)),
                    f"#{card}" if card else "",
                    key=f"{kind}:{item.n}",
                )
        if items.row_count:
            items.move_cursor(row=min(row, items.row_count - 1))
