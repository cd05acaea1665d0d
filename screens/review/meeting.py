"""One review meeting, run or followed live: the agenda, the current item's timer, its notes.

The note-taker's notes are saved a moment after typing stops (or with ctrl+s); another process
sees them after its next poll of the file. Notes typed here are never replaced by someone
else's while they are unsaved: the save carries the text this screen started from, so the store
keeps both texts and the conflict panel shows the other one, to merge (m) or dismiss (k).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Header, Static

from ritual.errors import RitualError
from ritual.i18n import N_, _, ngettext
from ritual.review import (
    Decision,
    Review,
    ReviewItem,
    Status,
    approved_items,
    item_state,
)
from ritual.review_time import timer_state
from ritual.text import one_line
from screens.base import RitualScreen
from screens.dialogs import ConfirmDialog
from screens.live_table import update_cell_in_row
from screens.review import render
from screens.review.forms import ActionForm, DecisionForm, ItemForm
from screens.review.notes import NotesArea
from screens.services import Services
from screens.writer import WriteRefused, WriteStored
from storage.review_repo import ItemEdit

TICK_SECONDS = 1.0
MIN_TITLE_WIDTH = 13  # what an 80-column terminal leaves the agenda's titles
AGENDA_FIXED_CELLS = 4 + 12 + 7 + 2  # the #, State and Time columns, the title's padding


class MeetingScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = N_("Review meeting")
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="review-back", tooltip=N_("Back to the reviews")),
        Binding(
            "s", "start_or_end", N_("Run/End"), id="review-start", tooltip=N_("Start or end it")
        ),
        Binding(
            "n", "step(1)", N_("Next"), id="review-next", tooltip=N_("Next item becomes current")
        ),
        Binding("p", "step(-1)", N_("Prev"), id="review-prev", tooltip=N_("Previous item")),
        Binding("d", "decide", N_("Decide"), id="review-decide", tooltip=N_("Record the decision")),
        Binding("w", "write_notes", N_("Notes"), id="review-notes", tooltip=N_("Type the notes")),
        Binding(
            "t", "add_action", N_("Action"), id="review-action", tooltip=N_("Add an action item")
        ),
        Binding("a", "add_item", N_("Add"), id="review-add", show=False),
        Binding("question_mark", "help", N_("Keys"), key_display="?", id="help"),
        Binding("g", "go_to", N_("Go to"), id="review-goto", show=False),
        Binding("e", "edit_item", N_("Edit"), id="review-edit", show=False),
        Binding("x", "delete_item", N_("Remove"), id="review-remove", show=False),
        Binding("[", "move(-1)", N_("Move up"), id="review-up", show=False),
        Binding("]", "move(1)", N_("Move down"), id="review-down", show=False),
        Binding("ctrl+s", "save_notes", N_("Save notes"), id="review-save", show=False),
        Binding("m", "resolve(True)", N_("Merge"), id="review-merge", show=False),
        Binding("k", "resolve(False)", N_("Keep mine"), id="review-keep", show=False),
        Binding("c", "cards", N_("To backlog"), id="review-cards", show=False),
        Binding("o", "carry", N_("Carry over"), id="review-carry", show=False),
        Binding("v", "minutes", N_("Minutes"), id="review-minutes", show=False),
        Binding("A", "actions", N_("Open actions"), id="review-open-actions", show=False),
        Binding("P", "poker", N_("Poker"), id="review-poker", show=False),
        Binding("D", "diff", N_("Changes"), id="review-diff", show=False),
        Binding(
            "ctrl+z",
            "undo",
            N_("Undo"),
            id="review-undo",
            tooltip=N_("Undo your last decision or agreed estimate (refused if changed since)"),
            show=False,
        ),
    ]

    def __init__(self, services: Services, review_id: int) -> None:
        super().__init__(services)
        self.repo = services.review  # the app's: what ctrl+z undoes is this process's
        self.review_id = review_id
        self.review: Review | None = None
        self.items: list[ReviewItem] = []
        self._timezone = "UTC"
        self._last_current: int | None = None
        self._leave_when_saved = False
        self._backlog_keys: set[str] = set()
        self._title_width = MIN_TITLE_WIDTH

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.read_only_banner()
        yield Static(id="timer-bar", markup=False)
        with Horizontal(id="meeting-body"):
            yield DataTable(id="agenda", cursor_type="row")
            with VerticalScroll(id="detail"):
                yield Static(id="item-head", markup=False)
                yield Static(id="conflict", markup=False)
                yield NotesArea(id="notes")
                yield Static(id="decision", markup=False)
                yield Static(id="item-actions", markup=False)
                yield Static(id="item-parts", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._add_agenda_columns()
        table = self.query_one("#agenda", DataTable)
        notes = self.query_one("#notes", NotesArea)
        notes.border_title = _("Notes (saved as you type)")
        notes.read_only = self.services.read_only
        self.query_one("#conflict", Static).border_title = _("Conflict")
        self.set_interval(TICK_SECONDS, self.refresh_timer, name="review-timer")
        super().on_mount()
        table.focus()

    def _add_agenda_columns(self) -> None:
        table = self.query_one("#agenda", DataTable)
        table.add_column("#", key="n", width=2)
        table.add_column(_("Requirement"), key="title", width=self._title_width)
        table.add_column(_("State"), key="state", width=10)
        table.add_column(_("Time"), key="time", width=5)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_agenda)

    def _fit_agenda(self) -> None:
        """Give the titles the agenda's width left by the other columns (13 at 80 columns,
        more on a wider terminal, where the agenda grows)."""
        table = self.query_one("#agenda", DataTable)
        room = table.scrollable_content_region.width - AGENDA_FIXED_CELLS
        width = max(MIN_TITLE_WIDTH, room)
        if width == self._title_width or room <= 0 or self.review is None:
            return
        keep = self.highlighted()
        self._title_width = width
        table.clear(columns=True)
        self._add_agenda_columns()
        self._fill_agenda(keep)

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.review = self.repo.review(self.review_id)
        except RitualError:
            if self.app.screen is self:
                self.notify(_("This review was removed."), severity="warning")
                self.app.pop_screen()
            return
        self._timezone = self.repo.timezone
        self.items = self.repo.items(self.review_id)
        self.title = self.review.title
        when = render.when_text(self.review, self._timezone)
        self.sub_title = f"{when} · {render.status_label(self.review.status)}"
        self._fill_agenda()
        self.show_item(self.highlighted())
        self.refresh_timer()

    def _fill_agenda(self, keep: ReviewItem | None = None) -> None:
        table = self.query_one("#agenda", DataTable)
        assert self.review is not None
        keep = keep or self.highlighted()
        current = self.review.current_item_id
        if current is not None and current != self._last_current:
            keep = next((i for i in self.items if i.id == current), keep)  # follow the meeting
        self._last_current = current
        now = self.services.clock.now()
        rows = [
            (
                str(item.id),
                [
                    str(n),
                    render.agenda_title(item, self._title_width),
                    render.state_cell(item_state(self.review, item), item),
                    render.time_cell(item, now),
                ],
            )
            for n, item in enumerate(self.items, 1)
        ]
        if [key for key, _cells in rows] == [k.value for k in table.rows]:
            for key, cells in rows:  # same agenda: update in place, the cursor stays put
                for column, value in zip(("n", "title", "state", "time"), cells, strict=True):
                    table.update_cell(key, column, value)
        else:
            table.clear()
            for key, cells in rows:
                table.add_row(*cells, key=key)
        ids = [i.id for i in self.items]
        if keep is not None and keep.id in ids and table.cursor_row != ids.index(keep.id):
            table.move_cursor(row=ids.index(keep.id), animate=False)

    def highlighted(self) -> ReviewItem | None:
        table = self.query_one("#agenda", DataTable)
        if not self.items or table.row_count == 0:
            return None
        row = table.cursor_row
        try:
            key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        except Exception:
            return None
        return next((i for i in self.items if str(i.id) == key), None)

    def show_item(self, item: ReviewItem | None) -> None:
        """Fill the detail pane; the notes area keeps unsaved typing."""
        notes = self.query_one("#notes", NotesArea)
        if item is None or item.id != notes.item_id:
            self._flush_notes()
        notes.show(item)
        if item is None:
            self.query_one("#item-head", Static).update(render.empty_agenda(self.review))
            for wid in ("#conflict", "#decision", "#item-actions", "#item-parts"):
                self.query_one(wid, Static).update("")
            self.query_one("#conflict").display = False
            notes.display = False
            return
        notes.display = True
        actions = [a for a in self.repo.actions(self.review_id) if a.item_id == item.id]
        today = self.services.clock.now().in_timezone(self._timezone).date()
        self.query_one("#item-head", Static).update(render.item_head(item, self._position(item)))
        conflicts = item.conflicts
        panel = self.query_one("#conflict", Static)
        panel.display = bool(conflicts)
        panel.update(render.conflict_panel(conflicts, self._timezone))
        self.query_one("#decision", Static).update(render.decision_block(item))
        self.query_one("#item-actions", Static).update(render.actions_block(actions, today))
        self.query_one("#item-parts", Static).update(render.requirement_parts(item))

    def _position(self, item: ReviewItem) -> str:
        ids = [i.id for i in self.items]
        return f"{ids.index(item.id) + 1}/{len(ids)}" if item.id in ids else ""

    def refresh_timer(self) -> None:
        """The current item's time, from the clock; called every second and by tests."""
        bar = self.query_one("#timer-bar", Static)
        review = self.review
        if review is None:
            return
        now = self.services.clock.now()
        current = next((i for i in self.items if i.id == review.current_item_id), None)
        running = review.status == Status.RUNNING.value and current is not None
        state = timer_state(current, now) if running and current is not None else None
        # Classes set only when they change, the bar repainted alone (its height is fixed):
        # each relayout or restyle a second repainted the whole screen.
        bar.set_class(bool(state and state.warning), "warning")
        bar.set_class(bool(state and state.overtime), "overtime")
        if state is not None and current is not None:
            bar.update(render.running_bar(current, self._position(current), state), layout=False)
            table = self.query_one("#agenda", DataTable)
            if str(current.id) in table.rows:
                update_cell_in_row(table, str(current.id), "time", render.time_cell(current, now))
        else:
            bar.update(render.idle_bar(review, self.items, self._timezone), layout=False)

    @on(DataTable.RowHighlighted, "#agenda")
    def _row_highlighted(self) -> None:
        # Where the cursor is now, not where the event says: refilling the table sends
        # highlights of rows the cursor has already left.
        item = self.highlighted()
        if item is not None and item.id != self.query_one("#notes", NotesArea).item_id:
            self.show_item(item)

    @on(DataTable.RowSelected, "#agenda")
    def _row_selected(self) -> None:
        if self.review and self.review.status == Status.RUNNING.value:
            self.action_go_to()

    # -- notes ------------------------------------------------------------------------------

    @on(NotesArea.SaveRequested)
    def _save_requested(self, request: NotesArea.SaveRequested) -> None:
        self._save_notes(request.base, request.text)

    def action_save_notes(self) -> None:
        self._flush_notes()

    def _flush_notes(self, leave: bool = False) -> None:
        """Save unsaved notes now, against the text they started from; with ``leave``, go back
        once they are stored (at once when nothing is unsaved)."""
        notes = self.query_one("#notes", NotesArea)
        request = notes.take_unsaved()
        if request is not None:
            self._save_notes(*request)
        if leave:
            if notes.dirty:
                self._leave_when_saved = True
            else:
                self.app.pop_screen()

    def _save_notes(self, base: ReviewItem, text: str) -> None:
        self.write(self.repo.save_notes, base, text, kind="notes")

    def stored(self, message: WriteStored) -> None:
        result = message.result
        if message.kind == "notes":
            notes = self.query_one("#notes", NotesArea)
            notes.save_stored(result.item)
            self._report_conflicts(result)
            if self._leave_when_saved and not notes.dirty:
                self._leave_when_saved = False
                self.app.pop_screen()
        elif message.kind == "undo":
            text = str(result)
            self.notify(text[:1].upper() + text[1:], markup=False)
        elif message.kind == "end":
            n = len(approved_items(self.items))
            self.notify(
                ngettext(
                    "Review ended. c: {n} approved item to the backlog · v: the minutes.",
                    "Review ended. c: {n} approved items to the backlog · v: the minutes.",
                    n,
                ).format(n=n)
            )
        elif message.kind == "cards":
            new = sum(1 for c in result if c.source_key not in self._backlog_keys)
            self.notify(
                ngettext(
                    "{n} approved item is a backlog card ({new} new).",
                    "{n} approved items are backlog cards ({new} new).",
                    len(result),
                ).format(n=len(result), new=new)
            )
        elif message.kind == "carry":
            target, added = result
            self.notify(
                ngettext(
                    "{n} item carried into {title!r}.", "{n} items carried into {title!r}.", added
                ).format(n=added, title=target.title),
                markup=False,
            )

    def refused(self, message: WriteRefused) -> None:
        if message.kind != "notes":
            super().refused(message)
            return
        notes = self.query_one("#notes", NotesArea)
        if message.request.args[0].id != notes.item_id:
            # The area shows another item now: keep the text where the person sees it.
            self.notify(
                _("These notes were not saved ({reason}): {text}").format(
                    reason=message.reason, text=message.request.args[1]
                ),
                severity="error",
                timeout=30,
                markup=False,
            )
            return
        first = not notes.refusal
        notes.save_refused(message.reason)
        self._leave_when_saved = False
        if first:
            self.notify(
                _("The notes are not saved yet: {reason} ritual keeps trying.").format(
                    reason=message.reason
                ),
                severity="warning",
                markup=False,
            )

    def _report_conflicts(self, edit: ItemEdit) -> None:
        if edit.conflicts:
            if any(c.field == "notes" for c in edit.conflicts):
                who = ", ".join(sorted({c.by for c in edit.conflicts}))
                text = _(
                    "{who} changed these notes too: both texts are kept (m merges, k keeps yours)."
                ).format(who=who)
            else:
                fields = ", ".join(sorted({render.field_label(c.field) for c in edit.conflicts}))
                text = _(
                    "Someone else changed {fields} meanwhile; your text was saved, theirs is "
                    "kept on the item."
                ).format(fields=fields)
            self.notify(text, severity="warning", markup=False)

    def action_write_notes(self) -> None:
        notes = self.query_one("#notes", NotesArea)
        if notes.display:
            notes.move_cursor(notes.document.end)  # go on writing below what is there
            notes.focus()

    def action_resolve(self, merge: bool) -> None:
        item = self.highlighted()
        if item is None or not item.conflicts:
            self.notify(_("No conflicting texts on this item."))
            return
        self._flush_notes()
        self.write(self.repo.resolve_conflicts, item.id, merge)

    # -- running ----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.focused is self.query_one("#notes", NotesArea):
            self._flush_notes()
            self.query_one("#agenda", DataTable).focus()
            return
        self._flush_notes(leave=True)

    def action_start_or_end(self) -> None:
        review = self.review
        if review is None or self.refuse_if_read_only():
            return
        if review.status != Status.RUNNING.value:
            if not self.items:
                self.notify(_("The agenda is empty: add a requirement first (a)."))
                return
            self.write(self.repo.start, review.id)
            return
        self._flush_notes()
        self._end(review)

    @work(group="dialog")
    async def _end(self, review: Review) -> None:
        undecided = sum(1 for i in self.items if not i.decision)
        if undecided:
            question = ngettext(
                "End the review now? {n} item is undecided.",
                "End the review now? {n} items are undecided.",
                undecided,
            ).format(n=undecided)
        else:
            question = _("End the review now?")
        if await self.app.push_screen_wait(ConfirmDialog(Text(question))):
            self.write(self.repo.end, review.id, kind="end")

    def action_step(self, delta: int) -> None:
        if self._meeting_running():
            self._flush_notes()
            self.write(self.repo.step, self.review_id, delta)

    def action_go_to(self) -> None:
        item = self.highlighted()
        if item is not None and self._meeting_running():
            self._flush_notes()
            self.write(self.repo.go_to, self.review_id, item.id)

    def _meeting_running(self) -> bool:
        if self.review is None or self.review.status != Status.RUNNING.value:
            self.notify(_("The review is not running: s starts it."))
            return False
        return True

    # -- agenda -----------------------------------------------------------------------------

    @work(group="dialog")
    async def action_add_item(self) -> None:
        if self.refuse_if_read_only():
            return
        form = ItemForm(self.services.team.members(), None)
        rid = self.review_id
        if await self.app.push_screen_wait(self.form(form, lambda v: self.repo.add_item(rid, **v))):
            self.reload()

    @work(group="dialog")
    async def action_edit_item(self) -> None:
        item = self.highlighted()
        if item is None or self.refuse_if_read_only():
            return
        form = ItemForm(self.services.team.members(), item)
        edit = await self.app.push_screen_wait(
            self.form(form, lambda v: self.repo.edit_item(item, **v))
        )
        if isinstance(edit, ItemEdit):
            self._report_conflicts(edit)
            self.reload()
            if edit.offers_rereview:
                question = Text(
                    _(
                        "The acceptance criteria of approved {title!r} changed. "
                        "Put it on the next review again?"
                    ).format(title=edit.item.title)
                )
                if await self.app.push_screen_wait(ConfirmDialog(question)):
                    self.write(self.repo.rereview, edit.item.id, kind="carry")

    def action_diff(self) -> None:
        from screens.review.diff import DiffScreen

        item = self.highlighted()
        if item is not None:
            self.app.push_screen(DiffScreen(self.services, item.id))

    def action_poker(self) -> None:
        """Join the open vote, or (while the review runs) open one on the current item."""
        from screens.review.poker import PokerScreen

        start = self.repo.poker(self.review_id) is None
        if start:
            if self.review is None or self.review.status != Status.RUNNING.value:
                self.notify(_("Start the review first (s): poker votes on the current item."))
                return
            if self.refuse_if_read_only():
                return
        self.app.push_screen(PokerScreen(self.services, self.review_id, start=start))

    @work(group="dialog")
    async def action_delete_item(self) -> None:
        item = self.highlighted()
        if item is None or self.refuse_if_read_only():
            return
        question = Text(_("Remove {title!r} from the agenda?").format(title=item.title))
        if await self.app.push_screen_wait(ConfirmDialog(question)):
            self.write(self.repo.delete_item, item.id)

    def action_move(self, step: int) -> None:
        item = self.highlighted()
        if item is not None:
            self.write(self.repo.move_item, item.id, step)

    @work(group="dialog")
    async def action_decide(self) -> None:
        item = self.highlighted()
        if item is None or self.refuse_if_read_only():
            return
        self._flush_notes()
        form = DecisionForm(self.services.team.members(), item)
        edit = await self.app.push_screen_wait(
            self.form(form, lambda v: self.repo.decide(item, **v))
        )
        if isinstance(edit, ItemEdit):
            label = render.item_decision_label(edit.item)
            self.notify(
                _("{title}: {decision}.").format(title=one_line(edit.item.title), decision=label),
                markup=False,
            )
            self._report_conflicts(edit)
            self.reload()

    def action_undo(self) -> None:
        """ctrl+z: your last decision (or agreed estimate) put back, as a new change through
        the write path; refused, with the reason as a toast, if someone changed the item since."""
        self._flush_notes()
        self.write(self.repo.undo, kind="undo")

    @work(group="dialog")
    async def action_add_action(self) -> None:
        if self.refuse_if_read_only():
            return
        item = self.highlighted()
        form = ActionForm(self.services.team.members(), self.services.clock, self._timezone, item)
        rid, item_id = self.review_id, item.id if item else None
        if await self.app.push_screen_wait(
            self.form(form, lambda v: self.repo.add_action(rid, **v, item_id=item_id))
        ):
            self.reload()

    # -- after the meeting ------------------------------------------------------------------

    def action_cards(self) -> None:
        approved = approved_items(self.items)
        if not approved:
            self.notify(
                _("No item is {approved} or {with_changes}.").format(
                    approved=render.decision_label(Decision.APPROVED),
                    with_changes=render.decision_label(Decision.APPROVED_WITH_CHANGES),
                )
            )
            return
        self._backlog_keys = {c.source_key for c in self.services.board.cards(None)}
        self.write(self.repo.cards_from_approved, self.review_id, kind="cards")

    def action_carry(self) -> None:
        self.write(self.repo.carry_over, self.review_id, kind="carry")

    def action_minutes(self) -> None:
        from screens.review.minutes import MinutesScreen

        self._flush_notes()
        self.app.push_screen(MinutesScreen(self.services, self.review_id))

    def action_actions(self) -> None:
        from screens.review.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.services))
