"""Exports as files from the app: a download in a browser (``ritual serve``), a new file in
the downloads directory in a terminal. The same call either way: App.deliver_text."""

from __future__ import annotations

from pathlib import Path

from helpers.pilot import settle

from ritual.text import file_name_part
from screens.app import RitualApp
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.review_repo import ReviewRepo


async def until_file(pilot, directory: Path) -> list[Path]:
    for _ in range(100):  # the file is written by Textual's delivery thread
        files = list(directory.iterdir())
        if files:
            return files
        await pilot.pause(0.02)
    return []


async def test_the_board_downloads_as_markdown(
    demo_services: Services, tmp_path: Path, monkeypatch
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    monkeypatch.setenv("RITUAL_DOWNLOAD_DIR", str(downloads))
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+d")
        [saved] = await until_file(pilot, downloads)
        await settle(pilot)
    assert saved.name == "board-Sprint-14.md"
    text = saved.read_text()
    assert text.startswith("# Sprint 14")
    card = BoardRepo(demo_services.store).cards("current")[0]
    assert card.title in text


async def test_the_minutes_download(demo_services: Services, tmp_path: Path, monkeypatch):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    monkeypatch.setenv("RITUAL_DOWNLOAD_DIR", str(downloads))
    app = RitualApp(demo_services, mode="review")
    (review,) = ReviewRepo(demo_services.store).reviews()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        minutes = app.screen.text
        await pilot.press("d")
        [saved] = await until_file(pilot, downloads)
    assert saved.name == f"minutes-{review.id}.md" and saved.read_text() == minutes


def test_a_file_name_from_user_text_is_never_a_path() -> None:
    assert file_name_part("../../etc/passwd", "x") == "etc-passwd"
    assert file_name_part("迭代 15 / 冲刺", "x") == "迭代-15-冲刺"
    assert file_name_part("\x1b]0;PWNED\x07", "x") == "0-PWNED"
    assert file_name_part("///", "backlog") == "backlog"
