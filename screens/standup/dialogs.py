"""The stand-up's dialogs: one line of text, a speaker's notes, the timeboxes.

Each is a form of screens/dialogs.py: it dismisses with its value (None when cancelled) and keeps
what the user typed when it is refused, with the reason under it. The yes/no question is the app's
ConfirmDialog.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Static

from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.numbers import STALE_DAYS, parse_bounded_int
from ritual.standup import StandupNotes
from ritual.standup_time import duration_text, parse_duration
from screens.dialogs import FormScreen, PromptDialog
from screens.standup.labels import note_label
from storage.standup_repo import StandupSettings


def _some_words(text: str) -> None:
    if not text.strip():
        raise RitualError(_("Type a few words first, or press Escape."))


class TextDialog(PromptDialog):
    """One line of text (a blocker, a parking-lot topic); dismisses with it stripped."""

    OK_LABEL = N_("Add")

    def __init__(self, title: Text, placeholder: str = "") -> None:
        super().__init__(title, placeholder=placeholder, check=_some_words, max_length=200)
        self.OK_LABEL = _(type(self).OK_LABEL)

    def values(self) -> str:
        return super().values().strip()


NOTE_KEYS = ("yesterday", "today", "blockers")


class NotesDialog(FormScreen[dict[str, str]]):
    """Yesterday / today / blockers for one speaker; dismisses with the three texts."""

    def __init__(self, name: str, notes: StandupNotes) -> None:
        super().__init__()
        self.who, self.notes = name, notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Text.assemble(_("Notes of "), (self.who, "bold")), classes="form-title")
            for key in NOTE_KEYS:
                yield Label(note_label(key))
                yield Input(getattr(self.notes, key), id=key)
            yield from self.error_and_buttons()

    def values(self) -> dict[str, str]:
        return {k: self.query_one(f"#{k}", Input).value for k in NOTE_KEYS}

    @on(Input.Submitted, "#yesterday, #today")
    def _next_field(self, event: Input.Submitted) -> None:
        event.prevent_default()  # enter moves on to the next note; only the last one saves
        self.focus_next()


class SettingsDialog(FormScreen[StandupSettings]):
    """The team's stand-up settings: timeboxes, bell, daily shuffle."""

    def __init__(self, settings: StandupSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(classes="form"):
            yield Label(_("Stand-up settings"), classes="form-title")
            yield Label(_("Time per speaker (m:ss)"))
            yield Input(duration_text(s.speaker_seconds), id="speaker")
            yield Label(_("Time for the whole meeting (m:ss)"))
            yield Input(duration_text(s.meeting_seconds), id="meeting")
            yield Checkbox(_("Ring the terminal bell at overtime"), s.overtime_bell, id="bell")
            yield Checkbox(
                _("Followers' terminals ring too"), s.bell_for_followers, id="followers-bell"
            )
            yield Checkbox(_("Shuffle the order each day"), s.shuffle, id="shuffle")
            yield Label(_("A card in progress is stale after (working days)"))
            yield Input(str(s.stale_days), id="stale-days")
            yield from self.error_and_buttons()

    def values(self) -> StandupSettings:
        return StandupSettings(
            parse_duration(self.query_one("#speaker", Input).value, _("time per speaker")),
            parse_duration(self.query_one("#meeting", Input).value, _("meeting time")),
            self.query_one("#bell", Checkbox).value,
            self.query_one("#shuffle", Checkbox).value,
            self.query_one("#followers-bell", Checkbox).value,
            parse_bounded_int(self.query_one("#stale-days", Input).value, STALE_DAYS),
        )
