"""A whole retro with three apps on one file: alice facilitates, bob and carol take part from
their own terminals (80x24). Private writing is checked on screen and in what each app read."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers.pilot import settle
from textual.widgets import DataTable, Static

from ritual.clock import ManualClock
from ritual.export_retro import retro_markdown
from screens.app import RitualApp
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.retro_repo import RetroRepo
from storage.store import Store


@pytest.fixture
def team(services: Services) -> Services:
    for name in ("Alice", "Bob", "Carol"):
        services.team.add_member(name, login=name.lower())
    BoardRepo(services.store).start_iteration("Sprint 1", "2026-11-16", "2026-11-27", "Ship login")
    return services


def as_user(db_path: Path, user: str, clock: ManualClock) -> Services:
    return Services(Store(db_path, user, clock).open(), clock, user)


async def until(pilot, condition, within: float = 3.0) -> None:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < within, "not seen in time"
        await pilot.pause(0.02)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#retro-items", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def status(app) -> str:
    return str(app.screen.query_one("#retro-status", Static).render())


def what_the_app_read(services: Services) -> str:
    return json.dumps(services.store.all("retros"), ensure_ascii=False)


async def test_a_whole_retro_with_three_apps(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    bob, carol = as_user(db_path, "bob", clock), as_user(db_path, "carol", clock)
    apps = [RitualApp(s, mode="retro") for s in (team, bob, carol)]
    a_app, b_app, c_app = apps
    async with (
        a_app.run_test(size=(80, 24)) as p1,
        b_app.run_test(size=(80, 24)) as p2,
        c_app.run_test(size=(80, 24)) as p3,
    ):
        for p in (p1, p2, p3):
            await settle(p)
        await p1.press("space", "space")  # alice: last actions, then write
        await settle(p1)
        await until(p2, lambda: "Write" in status(b_app))
        await p2.press("2")
        await p2.press(*"部署太慢", "enter")
        await settle(p2)
        await p3.press("1", *"pairing works", "enter")
        await settle(p3)
        await p3.press("2", *"CI flaky", "enter")
        await settle(p3)
        await until(p1, lambda: "3 written by 2" in status(a_app))
        # nobody sees another's text: not on screen, not in what their app read
        assert rows(a_app) == []
        assert [r[2] for r in rows(b_app)] == ["部署太慢"]
        assert [r[2] for r in rows(c_app)] == ["pairing works", "CI flaky"]
        for s in (team, bob, carol):
            s.store.refresh()
        for text in ("部署太慢", "pairing", "CI flaky"):
            assert text not in what_the_app_read(team)
            assert text not in db_path.read_text(encoding="utf-8")
        assert "部署太慢" not in what_the_app_read(carol)

        await p1.press("space")  # reveal: every app publishes its own user's drafts
        await settle(p1)
        await until(p1, lambda: len(rows(a_app)) == 3)
        assert [r[2] for r in rows(a_app)] == ["pairing works", "CI flaky", "部署太慢"]
        await p1.press("down", "g", *"Build", "enter")
        await settle(p1)
        await p1.press("down", "g", "1", "enter")
        await settle(p1)
        assert [r[3] for r in rows(a_app)] == ["", "Build", "Build"]

        await p1.press("space")  # vote
        await settle(p1)
        await until(p2, lambda: "Vote" in status(b_app) and len(rows(b_app)) == 2)
        await p2.press("plus", "plus", "down", "plus", "plus")  # the 4th is refused
        await settle(p2)
        await until(p3, lambda: "Vote" in status(c_app) and len(rows(c_app)) == 2)
        await p3.press("plus")
        await settle(p3)
        await until(p1, lambda: len(rows(a_app)) == 2)
        assert [r[3] for r in rows(b_app)] == ["●●", "●"]
        assert [r[3] for r in rows(a_app)] == ["", ""]  # totals hidden while voting
        assert "your votes left 0" in status(b_app)

        await p1.press("space")  # discuss, most voted first
        await settle(p1)
        assert [(r[1], r[2]) for r in rows(a_app)] == [("Build", "3"), ("pairing works", "1")]
        clock.advance(120)
        await p1.press("o", *"retry flaky tests twice", "enter")
        await settle(p1)
        await p1.press("n", "space")  # next topic, then act
        await settle(p1)
        await p1.press("a")
        await p1.pause()
        await p1.press(*"Quarantine flaky tests", "tab", *"Bob", "tab", *"fri", "ctrl+s")
        await settle(p1)
        await p1.press("c")
        await settle(p1)
        await p1.press("c")  # twice: the same card
        await settle(p1)
        await until(p1, lambda: rows(a_app) and rows(a_app)[0][4].startswith("#"))
        await p1.press("space")  # end
        await settle(p1)
        await until(p3, lambda: "Ended" in status(c_app))

    team.store.refresh()
    repo = RetroRepo(team.store)
    retro = repo.for_iteration(1)
    assert retro.phase == "ended" and retro.facilitator == "alice"
    assert sorted(r.text for r in retro.reflections) == ["CI flaky", "pairing works", "部署太慢"]
    assert all(r.author == "" for r in retro.reflections)
    assert [(g.title, g.votes) for g in retro.discussion_order()] == [
        ("Build", 3),
        ("pairing works", 1),
    ]
    assert retro.voters == 2 and retro.ballots == {}
    assert retro.group(1).notes == "retry flaky tests twice"
    assert [(a.text, a.owner, a.due) for a in retro.actions] == [
        ("Quarantine flaky tests", "Bob", "2026-11-27")
    ]
    backlog = [c for c in BoardRepo(team.store).cards(None) if c.source_key.startswith("retro")]
    assert len(backlog) == 1 and retro.actions[0].card_id == backlog[0].id
    md = retro_markdown(retro, repo.facts(repo.default_iteration()), {backlog[0].id: "Backlog"})
    assert "#### Build (3 votes)" in md
    assert "- To improve: 部署太慢" in md
    assert "| 1 | Quarantine flaky tests | Bob | 2026-11-27 | open | #" in md
