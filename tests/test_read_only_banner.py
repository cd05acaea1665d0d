"""A read-only app says so on every ritual's screen, under the header, in the app's words."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.pilot import settle
from textual.widgets import Header, Static

from screens.app import RitualApp
from screens.base import READ_ONLY_TEXT
from screens.services import Services

REASON = "Read-only: team.json belongs to the group 'product' (you are not in it)."
MODES = ["standup", "retro", "review", "board"]


def read_only(services: Services, reason: str) -> Services:
    return dataclasses.replace(services, read_only=True, read_only_reason=reason)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("reason", [REASON, ""])
async def test_every_ritual_shows_why_it_is_read_only(
    demo_services: Services, mode: str, reason: str
) -> None:
    app = RitualApp(read_only(demo_services, reason), mode=mode)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        banner = app.screen.query_one("#banner", Static)
        assert str(banner.content) == (reason or READ_ONLY_TEXT)
        header = app.screen.query_one(Header).region
        assert banner.region.height == 1 and banner.region.y >= header.bottom  # not under it
        assert app.screen.region.contains_region(banner.region)


@pytest.mark.parametrize("mode", ["standup", "retro"])
async def test_a_writable_app_shows_no_banner(demo_services: Services, mode: str) -> None:
    app = RitualApp(demo_services, mode=mode)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query("#banner")
