"""What every screen needs, built once by the app from its inputs and handed down: the
repositories to read, and the one ordered writer every change goes through."""

from __future__ import annotations

from dataclasses import dataclass, field

from ritual.clock import Clock
from ritual.i18n import _
from screens.writer import Writer
from storage.board_repo import BoardRepo
from storage.review_repo import ReviewRepo
from storage.standup_repo import StandupRepo
from storage.store import Store
from storage.team_repo import TeamRepo


@dataclass
class Services:
    store: Store
    clock: Clock
    user: str
    read_only: bool = False
    read_only_reason: str = ""
    team: TeamRepo = field(init=False)
    board: BoardRepo = field(init=False)
    # One of each per app: what ctrl+z undoes (``last_change``) is this process's.
    standup: StandupRepo = field(init=False)
    review: ReviewRepo = field(init=False)
    writer: Writer = field(init=False)

    def __post_init__(self) -> None:
        self.team = TeamRepo(self.store)
        self.board = BoardRepo(self.store)
        self.standup = StandupRepo(self.store)
        self.review = ReviewRepo(self.store)
        self.writer = Writer(self._refusal)

    def _refusal(self) -> str:
        """Why this app may not write now ("" when it may): asked before every change."""
        if self.read_only:
            return self.read_only_reason or _("Read-only: nothing can be changed here.")
        return ""

    def is_me(self, member_id: int) -> bool:
        """Whether the team member ``member_id`` is the person running this app."""
        return any(
            m.id == member_id and m.is_user(self.user)
            for m in self.team.members(include_inactive=True)
        )

    def user_name(self) -> str:
        """How the user appears to teammates: their member name, else their login."""
        for member in self.team.members(include_inactive=True):
            if member.is_user(self.user):
                return member.name
        return self.user
