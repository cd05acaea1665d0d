"""The stand-up while it runs: who speaks, the big countdown, the meeting clock, the order.

Attributes down: the screen hands it the record (:meth:`show`) and asks it to redraw the clocks
(:meth:`tick`); it never reads the store itself.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pendulum import DateTime
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Digits, Static
from textual.widgets.data_table import RowDoesNotExist

from ritual.clock import parse_iso
from ritual.i18n import N_, _
from ritual.standup import (
    ABSENT,
    ASYNC,
    DONE,
    PAUSED,
    SKIPPED,
    SPEAKING,
    Speaker,
    Standup,
    StandupNotes,
)
from ritual.standup_time import clock_text, duration_text
from ritual.standup_work import WorkLine
from ritual.text import one_line
from screens.live_table import update_cell_in_row
from screens.standup.labels import column_label, state_label, status_label

# Widgets whose size the stylesheet fixes (standup.tcss), updated every second while running.
FIXED_SIZE = frozenset({"#meeting-time"})
STALE_SECONDS = 45  # a facilitator not heard of for this long is shown as away
STATUS_STYLE = {
    SPEAKING: "bold reverse",
    DONE: "green",
    ABSENT: "dim",
    ASYNC: "cyan",
    SKIPPED: "yellow",
}
COLUMNS = (
    ("#", "pos"),
    (N_("Name"), "name"),
    (N_("Status"), "status"),
    (N_("Spoken"), "spoken"),
    (N_("Over"), "over"),
    (N_("Today"), "today"),
)


def seconds_since(instant: str, now: DateTime) -> float:
    return max(0.0, (now - parse_iso(instant)).total_seconds()) if instant else 0.0


def over_text(seconds: float) -> Text:
    return Text(f"+{duration_text(seconds)}" if seconds else "", style="red")


class RunningView(Vertical):
    def __init__(self, user: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.standup = Standup(0, "")
        self.notes: dict[int, StandupNotes] = {}
        self._speaker_shown: int | None = None
        self._shown: dict[object, object] = {}  # what each widget/cell shows: skip repaints

    def compose(self) -> ComposeResult:
        yield Static(id="status-line")
        with Horizontal(id="top"):
            with Vertical(id="now"):
                yield Static(id="speaker-name")
                yield Digits("2:00", id="countdown")
                yield Static(id="next-up")
            with Vertical(id="meeting-box"):
                yield Static(id="meeting-time")
                yield Static(id="blockers-count", classes="items-count")
                yield DataTable(id="blockers", classes="items", show_header=False)
                yield Static(id="parking-count", classes="items-count")
                yield DataTable(id="parking", classes="items", show_header=False)
        yield Static(id="speaker-update")
        yield Static(id="speaker-work")
        yield DataTable(id="speakers", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#speakers", DataTable)
        for label, key in COLUMNS:
            table.add_column(_(label), key=key)
        for items in self.query(".items").results(DataTable):
            items.add_column(_("Text"))

    # -- the order --------------------------------------------------------------------------

    def show(
        self,
        standup: Standup,
        notes: dict[int, StandupNotes],
        now: DateTime,
        work: list[WorkLine] | None = None,
    ) -> None:
        """A new record: the table is rebuilt, the cursor kept on its person (or moved to a
        new speaker), the clocks redrawn."""
        self.standup, self.notes = standup, notes
        table = self.query_one("#speakers", DataTable)
        highlighted = self.highlighted_id()
        table.clear()
        self._shown = {k: v for k, v in self._shown.items() if isinstance(k, str)}
        for i, sp in enumerate(standup.speakers, 1):
            table.add_row(*self._row(i, sp, now), key=str(sp.member_id))
        if highlighted is not None:
            self.move_cursor_to(highlighted)
        current = standup.current
        if current != self._speaker_shown and current is not None:
            self.move_cursor_to(current)
        self._speaker_shown = current
        update = self._update_text()
        self.query_one("#speaker-update").display = bool(update)  # no empty line without one
        self._put("#speaker-update", update)
        work_text = _work_text(work or [])
        self.query_one("#speaker-work").display = bool(work_text)
        self._put("#speaker-work", work_text)
        self._show_items()
        self.tick(now)

    def _row(self, pos: int, sp: Speaker, now: DateTime) -> list[Any]:
        s = self.standup
        notes = self.notes.get(sp.member_id)
        status = ASYNC if sp.status == ABSENT and notes is not None and notes.written else sp.status
        return [
            str(pos),
            Text(one_line(sp.name), style="bold" if sp.status == SPEAKING else ""),
            Text(status_label(status), style=STATUS_STYLE.get(status, "")),
            duration_text(s.spoken(sp, now)),
            over_text(s.overtime(sp, now)),
            Text(one_line(notes.today) if notes else ""),
        ]

    def move_cursor_to(self, member_id: int) -> None:
        table = self.query_one("#speakers", DataTable)
        with contextlib.suppress(RowDoesNotExist):  # gone (member left): cursor stays
            table.move_cursor(row=table.get_row_index(str(member_id)))

    def highlighted_id(self) -> int | None:
        table = self.query_one("#speakers", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return int(key) if key is not None else None

    # -- the clocks -------------------------------------------------------------------------

    def tick(self, now: DateTime) -> str:
        """Redraw every clock from the record; returns the countdown's phase.

        Called four times a second: a widget is only updated when what it shows changed.
        """
        s = self.standup
        sp = s.current_speaker
        countdown = self.query_one("#countdown", Digits)
        phase = s.phase(now) if sp else "normal"
        left = s.remaining(now)
        self._put("#countdown", clock_text(left) if left >= 0 else f"+{duration_text(-left)}")
        countdown.set_class(phase == "warning", "-warning")
        countdown.set_class(phase == "overtime", "-overtime")
        countdown.set_class(s.state == PAUSED, "-paused")
        self._put("#speaker-name", self._speaker_line(sp))
        nxt = s.next_up()
        self._put(
            "#next-up", Text.assemble((_("next: "), "dim"), one_line(nxt.name) if nxt else "—")
        )
        self._put("#meeting-time", self._meeting_line(now))
        self._put("#status-line", self._status_line(now))
        if sp is not None:
            row = str(sp.member_id)
            self._put_cell(row, "spoken", duration_text(s.spoken(sp, now)))
            self._put_cell(row, "over", over_text(s.overtime(sp, now)))
        return phase

    def _put(self, selector: str, value: Text | str) -> None:
        if self._shown.get(selector) != value:
            self._shown[selector] = value
            widget = self.query_one(selector)
            if selector in FIXED_SIZE:
                # Its size never changes: repaint it alone, without laying the screen out
                # again (a relayout repaints the whole screen: 7 KB a second to the terminal).
                widget.update(value, layout=False)  # type: ignore[attr-defined]
            else:
                widget.update(value)  # type: ignore[attr-defined]

    def _put_cell(self, row: str, column: str, value: Text | str) -> None:
        if self._shown.get((row, column)) != value:
            self._shown[(row, column)] = value
            update_cell_in_row(self.query_one("#speakers", DataTable), row, column, value)

    def _speaker_line(self, sp: Speaker | None) -> Text:
        s = self.standup
        if not s.started:
            return Text(_("Not started — space starts the stand-up"), style="bold")
        if sp is None:
            return Text(_("Everyone has spoken — x ends the meeting"), style="bold")
        state = _("  (paused)") if s.state == PAUSED else ""
        return Text.assemble((one_line(sp.name), "bold"), (_(" speaking") + state, ""))

    def _meeting_line(self, now: DateTime) -> Text:
        s = self.standup
        elapsed, left = s.meeting_elapsed(now), s.meeting_remaining(now)
        rest = (
            Text(_("{time} left").format(time=clock_text(left)))
            if left >= 0
            else Text(_("{time} over").format(time=duration_text(-left)), style="bold red")
        )
        return Text.assemble(
            (_("Meeting "), "bold"),
            _("{elapsed} of {timebox}").format(
                elapsed=duration_text(elapsed), timebox=duration_text(s.meeting_seconds)
            ),
            " · ",
            rest,
            "\n",
            _("Each speaker {time}").format(time=duration_text(s.speaker_seconds)),
        )

    def _status_line(self, now: DateTime) -> Text:
        s = self.standup
        who = s.facilitator
        if not who:
            driver = Text(_("no facilitator yet: your first key makes it you"), "dim")
        elif who == self.user:
            driver = Text(_("you are facilitating"), "bold")
        else:
            seen = seconds_since(s.heartbeat, now)
            away = (
                _(" (last seen {time} ago)").format(time=duration_text(seen))
                if seen > STALE_SECONDS
                else ""
            )
            driver = Text.assemble(
                _("facilitated by "), (one_line(who), "bold"), away, _(" · you follow")
            )
        return Text.assemble((s.date, "bold"), f" · {state_label(s.state)} · ", driver)

    def _update_text(self) -> Text:
        """The speaker's update (written ahead or during the round), on screen while they
        speak; empty when they wrote none."""
        sp = self.standup.current_speaker
        notes = self.notes.get(sp.member_id) if sp is not None else None
        if notes is None or not notes.written:
            return Text()
        out = Text()
        for label, text in (
            (_("Yesterday"), notes.yesterday),
            (_("Today"), notes.today),
            (_("Blockers"), notes.blockers),
        ):
            if text.strip():
                if out:
                    out.append("  ")
                out.append(_("{label}: ").format(label=label), "bold")
                out.append(one_line(text))
        return out

    def _show_items(self) -> None:
        """Blockers and parking-lot topics, each under its count: every one is listed, and a
        list scrolls (newest in view) when it doesn't fit, so neither pushes the other out."""
        s = self.standup
        blockers, parking = _("Blockers "), _("Parking lot ")
        self._put("#blockers-count", Text.assemble((blockers, "bold"), str(len(s.blockers))))
        self._put("#parking-count", Text.assemble((parking, "bold"), str(len(s.parking))))
        self._fill("blockers", [(b.n, _item_text(b.text, b.member)) for b in s.blockers])
        self._fill("parking", [(p.n, _item_text(p.text, "")) for p in s.parking])

    def _fill(self, table_id: str, rows: list[tuple[int, Text]]) -> None:
        shown = [(n, text.plain) for n, text in rows]
        if self._shown.get(table_id) == shown:
            return
        self._shown[table_id] = shown
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear()
        for n, text in rows:
            table.add_row(text, key=str(n))
        if rows:
            table.move_cursor(row=len(rows) - 1)


WORK_MARK = {"done": ("✓ ", "green"), "moved": ("→ ", "cyan"), "blocked": ("⛔ ", "red")}


def _work_text(work: list[WorkLine]) -> Text:
    """One line (wrapping to a second) of the speaker's cards: what changed, then what is in
    progress with its days in the column, stale ones marked."""
    out = Text()
    for w in work:
        if out:
            out.append("  ")
        mark, style = WORK_MARK.get(w.kind, ("", ""))
        out.append(mark, style)
        out.append(f"#{w.card_id} ", "dim")
        out.append(one_line(w.title)[:40])
        if w.kind == "in progress":
            days = _("{n}d").format(n=w.days)
            out.append(f" ({column_label(w.column)} {days})", "dim")
            if w.stale:
                out.append(_(" stale"), "bold yellow")
        elif w.kind == "moved":
            out.append(f" (→ {column_label(w.column)})", "dim")
    if out:
        out = Text.assemble((_("Cards: "), "bold"), out)
    return out


def _item_text(text: str, member: str) -> Text:
    out = Text.assemble(("• ", "dim"), one_line(text))
    if member:
        out.append(f" ({one_line(member)})", "dim")
    return out
