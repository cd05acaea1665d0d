"""The stand-up's dialogs: confirm, one line of text, a speaker's notes, the timeboxes.

Each is a ModalScreen that dismisses with its value (None when cancelled). What the user typed
stays in the form when it is refused, with the reason under it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ritual.errors import RitualError
from ritual.standup import StandupNotes
from ritual.standup_time import duration_text, parse_duration
from storage.standup_repo import StandupSettings

FORMS_CSS = ["../forms.tcss", "dialogs.tcss"]


class _Form(ModalScreen):
    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _buttons(self, ok: str) -> ComposeResult:
        with Horizontal(classes="form-buttons"):
            yield Button(ok, variant="primary", id="ok")
            yield Button("Cancel", id="cancel")

    def refuse(self, reason: str) -> None:
        self.query_one("#error", Label).update(reason)


class ConfirmDialog(_Form):
    """Yes or no; dismisses with True or False."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes"),
        Binding("n,escape", "answer(False)", "No", id="no"),
    ]

    def __init__(self, question: Text, ok: str = "Yes") -> None:
        super().__init__()
        self.question, self.ok = question, ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(self.question, id="question")
            with Horizontal(classes="form-buttons"):
                yield Button(self.ok, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)


class TextDialog(_Form):
    """One line of text (a blocker, a parking-lot topic)."""

    def __init__(self, title: Text, placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.placeholder = title, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.title_text, classes="form-title")
            yield Input(placeholder=self.placeholder, id="text", max_length=200)
            yield Label("", id="error", classes="form-error", markup=False)
            yield from self._buttons("Add")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def save(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.refuse("Type a few words first, or press Escape.")
            return
        self.dismiss(text)


class NotesDialog(_Form):
    """Yesterday / today / blockers for one speaker; dismisses with the three texts."""

    def __init__(self, name: str, notes: StandupNotes) -> None:
        super().__init__()
        self.who, self.notes = name, notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Text.assemble("Notes of ", (self.who, "bold")), classes="form-title")
            yield Label("Yesterday")
            yield Input(self.notes.yesterday, id="yesterday")
            yield Label("Today")
            yield Input(self.notes.today, id="today")
            yield Label("Blockers")
            yield Input(self.notes.blockers, id="blockers")
            yield Label("", id="error", classes="form-error", markup=False)
            yield from self._buttons("Save")

    @on(Input.Submitted, "#blockers")
    @on(Button.Pressed, "#ok")
    def save(self) -> None:
        self.dismiss({k: self.query_one(f"#{k}", Input).value for k in NOTE_KEYS})

    @on(Input.Submitted, "#yesterday, #today")
    def _next_field(self) -> None:
        self.focus_next()


NOTE_KEYS = ("yesterday", "today", "blockers")


class SettingsDialog(_Form):
    """The team's stand-up settings: timeboxes, bell, daily shuffle."""

    def __init__(self, settings: StandupSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(classes="form"):
            yield Label("Stand-up settings", classes="form-title")
            yield Label("Time per speaker (m:ss)")
            yield Input(duration_text(s.speaker_seconds), id="speaker")
            yield Label("Time for the whole meeting (m:ss)")
            yield Input(duration_text(s.meeting_seconds), id="meeting")
            yield Checkbox("Ring the terminal bell at overtime", s.overtime_bell, id="bell")
            yield Checkbox("Shuffle the order each day", s.shuffle, id="shuffle")
            yield Label("", id="error", classes="form-error", markup=False)
            yield from self._buttons("Save")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def save(self) -> None:
        try:
            speaker = parse_duration(self.query_one("#speaker", Input).value, "time per speaker")
            meeting = parse_duration(self.query_one("#meeting", Input).value, "meeting time")
        except RitualError as exc:
            self.refuse(str(exc))
            return
        self.dismiss(
            StandupSettings(
                speaker,
                meeting,
                self.query_one("#bell", Checkbox).value,
                self.query_one("#shuffle", Checkbox).value,
            )
        )
