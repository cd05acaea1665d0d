"""Helpers for the board's tests: what the screen shows, as text and as segments."""

from __future__ import annotations

from textual.app import App


def screen_strips(app: App):
    return app.screen._compositor.render_strips()


def screen_text(app: App) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in screen_strips(app))


def board(app: App):
    """The board screen, on top or under a dialog."""
    from screens.board.screen import BoardScreen

    return next(s for s in app.screen_stack if isinstance(s, BoardScreen))
