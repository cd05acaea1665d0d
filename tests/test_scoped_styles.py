"""A form looks the same whatever was opened before it in the same app.

Every CSS_PATH is loaded app-wide the first time its screen opens; a rule not prefixed with
its screen's type (``.form-row > *``) would restyle other rituals' forms from then on (the
board's iteration form's inputs and Save button changed after a review form had been open).
Each form is measured in a fresh app, then again after every other form, in both orders.
"""

from __future__ import annotations

from helpers.pilot import settle
from textual.screen import ModalScreen

from screens.app import RitualApp
from screens.services import Services

SIZE = (100, 40)

# (mode, keys that open the form from the mode's first screen, the form's class name)
FORMS = [
    ("board", ["i"], "IterationForm"),
    ("board", ["n", "enter"], "CardForm"),  # enter: no reason for the sprint's new scope
    ("board", ["f"], "FilterDialog"),
    ("board", ["question_mark"], "HelpScreen"),
    ("review", ["n"], "ReviewForm"),
    ("standup", ["t"], "SettingsDialog"),
    ("standup", ["e"], "NotesDialog"),
    ("home", ["t"], "TeamForm"),
]


def look(screen: ModalScreen) -> dict[str, tuple]:
    """Where every widget of the form is and how big, with its margins and padding."""
    out: dict[str, tuple] = {}
    for n, widget in enumerate(screen.walk_children()):
        key = f"{n}:{type(widget).__name__}#{widget.id or ''}"
        out[key] = (tuple(widget.region), tuple(widget.styles.margin), tuple(widget.styles.padding))
    return out


async def open_form(pilot, mode: str, keys: list[str], name: str) -> dict[str, tuple]:
    app = pilot.app
    await app.switch_mode(mode)
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)
    assert type(app.screen).__name__ == name, (mode, keys, app.screen)
    measured = look(app.screen)
    app.screen.dismiss(None)
    await settle(pilot)
    return measured


async def test_each_form_in_a_fresh_app_matches_after_all_others(
    demo_services: Services,
) -> None:
    fresh: dict[str, dict[str, tuple]] = {}
    for mode, keys, name in FORMS:
        app = RitualApp(demo_services, mode="home")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            fresh[name] = await open_form(pilot, mode, keys, name)
    for order in (FORMS, FORMS[::-1]):
        app = RitualApp(demo_services, mode="home")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            for mode, keys, name in order:
                after = await open_form(pilot, mode, keys, name)
                assert after == fresh[name], f"{name} looks different after {order}"
