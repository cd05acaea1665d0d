"""Open action items from every review, by owner; overdue ones marked; space ticks one off."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ritual.clock import team_today
from ritual.i18n import N_, _
from ritual.review import ActionItem
from ritual.text import fit, one_line, pad
from screens.base import RitualScreen
from screens.footer import FittingFooter
from screens.services import Services
from storage.review_repo import ReviewRepo

MIN_TEXT_WIDTH = 20  # the least the action's text gets (80 columns leave it 27)
REVIEW_WIDTH = 14
FIXED_CELLS = 14 + 12 + 1 + REVIEW_WIDTH + 5 * 2  # the other columns and every cell's padding


class ActionsScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = N_("Action items")
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="actions-back"),
        Binding(
            "space", "toggle_done", N_("Done/undo"), id="actions-toggle", tooltip=N_("Tick it off")
        ),
        Binding(
            "h", "show_done", N_("Show done"), id="actions-show-done", tooltip=N_("Done ones too")
        ),
        Binding("question_mark", "help", N_("Keys"), key_display="?", id="help"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.repo = ReviewRepo(services.store)
        self.actions: list[ActionItem] = []
        self.show_done = False
        self._text_width = MIN_TEXT_WIDTH

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="actions-hint", markup=False)
        yield DataTable(id="actions-table", cursor_type="row")
        yield FittingFooter()

    def on_mount(self) -> None:
        self._add_columns()
        self.title = _("Action items")
        super().on_mount()

    def _add_columns(self) -> None:
        table = self.query_one("#actions-table", DataTable)
        table.add_column(_("Owner"), key="owner", width=14)
        table.add_column(_("Due"), key="due", width=12)
        table.add_column("", key="done", width=1)
        table.add_column(_("Action"), key="text", width=self._text_width)
        table.add_column(_("Review"), key="review", width=REVIEW_WIDTH)

    def on_resize(self) -> None:
        self.call_after_refresh(self.reload)

    def _fit(self, table: DataTable) -> None:
        """The action's text gets what the other columns leave of the table's width."""
        room = table.scrollable_content_region.width - FIXED_CELLS
        width = max(MIN_TEXT_WIDTH, room)
        if room > 0 and width != self._text_width:
            self._text_width = width
            table.clear(columns=True)
            self._add_columns()

    def reload(self) -> None:
        tz = self.repo.timezone
        today = team_today(self.services.clock, tz)
        titles = {r.id: r.title for r in self.repo.reviews()}
        self.actions = self.repo.actions(open_only=not self.show_done)
        table = self.query_one("#actions-table", DataTable)
        row = table.cursor_row
        table.clear()
        self._fit(table)
        overdue = 0
        for a in self.actions:
            late = a.overdue(today)
            strike = "strike dim" if a.done else ""
            overdue += late
            due = Text(a.due or "—", style="bold red" if late else "")
            if late:
                due.append(" " + _("late"))
            table.add_row(
                Text(pad(one_line(a.owner) or _("(nobody)"), 14).rstrip()),
                due,
                "✓" if a.done else "",
                Text(fit(one_line(a.text), self._text_width).rstrip(), style=strike),
                Text(
                    fit(one_line(titles.get(a.review_id, "")), REVIEW_WIDTH).rstrip(), style="dim"
                ),
                key=str(a.id),
            )
        if self.actions:
            table.move_cursor(row=min(row, len(self.actions) - 1), animate=False)
        if self.show_done:
            hint = _("{n} action items (all), {overdue} overdue · by owner · {timezone}")
        else:
            hint = _("{n} open action items, {overdue} overdue · by owner · {timezone}")
        self.query_one("#actions-hint", Static).update(
            hint.format(n=len(self.actions), overdue=overdue, timezone=tz)
        )

    def selected(self) -> ActionItem | None:
        table = self.query_one("#actions-table", DataTable)
        if not self.actions:
            return None
        return self.actions[min(table.cursor_row, len(self.actions) - 1)]

    def action_toggle_done(self) -> None:
        action = self.selected()
        if action is not None:
            self.write(self.repo.set_action_done, action.id, not action.done)

    def action_show_done(self) -> None:
        self.show_done = not self.show_done
        self.reload()
