"""Iteration planning: the ranked product backlog beside the next (or current) iteration.

Cards move in with ``→``/``>`` and back out with ``←``/``<``; the side panel shows the capacity
gauge (the iteration's own capacity, else the average velocity of the last three), committed
points against it, the load per person, the goal, the scope changes after the start, the
burn-up with its scope line and the velocity of past iterations. Every rule is the board
aggregate's (ritual/board.py); this screen only asks for operations."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from ritual.clock import team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import Card, Column, Iteration, check_iteration_goal, sparkline
from ritual.planning import (
    bars,
    burnup,
    capacity_of,
    days_off_shown,
    focus_of,
    gauge,
    has_availability,
    load_per_person,
    parse_days_off,
    parse_focus,
    points_per_day,
    velocities,
)
from ritual.text import one_line
from screens.base import RitualScreen
from screens.board.card_list import CardList
from screens.board.labels import show_date
from screens.board.scope_reason import ask_scope_reason, under_way
from screens.footer import FittingFooter
from screens.services import Services
from screens.translation import styled
from screens.writer import WriteStored


class PlanScreen(RitualScreen):
    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("right,greater_than_sign", "plan_in", N_("Into iter."), id="plan-in"),
        Binding("left,less_than_sign", "plan_out", N_("To backlog"), id="plan-out"),
        Binding(
            "left_square_bracket,shift+up",
            "rank(-1)",
            N_("Up"),
            id="plan-rank-up",
            tooltip=N_("Rank the backlog card up"),
        ),
        Binding(
            "right_square_bracket,shift+down",
            "rank(1)",
            N_("Down"),
            id="plan-rank-down",
            tooltip=N_("Rank the backlog card down"),
        ),
        Binding("g", "goal", N_("Goal"), id="plan-goal", tooltip=N_("The iteration's goal")),
        Binding("a", "away", N_("Days off"), id="plan-away", show=False),
        Binding("o", "focus_factor", N_("Focus"), id="plan-focus", show=False),
        Binding("i", "new_iteration", N_("New iter."), id="plan-new", show=False),
        Binding(
            "ctrl+z",
            "undo",
            N_("Undo"),
            id="plan-undo",
            tooltip=N_("Undo your last card change or iteration setting"),
            show=False,
        ),
        Binding(
            "escape", "app.switch_mode('home')", N_("Home"), id="home", tooltip=N_("Back home")
        ),
    ]

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        self.target: Iteration | None = None
        self.backlog: list[Card] = []
        self.sprint: list[Card] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="plan-head", markup=False)
        with Horizontal(id="plan-lists"):
            with Vertical(classes="plan-column"):
                yield Static(_("Product backlog"), id="backlog-head", classes="plan-column-head")
                yield CardList(Column.BACKLOG, id="backlog-list")
            with Vertical(classes="plan-column"):
                yield Static(_("Iteration"), id="sprint-head", classes="plan-column-head")
                yield CardList(Column.TODO, id="sprint-list")
            yield Static(id="plan-side", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#backlog-list", CardList).focus()
        self.reload()

    # -- reading ------------------------------------------------------------------------------

    def _target(self) -> Iteration | None:
        """The iteration being planned: the next one if there is one, else the current."""
        board = self.services.board
        return board.next_iteration() or board.current_iteration()

    def reload(self) -> None:
        board = self.services.board
        self.target = it = self._target()
        self.backlog, self.sprint = board.plan_cards(it.id if it else None)
        backlog_list = self.query_one("#backlog-list", CardList)
        sprint_list = self.query_one("#sprint-list", CardList)
        backlog_list.show(self.backlog)
        sprint_list.show(self.sprint)
        points = sum(c.points or 0 for c in self.backlog)
        self.query_one("#backlog-head", Static).update(
            Text(
                " " + _("Backlog {n} · {points}pt").format(n=len(self.backlog), points=points),
                no_wrap=True,
            )
        )
        committed = sum(c.points or 0 for c in self.sprint)
        name = one_line(it.name) if it else _("no iteration: press i")
        self.query_one("#sprint-head", Static).update(
            Text(
                " "
                + _("{name} {n} · {points}pt").format(
                    name=name, n=len(self.sprint), points=committed
                ),
                no_wrap=True,
            )
        )
        self.query_one("#plan-head", Static).update(self._head(it, committed))
        self.query_one("#plan-side", Static).update(self._side(it, committed))

    def _head(self, it: Iteration | None, committed: int) -> Text:
        if it is None:
            return styled(
                _("{nothing} · press {key} for a new iteration"),
                nothing=(_("Nothing to plan"), "bold"),
                key=("i", "bold"),
            )
        state = _("planning") if it.state == "planned" else _("under way")
        head = styled(
            _("{name} ({state}, {start} → {end})  Goal: {goal}"),
            name=(one_line(it.name), "bold"),
            state=state,
            start=show_date(it.start),
            end=show_date(it.end),
            goal=(one_line(it.goal) or _("none yet (g)"), "italic"),
        )
        head.no_wrap, head.overflow = True, "ellipsis"
        return head

    def _side(self, it: Iteration | None, committed: int) -> Text:
        board = self.services.board
        iterations, done = board.iterations(), board.done_points_by_iteration()
        history = velocities(iterations, done)
        members = self.services.team.members()
        cap = capacity_of(it, history, members, points_per_day(iterations, done, members))
        over = cap.points is not None and committed > cap.points
        out = Text()
        out.append(_("Capacity") + "\n", "bold")
        out.append(gauge(committed, cap.points), "bold red" if over else "green")
        if cap.points is None:
            out.append("\n" + _("{n} committed, no capacity yet:").format(n=committed) + "\n")
        else:
            out.append(
                "\n"
                + _("{n} committed of {capacity} pts").format(n=committed, capacity=cap.points)
                + "\n"
            )
        out.append("".join(f"  {line}\n" for line in cap.how()), "dim")
        if over:
            out.append(_("over capacity: move cards out (←)") + "\n", "bold red")
        if it is not None:
            team = self.services.team.members(include_inactive=True)
            away = "".join(
                f"  {one_line(k)} " + _("{n}d").format(n=v) + "\n"
                for k, v in days_off_shown(it, team)
            )
            out.append(_("Focus {focus} (o)").format(focus=f"{focus_of(it):g}") + "\n")
            out.append(_("Days off (a):") + " " + ("" if away else _("none")) + "\n")
            out.append(away)
            if has_availability(it) and cap.source != "availability":
                out.append(
                    "".join(
                        f"  {line}\n"
                        for line in _("(counted once a closed\niteration gives pts/day)").split(
                            "\n"
                        )
                    ),
                    "dim",
                )
        out.append("\n" + _("Load per person") + "\n", "bold")
        for who, n, pts in load_per_person(self.sprint) or [(_("nobody yet"), 0, 0)]:
            out.append(
                _("{points} pts {n} cards  {who}").format(
                    points=f"{pts:>4}", n=f"{n:>3}", who=one_line(who)
                )
                + "\n"
            )
        if it is not None and it.state == "current":
            tz = self.services.team.team().timezone
            today = team_today(self.services.clock, tz)
            days = burnup(it, self.sprint, today, tz)
            top = max((s for _day, _done, s in days), default=0)
            out.append("\n" + _("Burn-up (done / scope)") + "\n", "bold")
            out.append(sparkline([d for _day, d, _scope in days], top) + "\n", "green")
            out.append(sparkline([s for _day, _done, s in days], top) + "\n", "yellow")
            out.append("\n" + _("Scope changes") + "\n", "bold")
            for s in it.scope[-8:] or [{"change": _("none yet")}]:
                sign = {"added": "+", "removed": "−"}.get(str(s.get("change")), "")
                line = f"{sign}#{s.get('card', '')} {s.get('title', s.get('change', ''))}"
                who = f" ({s.get('by', '')}" + (f": {s['reason']}" if s.get("reason") else "") + ")"
                out.append(one_line(line + (who if s.get("by") else "")) + "\n")
        if history:
            out.append("\n" + _("Velocity") + "\n", "bold")
            for line in bars(history[-6:], 12):
                out.append(one_line(line) + "\n")
        out.no_wrap, out.overflow = True, "ellipsis"
        return out

    # -- changing -----------------------------------------------------------------------------

    def _highlighted(self, list_id: str) -> Card | None:
        lst = self.query_one(list_id, CardList)
        return lst.card if lst.has_focus else None

    def action_plan_in(self) -> None:
        card = self._highlighted("#backlog-list")
        if card is None:
            self.query_one("#sprint-list", CardList).focus()
            return
        if self.target is None:
            self.notify(_("There is no iteration to plan: press i for a new one."))
            return
        if under_way(self.target):
            self._scope_change(card, self.target, True)
            return
        self.write(self.services.board.plan_card, card.id, self.target.id)

    def action_plan_out(self) -> None:
        card = self._highlighted("#sprint-list")
        if card is None:
            self.query_one("#backlog-list", CardList).focus()
            return
        if under_way(self.target):
            self._scope_change(card, self.target, False)
            return
        self.write(self.services.board.plan_card, card.id, None)

    @work(group="dialog")
    async def _scope_change(self, card: Card, it: Iteration, joins: bool) -> None:
        """Into or out of an iteration under way: asks why (optional) before the change."""
        if self.refuse_if_read_only():
            return
        board, into = self.services.board, it.id if joins else None
        if await ask_scope_reason(
            self, card, it, joins, lambda reason: board.plan_card(card.id, into, reason)
        ):
            self.reload()

    def action_rank(self, by: int) -> None:
        """Move the highlighted backlog card up or down the product backlog."""
        card = self._highlighted("#backlog-list")
        if card is None:
            self.notify(_("Rank cards in the product backlog (the left list)."))
            return
        self.write(self.services.board.rank_card, card.id, by)

    @work(group="dialog")
    async def action_away(self) -> None:
        """A member's days off in the iteration being planned: "NAME DAYS"."""
        it = self.target
        if it is None or self.refuse_if_read_only():
            return
        from screens.dialogs import PromptDialog

        board = self.services.board

        def save(text: str) -> Any:
            name, _space, days = text.strip().rpartition(" ")
            if not name:
                raise RitualError(_("type a member's name and whole days off, e.g. 'Ana 2'."))
            return board.set_away(it.id, name.strip(), parse_days_off(days))

        prompt = PromptDialog(
            Text(_("Days off in {name}").format(name=one_line(it.name))),
            _("A member's name and their whole days off (0 clears them), e.g. 'Ana 2'"),
        )
        if await self.app.push_screen_wait(self.form(prompt, save)):
            self.reload()

    @work(group="dialog")
    async def action_focus_factor(self) -> None:
        it = self.target
        if it is None or self.refuse_if_read_only():
            return
        from screens.dialogs import PromptDialog

        board = self.services.board
        prompt = PromptDialog(
            Text(_("Focus factor of {name}").format(name=one_line(it.name))),
            _("Share of working days spent on iteration work: 0.7 or 70% ('' for 0.7)"),
            f"{focus_of(it):g}",
            check=parse_focus,
        )
        if await self.app.push_screen_wait(
            self.form(prompt, lambda text: board.set_focus(it.id, parse_focus(text)))
        ):
            self.reload()

    def action_undo(self) -> None:
        """ctrl+z: your last card change or iteration setting (goal, days off, focus) put
        back, as a new change through the write path."""
        self.write(self.services.board.undo, kind="undo")

    def stored(self, message: WriteStored) -> None:
        if message.kind == "undo":
            text = str(message.result)
            self.notify(text[:1].upper() + text[1:], markup=False)

    @work(group="dialog")
    async def action_goal(self) -> None:
        it = self.target
        if it is None or self.refuse_if_read_only():
            return
        from screens.dialogs import PromptDialog

        board = self.services.board
        prompt = PromptDialog(
            Text(_("Goal of {name}").format(name=one_line(it.name))),
            _("What this iteration is for, in a sentence"),
            it.goal,
            check=check_iteration_goal,
        )
        if await self.app.push_screen_wait(
            self.form(prompt, lambda text: board.set_goal(it.id, text))
        ):
            self.reload()

    @work(group="dialog")
    async def action_new_iteration(self) -> None:
        if self.refuse_if_read_only():
            return
        from screens.board.iteration_dialogs import new_iteration_form

        board = self.services.board
        form = new_iteration_form(self.services)
        if await self.app.push_screen_wait(
            self.form(form, lambda values: board.plan_iteration(**values))
        ):
            self.reload()
