"""The team: its name, time zone, members and the stand-up's timeboxes."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from ritual.errors import RitualError
from ritual.text import one_line

DEFAULT_SPEAKER_SECONDS = 120
DEFAULT_MEETING_SECONDS = 15 * 60


@dataclass
class Member:
    id: int
    name: str
    login: str = ""
    role: str = ""
    active: bool = True

    def is_user(self, user: str) -> bool:
        user = user.casefold()
        return user in (self.name.casefold(), self.login.casefold())


@dataclass
class Team:
    name: str = "Our team"
    timezone: str = "UTC"
    speaker_seconds: int = DEFAULT_SPEAKER_SECONDS
    meeting_seconds: int = DEFAULT_MEETING_SECONDS
    overtime_bell: bool = True
    bell_for_followers: bool = False  # followers' terminals ring at overtime too


def check_member_name(name: str) -> str:
    name = one_line(name)
    if not name:
        raise RitualError("a member needs a name: give a non-empty NAME.")
    if len(name) > 60:
        raise RitualError("a member's name is at most 60 characters.")
    return name


def check_timezone(tz: str) -> str:
    tz = tz.strip()
    try:
        pendulum.timezone(tz)
    except Exception:
        raise RitualError(
            f"{tz!r} is not a time zone: use a name such as Europe/Berlin or Asia/Shanghai."
        ) from None
    return tz


def find_member(members: list[Member], name: str) -> Member:
    """The member called ``name`` (any case, or their login)."""
    for m in members:
        if m.is_user(name.strip()):
            return m
    known = ", ".join(m.name for m in members) or "none yet"
    raise RitualError(f"{name!r} is not a team member (members: {known}); add them first.")
