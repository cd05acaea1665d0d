"""Each declared ritual's screens: the screen a mode opens and its line on the home screen.

Named as ``module:attribute`` and imported on first use, so ``ritual board`` starts without
loading the stand-up's and the review's screens and widgets. ``ritual/rituals.py`` declares the
rituals themselves; a ritual declared there without an entry here fails ``tests/test_registry.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ritual.rituals import RITUALS, Ritual

if TYPE_CHECKING:
    from textual.screen import Screen

    from screens.services import Services


@dataclass(frozen=True)
class RitualScreens:
    screen: str  # "module:Class", built as Class(services)
    home_summary: str  # "module:function", function(services) -> str


SCREENS: dict[str, RitualScreens] = {
    "standup": RitualScreens(
        "screens.standup.screen:StandupScreen", "screens.standup.summary:home_summary"
    ),
    "review": RitualScreens(
        "screens.review.screen:ReviewScreen", "screens.review.summary:home_summary"
    ),
    "board": RitualScreens(
        "screens.board.screen:BoardScreen", "screens.board.summary:home_summary"
    ),
    "plan": RitualScreens("screens.plan.screen:PlanScreen", "screens.board.summary:plan_summary"),
    "retro": RitualScreens(
        "screens.retro.screen:RetroScreen", "screens.retro.summary:home_summary"
    ),
}


def _load(name: str) -> Any:
    module, _, attr = name.partition(":")
    return getattr(importlib.import_module(module), attr)


def screen_factory(mode: str) -> Callable[[Services], Screen]:
    """The class (or function) building ``mode``'s screen from the services; home included."""
    if mode == "home":
        return _load("screens.home:HomeScreen")
    return _load(SCREENS[mode].screen)


def home_summary(ritual: Ritual, services: Services) -> str:
    """The ritual's one line of today's state on the home screen."""
    summary: Callable[[Services], str] = _load(SCREENS[ritual.mode].home_summary)
    return summary(services)


def declared() -> tuple[Ritual, ...]:
    return RITUALS
