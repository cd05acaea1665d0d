"""Opening the app: the collector is off while start-up builds, and on again once it painted."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from helpers.cli import new_team_file

from ritual.cli import main
from screens.app import RitualApp


def test_first_frame_callback_runs_once_the_app_has_painted(services) -> None:
    calls: list[str] = []

    async def go() -> None:
        app = RitualApp(services, mode="board", on_first_frame=lambda: calls.append("painted"))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert calls == ["painted"]

    asyncio.run(go())


def test_ritual_board_collects_again_after_start(monkeypatch, tmp_path: Path) -> None:
    seen: dict[str, bool] = {}

    def run_headless(self: RitualApp) -> None:
        async def go() -> None:
            async with self.run_test(size=(80, 24)) as pilot:
                seen["off while starting"] = not gc.isenabled()
                await pilot.pause()
                seen["on after the first frame"] = gc.isenabled()

        asyncio.run(go())

    monkeypatch.setattr(RitualApp, "run", run_headless)
    assert main(["--db", str(tmp_path / "t.json"), "init"]) == 0
    try:
        db = new_team_file(tmp_path / "t.json")
        assert main(["--db", str(db), "--user", "ann", "board"]) == 0
    finally:
        gc.enable()
        gc.unfreeze()
    assert seen == {"off while starting": True, "on after the first frame": True}


def test_each_stylesheet_is_parsed_once_while_the_theme_stays(services, monkeypatch) -> None:
    """Opening a screen, Textual parsed every source again (twice) with the same variables;
    each is parsed once now, and another theme still restyles everything."""
    import textual.css.stylesheet as stylesheet_module

    parsed: list[object] = []
    parse = stylesheet_module.parse

    def counted(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(read_from)
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counted)

    async def go() -> None:
        app = RitualApp(services, mode="board")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert any("board.tcss" in str(where) for where in parsed)
            twice = {str(w) for w in parsed if parsed.count(w) > 1}
            assert not {w for w in twice if "tcss" in w or "App.DEFAULT_CSS" in w}, twice
            await pilot.press("escape")  # home: a second mode's screen and stylesheet
            await pilot.pause()
            assert sum("board.tcss" in str(w) for w in parsed) == 1
            before, count = app.screen.styles.background, len(parsed)
            app.theme = "nord"  # other variables: everything is parsed and styled again
            await pilot.pause()
            assert len(parsed) > count and app.screen.styles.background != before

    asyncio.run(go())
