"""The minutes in the app: rendered Markdown, copied to the clipboard, saved to a new file."""

from __future__ import annotations

from pathlib import Path

from helpers.pilot import settle
from textual.widgets import Input, Markdown

from ritual.export_review import minutes_markdown
from screens.app import RitualApp
from screens.review.minutes import MinutesScreen
from screens.services import Services
from storage.review_repo import ReviewRepo


async def test_minutes_render_copy_and_save(demo_services: Services, tmp_path: Path) -> None:
    app = RitualApp(demo_services, mode="review")
    repo = ReviewRepo(demo_services.store)
    (review,) = repo.reviews()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MinutesScreen)
        expected = minutes_markdown(
            review,
            repo.items(review.id),
            repo.actions(review.id),
            repo.timezone,
            now=demo_services.clock.now(),
            carried_into=repo.carried_into(review.id),
        )
        assert screen.text == expected
        rendered = screen.query_one("#minutes-text", Markdown)
        kinds = {type(child).__name__ for child in rendered.query("*")}
        assert "MarkdownTable" in kinds and "MarkdownH1" in kinds  # rendered, not raw text
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == expected
        target = tmp_path / "minutes.md"
        await pilot.press("S")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == expected
        assert isinstance(app.screen, MinutesScreen)
        await pilot.press("S")
        await settle(pilot)
        form = app.screen
        form.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: the form stays with what was typed
        assert "exists already" in str(form.query_one("#error").content)
        assert form.query_one("#path", Input).value == str(target)
