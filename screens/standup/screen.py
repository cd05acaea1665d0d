"""The daily stand-up: who speaks, a big countdown, the order, and the summary at the end.

The screen keeps no state of its own: everything comes from today's record (timestamps), and
:meth:`tick` recomputes the clocks from it. So every terminal on the file shows the same
countdown, and a restarted facilitator picks up where the meeting stood.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import ContentSwitcher, DataTable, Header

from ritual.clock import parse_iso
from ritual.i18n import N_, _, ngettext
from ritual.standup import RUNNING, Speaker, Standup, StandupNotes
from ritual.standup_summary import StandupSummary, summarize
from ritual.standup_time import duration_text
from ritual.standup_work import WorkLine, board_order, work_in_view
from ritual.text import one_line
from screens.base import RitualScreen
from screens.dialogs import ConfirmDialog
from screens.services import Services
from screens.standup.dialogs import NotesDialog, SettingsDialog, TextDialog
from screens.standup.footer import WrappingFooter
from screens.standup.history import HistoryScreen, PastSummaryScreen
from screens.standup.labels import note_label
from screens.standup.running_view import RunningView, seconds_since
from screens.standup.summary_view import EndSummary
from screens.writer import WriteStored
from storage.errors import StoreError
from storage.standup_repo import StandupSettings

TICK_SECONDS = 0.25
HEARTBEAT_SECONDS = 15
# actions that change the meeting: only the facilitator's process may run them
DRIVING = {"start", "pause", "next", "previous", "skip", "absent", "end", "shuffle", "move"}
DRIVING |= {"walk_board"}
# anyone adds these, before or during the meeting, without driving it
CONTRIBUTING = {"blocker", "parking", "notes"}
RUNNING_ONLY = {"next", "previous", "skip", "end"}
BEFORE_START = {"shuffle", "move", "walk_board"}


class StandupScreen(RitualScreen):
    CSS_PATH = "standup.tcss"
    BINDING_GROUP_TITLE = N_("Stand-up")
    BINDINGS = [
        Binding("space", "start", N_("Start"), id="standup-start", tooltip=N_("Start or resume")),
        Binding(
            "space", "pause", N_("Pause"), id="standup-pause", tooltip=N_("Freeze the countdown")
        ),
        Binding("n", "next", N_("Next"), id="standup-next", tooltip=N_("The next speaker")),
        Binding(
            "p",
            "previous",
            N_("Prev"),
            id="standup-previous",
            tooltip=N_("Back to who spoke last"),
        ),
        Binding(
            "s", "skip", N_("Skip"), id="standup-skip", tooltip=N_("They come back at the end")
        ),
        Binding(
            "a",
            "absent",
            N_("Absent"),
            id="standup-absent",
            tooltip=N_("Mark the highlighted person absent, or back"),
        ),
        Binding("b", "blocker", N_("Blocker"), id="standup-blocker", tooltip=N_("Add a blocker")),
        Binding("k", "parking", N_("Park"), id="standup-parking", tooltip=N_("Parking-lot topic")),
        Binding(
            "e", "notes", N_("Notes"), id="standup-notes", tooltip=N_("Yesterday/today/blockers")
        ),
        Binding("x", "end", N_("End"), id="standup-end", tooltip=N_("End the meeting")),
        Binding(
            "r", "shuffle", N_("Shuffle"), id="standup-shuffle", tooltip=N_("New random order")
        ),
        Binding(
            "w",
            "walk_board",
            N_("Walk board"),
            id="standup-walk",
            tooltip=N_("Order by the board's cards"),
        ),
        Binding("u", "move(-1)", N_("Up"), id="standup-up", tooltip=N_("Move highlighted up")),
        Binding("d", "move(1)", N_("Down"), id="standup-down", tooltip=N_("Move highlighted down")),
        Binding("t", "settings", N_("Times"), id="standup-settings", tooltip=N_("Timeboxes, bell")),
        Binding("h", "history", N_("History"), id="standup-history", tooltip=N_("Past stand-ups")),
        Binding(
            "c", "to_card", N_("Card"), id="standup-card", tooltip=N_("Highlighted item to card")
        ),
        Binding(
            "C", "to_cards", N_("All cards"), id="standup-cards", tooltip=N_("All items to cards")
        ),
        Binding(
            "ctrl+z",
            "undo",
            N_("Undo"),
            id="standup-undo",
            tooltip=N_("Undo your last absent, skip, next or move (refused once it moved on)"),
            show=False,
        ),
    ]

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        # the keys screen reads this attribute: the group's title in the language in use
        group_title = type(self).BINDING_GROUP_TITLE
        self.BINDING_GROUP_TITLE = _(group_title) if group_title else group_title
        self.repo = services.standup  # the app's: what ctrl+z undoes is this process's
        self.standup: Standup = Standup(0, "")
        self.settings = StandupSettings()
        self.notes: dict[int, StandupNotes] = {}
        self._rung: set[tuple[str, int, int]] = set()
        self._since_for, self._since = "", ""  # the last stand-up's start, for today
        self._heartbeat_warned = False

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.read_only_banner()
        with ContentSwitcher(initial="running", id="views"):
            yield RunningView(self.services.user, id="running")
            yield EndSummary(id="summary")
        yield WrappingFooter(compact=True)

    @property
    def running(self) -> RunningView:
        return self.query_one(RunningView)

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(TICK_SECONDS, self.tick, name="standup-tick")
        self.set_interval(HEARTBEAT_SECONDS, self._heartbeat, name="standup-heartbeat")

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.standup = self.repo.current()
        self.settings = self.repo.settings()
        self.notes = self.repo.notes(self.standup.date)
        ended = self.standup.ended
        self.query_one("#views", ContentSwitcher).current = "summary" if ended else "running"
        if ended:
            self._show_summary()
        else:
            now = self.services.clock.now()
            self.running.show(self.standup, self.notes, now, self._work(now))
        self.refresh_bindings()
        self.tick()

    def _work(self, now: pendulum.DateTime) -> list[WorkLine]:
        """The current speaker's cards from the board (moved, finished or blocked since the
        last stand-up; in progress, stale ones marked): the work, not only the person."""
        sp = self.standup.current_speaker
        if sp is None:
            return []
        date = self.standup.date
        if self._since_for != date:
            earlier = [s for s in self.repo.all() if s.date < date and s.started_at]
            self._since_for, self._since = date, earlier[-1].started_at if earlier else ""
        cards = self.services.board.cards("current")
        return work_in_view(cards, sp.name, self._since, now, self.settings.stale_days)

    def _show_summary(self) -> None:
        summary = self.query_one(EndSummary)
        summary.show(*self._summary_of(self.standup, self.notes))
        items = self.query_one("#summary-items", DataTable)
        if self.focused is None or summary not in self.focused.ancestors:
            # c and C act on the items table: its cursor is the one a person moves
            (items if items.row_count else summary.query_one("#summary-speakers")).focus()

    def _summary_of(
        self, s: Standup, notes: dict[int, StandupNotes]
    ) -> tuple[StandupSummary, str, dict[str, int]]:
        """The summary, its local end time and the cards made from its items."""
        summary = summarize(s, self.services.clock.now(), notes)
        tz = self.services.team.team().timezone
        ended = parse_iso(s.ended_at).in_timezone(tz).format("HH:mm") if s.ended_at else ""
        prefix = f"standup:{s.date}:"
        cards = {
            c.source_key: c.id
            for c in self.services.board.cards("all")
            if c.source_key.startswith(prefix)
        }
        return summary, ended, cards

    # -- the clock --------------------------------------------------------------------------

    def tick(self) -> None:
        """Recompute every clock on screen from the record and the (injected) clock."""
        if self.standup.ended or not self.is_mounted:
            return
        # The facilitator's heartbeat lives beside the team file (a stat unless it moved).
        self.standup.heartbeat = self.repo.last_seen(self.standup)
        phase = self.running.tick(self.services.clock.now())
        sp = self.standup.current_speaker
        if sp is not None:
            self._ring_at_overtime(sp, phase)

    def _ring_at_overtime(self, sp: Speaker, phase: str) -> None:
        """One bell per turn, the moment a speaker runs over (if the team wants it): on the
        facilitator's terminal, and on followers' only when the team asks for that too."""
        if phase != "overtime" or self.standup.state != RUNNING or not self.settings.overtime_bell:
            return
        if self.standup.facilitator != self.services.user and not self.settings.bell_for_followers:
            return
        turn = (self.standup.date, sp.member_id, len(sp.segments))
        if turn not in self._rung:
            self._rung.add(turn)
            self.app.bell()

    def _heartbeat(self) -> None:
        s = self.standup
        mine = s.facilitator == self.services.user and not self.services.read_only
        if mine and s.started and not s.ended:
            self._beat(s.date)

    @work(thread=True, exclusive=True, group="heartbeat")
    def _beat(self, date: str) -> None:
        """A missed heartbeat is retried by the next one: warn once, not every 15 s, and
        never stop the stand-up for it (a full disk, a busy or vanished file)."""
        try:
            self.repo.heartbeat(date)
        except StoreError as exc:
            if not self._heartbeat_warned:
                self._heartbeat_warned = True
                self.app.call_from_thread(
                    self.notify,
                    _("{error} (The stand-up runs on; ritual keeps trying quietly.)").format(
                        error=exc
                    ),
                    severity="warning",
                    markup=False,
                )
            return
        self._heartbeat_warned = False

    # -- driving ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.standup
        if action in ("to_card", "to_cards"):
            return s.ended
        if action in DRIVING | CONTRIBUTING and s.ended:
            return False
        if action == "start":
            return s.state != RUNNING
        if action == "pause":
            return s.state == RUNNING
        if action in RUNNING_ONLY and not s.started:
            return False
        return not (action in BEFORE_START and s.started)

    async def _may_drive(self) -> bool | None:
        """None: we may not drive (read-only, or the person said no to taking over); else
        whether driving takes over from someone else."""
        if self.refuse_if_read_only():
            return None
        who = self.standup.facilitator
        if not who or who == self.services.user:
            return False
        seen = seconds_since(self.standup.heartbeat, self.services.clock.now())
        question = Text.assemble(
            (one_line(who), "bold"),
            _(" is facilitating this stand-up (last seen {time} ago).").format(
                time=duration_text(seen)
            ),
            "\n\n",
            _("Take over from "),
            (one_line(who), "bold"),
            _("?"),
        )
        if not await self.app.push_screen_wait(ConfirmDialog(question, _("Take over"))):
            return None
        # The take-over is stored now, whatever the action asks next (End? No still leaves
        # us facilitating): the writer applies it before the action's own change.
        self.write(self.repo.act, self.standup.date, _take_over, True)
        return True

    @work(group="dialog")
    async def _drive(self, op: Callable[[Standup, pendulum.DateTime], Any]) -> None:
        take_over = await self._may_drive()
        if take_over is not None:
            self.write(self.repo.act, self.standup.date, op, take_over)

    def action_start(self) -> None:
        self._drive(Standup.start)

    def action_pause(self) -> None:
        self._drive(Standup.pause)

    def action_next(self) -> None:
        self._drive(Standup.next)

    def action_previous(self) -> None:
        self._drive(Standup.previous)

    def action_skip(self) -> None:
        self._drive(Standup.skip)

    def action_walk_board(self) -> None:
        """Walk the work, not the people: those with cards nearest done speak first."""
        people = [(sp.member_id, sp.name) for sp in self.standup.speakers]
        order = board_order(people, self.services.board.cards("current"))
        self._drive(lambda s, now: s.reorder(order))

    def action_shuffle(self) -> None:
        self._drive(lambda s, now: s.shuffle())

    def action_move(self, step: int) -> None:
        member = self.running.highlighted_id()
        if member is None:
            return
        self._drive(lambda s, now: s.move(member, step))  # the cursor stays on its row key

    def action_absent(self) -> None:
        member = self.running.highlighted_id()
        if member is not None:
            self._drive(lambda s, now: s.toggle_absent(member, now))

    def action_undo(self) -> None:
        """ctrl+z: your last driving change put back, as a new change through the write path
        (refused, with the reason as a toast, once someone or the meeting moved on)."""
        self.write(self.repo.undo, kind="undo")

    def _whose(self) -> Speaker | None:
        """Whose blocker or notes a key is about. The facilitator writes for the current
        speaker (else the highlighted row); everyone else for themselves when they are on the
        stand-up, else for the highlighted row."""
        s = self.standup
        if s.facilitator != self.services.user:
            for mine in s.speakers:
                if self.services.is_me(mine.member_id):
                    return mine
        sp = s.current_speaker
        if sp is None and (member := self.running.highlighted_id()) is not None:
            sp = s.speaker(member)
        return sp

    def _contribute(self, op: Callable[[Any], Callable[[Standup, pendulum.DateTime], Any]]):
        """What a participant's form stores its text with: an addition that needs no
        facilitator, so a take-over cannot refuse it."""
        date = self.standup.date
        return lambda text: self.repo.contribute(date, op(text))

    @work(group="dialog")
    async def action_blocker(self) -> None:
        sp = self._whose()
        if sp is None or self.refuse_if_read_only():
            return
        name, user = sp.name, self.services.user_name()
        title = Text.assemble(_("Blocker for "), (one_line(name), "bold"))
        store = self._contribute(lambda text: lambda s, now: s.add_blocker(text, name, user, now))
        if await self.app.push_screen_wait(
            self.form(TextDialog(title, _("What is in the way?")), store)
        ):
            self.reload()

    @work(group="dialog")
    async def action_parking(self) -> None:
        if self.refuse_if_read_only():
            return
        user = self.services.user_name()
        title = Text(_("Parking-lot topic (after the stand-up)"))
        store = self._contribute(lambda text: lambda s, now: s.add_parking(text, user, now))
        if await self.app.push_screen_wait(
            self.form(TextDialog(title, _("A topic to discuss later")), store)
        ):
            self.reload()

    def action_notes(self) -> None:
        sp = self._whose()
        if sp is not None:
            self._edit_notes(sp)

    @work(group="dialog")
    async def _edit_notes(self, sp: Speaker) -> None:
        """Anyone's notes, by anyone: they live in their own record and merge field by field."""
        if self.refuse_if_read_only():
            return
        date = self.standup.date
        base = self.notes.get(sp.member_id) or StandupNotes(0, date, sp.member_id, sp.name)

        def store(values: dict[str, str]) -> Any:
            return self.repo.save_notes(date, sp.member_id, sp.name, values, base)

        result = await self.app.push_screen_wait(self.form(NotesDialog(sp.name, base), store))
        if result is not None:
            self._report_conflicts(result)
            self.reload()

    def _report_conflicts(self, result: Any) -> None:
        for c in getattr(result, "conflicts", []):
            self.notify(
                _("{who} changed {field} meanwhile; their text was kept: {text}").format(
                    who=one_line(c.by), field=note_label(c.field), text=one_line(c.text)
                ),
                severity="warning",
                timeout=10,
                markup=False,
            )

    @work(group="dialog")
    async def action_end(self) -> None:
        take_over = await self._may_drive()
        if take_over is None:
            return
        question = Text(_("End the stand-up now? Its summary is stored for today."))
        if await self.app.push_screen_wait(ConfirmDialog(question, _("End"))):
            self.write(self.repo.act, self.standup.date, Standup.end, take_over, kind="end")

    @work(thread=True, group="post")
    def _post_when_ended(self, date: str) -> None:
        """The facilitator's app posts the digest when the team's config asks for it
        (``[chat] post_on_end = true``); reading the config and the network stay off the UI."""
        from ritual.chat import chat_config, redacted, send
        from ritual.config import config_paths, load_config
        from ritual.errors import RitualError
        from ritual.standup_digest import digest_request

        try:
            config = load_config()
            if not isinstance(config.get("chat"), dict) or not config["chat"].get("post_on_end"):
                return
            cfg = chat_config(config, " or ".join(str(p) for p in config_paths()))
            standup = self.repo.for_date(date)
            if standup is None:
                return
            now = self.services.clock.now()
            summary = summarize(standup, now, self.repo.notes(date))
            team = self.services.team.team().name
            url, payload = digest_request(cfg, summary, team, int(now.timestamp() * 1000))
            send(cfg, url, payload)
        except RitualError as exc:
            self.app.call_from_thread(
                self.notify,
                _("The digest was not posted: {error}").format(error=exc),
                severity="error",
                markup=False,
            )
            return
        self.app.call_from_thread(
            self.notify,
            _("Digest posted to {provider} ({url}).").format(
                provider=cfg.provider, url=redacted(url)
            ),
            markup=False,
        )

    @work(group="dialog")
    async def action_settings(self) -> None:
        """The team's settings; while a meeting runs, only its facilitator changes them."""
        s = self.standup
        if s.started and not s.ended:
            if await self._may_drive() is None:
                return
        elif self.refuse_if_read_only():
            return
        form = self.form(SettingsDialog(self.settings), self.repo.save_settings)
        if await self.app.push_screen_wait(form):
            self.reload()

    def action_history(self) -> None:
        def chosen(date: str | None) -> None:
            past = self.repo.for_date(date) if date else None
            if past is not None:
                summary, ended, cards = self._summary_of(past, self.repo.notes(past.date))
                self.app.push_screen(PastSummaryScreen(summary, ended, cards))

        self.app.push_screen(HistoryScreen(self.repo.all()), chosen)

    # -- after the meeting ------------------------------------------------------------------

    def _item_keys(self, only_highlighted: bool) -> list[tuple[str, int]]:
        table = self.query_one("#summary-items", DataTable)
        if not table.row_count:
            return []
        rows = (
            [table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value]
            if only_highlighted
            else [k.value for k in table.rows]
        )
        out = []
        for key in rows:
            kind, _, n = str(key).partition(":")
            out.append((kind, int(n)))
        return out

    def action_to_card(self) -> None:
        keys = self._item_keys(only_highlighted=True)
        if keys:
            self.write(self.repo.to_cards, self.standup.date, keys, kind="cards")

    def action_to_cards(self) -> None:
        keys = self._item_keys(only_highlighted=False)
        if keys:
            self.write(self.repo.to_cards, self.standup.date, keys, kind="cards")

    def stored(self, message: WriteStored) -> None:
        if message.kind == "undo":
            text = str(message.result)
            self.notify(text[:1].upper() + text[1:], markup=False)
        elif message.kind == "cards":
            listed = ", ".join(f"#{c.id}" for c in message.result)
            text = ngettext(
                "In the backlog: card {cards}", "In the backlog: cards {cards}", len(message.result)
            )
            self.notify(text.format(cards=listed), title=_("Cards"))
        elif message.kind == "end" and isinstance(message.result, Standup):
            self._post_when_ended(message.result.date)

    @on(DataTable.RowSelected, "#speakers")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: that person's notes."""
        if event.row_key.value is not None and not self.standup.ended:
            self._edit_notes(self.standup.speaker(int(event.row_key.value)))


def _take_over(standup: Standup, now: pendulum.DateTime) -> None:
    """No change to the meeting: storing it makes the caller its facilitator."""
