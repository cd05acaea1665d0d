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
from textual.widgets import Footer, Header, Static

from ritual.clock import team_today
from ritual.iteration import Card, Column, Iteration, check_iteration_goal, sparkline
from ritual.planning import (
    bars,
    burnup,
    capacity_of,
    gauge,
    load_per_person,
    velocities,
)
from ritual.text import one_line
from screens.base import RitualScreen
from screens.board.card_list import CardList
from screens.services import Services


class PlanScreen(RitualScreen):
    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("right,greater_than_sign", "plan_in", "Into iter.", id="plan-in"),
        Binding("left,less_than_sign", "plan_out", "To backlog", id="plan-out"),
        Binding("g", "goal", "Goal", id="plan-goal", tooltip="The iteration's goal"),
        Binding("i", "new_iteration", "New iter.", id="plan-new", show=False),
        Binding("ctrl+z", "undo", "Undo", id="plan-undo", show=False),
        Binding("escape", "app.switch_mode('home')", "Home", id="home", tooltip="Back home"),
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
                yield Static("Product backlog", id="backlog-head", classes="plan-column-head")
                yield CardList(Column.BACKLOG, id="backlog-list")
            with Vertical(classes="plan-column"):
                yield Static("Iteration", id="sprint-head", classes="plan-column-head")
                yield CardList(Column.TODO, id="sprint-list")
            yield Static(id="plan-side", markup=False)
        yield Footer()

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
            Text(f" Backlog {len(self.backlog)} · {points}pt", no_wrap=True)
        )
        committed = sum(c.points or 0 for c in self.sprint)
        name = one_line(it.name) if it else "no iteration: press i"
        self.query_one("#sprint-head", Static).update(
            Text(f" {name} {len(self.sprint)} · {committed}pt", no_wrap=True)
        )
        self.query_one("#plan-head", Static).update(self._head(it, committed))
        self.query_one("#plan-side", Static).update(self._side(it, committed))

    def _head(self, it: Iteration | None, committed: int) -> Text:
        if it is None:
            return Text.assemble(
                ("Nothing to plan", "bold"), " · press ", ("i", "bold"), " for a new iteration"
            )
        state = "planning" if it.state == "planned" else "under way"
        head = Text.assemble(
            (one_line(it.name), "bold"),
            f" ({state}, {it.start} → {it.end})",
            "  Goal: ",
            (one_line(it.goal) or "none yet (g)", "italic"),
        )
        head.no_wrap, head.overflow = True, "ellipsis"
        return head

    def _side(self, it: Iteration | None, committed: int) -> Text:
        board = self.services.board
        history = velocities(board.iterations(), board.done_points_by_iteration())
        cap = capacity_of(it, history)
        over = cap.points is not None and committed > cap.points
        out = Text()
        out.append("Capacity\n", "bold")
        out.append(gauge(committed, cap.points), "bold red" if over else "green")
        out.append(f"\n{committed} committed of {cap.describe()}\n")
        if over:
            out.append("over capacity: move cards out (←)\n", "bold red")
        out.append("\nLoad per person\n", "bold")
        for who, n, pts in load_per_person(self.sprint) or [("nobody yet", 0, 0)]:
            out.append(f"{pts:>4} pts {n:>3} cards  {one_line(who)}\n")
        if it is not None and it.state == "current":
            tz = self.services.team.team().timezone
            today = team_today(self.services.clock, tz)
            days = burnup(it, self.sprint, today, tz)
            top = max((s for _, _, s in days), default=0)
            out.append("\nBurn-up (done / scope)\n", "bold")
            out.append(sparkline([d for _, d, _ in days], top) + "\n", "green")
            out.append(sparkline([s for _, _, s in days], top) + "\n", "yellow")
            out.append("\nScope changes\n", "bold")
            for s in it.scope[-8:] or [{"change": "none yet"}]:
                sign = {"added": "+", "removed": "−"}.get(str(s.get("change")), "")
                line = f"{sign}#{s.get('card', '')} {s.get('title', s.get('change', ''))}"
                who = f" ({s.get('by', '')}" + (f": {s['reason']}" if s.get("reason") else "") + ")"
                out.append(one_line(line + (who if s.get("by") else "")) + "\n")
        if history:
            out.append("\nVelocity\n", "bold")
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
            self.notify("There is no iteration to plan: press i for a new one.")
            return
        self.write(self.services.board.plan_card, card.id, self.target.id)

    def action_plan_out(self) -> None:
        card = self._highlighted("#sprint-list")
        if card is None:
            self.query_one("#backlog-list", CardList).focus()
            return
        self.write(self.services.board.plan_card, card.id, None)

    def action_undo(self) -> None:
        self.write(self.services.board.undo)

    @work(group="dialog")
    async def action_goal(self) -> None:
        it = self.target
        if it is None or self.refuse_if_read_only():
            return
        from screens.dialogs import PromptDialog

        board = self.services.board
        prompt = PromptDialog(
            Text(f"Goal of {one_line(it.name)}"),
            "What this iteration is for, in a sentence",
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
        from ritual.board import becomes_current_when
        from ritual.planning import latest_iteration, next_defaults
        from screens.board.iteration_dialogs import IterationForm

        board = self.services.board
        iterations = board.iterations()
        today = team_today(self.services.clock, self.services.team.team().timezone)
        form = IterationForm(
            next_defaults(latest_iteration(iterations), today),
            becomes_current=board.current_iteration() is None,
            when=becomes_current_when(iterations),
        )
        if await self.app.push_screen_wait(
            self.form(form, lambda values: board.plan_iteration(**values))
        ):
            self.reload()
