"""How long each free-text field may be: one table, one refusal, checked in the domain.

A 5 MB pasted "goal" is rewritten into the shared file on every change by every teammate and
drawn on every screen; a limit per field keeps the file and the screens usable. The CLI and the
app both reach these checks through the domain, so both refuse the same text the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ritual.errors import RitualError
from ritual.text import one_line


@dataclass(frozen=True)
class TextField:
    """A field as a sentence names it, its limit in characters, and whether it takes several
    lines (kept as typed) or one (control characters and line breaks become spaces)."""

    what: str
    limit: int
    lines: bool = False


LIMITS: dict[str, TextField] = {
    "card.title": TextField("a card's title", 200),
    "card.description": TextField("a card's description", 10_000, lines=True),
    "card.label": TextField("a label", 40),
    "card.link": TextField("a link", 500),
    "card.comment": TextField("a comment", 500),
    "card.blocked_reason": TextField("a blocked reason", 300),
    "iteration.name": TextField("an iteration's name", 80),
    "iteration.goal": TextField("an iteration's goal", 300),
    "review.title": TextField("a review's title", 200),
    "item.title": TextField("a requirement's title", 200),
    "item.presenter": TextField("a presenter's name", 60),
    "item.link": TextField("a requirement's link", 500),
    "item.part": TextField("a part of a requirement", 10_000, lines=True),
    "item.notes": TextField("the review notes of an item", 20_000, lines=True),
    "item.rationale": TextField("a decision's rationale", 2_000, lines=True),
    "action.text": TextField("an action item", 300),
    "standup.item": TextField("a blocker or parking-lot topic", 200),
    "standup.note": TextField("a stand-up note", 500),
    "retro.reflection": TextField("a reflection", 500),
    "retro.group": TextField("a group's name", 80),
    "retro.notes": TextField("a discussion's notes", 5_000, lines=True),
    "team.name": TextField("the team's name", 80),
    "member.name": TextField("a member's name", 60),
    "member.login": TextField("a login", 32),
    "member.role": TextField("a role", 40),
    "member.email": TextField("an e-mail address", 254),
}


def too_long(field: TextField, length: int) -> RitualError:
    """The one message for text over its limit."""
    return RitualError(
        f"{field.what} is at most {field.limit} characters (this one has {length}): shorten it."
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
