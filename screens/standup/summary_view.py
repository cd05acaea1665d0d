"""The end of a stand-up: who spoke how long, overtime, blockers, parking lot, who was absent."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ritual.standup import ABSENT, ASYNC
from ritual.standup_summary import StandupSummary
from ritual.standup_time import duration_text
from ritual.text import one_line


def headline(summary: StandupSummary, ended_local: str) -> Text:
    total = Text(f"{duration_text(summary.total)} of {duration_text(summary.meeting_seconds)}")
    if summary.over_meeting:
        total.stylize("bold red")
    absent = ", ".join(one_line(n) for n in summary.absent) or "nobody"
    return Text.assemble(
        ("Stand-up of ", "bold"),
        (summary.date, "bold"),
        f"  ·  ended {ended_local}  ·  ",
        total,
        f"  ·  {summary.overtime_count} ran over\nAbsent: ",
        absent,
        f"  ·  {plural(len(summary.blockers), 'blocker')}"
        f"  ·  {plural(len(summary.parking), 'parking-lot topic')}",
    )


class EndSummary(Vertical):
    """Two tables: the speakers, then blockers and parking-lot topics (with their cards)."""

    def compose(self) -> ComposeResult:
        yield Static(id="summary-head")
        yield DataTable(id="summary-speakers", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="summary-items", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#summary-speakers", DataTable).add_columns(
            "Name", "Spoke", "Over", "Yesterday", "Today", "Blockers"
        )
        self.query_one("#summary-items", DataTable).add_columns("Kind", "Text", "Raised by", "Card")

    def show(self, summary: StandupSummary, ended_local: str, cards: dict[str, int]) -> None:
        self.query_one("#summary-head", Static).update(headline(summary, ended_local))
        speakers = self.query_one("#summary-speakers", DataTable)
        speakers.clear()
        for line in summary.speakers:
            over = Text(f"+{duration_text(line.overtime)}" if line.overtime else "")
            over.stylize("red")
            spoke = line.status if line.status in (ABSENT, ASYNC) else duration_text(line.spoken)
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
            ("blocker", "Blocker", summary.blockers),
            ("parking", "Parking lot", summary.parking),
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


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
