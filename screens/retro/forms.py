"""The retro's one form with several fields: an action item (text, owner, due date)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from ritual.i18n import _
from ritual.limits import check_text
from screens.dialogs import FormScreen


class ActionForm(FormScreen[dict[str, str]]):
    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(_("New action item"), classes="form-title")
            yield Input(placeholder=_("What will change"), id="text")
            yield Input(placeholder=_("Owner (a member; optional)"), id="owner")
            yield Input(placeholder=_('Due: 2026-12-01, "fri", "+3d" (optional)'), id="due")
            yield from self.error_and_buttons()

    def values(self) -> dict[str, str]:
        text = self.query_one("#text", Input).value
        check_text(text, "action.text", _("an action item needs a text."))
        return {
            "text": text,
            "owner": self.query_one("#owner", Input).value,
            "due": self.query_one("#due", Input).value,
        }
