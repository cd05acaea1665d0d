"""The app's shared dialogs (screens/dialogs.py), driven in a bare app."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.widgets import Button, Input, Label

from ritual.errors import RitualError
from screens.dialogs import ConfirmDialog, PromptDialog


class DialogApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[Any] = []

    def ask(self, dialog) -> None:
        self.push_screen(dialog, self.answers.append)


def _no_digits(text: str) -> None:
    if any(ch.isdigit() for ch in text):
        raise RitualError(f"{text!r} has digits: use words.")


async def test_confirm_keys_and_the_safe_focus() -> None:
    app = DialogApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for keys, answer in ((["y"], True), (["n"], False), (["escape"], False)):
            app.ask(ConfirmDialog(Text("Delete [b]it[/b]?"), "Delete"))
            await pilot.pause()
            assert app.screen.focused is app.screen.query_one("#no", Button)
            assert "Delete [b]it[/b]?" in str(app.screen.query_one("#question").render())
            await pilot.press(*keys)
            await pilot.pause()
            assert app.answers[-1] is answer
        app.ask(ConfirmDialog(Text("Sure?")))
        await pilot.pause()
        await pilot.press("enter")  # presses the focused, safe button
        await pilot.pause()
        assert app.answers[-1] is False
        app.ask(ConfirmDialog(Text("Sure?")))
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert app.answers == [True, False, False, False, True]


async def test_a_refused_form_keeps_the_text_and_says_why() -> None:
    app = DialogApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.ask(PromptDialog("Name", "No digits", "abc1", check=_no_digits))
        await pilot.pause()
        dialog = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and app.answers == []
        assert str(dialog.query_one("#error", Label).content) == "'abc1' has digits: use words."
        assert dialog.query_one("#value", Input).value == "abc1"
        dialog.query_one("#value", Input).value = "abc"
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == ["abc"]
        app.ask(PromptDialog("Name"))
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        app.ask(PromptDialog("Name"))
        await pilot.pause()
        await pilot.click("#cancel")
        await pilot.pause()
        assert app.answers == ["abc", None, None]
