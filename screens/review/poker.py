"""Planning poker on one agenda item, from every attendee's own terminal.

The requirement (description and acceptance criteria) stays on screen while people vote. A
vote is a button press; the file gets only its seal (ritual.review_poker), so this screen, on
anyone's terminal, shows who has voted and never what until the facilitator reveals. After the
reveal each voter's own app opens its vote (it alone holds it), the spread shows, and the
facilitator re-votes or settles on the value that goes to the item.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Static

from ritual.errors import RitualError
from ritual.i18n import N_, _, ngettext
from ritual.iteration import parse_points
from ritual.review import Review, ReviewItem, parse_rating
from ritual.review_poker import BREAK, FIELDS, PokerRound, expected_voters
from ritual.text import clean, one_line
from screens.base import RitualScreen
from screens.dialogs import FORMS_TCSS, FormScreen
from screens.footer import FittingFooter
from screens.services import Services
from screens.writer import WriteRefused, WriteStored

NEXT_FIELD = {"estimate": "difficulty", "difficulty": "feasibility", "feasibility": "estimate"}
SCALE_FOR = {"estimate": "", "difficulty": "ratings", "feasibility": "ratings"}


def field_label(field_name: str) -> str:
    """What is voted on, as shown ("estimate"); the round stores the id."""
    label = FIELDS.get(field_name)
    return _(label) if label else one_line(field_name)


def card_label(value: str) -> str:
    """A card as shown: the break card ("coffee", stored so) in the language in use."""
    return _("coffee") if value == BREAK else value


class AgreeForm(FormScreen[str]):
    """The value the team settles on (the most chosen one offered); ``field_name`` is the
    round's field id (estimate, difficulty, feasibility)."""

    CSS_PATH = [FORMS_TCSS, "forms.tcss"]
    AUTO_FOCUS = "#agreed"

    def __init__(self, field_name: str, offered: str) -> None:
        super().__init__()
        self.field_name, self.offered = field_name, offered

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form review-form"):
            yield Label(
                _("Agreed {field}").format(field=field_label(self.field_name)),
                classes="form-title",
                markup=False,
            )
            yield Input(self.offered, id="agreed", compact=True)
            yield from self.error_and_buttons(_("Agree (ctrl+s)"))

    def values(self) -> str:
        text = self.query_one("#agreed", Input).value.strip()
        if self.field_name == "estimate":
            parse_points(text)
        else:
            parse_rating(text, field_label(self.field_name))
        return text


class PokerScreen(RitualScreen):
    CSS_PATH = "review.tcss"
    BINDING_GROUP_TITLE = N_("Planning poker")
    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), id="poker-back"),
        Binding(
            "R", "reveal", N_("Reveal"), id="poker-reveal", tooltip=N_("Show everyone's votes")
        ),
        Binding("V", "revote", N_("Re-vote"), id="poker-revote", tooltip=N_("Vote again")),
        Binding(
            "G",
            "agree",
            N_("Agree"),
            id="poker-agree",
            tooltip=N_("The agreed value to the item"),
        ),
        Binding("T", "topic", N_("Estimate/difficulty/feasibility"), id="poker-topic", show=False),
        Binding("X", "stop", N_("Stop"), id="poker-stop", show=False),
    ]

    def __init__(self, services: Services, review_id: int, start: bool = False) -> None:
        super().__init__(services)
        self.start = start  # open a vote on the current item as this screen opens
        self.repo = services.review  # the app's: an agreed value is what ctrl+z undoes
        self.review_id = review_id
        self.round: PokerRound | None = None
        self._scale: tuple[str, ...] = ()
        self._opening = False

    def compose(self) -> ComposeResult:
        yield Header()
        if self.services.read_only:
            reason = self.services.read_only_reason or _("Read-only: nothing can be changed here.")
            yield Static(reason, id="banner", classes="banner", markup=False)
        yield Static(id="poker-status", markup=False)
        with VerticalScroll(id="poker-requirement"):
            yield Static(id="poker-item", markup=False)
        yield Horizontal(id="poker-cards")
        yield Static(id="poker-votes", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        super().on_mount()
        if self.start:
            self.write(self.repo.poker_start, self.review_id, kind="start")

    # -- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            review = self.repo.review(self.review_id)
        except RitualError:
            return
        self.round = self.repo.poker(self.review_id)
        if self.round is None:
            self.title = _("Planning poker")
            self.query_one("#poker-status", Static).update(
                _("No vote is open. The facilitator starts one with P on the meeting screen.")
            )
            self.query_one("#poker-votes", Static).update("")
            self._show_cards(())
            return
        item = next(
            (i for i in self.repo.items(self.review_id) if i.id == self.round.item_id), None
        )
        title = one_line(item.title) if item else _("(removed item)")
        self.title = _("Planning poker: {title}").format(title=title)
        self.query_one("#poker-item", Static).update(_requirement(item))
        self.query_one("#poker-status", Static).update(self._status(review))
        self.query_one("#poker-votes", Static).update(self._votes(review))
        self._show_cards(() if self.round.revealed else self.round.scale)
        if self.round.revealed and self.services.user in self.round.unopened():
            self._open_mine()

    def _status(self, review: Review) -> Text:
        r = self.round
        assert r is not None
        if r.facilitator == self.services.user:
            runs = _("you run it")
        else:
            runs = _("{name} runs it").format(name=one_line(r.facilitator))
        mine = self.repo.my_vote(self.review_id)
        text = Text.assemble(
            (
                _("Voting the {field} · round {n} · {runs}").format(
                    field=field_label(r.field), n=r.round, runs=runs
                ),
                "bold",
            ),
        )
        if r.revealed:
            text.append(" · " + _("revealed"), style="bold green")
        elif mine:
            text.append(
                " · "
                + _("your vote: {vote} (press another card to change it)").format(
                    vote=card_label(mine)
                )
            )
        else:
            text.append(" · " + _("pick a card"))
        return text

    def _votes(self, review: Review) -> Text:
        r = self.round
        assert r is not None
        expected = expected_voters(review.attendees, self.services.team.members())
        voters = sorted(set(expected) | set(r.voted()))
        text = Text()
        for v in voters:
            if r.revealed and v in r.votes:
                text.append(f"{one_line(v)}: ", style="bold")
                text.append(f"{card_label(r.votes[v])}\n")
            elif r.revealed and v in r.sealed:
                text.append(f"{one_line(v)}: ", style="bold")
                text.append(_("sealed (their app opens it)") + "\n", style="dim")
            elif v in r.sealed:
                text.append(f"{one_line(v)}: " + _("✓ voted") + "\n")
            else:
                text.append(f"{one_line(v)}: …\n", style="dim")
        if r.revealed:
            text.append("\n" + r.spread(), style="bold")
        else:
            text.append(
                "\n"
                + ngettext(
                    "{n} voted · votes stay hidden until the reveal",
                    "{n} voted · votes stay hidden until the reveal",
                    len(r.sealed),
                ).format(n=len(r.sealed)),
                style="dim",
            )
        return text

    def _show_cards(self, scale: tuple[str, ...]) -> None:
        if scale == self._scale:
            return
        self._scale = scale
        row = self.query_one("#poker-cards", Horizontal)
        row.remove_children()
        row.mount_all(
            Button(card_label(value), id=f"card-{n}", classes="poker-card", compact=True)
            for n, value in enumerate(scale)
        )
        row.display = bool(scale)

    # -- voting -----------------------------------------------------------------------------

    @on(Button.Pressed, ".poker-card")
    def _card(self, event: Button.Pressed) -> None:
        event.stop()
        index = int(str(event.button.id).removeprefix("card-"))
        if index < len(self._scale):
            self.write(self.repo.vote, self.review_id, self._scale[index], kind="vote")

    def _open_mine(self) -> None:
        if not self._opening and not self.services.read_only:
            self._opening = True
            self.write(self.repo.open_my_vote, self.review_id, kind="open")

    def stored(self, message: WriteStored) -> None:
        if message.kind == "open":
            self._opening = False

    def on_write_refused(self, message: WriteRefused) -> None:
        if message.kind == "open":
            self._opening = False
        super().on_write_refused(message)

    # -- the facilitator --------------------------------------------------------------------

    def action_reveal(self) -> None:
        self.write(self.repo.reveal, self.review_id, kind="reveal")

    def action_revote(self) -> None:
        self.write(self.repo.revote, self.review_id, kind="revote")

    def action_stop(self) -> None:
        self.write(self.repo.stop_poker, self.review_id, kind="stop")

    def action_topic(self) -> None:
        r = self.round
        if r is None:
            return
        nxt = NEXT_FIELD[r.field]
        self.write(
            self.repo.poker_start, self.review_id, nxt, SCALE_FOR[nxt], r.item_id, kind="topic"
        )

    @work(group="dialog")
    async def action_agree(self) -> None:
        r = self.round
        if r is None or self.refuse_if_read_only():
            return
        if not r.revealed:
            self.notify(_("Reveal the votes first (R)."))
            return
        counts = sorted(
            (v for v in r.votes.values() if v not in ("?", "coffee")),
            key=lambda v: list(r.votes.values()).count(v),
        )
        offered = counts[-1] if counts else ""
        rid = self.review_id
        form = AgreeForm(r.field, offered)
        item = await self.app.push_screen_wait(self.form(form, lambda v: self.repo.agree(rid, v)))
        if isinstance(item, ReviewItem):
            self.notify(
                _("{title}: agreed, stored with the votes.").format(title=one_line(item.title)),
                markup=False,
            )
            self.app.pop_screen()


def _requirement(item: ReviewItem | None) -> Text:
    if item is None:
        return Text("")
    text = Text()
    for label, value in (
        (_("Description"), item.description),
        (_("Acceptance criteria"), item.acceptance),
    ):
        text.append(label + "\n", style="bold")
        text.append((clean(value).rstrip() or "—") + "\n\n")
    return text
