"""The retrospective: facts first, then the phases, one table that shows what the phase needs.

The screen keeps no state of its own beyond the highlighted row: the retro record (phase and
its start instant) drives everything, so every terminal on the file shows the same phase and
countdown. Before the reveal a participant's table lists only their own drafts, read from their
private file; the others' text is not in the team file, so no screen could show it. After the
reveal each app publishes its own user's drafts by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Static

from ritual.errors import RitualError
from ritual.i18n import N_, _, ngettext
from ritual.iteration import Iteration
from ritual.retro import (
    ACT,
    DISCUSS,
    DONE_STATE,
    DROPPED,
    ENDED,
    GROUP,
    NOT_STARTED,
    OPEN,
    REVIEW,
    VOTE,
    WRITE,
    Draft,
    NotFacilitator,
    Retro,
    prompt_label,
)
from ritual.retro_facts import Fact
from ritual.standup_time import duration_text
from ritual.text import one_line
from screens.base import RitualScreen
from screens.dialogs import ConfirmDialog, PromptDialog
from screens.footer import FittingFooter
from screens.retro.forms import ActionForm
from screens.services import Services
from screens.writer import WriteRefused, WriteStored
from storage.retro_repo import RetroRepo

TICK_SECONDS = 1.0
# An action item's stored state as shown.
ACTION_STATES = {OPEN: N_("open"), DONE_STATE: N_("done"), DROPPED: N_("dropped")}


class RetroScreen(RitualScreen):
    CSS_PATH = "retro.tcss"
    BINDING_GROUP_TITLE = N_("Retro")
    BINDINGS = [
        Binding("space", "advance", N_("Next phase"), id="retro-advance"),
        Binding("1", "write(0)", N_("Write 1"), id="retro-write-1", show=False),
        Binding("2", "write(1)", N_("Write 2"), id="retro-write-2", show=False),
        Binding("3", "write(2)", N_("Write 3"), id="retro-write-3", show=False),
        Binding("4", "write(3)", N_("Write 4"), id="retro-write-4", show=False),
        Binding("w", "write(0)", N_("Write"), id="retro-write"),
        Binding("delete", "drop_draft", N_("Drop mine"), id="retro-drop", show=False),
        Binding("g", "group", N_("Group"), id="retro-group"),
        Binding("r", "rename", N_("Rename"), id="retro-rename"),
        Binding("plus,equals_sign", "vote(1)", N_("Vote +"), id="retro-vote"),
        Binding("minus", "vote(-1)", N_("Vote -"), id="retro-unvote"),
        Binding("n", "next_topic", N_("Next topic"), id="retro-next-topic"),
        Binding("o", "notes", N_("Notes"), id="retro-notes"),
        Binding("a", "add_action", N_("Action"), id="retro-action"),
        Binding("c", "to_cards", N_("Cards"), id="retro-cards"),
        Binding("d", "decide('done')", N_("Done"), id="retro-done", show=False),
        Binding("k", "decide('keep')", N_("Keep"), id="retro-keep", show=False),
        Binding("x", "decide('drop')", N_("Drop"), id="retro-drop-action", show=False),
        Binding("f", "toggle_facts", N_("Facts"), id="retro-facts"),
    ]

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        # the keys screen reads this attribute: the group's title in the language in use
        group_title = type(self).BINDING_GROUP_TITLE
        self.BINDING_GROUP_TITLE = _(group_title) if group_title else group_title
        self.repo = RetroRepo(services.store)
        self.iteration: Iteration | None = None
        self.retro: Retro | None = None
        self.drafts: list[Draft] = []
        self.previous: Retro | None = None
        self.facts: list[Fact] = []
        self._publishing = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.read_only_banner()
        yield Static(id="retro-status", markup=False)
        yield Static(id="retro-facts", markup=False)
        yield Static(id="retro-hint", markup=False)
        table: DataTable = DataTable(id="retro-items", cursor_type="row", zebra_stripes=True)
        yield table
        yield FittingFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(TICK_SECONDS, self.tick, name="retro-tick")

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.iteration = self.repo.default_iteration()
        except RitualError as exc:
            self.iteration = self.retro = None
            self.query_one("#retro-status", Static).update(one_line(str(exc)))
            return
        self.retro = self.repo.current(self.iteration)
        self.previous = self.repo.previous(self.retro)
        self.facts = self.repo.facts(self.iteration)
        try:
            self.drafts = [] if self.retro.revealed else self.repo.drafts(self.iteration.id)
        except RitualError as exc:  # a private file that is not private: say so, show none
            self.drafts = []
            self.notify(str(exc), severity="error", markup=False)
        if self.repo.needs_publishing(self.retro) and not self._publishing:
            self._publishing = True
            self.write(self.repo.publish_mine, self.iteration.id, kind="publish")
        self._show_facts()
        self._show_table()
        self.tick()

    def stored(self, message: WriteStored) -> None:
        if message.kind == "publish":
            self._publishing = False
        elif message.kind == "cards":
            n = len(message.result)
            self.notify(
                ngettext(
                    "{n} action item is a backlog card.", "{n} action items are backlog cards.", n
                ).format(n=n),
                markup=False,
            )

    def refused(self, message: WriteRefused) -> None:
        if message.kind == "publish":
            self._publishing = False
        super().refused(message)

    def _open_form(self, form: Any, fn: Callable[[Any], Any]) -> None:
        """A form that closes only once ``fn(values)`` is stored (else it keeps the text and
        says why); the screen re-reads afterwards."""
        if self.refuse_if_read_only():
            return

        def closed(stored: Any) -> None:
            if stored is not None:
                self.reload()

        self.app.push_screen(self.form(form, fn), closed)

    def tick(self) -> None:
        retro = self.retro
        if retro is None or self.iteration is None:
            return
        now = self.services.clock.now()
        parts = [
            _("Retro · {name}").format(name=one_line(self.iteration.name)),
            _(retro.label),
        ]
        status = self.query_one("#retro-status", Static)
        status.set_classes("")
        if retro.started and not retro.ended:
            left = retro.phase_remaining(now)
            sign = "-" if left < 0 else ""
            parts.append(_("{time} left").format(time=f"{sign}{duration_text(int(abs(left)))}"))
            status.set_classes(retro.timer_phase(now))
        if retro.facilitator:
            parts.append(_("facilitator {name}").format(name=one_line(retro.facilitator)))
        if retro.phase in (NOT_STARTED, REVIEW, WRITE):
            people = sum(1 for n in retro.written.values() if n)
            parts.append(
                _("{n} written by {people}").format(n=retro.written_total(), people=people)
            )
        elif retro.phase == VOTE:
            parts.append(_("your votes left {n}").format(n=retro.votes_left(self.services.user)))
        status.update(" · ".join(parts))

    def _show_facts(self) -> None:
        lines = Text()
        for i, f in enumerate(self.facts):
            if i:
                lines.append("\n")
            lines.append(_("{label}: ").format(label=_(f.label)), "bold")
            lines.append(one_line(f.value))
        self.query_one("#retro-facts", Static).update(lines)

    def _hint(self) -> str:
        retro = self.retro
        assert retro is not None
        phase = retro.phase
        if phase == WRITE:
            prompts = "  ".join(f"{i + 1} {prompt_label(p)}" for i, p in enumerate(retro.prompts))
            return _("Write in private: {prompts} · del drops yours · space reveals").format(
                prompts=prompts
            )
        if phase == VOTE:
            return _("+/- vote on the highlighted group ({n} each; hidden)").format(
                n=retro.votes_per_person
            )
        hints = {
            NOT_STARTED: N_("space starts with the last retro's actions (d done, k keep, x drop)"),
            REVIEW: N_("Last retro's open actions: d done · k keep · x drop · space: write"),
            GROUP: N_(
                "g puts the highlighted reflection in a group (number or new name) · r rename"
            ),
            DISCUSS: N_("Most voted first · n next topic · o notes · space: actions"),
            ACT: N_("a adds an action item · c makes them backlog cards · space ends"),
            ENDED: N_("Ended · c makes the action items backlog cards"),
        }
        return _(hints.get(phase, ""))

    def _show_table(self) -> None:
        retro = self.retro
        assert retro is not None
        self.query_one("#retro-hint", Static).update(self._hint())
        table = self.query_one("#retro-items", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        phase = retro.phase
        if phase in (NOT_STARTED, REVIEW):
            table.add_columns("#", _("Last retro's action"), _("Owner"), _("Due"), _("State"))
            for a in self.previous.actions if self.previous else []:
                state = _(ACTION_STATES.get(a.state, a.state))
                table.add_row(
                    str(a.n), one_line(a.text), one_line(a.owner), a.due, state, key=f"a{a.n}"
                )
        elif phase == WRITE:
            table.add_columns("#", _("Prompt"), _("Your reflection (private until the reveal)"))
            for i, d in enumerate(self.drafts):
                prompt = one_line(prompt_label(d.prompt))
                table.add_row(str(i + 1), prompt, one_line(d.text), key=f"d{i}")
        elif phase == GROUP:
            table.add_columns("#", _("Prompt"), _("Reflection"), _("Group"))
            for r in retro.shown_reflections():
                group = one_line(retro.group(r.group).title) if r.group else ""
                text = one_line(r.text) + (f" ({one_line(r.author)})" if r.author else "")
                prompt = one_line(prompt_label(r.prompt))
                table.add_row(str(r.n), prompt, text, group, key=f"r{r.n}")
        elif phase == VOTE:
            mine = retro.votes_of(self.services.user)
            table.add_columns("#", _("Group"), _("Reflections"), _("Your votes"))
            for g in retro.groups:
                table.add_row(
                    str(g.n),
                    one_line(g.title),
                    str(len(retro.in_group(g.n))),
                    "●" * mine.count(g.n),
                    key=f"g{g.n}",
                )
        elif phase == DISCUSS:
            table.add_columns("", _("Group"), _("Votes"), _("Time"), _("Notes"))
            now = self.services.clock.now()
            for g in retro.discussion_order():
                mark = "▶" if g.n == retro.discussing else ""
                spent = duration_text(int(retro.topic_seconds(g, now)))
                table.add_row(
                    mark, one_line(g.title), str(g.votes), spent, one_line(g.notes), key=f"g{g.n}"
                )
        else:
            table.add_columns("#", _("Action item"), _("Owner"), _("Due"), _("Card"))
            for a in retro.actions:
                card = f"#{a.card_id}" if a.card_id else ""
                table.add_row(
                    str(a.n), one_line(a.text), one_line(a.owner), a.due, card, key=f"a{a.n}"
                )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _highlighted(self, prefix: str) -> int | None:
        table = self.query_one("#retro-items", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or ""
        return int(key[1:]) if key.startswith(prefix) else None

    # -- writing ----------------------------------------------------------------------------

    def _it(self) -> int | None:
        if self.iteration is None or self.retro is None:
            self.notify(_("There is no iteration to look back on yet."), severity="warning")
            return None
        return self.iteration.id

    def _drive(self, op: Callable[[Retro, Any], Any], take_over: bool = False) -> None:
        """A facilitator's change; someone else driving is asked before taking over."""
        it = self._it()
        if it is None or self.refuse_if_read_only():
            return
        retro = self.retro
        assert retro is not None
        if retro.facilitator and retro.facilitator != self.services.user and not take_over:
            question = Text(
                _("{name} is facilitating. Take over?").format(name=one_line(retro.facilitator))
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._drive(op, take_over=True)

            self.app.push_screen(ConfirmDialog(question, _("Take over")), answered)
            return
        self.write(self.repo.act, it, op, take_over)

    def action_advance(self) -> None:
        self._drive(Retro.advance)

    def action_write(self, index: int) -> None:
        it = self._it()
        if it is None or self.retro is None:
            return
        if self.retro.revealed:
            self.notify(_("The reflections are revealed; writing is over."), severity="warning")
            return
        if index >= len(self.retro.prompts):
            return
        prompt = self.retro.prompts[index]

        self._open_form(
            PromptDialog(
                _("{prompt} (private until the reveal)").format(prompt=prompt_label(prompt)),
                max_length=500,
            ),
            lambda text: self.repo.write_draft(it, prompt, text),
        )

    def action_drop_draft(self) -> None:
        it, n = self._it(), self._highlighted("d")
        if it is not None and n is not None:
            self.write(self.repo.drop_draft, it, n)

    def action_group(self) -> None:
        it, n = self._it(), self._highlighted("r")
        if it is None or n is None or self.retro is None or self.retro.phase != GROUP:
            return
        groups = ", ".join(f"{g.n} {one_line(g.title)}" for g in self.retro.groups)

        def store(answer: str) -> Retro:
            target: int | str = int(answer) if answer.strip().isdigit() else answer
            return self.repo.group_op(it, lambda r, _now: r.put_in_group(n, target))

        label = (
            _("Groups: {groups}").format(groups=groups)
            if groups
            else _("No group yet: type a name")
        )
        self._open_form(PromptDialog(_("A group number, or a new group's name"), label), store)

    def action_rename(self) -> None:
        n = self._highlighted("g")
        if n is None and self.retro is not None and self.retro.phase == GROUP:
            r = self._highlighted("r")
            n = self.retro.reflection(r).group if r else None
        if not n or self.retro is None:
            return
        it, group = self._it(), n
        if it is None:
            return
        self._open_form(
            PromptDialog(_("Name the group"), value=self.retro.group(n).title),
            lambda title: self.repo.group_op(it, lambda r, _now: r.rename_group(group, title)),
        )

    def action_vote(self, step: int) -> None:
        it, n = self._it(), self._highlighted("g")
        if it is not None and n is not None and self.retro and self.retro.phase == VOTE:
            self.write(self.repo.vote, it, n, step)

    def action_next_topic(self) -> None:
        self._drive(lambda r, now: r.next_topic(now))

    def action_notes(self) -> None:
        """Notes on the group being discussed (else the highlighted one)."""
        if self.retro is None:
            return
        n = self.retro.discussing or self._highlighted("g")
        if n is None:
            return
        it, group = self._it(), n
        if it is None:
            return
        title = _("Notes on {group}").format(group=one_line(self.retro.group(n).title))
        self._open_form(
            PromptDialog(title, value=self.retro.group(n).notes),
            lambda text: self.repo.act(it, lambda r, _now: r.set_notes(group, text)),
        )

    def action_add_action(self) -> None:
        it = self._it()
        if it is not None:
            self._open_form(ActionForm(), lambda values: self.repo.add_action(it, **values))

    def action_to_cards(self) -> None:
        it = self._it()
        if it is not None:
            self.write(self.repo.actions_to_cards, it, kind="cards")

    def action_decide(self, decision: str) -> None:
        it, n = self._it(), self._highlighted("a")
        if it is None or n is None or self.retro is None:
            return
        if self.retro.phase not in (NOT_STARTED, REVIEW):
            return
        self.write(self.repo.review_previous, it, n, decision)

    def action_toggle_facts(self) -> None:
        self.query_one("#retro-facts", Static).toggle_class("hidden")

    def on_unmount(self) -> None:
        self._publishing = False


__all__ = ["NotFacilitator", "RetroScreen"]
