"""What every screen needs, built once by the app from its inputs and handed down: the
repositories to read, and the one ordered writer every change goes through."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ritual.clock import Clock
from ritual.i18n import _
from screens.writer import Writer
from storage.board_repo import BoardRepo
from storage.store import Store
from storage.team_repo import TeamRepo

if TYPE_CHECKING:
    from storage.review_repo import ReviewRepo
    from storage.standup_repo import StandupRepo


@dataclass
class Services:
    store: Store
    clock: Clock
    user: str
    read_only: bool = False
    read_only_reason: str = ""
    team: TeamRepo = field(init=False)
    board: BoardRepo = field(init=False)
    writer: Writer = field(init=False)

    def __post_init__(self) -> None:
        self.team = TeamRepo(self.store)
        self.board = BoardRepo(self.store)
        self.writer = Writer(self._refusal)

    # One of each per app: what ctrl+z undoes (``last_change``) is this process's. Made (and
    # their modules imported) on first use: `ritual board` paints without loading them.
    @cached_property
    def standup(self) -> StandupRepo:
        from storage.standup_repo import StandupRepo

        return StandupRepo(self.store)

    @cached_property
    def review(self) -> ReviewRepo:
        from storage.review_repo import ReviewRepo

        return ReviewRepo(self.store)

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
