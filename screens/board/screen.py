"""The iteration board: five columns of cards, live, keyboard first.

Each column is one OptionList (never a widget per card); a reload re-reads the store, rebuilds
only the columns whose cards changed and keeps every cursor on its card. The dialogs and forms
are imported by the keys that open them, so opening the board does not load their widgets.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Awaitable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static

from ritual.clock import Clock, team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _, ngettext
from ritual.iteration import (
    Card,
    CardFilter,
    Column,
    Iteration,
    card_order,
    parse_wip_limit,
    wip_over,
)
from ritual.text import one_line
from screens.base import RitualScreen
from screens.board.card_list import CardList
from screens.board.header import iteration_header
from screens.board.keys import BOARD_KEYS
from screens.board.labels import column_label
from screens.board.painting import freeze_loaded_objects, update_if_changed
from screens.board.scope_reason import under_way
from screens.footer import FittingFooter
from screens.services import Services
from screens.translation import styled
from screens.writer import WriteStored
from storage.board_repo import CardEdit


def _needs_reason(text: str) -> None:
    if not one_line(text):
        raise RitualError(_("say why the card is blocked (it shows on the card)."))


class BoardScreen(RitualScreen):
    CSS_PATH = "board.tcss"
    AUTO_FOCUS = ""  # reload() focuses To do (or the Backlog without an iteration)
    BINDING_GROUP_TITLE = N_("Board")
    BINDINGS = BOARD_KEYS
    HELP_TITLE = N_("The board's keys")
    HELP_EXTRA = [
        ("↑ ↓  j k", N_("Move the cursor within a column")),
        ("enter / click", N_("Open the card")),
        ("ctrl+p", N_("Command palette: every action here by name")),
    ]

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        freeze_loaded_objects(services.store)
        self.card_filter = CardFilter()
        self.iteration: Iteration | None = None
        self.cards: list[Card] = []
        self._follow_id: int | None = None
        self._shown_state: tuple = ()

    # -- layout and reading -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        if self.services.read_only:
            yield Static(self.read_only_text, id="banner", classes="banner", markup=False)
        yield Static(id="iteration")
        yield Static(id="filter-line")
        with Horizontal(id="columns"):
            for col in Column:
                if col is not Column.OTHER:  # mounted when a card of an unknown column shows up
                    yield self._column(col)
        yield FittingFooter()

    @staticmethod
    def _column(col: Column) -> Vertical:
        return Vertical(
            Static(classes="column-head", id=f"head-{col.value}"),
            CardList(col, id=f"col-{col.value}"),
            classes="column",
            id=f"column-{col.value}",
        )

    def _show_other(self, count: int) -> None:
        """Cards of columns this version does not know get a column of their own, shown only
        while there are some (and only made then: a column costs ~6 ms of the board's start)."""
        others = self.query(f"#column-{Column.OTHER.value}")
        if others:
            if others.first().display != bool(count):
                others.first().display = bool(count)
        elif count:  # its cards are shown once it is mounted: read again then
            mounting = self.query_one("#columns", Horizontal).mount(self._column(Column.OTHER))
            self._shown_state = ()
            self.call_after_refresh(self._reload_once_mounted, mounting)

    async def _reload_once_mounted(self, mounting: Awaitable[None]) -> None:
        await mounting
        self.reload()

    @property
    def lists(self) -> list[CardList]:
        """The columns shown (Other only while it holds cards)."""
        return [lst for lst in self.query(CardList) if lst.parent and lst.parent.display]

    def column_list(self, column: Column) -> CardList:
        return self.query_one(f"#col-{column.value}", CardList)

    @property
    def current_list(self) -> CardList:
        focused = self.focused
        if isinstance(focused, CardList):
            return focused
        return self.column_list(Column.TODO if self.iteration else Column.BACKLOG)

    @property
    def current_card(self) -> Card | None:
        return self.current_list.card

    def my_names(self) -> frozenset[str]:
        user = self.services.user
        names = {
            m.name for m in self.services.team.members(include_inactive=True) if m.is_user(user)
        }
        return frozenset(names)

    def _changed_requirements(self, cards: list[Card]) -> frozenset[str]:
        """Source keys of the cards whose review requirement changed since its approval
        (read only when some card came from a review)."""
        if not any(c.source_key.startswith("review:") for c in cards):
            return frozenset()
        from storage.review_repo import ReviewRepo

        return frozenset(ReviewRepo(self.services.store).changed_source_keys())

    def reload(self) -> None:
        tz = self.services.team.team().timezone
        today = team_today(self.services.clock, tz)
        state = (self.services.store.version, self.card_filter, today, self.is_current)
        if state == self._shown_state:
            # Nothing to re-read (mounting and resuming both ask, and the watcher may have
            # shown our own write before the write's callback asked for a card to follow).
            self._follow_card()
            return
        self._shown_state = state
        board = self.services.board
        self.iteration = it = board.current_iteration()
        self.cards = cards = board.board_cards(it.id if it else None)
        update_if_changed(
            self.query_one("#iteration", Static), iteration_header(it, cards, today, tz)
        )
        flt, mine = self.card_filter, self.my_names()
        counts: Counter[Column] = Counter()
        shown: dict[Column, list[Card]] = {c: [] for c in Column}
        for card in cards:
            counts[card.column] += 1
            if flt.matches(card, mine):
                shown[card.column].append(card)
        self._show_other(counts[Column.OTHER])
        changed = self._changed_requirements(cards)
        for lst in self.query(CardList):
            col = lst.column
            lst.show(sorted(shown[col], key=card_order), changed)
            self._title_column(lst, counts[col], len(shown[col]))
        line = self.query_one("#filter-line", Static)
        if line.display != flt.active:
            line.display = flt.active
        if flt.active:
            text = styled(
                _("{showing} {filter} · x shows all cards"),
                showing=(_("Showing"), "bold"),
                filter=flt.describe(),
            )
            update_if_changed(line, text)
        if self.focused is None and self.is_current:
            self.current_list.focus()
        # A card someone else moved away leaves the cursor in this column (on its neighbour):
        # only our own moves and new cards are followed (_follow_id), never another's.
        self._follow_card()

    def _title_column(self, lst: CardList, count: int, shown: int) -> None:
        """ "In progress 5/4 ⚠" over the column (it fits 80 columns); red when over its limit,
        and how many cards the filter shows."""
        limit = self.iteration.wip_limits.get(lst.column.value) if self.iteration else None
        over = wip_over(self.iteration, lst.column, count)
        label = column_label(lst.column)
        if lst.column is Column.OTHER:
            names = sorted({one_line(c.column_name) for c in lst.cards})
            label = _("Other: {columns}").format(columns=", ".join(names)) if names else label
        head = Text.assemble(
            (label, "bold"),
            f" {count}/{limit}" if limit else f" {count}",
            (" ⚠", "bold") if over else "",
            (" " + _("({n} shown)").format(n=shown), "italic") if shown != count else "",
        )
        head.no_wrap, head.overflow = True, "ellipsis"  # one line at 80 columns too
        update_if_changed(self.query_one(f"#head-{lst.column.value}", Static), head)
        column = lst.parent
        if column is not None and column.has_class("over-wip") != over:
            column.set_class(over, "over-wip")

    def _follow_card(self) -> None:
        """Put the cursor on the card it follows (one just added, or one that moved to another
        column, by us or by someone else), once this screen is on top. A card that is gone or
        filtered out leaves the cursor where it is."""
        if self._follow_id is None or not self.is_current:
            return
        for lst in self.lists:
            index = lst.index_of(self._follow_id)
            if index is not None:
                if self.focused is not lst:
                    lst.focus()
                if lst.highlighted != index:
                    lst.highlighted = index
                break
        self._follow_id = None

    # -- moving around ----------------------------------------------------------------------

    def action_focus_column(self, step: int) -> None:
        lists = self.lists
        here = self.current_list
        i = max(0, min(len(lists) - 1, lists.index(here) + step))
        target = lists[i]
        if target is here:
            return
        row = here.highlighted or 0
        target.focus()
        if target.option_count:
            target.highlighted = min(row, target.option_count - 1)

    @on(OptionList.OptionSelected)
    def _open_card(self, event: OptionList.OptionSelected) -> None:
        lst = event.option_list
        if not isinstance(lst, CardList) or event.option_index >= len(lst.cards):
            return
        card = lst.cards[event.option_index]
        self._card_detail(card)

    @work(group="dialog")
    async def _card_detail(self, card: Card) -> None:
        from screens.board.card_detail import CardDetail

        what = await self.app.push_screen_wait(CardDetail(self.services, card))
        if what == "edit":
            self._edit(card.id)
        elif what == "clear-conflicts":
            self.write(self.services.board.clear_conflicts, card.id)

    # -- changing cards ---------------------------------------------------------------------

    def _member_names(self) -> list[str]:
        return [m.name for m in self.services.team.members()]

    def action_move_card(self, step: int) -> None:
        card = self.current_card
        if card is None or self.refuse_if_read_only():
            return
        target = card.column.next(step)
        if target is card.column:
            return
        self._follow_id = card.id
        into_backlog, out_of_backlog = target is Column.BACKLOG, card.column is Column.BACKLOG
        if under_way(self.iteration) and (into_backlog or out_of_backlog):
            self._move_with_reason(card, target, self.iteration)  # the scope changes
            return
        self.write(self.services.board.move_card, card.id, target, kind="move")

    @work(group="dialog")
    async def _move_with_reason(self, card: Card, target: Column, it: Iteration) -> None:
        from screens.board.scope_reason import ask_scope_reason

        board = self.services.board
        joins = target is not Column.BACKLOG
        await ask_scope_reason(
            self, card, it, joins, lambda reason: board.move_card(card.id, target, reason)
        )

    @work(group="dialog")
    async def action_new_card(self) -> None:
        if self.refuse_if_read_only():
            return
        from screens.board.card_form import CardForm

        column = self.current_list.column
        blank = Card(0, "", column)
        form = CardForm(
            _("New card in {column}").format(column=column_label(column)),
            blank,
            self._member_names(),
            *self._due_context(),
        )
        it, reason = self.iteration, None
        if under_way(it) and column is not Column.BACKLOG:
            # Joining the iteration under way: why, first (escape: no card), then the card's
            # form, which stays open with what was typed if its write is refused.
            from screens.board.scope_reason import new_card_reason_dialog

            reason = await self.app.push_screen_wait(new_card_reason_dialog(it))
            if reason is None:
                return
        extra = {} if reason is None else {"reason": reason}
        card = await self.app.push_screen_wait(
            self.form(form, lambda values: self._add_card(dict(values, **extra), column))
        )
        if card is not None:
            self._after_add(card)
            self.reload()

    def _due_context(self) -> tuple[Clock, str]:
        """What the card form needs to read "fri", "+3d", "明天": the clock, the team's zone."""
        return self.services.clock, self.services.team.team().timezone

    def _add_card(self, values: dict[str, Any], column: Column) -> Card:
        values = dict(values)
        title = values.pop("title")
        iteration_id = None if column is Column.BACKLOG or self.iteration is None else "current"
        return self.services.board.add_card(
            title,
            column=column,
            iteration_id=iteration_id,
            assignee=values.pop("assignee"),
            points=values.pop("points"),
            priority=values.pop("priority"),
            **values,
        )

    def _after_add(self, card: Card) -> None:
        self._follow_id = card.id
        if not self.card_filter.matches(card, self.my_names()):
            self.notify(
                _("Card #{id} added; the filter hides it (x shows all cards).").format(id=card.id)
            )

    def action_edit_card(self) -> None:
        card = self.current_card
        if card is not None:
            self._edit(card.id)

    @work(group="dialog")
    async def _edit(self, card_id: int) -> None:
        if self.refuse_if_read_only():
            return
        try:
            before = self.services.board.card(card_id)
        except RitualError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        from screens.board.card_form import CardForm, changed_fields

        def store(values: dict[str, Any]) -> CardEdit | None:
            changes = changed_fields(before, values)
            return self.services.board.edit_card(before, **changes) if changes else None

        form = CardForm(
            _("Edit card #{id}").format(id=card_id),
            before,
            self._member_names(),
            *self._due_context(),
        )
        result = await self.app.push_screen_wait(self.form(form, store))
        if isinstance(result, CardEdit):
            self._after_edit(result)
            self.reload()

    def _after_edit(self, result: CardEdit) -> None:
        if result.conflicts:
            fields = ", ".join(sorted({n.field for n in result.conflicts}))
            self.notify(
                _(
                    "Someone else changed the {fields} of #{id} meanwhile: their text is kept on "
                    "the card (enter shows it)."
                ).format(fields=fields, id=result.card.id),
                severity="warning",
                timeout=8,
                markup=False,
            )

    def action_delete_card(self) -> None:
        card = self.current_card
        if card is None or self.refuse_if_read_only():
            return

        question = styled(
            _("Delete card {id} {title}?"),
            id=(f"#{card.id}", "bold"),
            title=(one_line(card.title), "italic"),
        )

        self._delete(card, question)

    @work(group="dialog")
    async def _delete(self, card: Card, question: Text) -> None:
        from screens.dialogs import ConfirmDialog

        if not await self.app.push_screen_wait(ConfirmDialog(question, _("Delete"))):
            return
        it, board = self.iteration, self.services.board
        if under_way(it) and card.iteration_id == it.id:  # it leaves the iteration under way
            from screens.board.scope_reason import ask_scope_reason

            await ask_scope_reason(
                self, card, it, False, lambda reason: board.delete_card(card.id, reason)
            )
            return
        self.write(board.delete_card, card.id)

    def action_toggle_blocked(self) -> None:
        card = self.current_card
        if card is None or self.refuse_if_read_only():
            return
        board = self.services.board
        if card.blocked:
            self.write(board.set_blocked, card.id, False)
            return
        self._block(card)

    @work(group="dialog")
    async def _block(self, card: Card) -> None:
        from screens.dialogs import PromptDialog

        board = self.services.board
        prompt = PromptDialog(
            _("Block card #{id}").format(id=card.id), _("Why is it blocked?"), check=_needs_reason
        )
        stored = await self.app.push_screen_wait(
            self.form(prompt, lambda reason: board.set_blocked(card.id, True, reason))
        )
        if stored is not None:
            self.reload()

    # -- what is shown ----------------------------------------------------------------------

    def _set_filter(self, flt: CardFilter) -> None:
        self.card_filter = flt
        self.reload()

    def action_toggle_mine(self) -> None:
        mine = not self.card_filter.mine
        if mine and not self.my_names():
            self.notify(
                _(
                    "{user} is not a team member, so no card is yours: add yourself with ritual "
                    "member add NAME --login LOGIN."
                ).format(user=self.services.user),
                severity="warning",
                markup=False,
            )
        self._set_filter(dataclasses.replace(self.card_filter, mine=mine))

    def action_download(self) -> None:
        from ritual.clock import team_today
        from ritual.export_board import board_markdown
        from ritual.text import file_name_part

        tz = self.services.team.team().timezone
        today = team_today(self.services.clock, tz)
        text = board_markdown(self.iteration, self.cards, today, tz)
        name = self.iteration.name if self.iteration else "backlog"
        self.deliver(f"board-{file_name_part(name, 'backlog')}.md", text)

    def action_search(self) -> None:
        from screens.dialogs import PromptDialog

        def answered(text: str | None) -> None:
            if text is not None:
                self._set_filter(dataclasses.replace(self.card_filter, search=text.strip()))

        prompt = PromptDialog(
            _("Search"),
            _("Text in titles, descriptions and labels (empty: all cards)"),
            self.card_filter.search,
        )
        self.app.push_screen(prompt, answered)

    def action_filter(self) -> None:
        from screens.board.dialogs import FilterDialog

        assignees = sorted(set(self._member_names()) | {c.assignee for c in self.cards} - {""})
        labels = sorted({label for c in self.cards for label in c.labels})

        def answered(flt: CardFilter | None) -> None:
            if flt is not None:
                self._set_filter(flt)

        self.app.push_screen(FilterDialog(self.card_filter, assignees, labels), answered)

    def action_clear_filter(self) -> None:
        self._set_filter(CardFilter())

    def action_members(self) -> None:
        from screens.board.members import MembersScreen

        self.app.push_screen(MembersScreen(self.services))

    def action_undo(self) -> None:
        """ctrl+z: your last card change put back, as a new change through the write path."""
        self.write(self.services.board.undo, kind="undo")

    def action_escape(self) -> None:
        if self.card_filter.active:
            self._set_filter(CardFilter())
            self.notify(_("Showing all cards; escape again goes home."))
            return
        self.app.switch_mode("home")

    # -- the iteration ----------------------------------------------------------------------

    def action_wip_limit(self) -> None:
        it, column = self.iteration, self.current_list.column
        if self.refuse_if_read_only():
            return
        if it is None:
            self.notify(_("WIP limits belong to an iteration: start one first (i)."))
            return
        self._wip_limit(it, column)

    @work(group="dialog")
    async def _wip_limit(self, it: Iteration, column: Column) -> None:
        from screens.dialogs import PromptDialog

        board = self.services.board
        limit = it.wip_limits.get(column.value)
        prompt = PromptDialog(
            _("WIP limit of {column}").format(column=column_label(column)),
            _("Most cards in this column at once (empty or 0: no limit)"),
            "" if limit is None else str(limit),
            check=parse_wip_limit,
        )
        stored = await self.app.push_screen_wait(
            self.form(
                prompt, lambda text: board.set_wip_limit(it.id, column, parse_wip_limit(text))
            )
        )
        if stored is not None:
            self.reload()

    @work(group="dialog")
    async def action_new_iteration(self) -> None:
        if self.refuse_if_read_only():
            return
        from screens.board.iteration_dialogs import new_iteration_form

        board = self.services.board
        form = new_iteration_form(self.services)
        it = await self.app.push_screen_wait(
            self.form(form, lambda values: board.plan_iteration(**values))
        )
        if it is not None:
            self._after_plan(it)
            self.reload()

    def _after_plan(self, it: Iteration) -> None:
        message = (
            _("Iteration {name} started.")
            if it.state == "current"
            else _("Iteration {name} planned; it starts when you close this one.")
        )
        self.notify(message.format(name=one_line(it.name)), markup=False)

    @work(group="dialog")
    async def action_close_iteration(self) -> None:
        it = self.iteration
        if self.refuse_if_read_only():
            return
        if it is None:
            self.notify(_("There is no current iteration to close."))
            return
        from screens.board.iteration_dialogs import CloseIterationDialog

        board = self.services.board
        unfinished = sum(
            1 for c in self.cards if c.iteration_id == it.id and c.column is not Column.DONE
        )

        where = await self.app.push_screen_wait(
            CloseIterationDialog(it, unfinished, board.next_iteration())
        )
        if where:
            self.write(board.close_iteration, it.id, where, kind="close-iteration")

    def stored(self, message: WriteStored) -> None:
        if message.kind == "undo":
            self.notify(str(message.result).capitalize(), markup=False)
        if message.kind == "close-iteration":
            n = int(message.result)
            self.notify(
                ngettext(
                    "Iteration closed; {n} unfinished card moved.",
                    "Iteration closed; {n} unfinished cards moved.",
                    n,
                ).format(n=n)
            )
