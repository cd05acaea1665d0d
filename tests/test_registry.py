"""The rituals are declared once (ritual/rituals.py) and every surface reads the declaration:
the home screen, the command palette, `ritual --help` and `ritual export`; the palette offers
every action a screen has a key for; a person's [keymap] rebinds keys by binding id."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers.pilot import settle
from textual.widgets import OptionList

from ritual.rituals import RITUALS
from screens.app import RitualApp
from screens.palette import binding_commands, command_title
from screens.registry import SCREENS, screen_factory
from screens.services import Services


def test_every_declared_ritual_has_screens() -> None:
    assert {r.mode for r in RITUALS} == set(SCREENS)
    for r in RITUALS:
        assert callable(screen_factory(r.mode))
    keys = [r.home_key for r in RITUALS]
    assert len(set(keys)) == len(keys), "two rituals share a home key"


async def test_every_ritual_is_on_home_and_in_the_palette(demo_services: Services) -> None:
    app = RitualApp(demo_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#rituals", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert [i for i in ids if i] == [r.mode for r in RITUALS]
        home_keys = {b.binding.id: key for key, b in app.screen.active_bindings.items()}
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for r in RITUALS:
            assert home_keys[r.binding_id] == r.home_key
            assert r.title in titles
            await pilot.press(r.home_key)
            await settle(pilot)
            assert app.current_mode == r.mode
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Home" in titles and r.title not in titles
            await app.switch_mode("home")
            await settle(pilot)


def test_every_ritual_is_in_ritual_help(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ritual", "--help"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0
    exported = subprocess.run(
        [sys.executable, "-m", "ritual", "export", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    for r in RITUALS:
        assert f"    {r.mode} " in out.stdout and r.cli_help in out.stdout, r.mode
        assert r.export_help in exported.stdout, r.mode


async def test_the_palette_offers_every_action_with_a_key(demo_services: Services) -> None:
    for r in RITUALS:
        app = RitualApp(demo_services, mode=r.mode)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            titles = {c.title for c in app.get_system_commands(screen)}
            offered = {c.title for c in binding_commands(screen)}
            assert offered <= titles
            for active in screen.active_bindings.values():
                b = active.binding
                own = active.node is screen and active.enabled and b.description and b.id
                if own and not b.action.startswith("app.switch_mode"):
                    assert command_title(b) in titles, (r.mode, b.id)
            assert not any(t.startswith(("Cursor", "Copy")) for t in offered)
            assert len(offered) >= 3, r.mode


async def test_palette_runs_a_standup_action(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="standup")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"times timeboxes")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "SettingsDialog"


def _plain(renderable: object) -> str:
    """What a rich renderable (the keys screen's table) reads as, as plain text."""
    import io

    from rich.console import Console

    console = Console(width=120, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


async def test_question_mark_lists_the_keys_of_every_screen(demo_services: Services) -> None:
    for mode in ("home", *(r.mode for r in RITUALS)):
        app = RitualApp(demo_services, mode=mode)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert type(app.screen).__name__ == "HelpScreen", mode
            text = _plain(app.screen.query_one("VerticalScroll Static").content)
            assert "[home]" in text or mode == "home"
            assert "[help]" in text and "[quit]" in text, mode
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ != "HelpScreen"


async def test_a_keymap_rebinds_by_binding_id(demo_services: Services) -> None:
    app = RitualApp(demo_services, keymap={"open-board": "f2", "help": "f1"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")  # no longer the board's key
        await settle(pilot)
        assert app.current_mode == "home"
        await pilot.press("f2")
        await settle(pilot)
        assert app.current_mode == "board"
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


def _ritual_with_config(tmp_path: Path, config: str, *args: str) -> subprocess.CompletedProcess:
    cfg = tmp_path / "config.toml"
    cfg.write_text(config)
    db = tmp_path / "team.json"
    if not db.exists():
        subprocess.run(
            [sys.executable, "-m", "ritual", "--db", str(db), "init"], check=True, timeout=60
        )
    env = {**os.environ, "RITUAL_CONFIG": str(cfg)}
    return subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_a_bad_keymap_is_refused_in_one_line(tmp_path: Path) -> None:
    out = _ritual_with_config(tmp_path, "[keymap]\nopen-board = 2\n", "board")
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "[keymap] open-board" in out.stderr
    out = _ritual_with_config(tmp_path, "keymap = 'f2'\n", "board")
    assert out.returncode == 2 and "[keymap]" in out.stderr
