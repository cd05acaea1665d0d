"""The app's preferences kept in the person's config file (``[ui]``), never the team file:
a theme is one person's taste."""

from __future__ import annotations

from textual.app import App

from ritual.config import load_config, save_setting
from ritual.errors import RitualError


def saved_theme() -> str:
    """``[ui] theme``, or "" when none is set or the config file cannot be read (the app
    still starts; ``ritual config path`` names the file)."""
    try:
        ui = load_config().get("ui", {})
    except RitualError:
        return ""
    theme = ui.get("theme", "") if isinstance(ui, dict) else ""
    return theme if isinstance(theme, str) else ""


def remember_theme(app: App, theme: str) -> None:
    """Save a picked theme (run in a worker thread: it writes a file)."""
    if theme == saved_theme():
        return
    try:
        save_setting("ui", "theme", theme)
    except (RitualError, OSError) as exc:
        app.call_from_thread(app.notify, f"The theme was not saved: {exc}", severity="warning")
