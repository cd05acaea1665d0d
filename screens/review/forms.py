"""The review's forms, FormScreens of screens/dialogs.py. Each checks what was typed before
closing; a refusal is shown in the dialog, which keeps everything typed, so nothing needs to be
typed twice."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Select, SelectionList, TextArea

from ritual.due_dates import parse_due, parse_when
from ritual.i18n import N_, _
from ritual.review import (
    RATINGS,
    REQUIREMENT_PARTS,
    Decision,
    Review,
    ReviewItem,
    check_action_text,
    check_decision,
    check_item_text,
    check_item_title,
    check_review_title,
    parse_timebox_minutes,
)
from ritual.team import Member
from screens.dialogs import FORMS_TCSS, FormScreen
from screens.safe import safe_line

Values = dict[str, Any]


def _choice(value: Any) -> Any:
    return "" if value in (Select.NULL, None) else value


class ReviewDialog(FormScreen[Values]):
    """A form with Save/Cancel; subclasses compose fields and implement :meth:`values`."""

    CSS_PATH = [FORMS_TCSS, "forms.tcss"]
    TITLE_TEXT = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form review-form"):
            yield Label(_(self.TITLE_TEXT), classes="form-title", markup=False)
            with VerticalScroll(classes="review-form-fields"):
                yield from self.fields()
            yield from self.error_and_buttons(_("Save (ctrl+s)"))

    def fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Focusing the first field scrolls the fields before they have their height, which
        # left the form opened with its first label (the Title) scrolled out of view.
        self.call_after_refresh(self._show_first_field)

    def _show_first_field(self) -> None:
        self.query_one(".review-form-fields", VerticalScroll).scroll_home(animate=False)

    def text(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return str(_choice(widget.value))
        assert isinstance(widget, Input)
        return widget.value


def _member_options(members: list[Member]) -> list[tuple[Content, str]]:
    return [(safe_line(m.name), m.name) for m in members]


def _select(members: list[Member], value: str, widget_id: str, prompt: str) -> Select[str]:
    names = {m.name for m in members}
    return Select(
        _member_options(members),
        prompt=prompt,
        value=value if value in names else Select.NULL,
        id=widget_id,
        compact=True,
    )


class ReviewForm(ReviewDialog):
    """A review's title, start, facilitator, note-taker and attendees."""

    TITLE_TEXT = N_("Review meeting")
    AUTO_FOCUS = "#title"

    def __init__(self, members: list[Member], clock, timezone: str, review: Review | None) -> None:
        super().__init__()
        self.members, self.clock, self.timezone, self.review = members, clock, timezone, review

    def fields(self) -> ComposeResult:
        r = self.review
        yield Label(_("Title"))
        yield Input(r.title if r else "", id="title", compact=True)
        yield Label(
            _('Starts ({timezone}; e.g. "fri 14:00", "2026-12-01 10:30")').format(
                timezone=self.timezone
            )
        )
        # what is typed back: digits only, read by ritual.due_dates in any language
        when = r.when_label(self.timezone, "YYYY-MM-DD HH:mm") if r and r.when else ""
        # an example of what may be typed: ritual.due_dates reads it in either language
        yield Input(when, placeholder=_("tomorrow 14:00"), id="when", compact=True)
        with Horizontal(classes="form-row"):
            facilitator = r.facilitator if r else ""
            yield _select(self.members, facilitator, "facilitator", _("Facilitator"))
            yield _select(self.members, r.note_taker if r else "", "note_taker", _("Note-taker"))
        yield Label(_("Attendees (space toggles)"))
        chosen = set(r.attendees) if r else {m.name for m in self.members}
        yield SelectionList[str](
            *((safe_line(m.name), m.name, m.name in chosen) for m in self.members),
            id="attendees",
        )

    def values(self) -> Values:
        title = check_review_title(self.text("title"))
        when = self.text("when") or "tomorrow 14:00"
        parse_when(when, self.clock, self.timezone)
        attendees = list(self.query_one("#attendees", SelectionList).selected)
        return {
            "title": title,
            "when": when,
            "facilitator": self.text("facilitator"),
            "note_taker": self.text("note_taker"),
            "attendees": attendees,
        }


class ItemForm(ReviewDialog):
    """A requirement: its title, presenter, timebox, link and the parts of a good document."""

    TITLE_TEXT = N_("Requirement")
    AUTO_FOCUS = "#title"

    def __init__(self, members: list[Member], item: ReviewItem | None) -> None:
        super().__init__()
        self.members, self.item = members, item

    def fields(self) -> ComposeResult:
        it = self.item
        yield Label(_("Title"))
        yield Input(it.title if it else "", id="title", compact=True)
        yield Label(_("Presenter · timebox in minutes"))
        with Horizontal(classes="form-row"):
            yield _select(self.members, it.presenter if it else "", "presenter", _("Presenter"))
            minutes = str(it.timebox_seconds // 60) if it else "10"
            yield Input(minutes, placeholder=_("minutes"), id="timebox", compact=True)
        yield Label(_("Link (spec, ticket, design)"))
        yield Input(it.link if it else "", id="link", compact=True)
        for key, label in REQUIREMENT_PARTS:
            yield Label(_(label))
            yield TextArea(getattr(it, key) if it else "", id=key, classes="part", compact=True)

    def values(self) -> Values:
        out: Values = {
            "title": check_item_title(self.text("title")),
            "presenter": self.text("presenter"),
            "link": check_item_text("link", self.text("link")),
            "timebox_minutes": str(parse_timebox_minutes(self.text("timebox")) // 60),
        }
        for key, _label in REQUIREMENT_PARTS:
            out[key] = check_item_text(key, self.text(key))
        return out


class DecisionForm(ReviewDialog):
    """The decision on one requirement, with its rationale, estimate, ratings and owner."""

    TITLE_TEXT = N_("Decision")
    AUTO_FOCUS = "#decision"

    def __init__(self, members: list[Member], item: ReviewItem) -> None:
        super().__init__()
        self.members, self.item = members, item

    def fields(self) -> ComposeResult:
        it = self.item
        yield Label(safe_line(it.title), classes="muted")
        yield Select(
            [(_(d.label), d.value) for d in Decision],  # shown translated, stored by its id
            prompt=_("Decision"),
            value=it.decision or Select.NULL,
            id="decision",
            compact=True,
        )
        yield Label(
            _("Rationale (required for {deferred} and {rejected})").format(
                deferred=_(Decision.DEFERRED.label), rejected=_(Decision.REJECTED.label)
            )
        )
        yield TextArea(it.rationale, id="rationale", classes="part", compact=True)
        yield Label(_("Estimate (points) · difficulty 1 easy–5 hard · feasibility 1–5 sure"))
        with Horizontal(classes="form-row"):
            est = "" if it.estimate is None else str(it.estimate)
            yield Input(est, placeholder=_("points"), id="estimate", compact=True)
            ratings = [(str(n), str(n)) for n in RATINGS]
            yield Select(
                ratings,
                prompt=_("Difficulty"),
                value=str(it.difficulty) if it.difficulty else Select.NULL,
                id="difficulty",
                compact=True,
            )
            yield Select(
                ratings,
                prompt=_("Feasibility"),
                value=str(it.feasibility) if it.feasibility else Select.NULL,
                id="feasibility",
                compact=True,
            )
        yield Label(_("Owner"))
        yield _select(self.members, it.owner, "owner", _("Owner"))

    def values(self) -> Values:
        values = {
            "decision": self.text("decision"),
            "rationale": self.text("rationale"),
            "estimate": self.text("estimate"),
            "difficulty": self.text("difficulty"),
            "feasibility": self.text("feasibility"),
            "owner": self.text("owner"),
        }
        check_decision(**values)
        return values


class ActionForm(ReviewDialog):
    """An action item: what, who, by when ("fri", "+3d", "2026-12-01")."""

    TITLE_TEXT = N_("Action item")
    AUTO_FOCUS = "#text"

    def __init__(
        self,
        members: list[Member],
        clock,
        timezone: str,
        item: ReviewItem | None,
    ) -> None:
        super().__init__()
        self.members, self.clock, self.timezone, self.item = members, clock, timezone, item

    def fields(self) -> ComposeResult:
        if self.item is not None:
            yield Label(safe_line(_("For: {title}").format(title=self.item.title)), classes="muted")
        yield Label(_("What is to be done"))
        yield Input("", id="text", compact=True)
        yield _select(self.members, self.item.owner if self.item else "", "owner", _("Owner"))
        yield Label(
            _('Due ({timezone}): "fri", "+3d", "tomorrow", "2026-12-01"').format(
                timezone=self.timezone
            )
        )
        yield Input("", placeholder=_("fri"), id="due", compact=True)  # read in either language

    def values(self) -> Values:
        text = check_action_text(self.text("text"))
        due = self.text("due")
        parse_due(due, self.clock, self.timezone)
        return {"text": text, "owner": self.text("owner"), "due": due}
