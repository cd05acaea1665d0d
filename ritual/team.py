"""The team: its name, time zone, members and the stand-up's timeboxes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pendulum

from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.limits import check_text
from ritual.names import name_key, nfc, refuse_invisible
from ritual.record import NOT_STORED
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
    email: str = ""  # optional: calendar invitations name attendees by it

    def is_user(self, user: str) -> bool:
        """Whether ``user`` (a name or a login as typed) means this member."""
        key = name_key(user)
        return bool(key) and key in (name_key(self.name), name_key(self.login))


@dataclass
class Team:
    name: str = "Our team"
    timezone: str = "UTC"
    speaker_seconds: int = DEFAULT_SPEAKER_SECONDS
    meeting_seconds: int = DEFAULT_MEETING_SECONDS
    overtime_bell: bool = True
    bell_for_followers: bool = False  # followers' terminals ring at overtime too
    stale_days: int = 2  # a card in progress untouched this many working days is stale
    poker_scale: str = "fibonacci"  # planning poker: fibonacci, tshirt, or "1, 2, 4, 8"
    # The stored zone when this version cannot use it (``timezone`` is then UTC).
    unknown_timezone: str = field(default="", metadata=NOT_STORED, repr=False, compare=False)

    @property
    def timezone_warning(self) -> str:
        """One sentence for a zone that fell back to UTC, or ""."""
        if not self.unknown_timezone:
            return ""
        return _(
            "the team's time zone {zone!r} is unknown here, so times are in UTC: set a zone "
            "such as Europe/Berlin (t on the home screen)."
        ).format(zone=one_line(self.unknown_timezone))


def _person_text(text: str, key: str, what: str, empty: str = "") -> str:
    # Refused before cleaning: the display rule would quietly drop them, and a name that
    # looks like another's must be refused, not stored.
    refuse_invisible(nfc(text), what)
    return check_text(nfc(text), key, empty)


def check_member_name(name: str) -> str:
    """A member's name as stored: one line, NFC, no invisible characters, at most 60."""
    return _person_text(
        name, "member.name", N_("the name"), _("a member needs a name: give a non-empty NAME.")
    )


def check_login(login: str) -> str:
    """A Unix login (may be empty): one line, NFC, no invisible characters."""
    return _person_text(login, "member.login", N_("the login"))


EMAIL = re.compile(r"[^@\s<>\"(),;:\\]+@[^@\s<>\"(),;:\\]+\.[^@\s<>\"(),;:\\]+")


def check_email(email: str) -> str:
    """An optional e-mail address (calendar invitations use it): one plain address or ""."""
    email = _person_text(email, "member.email", N_("the e-mail address")).strip()
    if email and not EMAIL.fullmatch(email):
        raise RitualError(
            _("{email!r} is not an e-mail address: write it like ada@example.com.").format(
                email=email
            )
        )
    return email


def check_role(role: str) -> str:
    return _person_text(role, "member.role", N_("the role"))


def check_team_name(name: str) -> str:
    return _person_text(name, "team.name", N_("the team's name"), _("the team needs a name."))


def check_new_member(members: list[Member], name: str, login: str, member_id: int = 0) -> None:
    """Refuse a name or login that would make a member indistinguishable from another active
    one (``members``; ``member_id`` is the member being renamed, if any), naming who has it."""
    wanted = [(name_key(name), N_("name"))] + ([(name_key(login), N_("login"))] if login else [])
    for m in members:
        if not m.active or m.id == member_id:
            continue
        theirs = (
            {name_key(m.name): N_("name"), name_key(m.login): N_("login")}
            if m.login
            else {name_key(m.name): N_("name")}
        )
        for key, mine in wanted:
            if key in theirs:
                typed = name if mine == "name" else login
                raise RitualError(
                    _(
                        "{typed!r} is already taken: it matches the {theirs} of {name!r} (member "
                        "{id}); choose another {mine}."
                    ).format(typed=typed, theirs=_(theirs[key]), name=m.name, id=m.id, mine=_(mine))
                )


@lru_cache(maxsize=64)
def known_timezone(tz: str) -> bool:
    """True for a zone this machine's time zone database has (asked at every read of the
    team record: loading the zone's file each time was most of a review list's reload)."""
    try:
        pendulum.timezone(tz)
    except Exception:
        return False
    return True


def check_timezone(tz: str) -> str:
    tz = tz.strip()
    if not known_timezone(tz):
        raise RitualError(
            _(
                "{tz!r} is not a time zone: use a name such as Europe/Berlin or Asia/Shanghai."
            ).format(tz=tz)
        ) from None
    return tz


def find_member(members: list[Member], name: str) -> Member:
    """The member called ``name`` (any case, or their login)."""
    for m in members:
        if m.is_user(name.strip()):
            return m
    known = ", ".join(m.name for m in members) or _("none yet")
    raise RitualError(
        _("{name!r} is not a team member (members: {known}); add them first.").format(
            name=name, known=known
        )
    )
