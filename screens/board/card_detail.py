"""A card in full: every field, who made and changed it, and any conflict copies."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ritual import clock
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import Card
from ritual.text import clean, one_line
from screens.board.dialogs import FORM_CSS
from screens.board.labels import card_column_label, show_date
from screens.messages import StoreChanged
from screens.services import Services
from storage.review_repo import ReviewRepo


def local_time(instant: str, timezone: str) -> str:
    return clock.local_time(instant, timezone) or "—"


def _field(out: Text, name: str, width: int) -> None:
    """A field's name, dim, padded to ``width`` cells (Chinese names are two cells a character)."""
    out.append(name + " " * max(1, width - cell_len(name)), "dim")


def card_text(card: Card, timezone: str, changed: str = "") -> Text:
    """The whole card as plain text with styles; nothing a teammate typed is markup.
    ``changed`` says how to see what changed in its requirement since approval, if it did."""
    out = Text()
    out.append(f"#{card.id} · {card_column_label(card)} · {card.priority}", "bold")
    if card.points is not None:
        out.append(" · " + _("{n} pt").format(n=card.points), "bold")
    out.append("\n")
    out.append(one_line(card.title), "bold underline")
    out.append("\n\n")
    names = {
        "assignee": _("Assignee"),
        "labels": _("Labels"),
        "due": _("Due"),
        "from": _("From"),
        "link": _("Link"),
        "created": _("Created"),
        "changed": _("Changed"),
    }
    width = max(9, *(cell_len(n) + 1 for n in names.values()))
    for key, value in (
        ("assignee", card.assignee or _("unassigned")),
        ("labels", ", ".join(card.labels) or "—"),
        ("due", show_date(card.due) if card.due else "—"),
        ("from", card.source or "—"),
    ):
        _field(out, names[key], width)
        out.append(one_line(value) + "\n")
    if changed:
        out.append("Δ " + _("Changed since approved"), "bold yellow")
        out.append(f" · {changed}\n", "dim")
    for link in card.links:
        _field(out, names["link"], width)
        out.append(one_line(link) + "\n")
    if card.blocked:
        out.append("⛔ " + _("Blocked") + " ", "bold red")
        out.append(one_line(card.blocked_reason) + "\n")
    _field(out, names["created"], width)
    out.append(f"{one_line(card.created_by)} {local_time(card.created_at, timezone)}\n")
    _field(out, names["changed"], width)
    out.append(f"{one_line(card.updated_by)} {local_time(card.updated_at, timezone)}\n")
    out.append("\n")
    out.append(clean(card.description) or _("(no description)"), "" if card.description else "dim")
    for note in card.comments[-5:]:  # the latest commits that named the card
        out.append(f"\n{one_line(str(note.get('by', '')))}: ", "dim")
        out.append(one_line(str(note.get("text", ""))))
    if card.conflicts:
        out.append("\n\n")
        out.append(
            _(
                "Conflicts ({n}): text a teammate wrote at the same time, kept here; copy what "
                "you need, then press c to clear."
            ).format(n=len(card.conflicts))
            + "\n",
            "bold magenta",
        )
        for note in card.conflicts:
            out.append(
                "• "
                + _("{field} by {who} at {time}: ").format(
                    field=one_line(str(note.get("field", ""))),
                    who=one_line(str(note.get("by", ""))),
                    time=local_time(str(note.get("at", "")), timezone),
                ),
                "magenta",
            )
            out.append(clean(str(note.get("text", ""))) + "\n")
    return out


class CardDetail(ModalScreen[str | None]):
    """Dismisses with "edit" or "clear-conflicts" (the board acts), or None. Live: it re-reads
    the card when the file changes."""

    CSS_PATH = FORM_CSS
    BINDINGS = [
        Binding("escape,q", "close", N_("Close"), id="detail-close"),
        Binding("e", "choose('edit')", N_("Edit"), id="detail-edit"),
        Binding("c", "choose('clear-conflicts')", N_("Clear conflicts"), id="detail-clear"),
    ]

    def __init__(self, services: Services, card: Card) -> None:
        super().__init__()
        self.services, self.card = services, card

    def compose(self) -> ComposeResult:
        with Vertical(classes="form card-detail"):
            with VerticalScroll():
                yield Static(id="card-text")
            with Horizontal(classes="form-buttons"):
                yield Button(_("Edit (e)"), variant="primary", id="edit")
                yield Button(_("Clear conflicts (c)"), id="clear-conflicts")
                yield Button(_("Close (esc)"), id="close")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        tz = self.services.team.team().timezone
        changed = ""
        if self.card.source_key:
            reviews = ReviewRepo(self.services.store)
            item = reviews.source_changed(self.card.source_key)
            if item is not None:
                number = reviews.agenda_number(item)
                changed = _("ritual review diff {review} {item}, or D in the review").format(
                    review=item.review_id, item=number
                )
        self.query_one("#card-text", Static).update(card_text(self.card, tz, changed))
        self.query_one("#clear-conflicts", Button).display = bool(self.card.conflicts)

    @on(StoreChanged)
    def _changed(self) -> None:
        try:
            self.card = self.services.board.card(self.card.id)
        except RitualError:
            self.notify(_("This card was just deleted by someone else."), severity="warning")
            return
        self._show()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "close" else event.button.id)

    def action_choose(self, what: str) -> None:
        if what == "clear-conflicts" and not self.card.conflicts:
            return
        self.dismiss(what)

    def action_close(self) -> None:
        self.dismiss(None)
