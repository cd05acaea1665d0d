"""The team's members in the app: add, edit (rename, login, role) and deactivate someone who
left; past records keep the name they were made with. Opened with ``M`` on the board."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from ritual.i18n import N_, _
from ritual.team import Member, check_login, check_member_name, check_role
from ritual.text import one_line
from screens.base import RitualScreen
from screens.dialogs import ConfirmDialog, FormScreen
from screens.footer import FittingFooter
from screens.services import Services
from screens.translation import styled


class MemberForm(FormScreen[dict[str, str]]):
    """Name, login and role; a refused one keeps what was typed."""

    def __init__(self, title: str, member: Member | None = None) -> None:
        super().__init__()
        self._title, self._member = title, member

    def compose(self) -> ComposeResult:
        m = self._member
        with Vertical(classes="form"):
            yield Label(self._title, classes="form-title", markup=False)
            yield Label(_("Name"))
            yield Input(m.name if m else "", id="name")
            yield Label(_("Unix login (for 'my cards')"))
            yield Input(m.login if m else "", id="login")
            yield Label(_("Role"))
            yield Input(m.role if m else "", id="role")
            yield from self.error_and_buttons()

    def values(self) -> dict[str, str]:
        def typed(key: str) -> str:
            return self.query_one(f"#{key}", Input).value

        return {
            "name": check_member_name(typed("name")),
            "login": check_login(typed("login")),
            "role": check_role(typed("role")),
        }


class MembersScreen(RitualScreen):
    BINDINGS = [
        Binding("a", "add", N_("Add"), id="member-add"),
        Binding("e", "edit", N_("Edit"), id="member-edit"),
        Binding("x", "deactivate", N_("Deactivate"), id="member-deactivate"),
        Binding("escape", "app.pop_screen", N_("Back"), id="members-back"),
    ]

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(services, **kwargs)
        self.members: list[Member] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Members · a add · e edit · x deactivate (past records keep the name)"))
        yield OptionList(id="members", markup=False)
        yield FittingFooter()

    def reload(self) -> None:
        self.members = self.services.team.members()
        lst = self.query_one("#members", OptionList)
        keep = lst.highlighted
        lst.set_options(
            Option(
                Text.assemble(
                    (one_line(m.name), "bold"),
                    f"  {one_line(m.login)}" if m.login else "",
                    (f"  {one_line(m.role)}", "italic") if m.role else "",
                ),
                id=f"member-{m.id}",
            )
            for m in self.members
        )
        if self.members:
            lst.highlighted = min(keep or 0, len(self.members) - 1)
        lst.focus()

    @property
    def member(self) -> Member | None:
        i = self.query_one("#members", OptionList).highlighted
        return self.members[i] if i is not None and i < len(self.members) else None

    @work(group="dialog")
    async def action_add(self) -> None:
        if self.refuse_if_read_only():
            return
        team = self.services.team
        form = self.form(MemberForm(_("New member")), lambda v: team.add_member(**v))
        if await self.app.push_screen_wait(form):
            self.reload()

    @work(group="dialog")
    async def action_edit(self) -> None:
        m = self.member
        if m is None or self.refuse_if_read_only():
            return
        team = self.services.team
        form = MemberForm(_("Edit {name}").format(name=one_line(m.name)), m)
        if await self.app.push_screen_wait(
            self.form(form, lambda v: team.edit_member(m.name, **v))
        ):
            self.reload()

    @work(group="dialog")
    async def action_deactivate(self) -> None:
        m = self.member
        if m is None or self.refuse_if_read_only():
            return
        question = styled(
            _("Deactivate {name}? Their past records keep the name."),
            name=(one_line(m.name), "bold"),
        )
        if await self.app.push_screen_wait(ConfirmDialog(question, _("Deactivate"))):
            self.write(self.services.team.remove_member, m.name)
