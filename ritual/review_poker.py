"""Planning poker on the current agenda item, with votes nobody can read before the reveal.

Everyone reads the one team file, so a vote written there in plain text would be visible to any
other app (or ``cat``) before the reveal. A vote is therefore *sealed*: the file holds only
``sha256(salt:value)`` per voter, with a fresh 128-bit salt, which says that someone voted and
fixes what they voted (nobody can change it after seeing the others) without saying what. The
voter keeps value and salt in their own process and in a private file of their own
(storage/private_votes.py, mode 0600 in their home). When the facilitator reveals, each
voter's app *opens* its seal: it writes value and salt, and the rule below accepts the value
only if it matches the seal. Until every seal is opened the screen shows "sealed" for it.

A round belongs to one item and one field (estimate, difficulty or feasibility). Re-vote keeps
the revealed round in the history; agreeing writes the value to the item and keeps every
round's votes on the item (``ReviewItem.votes``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.team import Member

VOTING, REVEALED = "voting", "revealed"
# What is voted on: the stored id and its display label (marked N_, shown with _(label)).
FIELDS = {
    "estimate": N_("estimate"),
    "difficulty": N_("difficulty"),
    "feasibility": N_("feasibility"),
}
UNSURE, BREAK = "?", "coffee"
SCALES: dict[str, tuple[str, ...]] = {
    "fibonacci": ("0", "1", "2", "3", "5", "8", "13", "21", UNSURE, BREAK),
    "tshirt": ("XS", "S", "M", "L", "XL", UNSURE, BREAK),
    "ratings": ("1", "2", "3", "4", "5", UNSURE, BREAK),
}
DEFAULT_SCALE = "fibonacci"


def scale_values(scale: str) -> tuple[str, ...]:
    """A named scale, or a custom one written as "1, 2, 4, 8" ("?" and "coffee" are added)."""
    if scale in SCALES:
        return SCALES[scale]
    values = [v.strip() for v in scale.split(",") if v.strip()]
    if len(values) < 2:
        names = ", ".join(SCALES)
        raise RitualError(
            _("{scale!r} is not a scale: use {names} or a list like '1, 2, 4, 8'.").format(
                scale=scale, names=names
            )
        )
    return (*dict.fromkeys(values), *(v for v in (UNSURE, BREAK) if v not in values))


def seal(value: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{value}".encode()).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


@dataclass
class PokerRound:
    item_id: int
    field: str = "estimate"
    scale: tuple[str, ...] = SCALES[DEFAULT_SCALE]
    round: int = 1
    state: str = VOTING
    facilitator: str = ""  # who started it: only they reveal, re-vote and agree
    sealed: dict[str, str] = dataclasses.field(default_factory=dict)  # voter -> seal
    votes: dict[str, str] = dataclasses.field(default_factory=dict)  # voter -> value, once opened
    earlier: list[dict[str, Any]] = dataclasses.field(
        default_factory=list
    )  # revealed rounds before

    # -- reading ----------------------------------------------------------------------------

    @property
    def revealed(self) -> bool:
        return self.state == REVEALED

    def voted(self) -> list[str]:
        return sorted(self.sealed)

    def unopened(self) -> list[str]:
        return [v for v in self.voted() if v not in self.votes]

    def spread(self) -> str:
        """ "3 ×2, 5, 8 · spread 3–8": each value with how many chose it, low to high."""
        if not self.votes:
            return _("no votes")
        order = {v: n for n, v in enumerate(self.scale)}
        counts = Counter(self.votes.values())
        shown = {BREAK: _("coffee")}  # stored in English, shown in the language in use
        parts = [
            f"{shown.get(v, v)} ×{n}" if n > 1 else shown.get(v, v)
            for v, n in sorted(counts.items(), key=lambda kv: order.get(kv[0], len(order)))
        ]
        sized = [v for v in counts if v not in (UNSURE, BREAK)]
        if len(sized) == 1:
            return " · ".join([", ".join(parts), _("agreed")])
        if sized:
            low = min(sized, key=lambda v: order.get(v, 0))
            high = max(sized, key=lambda v: order.get(v, 0))
            return _("{votes} · spread {low}–{high}").format(
                votes=", ".join(parts), low=low, high=high
            )
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["scale"] = list(self.scale)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PokerRound:
        """A stored round; values of the wrong shape (a hand edit) are left out."""

        def texts(value: Any) -> dict[str, str]:
            if not isinstance(value, dict):
                return {}
            return {str(k): v for k, v in value.items() if isinstance(v, str)}

        scale = d.get("scale")
        item_id = d.get("item_id")
        return cls(
            item_id if isinstance(item_id, int) else 0,
            str(d.get("field", "estimate")),
            tuple(str(v) for v in scale)
            if isinstance(scale, list) and scale
            else SCALES[DEFAULT_SCALE],
            d["round"] if isinstance(d.get("round"), int) else 1,
            REVEALED if d.get("state") == REVEALED else VOTING,
            str(d.get("facilitator", "")),
            texts(d.get("sealed")),
            texts(d.get("votes")),
            [e for e in d.get("earlier", []) if isinstance(e, dict)]
            if isinstance(d.get("earlier"), list)
            else [],
        )

    # -- operations -------------------------------------------------------------------------

    def _drive(self, user: str) -> None:
        if user != self.facilitator:
            raise RitualError(
                _("{facilitator} runs this vote: only they reveal or settle it.").format(
                    facilitator=self.facilitator
                )
            )

    def cast(self, user: str, sealed_vote: str) -> None:
        """A voter's sealed vote (voting again before the reveal replaces it)."""
        if self.revealed:
            raise RitualError(_("the votes are revealed: wait for a re-vote to vote again."))
        if len(sealed_vote) != 64:
            raise RitualError(_("a vote is stored sealed: it was not sealed."))
        self.sealed[user] = sealed_vote

    def reveal(self, user: str) -> None:
        self._drive(user)
        if not self.sealed:
            raise RitualError(_("nobody has voted yet."))
        self.state = REVEALED

    def open(self, user: str, value: str, salt: str) -> None:
        """The voter's own value, accepted only when it matches what they sealed."""
        if not self.revealed:
            raise RitualError(_("votes are opened after the reveal, not before."))
        if self.sealed.get(user) != seal(value, salt):
            raise RitualError(
                _("the vote opened for {user} does not match their sealed vote.").format(user=user)
            )
        self.votes[user] = value

    def revote(self, user: str) -> None:
        self._drive(user)
        self.earlier.append({"round": self.round, "votes": dict(self.votes)})
        self.round += 1
        self.state, self.sealed, self.votes = VOTING, {}, {}

    def record(self) -> list[dict[str, Any]]:
        """Every round's votes, for the item's record."""
        rounds = [*self.earlier]
        if self.revealed:
            rounds.append({"round": self.round, "votes": dict(self.votes)})
        return [{"field": self.field, **r} for r in rounds]


def start_round(item_id: int, field_name: str, scale: str, user: str) -> PokerRound:
    if field_name not in FIELDS:
        raise RitualError(
            _("{field_name!r} cannot be voted on: use estimate, difficulty or feasibility.").format(
                field_name=field_name
            )
        )
    return PokerRound(item_id, field_name, scale_values(scale), facilitator=user)


def expected_voters(attendees: list[str], members: list[Member]) -> list[str]:
    """The logins of the attendees who can vote from their own terminal (a vote is by login)."""
    return [m.login for m in members if m.name in attendees and m.login]
