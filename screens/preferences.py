"""The app's preferences kept in the person's config file (``[ui]``), never the team file:
a theme and a language are one person's taste.

The language is chosen in the command palette ("Language: 简体中文"), saved as ``[ui] lang``
and applied at once: every screen is drawn again in it (:meth:`RitualApp.use_language`)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand

from ritual.config import load_config, save_setting
from ritual.errors import RitualError
from ritual.i18n import LANGUAGES, _, language

if TYPE_CHECKING:
    from screens.app import RitualApp


def _ui_setting(key: str) -> str:
    """``[ui] key``, or "" when none is set or the config file cannot be read (the app
    still starts; ``ritual config path`` names the file)."""
    try:
        ui = load_config().get("ui", {})
    except RitualError:
        return ""
    value = ui.get(key, "") if isinstance(ui, dict) else ""
    return value if isinstance(value, str) else ""


def saved_theme() -> str:
    """``[ui] theme``, or "" (see :func:`_ui_setting`)."""
    return _ui_setting("theme")


def remember_theme(app: App, theme: str) -> None:
    """Save a picked theme (run in a worker thread: it writes a file)."""
    if theme == saved_theme():
        return
    try:
        save_setting("ui", "theme", theme)
    except (RitualError, OSError) as exc:
        app.call_from_thread(
            app.notify,
            _("The theme was not saved: {reason}").format(reason=exc),
            severity="warning",
        )


def remember_language(app: App, code: str) -> None:
    """Save a picked language as ``[ui] lang`` (run in a worker thread: it writes a file)."""
    if code == _ui_setting("lang"):
        return
    try:
        save_setting("ui", "lang", code)
    except (RitualError, OSError) as exc:
        app.call_from_thread(
            app.notify,
            _("The language was not saved: {reason}").format(reason=exc),
            severity="warning",
            markup=False,
        )


def language_commands(app: RitualApp) -> Iterator[SystemCommand]:
    """One palette command per language not in use: "Language: 简体中文"."""
    current = language()
    for code, name in LANGUAGES.items():
        if code != current:
            yield SystemCommand(
                _("Language: {name}").format(name=name),
                _("Show ritual in {name} from now on (saved in your config file)").format(
                    name=name
                ),
                partial(app.use_language, code),
            )
