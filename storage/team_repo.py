"""The team record and its members."""

from __future__ import annotations

from ritual.errors import RitualError
from ritual.i18n import _
from ritual.team import (
    Member,
    Team,
    check_email,
    check_login,
    check_member_name,
    check_new_member,
    check_role,
    check_team_name,
    check_timezone,
    find_member,
)
from storage.mapping import to_doc, to_obj
from storage.unit_of_work import Repository

TEAM, MEMBERS = "team", "members"
TEAM_ID = 1


class TeamRepo(Repository):
    def team(self) -> Team:
        doc = self.store.get(TEAM, TEAM_ID)
        return to_obj(Team, doc) if doc else Team()

    def update_team(self, **changes: object) -> Team:
        if "timezone" in changes:
            changes["timezone"] = check_timezone(str(changes["timezone"]))
        if "name" in changes:
            changes["name"] = check_team_name(str(changes["name"]))
        for key in ("speaker_seconds", "meeting_seconds"):
            value = changes.get(key, 1)
            if not isinstance(value, int) or value <= 0:
                raise RitualError(
                    _("{key} must be a whole number above 0.").format(key=key.replace("_", " "))
                )
        with self._tx() as tx:
            tx.ensure(TEAM, TEAM_ID, to_doc(Team()))
            tx.patch(TEAM, TEAM_ID, changes)
        return self.team()

    def members(self, include_inactive: bool = False) -> list[Member]:
        members = [to_obj(Member, d) for d in self.store.all(MEMBERS)]
        members.sort(key=lambda m: m.id)
        return [m for m in members if m.active or include_inactive]

    def add_member(self, name: str, login: str = "", role: str = "", email: str = "") -> Member:
        name, login, role = check_member_name(name), check_login(login), check_role(role)
        email = check_email(email)
        with self._tx() as tx:
            check_new_member([to_obj(Member, d) for d in tx.all(MEMBERS)], name, login)
            doc = tx.insert(MEMBERS, to_doc(Member(0, name, login, role, email=email)))
        return to_obj(Member, doc)

    def set_email(self, name: str, email: str) -> Member:
        """A member's e-mail address ("" removes it), for calendar invitations."""
        email = check_email(email)
        member = find_member(self.members(), name)
        with self._tx() as tx:
            doc = tx.patch(MEMBERS, member.id, {"email": email}).doc
        return to_obj(Member, doc)

    def edit_member(self, who: str, /, **given: str | None) -> Member:
        """Rename a member or change their login or role; past records keep the old name
        (they store names as they were)."""
        member = find_member(self.members(), who)
        checks = {"name": check_member_name, "login": check_login, "role": check_role}
        changes: dict[str, str] = {k: checks[k](v) for k, v in given.items() if v is not None}
        with self._unit() as uow:
            tx = uow.transaction
            others = [to_obj(Member, d) for d in tx.all(MEMBERS)]
            check_new_member(
                others,
                changes.get("name", member.name),
                changes.get("login", member.login),
                member.id,
            )
            if changes.get("name", member.name) != member.name:
                uow.board.member_renamed(member)  # days off kept by the old name follow
            doc = tx.patch(MEMBERS, member.id, changes).doc
        return to_obj(Member, doc)

    def remove_member(self, name: str) -> Member:
        member = find_member(self.members(), name)
        with self._tx() as tx:
            tx.patch(MEMBERS, member.id, {"active": False})
        member.active = False
        return member
