"""How long each free-text field may be: one table, one refusal, checked in the domain.

A 5 MB pasted "goal" is rewritten into the shared file on every change by every teammate and
drawn on every screen; a limit per field keeps the file and the screens usable. The CLI and the
app both reach these checks through the domain, so both refuse the same text the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.text import one_line


@dataclass(frozen=True)
class TextField:
    """A field as a sentence names it, its limit in characters, and whether it takes several
    lines (kept as typed) or one (control characters and line breaks become spaces)."""

    what: str
    limit: int
    lines: bool = False


LIMITS: dict[str, TextField] = {
    "card.title": TextField(N_("a card's title"), 200),
    "card.description": TextField(N_("a card's description"), 10_000, lines=True),
    "card.label": TextField(N_("a label"), 40),
    "card.link": TextField(N_("a link"), 500),
    "card.comment": TextField(N_("a comment"), 500),
    "card.blocked_reason": TextField(N_("a blocked reason"), 300),
    "iteration.name": TextField(N_("an iteration's name"), 80),
    "iteration.goal": TextField(N_("an iteration's goal"), 300),
    "review.title": TextField(N_("a review's title"), 200),
    "item.title": TextField(N_("a requirement's title"), 200),
    "item.presenter": TextField(N_("a presenter's name"), 60),
    "item.link": TextField(N_("a requirement's link"), 500),
    "item.part": TextField(N_("a part of a requirement"), 10_000, lines=True),
    "item.notes": TextField(N_("the review notes of an item"), 20_000, lines=True),
    "item.rationale": TextField(N_("a decision's rationale"), 2_000, lines=True),
    "action.text": TextField(N_("an action item"), 300),
    "standup.item": TextField(N_("a blocker or parking-lot topic"), 200),
    "standup.note": TextField(N_("a stand-up note"), 500),
    "retro.reflection": TextField(N_("a reflection"), 500),
    "retro.group": TextField(N_("a group's name"), 80),
    "retro.notes": TextField(N_("a discussion's notes"), 5_000, lines=True),
    "team.name": TextField(N_("the team's name"), 80),
    "member.name": TextField(N_("a member's name"), 60),
    "member.login": TextField(N_("a login"), 32),
    "member.role": TextField(N_("a role"), 40),
    "member.email": TextField(N_("an e-mail address"), 254),
}


def too_long(field: TextField, length: int) -> RitualError:
    """The one message for text over its limit."""
    return RitualError(
        _("{what} is at most {limit} characters (this one has {length}): shorten it.").format(
            what=_(field.what), limit=field.limit, length=length
        )
    )


def check_text(text: str, key: str, empty: str = "") -> str:
    """``text`` for the field ``key`` of :data:`LIMITS`: one-line fields cleaned to one line,
    several-line fields as typed. With ``empty`` (a sentence), blank text is refused with it."""
    field = LIMITS[key]
    value = str(text) if field.lines else one_line(str(text))
    if empty and not value.strip():
        raise RitualError(empty)
    if len(value) > field.limit:
        raise too_long(field, len(value))
    return value
