"""The review mode: the list of review meetings; enter opens one (a running one opens itself)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Static

from ritual.i18n import N_, _
from ritual.review import Review, Status
from ritual.text import fit, one_line
from screens.base import RitualScreen
from screens.dialogs import ConfirmDialog
from screens.footer import FittingFooter
from screens.live_table import update_cell_in_row
from screens.review.forms import ReviewForm
from screens.review.meeting import MeetingScreen
from screens.review.render import LIST_WHEN_FORMAT, status_label, when_text
from screens.services import Services
from storage.review_repo import ReviewListing, ReviewRepo

STATUS_STYLE = {"planned": "", "running": "bold green", "done": "dim"}
COLUMNS = ("id", "when", "status", "items", "title")


def _cell(column: str, value: str) -> Text | str:
    if column == "status":  # the stored status: shown by its label, styled by its id
        return Text(status_label(value), style=STATUS_STYLE.get(value, ""))
    return Text(value) if column == "title" else value


class ReviewScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = N_("Reviews")
    BINDINGS = [
        Binding(
            "enter", "open", N_("Open review"), id="reviews-open", tooltip=N_("Run or follow it")
        ),
        Binding("n", "new", N_("New"), id="reviews-new", tooltip=N_("Plan a review meeting")),
        Binding("e", "edit", N_("Edit"), id="reviews-edit", tooltip=N_("Title, time, people")),
        Binding("x", "delete", N_("Delete"), id="reviews-delete", show=False),
        Binding(
            "A", "actions", N_("Actions"), id="reviews-actions", tooltip=N_("Open action items")
        ),
        Binding("question_mark", "help", N_("Keys"), key_display="?", id="help"),
    ]

    def __init__(self, services: Services, **kwargs) -> None:
        super().__init__(services, **kwargs)
        self.repo = ReviewRepo(services.store)
        self.reviews: list[Review] = []
        self._opened_running = False
        self._shown: dict[str, tuple[str, ...]] = {}  # row key: the texts on screen
        self._when_labels: dict[tuple[str, str], str] = {}  # (stored when, time zone): label
        # row key: (the Review, time zone, counts) its texts were made from, and the texts
        self._made: dict[str, tuple[Review, str, tuple[int, int], tuple[str, ...]]] = {}
        self._shown_version: object = None  # the store's version the list shows
        self._listing: ReviewListing | None = None  # the listing the rows show, in _shown_tz
        self._shown_tz = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.read_only_banner()
        yield Static(id="list-hint", markup=False)
        yield DataTable(id="reviews", cursor_type="row")
        yield FittingFooter()

    def on_mount(self) -> None:
        table = self.query_one("#reviews", DataTable)
        table.add_column(_("ID"), key="id", width=3)
        table.add_column(_("When"), key="when", width=16)
        table.add_column(_("Status"), key="status", width=8)
        table.add_column(_("Items"), key="items", width=5)
        table.add_column(_("Title"), key="title")
        super().on_mount()
        running = self.repo.running()
        if running is not None and not self._opened_running:
            self._opened_running = True
            self.app.push_screen(MeetingScreen(self.services, running.id))

    def reload(self) -> None:
        version = self.services.store.version
        if version is not None and version == self._shown_version:
            return  # nothing was written since (resuming from a meeting asks too)
        tz = self.repo.timezone
        listing = self.repo.review_listing()  # made by the thread that re-read the file
        shown, self._listing = self._listing, listing
        changed = listing.changed_since(shown) if shown is not None else None
        if changed is not None and tz == self._shown_tz:
            self._update_rows(listing, changed)  # the same rows: only the changed ones
        else:
            self._show_all(listing, tz)
        self._shown_tz = tz
        self._shown_version = version

    def _update_rows(self, listing: ReviewListing, changed: frozenset[int]) -> None:
        """Make again the rows of the ``changed`` reviews, in place; the cursor stays."""
        self.reviews = list(listing.reviews)
        table = self.query_one("#reviews", DataTable)
        for review_id in changed:
            review = listing.review(review_id)
            if review is None:
                continue
            key = str(review_id)
            cells = self._row(review, self._shown_tz, listing.counts.get(review_id, (0, 0)))
            before = self._shown.get(key) or ("",) * len(COLUMNS)
            for column, value, old in zip(COLUMNS, cells, before, strict=True):
                if value != old:
                    update_cell_in_row(table, key, column, _cell(column, value))
            self._shown[key] = cells

    def _show_all(self, listing: ReviewListing, tz: str) -> None:
        self.reviews, counts = list(listing.reviews), listing.counts
        table = self.query_one("#reviews", DataTable)
        keep = self.selected()
        rows = {str(r.id): self._row(r, tz, counts.get(r.id, (0, 0))) for r in self.reviews}
        self._made = {k: v for k, v in self._made.items() if k in rows}
        if list(rows) == [k.value for k in table.rows]:
            # the same reviews: only the cells that changed are updated, the cursor stays
            for key, cells in rows.items():
                if cells != self._shown.get(key):
                    before = self._shown.get(key) or ("",) * len(COLUMNS)
                    for column, value, old in zip(COLUMNS, cells, before, strict=True):
                        if value != old:
                            update_cell_in_row(table, key, column, _cell(column, value))
        else:
            table.clear()
            for key, cells in rows.items():
                table.add_row(*(_cell(c, v) for c, v in zip(COLUMNS, cells, strict=True)), key=key)
        self._shown = rows
        ids = [r.id for r in self.reviews]
        if keep is not None and keep.id in ids:
            table.move_cursor(row=ids.index(keep.id), animate=False)
        else:
            upcoming = [r for r in self.reviews if r.status != Status.DONE.value]
            if upcoming:
                table.move_cursor(row=ids.index(upcoming[0].id), animate=False)
        if self.reviews:
            hint = _("Times in {timezone}.").format(timezone=tz)
        else:
            hint = _("No reviews yet: n plans one.")
        self.query_one("#list-hint", Static).update(hint)

    def _row(self, r: Review, tz: str, counts: tuple[int, int]) -> tuple[str, ...]:
        """The row's texts, made again only when its review (a new object from the
        repository when its stored fields changed), the time zone or its counts did."""
        made = self._made.get(key := str(r.id))
        if made is not None and made[0] is r and made[1] == tz and made[2] == counts:
            return made[3]
        cells = self._cells(r, tz, counts)
        self._made[key] = (r, tz, counts, cells)
        return cells

    def _cells(self, r: Review, tz: str, counts: tuple[int, int]) -> tuple[str, ...]:
        when = self._when_labels.get((r.when, tz))
        if when is None:  # a time zone's conversion costs more than the rest of the row
            when = self._when_labels[r.when, tz] = when_text(r, tz, LIST_WHEN_FORMAT)
        return (
            str(r.id),
            when,
            r.status,
            f"{counts[0]}/{counts[1]}",
            fit(one_line(r.title), 60).rstrip(),
        )

    def selected(self) -> Review | None:
        table = self.query_one("#reviews", DataTable)
        if not self.reviews or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((r for r in self.reviews if str(r.id) == key), None)

    @on(DataTable.RowSelected, "#reviews")
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        review = self.selected()
        if review is not None:
            self.app.push_screen(MeetingScreen(self.services, review.id))

    def _form(self, review: Review | None) -> ReviewForm:
        return ReviewForm(
            self.services.team.members(), self.services.clock, self.repo.timezone, review
        )

    @work(group="dialog")
    async def action_new(self) -> None:
        if self.refuse_if_read_only():
            return
        form = self.form(self._form(None), lambda v: self.repo.create_review(**v))
        review = await self.app.push_screen_wait(form)
        if isinstance(review, Review):
            self.reload()
            self.app.push_screen(MeetingScreen(self.services, review.id))

    @work(group="dialog")
    async def action_edit(self) -> None:
        review = self.selected()
        if review is None or self.refuse_if_read_only():
            return
        form = self.form(self._form(review), lambda v: self.repo.update_review(review.id, **v))
        if await self.app.push_screen_wait(form):
            self.reload()

    @work(group="dialog")
    async def action_delete(self) -> None:
        review = self.selected()
        if review is None or self.refuse_if_read_only():
            return
        question = _("Delete the review {title!r} with its agenda and action items?").format(
            title=review.title
        )
        if await self.app.push_screen_wait(ConfirmDialog(Text(question))):
            self.write(self.repo.delete_review, review.id)

    def action_actions(self) -> None:
        from screens.review.actions import ActionsScreen

        self.app.push_screen(ActionsScreen(self.services))
