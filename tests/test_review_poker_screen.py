"""Planning poker from three terminals on one file: each app votes, nobody sees a vote before
the facilitator's reveal, re-vote, and the agreed estimate stored with the votes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.pilot import settle
from textual.widgets import Input, Static

from ritual.clock import ManualClock
from screens.app import RitualApp
from screens.review.poker import PokerScreen
from screens.services import Services
from storage.review_repo import ReviewRepo
from storage.store import Store
from storage.team_repo import TeamRepo

USERS = ("alice", "bob", "carol")


@pytest.fixture
def setup(services: Services, monkeypatch, tmp_path: Path) -> int:
    monkeypatch.setenv("RITUAL_STATE_DIR", str(tmp_path / "state"))
    team = TeamRepo(services.store)
    for user in USERS:
        team.add_member(user.title(), login=user)
    repo = ReviewRepo(services.store)
    review = repo.create_review("Live", "today 10:00")
    repo.add_item(review.id, "Pay by link", acceptance="A link expires after 7 days")
    repo.start(review.id)
    return review.id


def shown(app: RitualApp) -> str:
    screen = app.screen
    return "\n".join(str(w.content) for w in screen.query(Static) if w.id and "poker" in w.id)


async def test_three_terminals_vote_hidden_reveal_revote_agree(
    setup: int, db_path: Path, clock: ManualClock
) -> None:
    apps = [
        RitualApp(Services(Store(db_path, u, clock).open(), clock, u), mode="review") for u in USERS
    ]
    alice, bob, carol = apps
    async with (
        alice.run_test(size=(100, 30)) as pa,
        bob.run_test(size=(100, 30)) as pb,
        carol.run_test(size=(100, 30)) as pc,
    ):
        pilots = (pa, pb, pc)

        async def refresh() -> None:
            for app, pilot in zip(apps, pilots, strict=True):
                app._watcher.check()
                await settle(pilot)

        for p in pilots:
            await settle(p)
            await p.press("enter")  # open the running review
            await settle(p)
        await pa.press("P")  # alice opens the vote on the current item
        await settle(pa)
        await refresh()
        for p in (pb, pc):
            await p.press("P")
            await settle(p)
        assert all(isinstance(a.screen, PokerScreen) for a in apps)
        assert "A link expires after 7 days" in shown(bob)  # the criteria stay on screen
        for app, pilot, value in zip(apps, pilots, ("5", "13", "8"), strict=True):
            card = next(b for b in app.screen.query(".poker-card") if str(b.label) == value)
            card.press()
            await settle(pilot)
        await refresh()
        # Before the reveal: every screen shows who voted, none shows what.
        for app in apps:
            text = shown(app)
            assert "3 voted" in text
            for other, value in (("bob", "13"), ("carol", "8")):
                if app.services.user != other:
                    assert f"{other}: {value}" not in text
        raw = json.loads(db_path.read_text(encoding="utf-8"))
        (round_,) = [r["poker"] for r in raw["reviews"].values() if r.get("poker")]
        assert round_["votes"] == {} and sorted(round_["sealed"]) == sorted(USERS)
        await pb.press("R")  # not bob's vote to reveal
        await settle(pb)
        await refresh()
        assert "revealed" not in shown(carol)
        await pa.press("R")
        await settle(pa)
        await refresh()
        await refresh()  # each app opens its own vote, then everyone reads them
        text = shown(carol)
        assert "bob: 13" in text and "alice: 5" in text and "spread 5–13" in text
        await pa.press("V")  # re-vote
        await settle(pa)
        await refresh()
        for app, pilot in zip(apps, pilots, strict=True):
            card = next(b for b in app.screen.query(".poker-card") if str(b.label) == "8")
            card.press()
            await settle(pilot)
        await refresh()
        await pa.press("R")
        await settle(pa)
        await refresh()
        await refresh()
        assert "8 ×3 · agreed" in shown(bob)
        await pa.press("G")
        await settle(pa)
        assert alice.screen.query_one("#agreed", Input).value == "8"
        await pa.press("ctrl+s")
        await settle(pa)
    repo = ReviewRepo(Store(db_path, "check", clock).open())
    (item,) = repo.items(setup)
    assert item.estimate == 8
    assert [v.get("votes") for v in item.votes[:2]] == [
        {"alice": "5", "bob": "13", "carol": "8"},
        {"alice": "8", "bob": "8", "carol": "8"},
    ]
    assert repo.poker(setup) is None
