"""A teammate's text is data on everyone else's screen: markup and control characters in names,
titles and notes neither crash the app, nor style it, nor run an action."""

from __future__ import annotations

from helpers.pilot import settle
from textual.widgets import Static

from ritual.clock import ManualClock
from screens.app import RitualApp
from screens.services import Services
from storage.review_repo import ReviewRepo
from storage.standup_repo import StandupRepo
from storage.team_repo import TeamRepo

# Unbalanced closing tags make Rich/Textual markup raise; @click would run an action.
EVIL = "[/][@click=app.quit]Pwn[/] [bold]x \x1b]0;title\x07\x1b[2J"


def toasts(app: RitualApp) -> list[str]:
    """What the toasts on screen show, as rendered."""
    return [str(t.render()) for t in app.screen.query("Toast")]


async def test_a_decision_toast_shows_the_title_as_typed(services: Services) -> None:
    TeamRepo(services.store).add_member("Ann")
    repo = ReviewRepo(services.store)
    review = repo.create_review("Review", "today 10:00")
    repo.add_item(review.id, EVIL)
    repo.start(review.id)
    app = RitualApp(services, mode="review")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("ctrl+s")  # undecided is a valid choice: the toast names the item
        await settle(pilot)
        assert app.is_running
        shown = [t for t in toasts(app) if "Pwn" in t]
        assert shown and "[@click=app.quit]Pwn[/]" in shown[0]
        assert all("\x1b" not in t and "\x07" not in t for t in toasts(app))


async def test_team_name_with_controls_is_stored_and_shown_plain(
    services: Services, clock: ManualClock
) -> None:
    team = TeamRepo(services.store).update_team(name=EVIL)
    assert "\x1b" not in team.name and "\x07" not in team.name
    app = RitualApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.is_running
        line = str(app.screen.query_one("#team-line", Static).render())
        assert "[@click=app.quit]Pwn[/]" in line and "\x1b" not in line
        assert "[@click=app.quit]Pwn[/]" in app.sub_title


async def test_a_stand_up_blocker_and_speaker_named_like_markup(services: Services) -> None:
    TeamRepo(services.store).add_member(EVIL)
    TeamRepo(services.store).add_member("Bo")
    repo = StandupRepo(services.store)
    app = RitualApp(services, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"[/]oops")
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        standup = repo.current()
        assert [b.text for b in standup.blockers] == ["[/]oops"]
        rendered = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "[@click=app.quit]Pwn[/]" in rendered and "\x1b" not in rendered
