"""Home: every declared ritual with today's state, and the team's name and time zone."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ritual.i18n import N_, _, ngettext
from ritual.rituals import RITUALS
from ritual.text import one_line
from screens.base import RitualScreen
from screens.footer import FittingFooter
from screens.registry import home_summary
from screens.team_form import TeamForm
from screens.translation import styled


class HomeScreen(RitualScreen):
    CSS_PATH = "home.tcss"
    HELP_TITLE = N_("Home")
    BINDINGS = [
        *(
            Binding(r.home_key, f"open('{r.mode}')", r.short_title, id=r.binding_id)
            for r in RITUALS
        ),
        Binding(
            "t", "edit_team", N_("Team"), id="edit-team", tooltip=N_("Team name and time zone")
        ),
        # Home is where escape leads; here it does nothing rather than offer itself.
        Binding("escape", "nothing", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="team-line")
        yield OptionList(id="rituals")
        yield FittingFooter()

    def reload(self) -> None:
        team = self.services.team.team()
        members = self.services.team.members()
        user = one_line(self.services.user)
        line = Text.assemble(
            (one_line(team.name), "bold"),
            f"  ·  {team.timezone}  ·  ",
            ngettext("{n} member", "{n} members", len(members)).format(n=len(members)),
            "  ·  ",
            styled(_("you are {user}"), user=(user, "bold")),
        )
        if team.timezone_warning:
            line.append(f"\n⚠ {team.timezone_warning}", "bold red")
        if not any(m.is_user(self.services.user) for m in members):
            line.append(
                " "
                + _("(not a member: ritual member add NAME --login {login})").format(login=user),
                "dim",
            )
        self.query_one("#team-line", Static).update(line)
        options = self.query_one("#rituals", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for r in RITUALS:
            summary = home_summary(r, self.services) or "—"
            prompt = Text.assemble((_(r.title), "bold"), "\n  ", (summary, "dim"))
            options.add_option(Option(prompt, id=r.mode))
            options.add_option(None)  # a separator line between the rituals
        options.highlighted = highlighted if highlighted is not None else 0

    @on(OptionList.OptionSelected, "#rituals")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.action_open(event.option.id)

    def action_nothing(self) -> None:
        pass

    def action_open(self, mode: str) -> None:
        self.app.switch_mode(mode)

    @work(group="dialog")
    async def action_edit_team(self) -> None:
        if self.refuse_if_read_only():
            return
        team = self.services.team.team()
        form = TeamForm(team.name, team.timezone)
        if await self.app.push_screen_wait(
            self.form(form, lambda values: self.services.team.update_team(**values))
        ):
            self.reload()
