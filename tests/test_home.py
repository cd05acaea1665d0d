"""The home screen: the three rituals with today's state; the team's name and time zone."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from screens.app import RitualApp
from storage.team_repo import TeamRepo


def screen_text(app: RitualApp) -> str:
    return "\n".join(
        str(w.render()) for w in app.screen.query("Static, OptionList").results() if w.display
    )


async def test_home_lists_the_rituals_with_the_iteration_state(demo_services) -> None:
    app = RitualApp(demo_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#rituals", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts[0].startswith("Daily stand-up")
        assert prompts[1].startswith("Review meeting")
        assert "Sprint 14" in prompts[2] and "days left" in prompts[2]
        team_line = str(app.screen.query_one("#team-line", Static).render())
        assert "Checkout squad" in team_line and "Europe/Berlin" in team_line
        assert "not a member" not in team_line  # maya is on the demo team
        await pilot.press("b")
        await pilot.pause()
        assert app.current_mode == "board"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "home"


async def test_team_name_and_time_zone_are_editable(demo_services) -> None:
    app = RitualApp(demo_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        tz = app.screen.query_one("#timezone", Input)
        tz.value = "Mars/Olympus"
        await pilot.click("#save")
        await pilot.pause()
        # Refused: the dialog stays, says why, and keeps what was typed.
        assert tz.value == "Mars/Olympus"
        assert "not a time zone" in str(app.screen.query_one("#error").render())
        tz.value = "Asia/Shanghai"
        app.screen.query_one("#name", Input).value = "支付小组"
        tz.focus()
        await pilot.press("enter")  # submitting a field saves the form too
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        team = TeamRepo(demo_services.store).team()
        assert (team.name, team.timezone) == ("支付小组", "Asia/Shanghai")
        assert "支付小组" in str(app.screen.query_one("#team-line", Static).render())


async def test_a_user_who_is_not_on_the_team_is_told_how_to_join(demo_services) -> None:
    demo_services.user = "root"
    app = RitualApp(demo_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        team_line = str(app.screen.query_one("#team-line", Static).render())
        assert "you are root (not a member: ritual member add NAME --login root)" in team_line
