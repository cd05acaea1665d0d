"""Several records changed in one transaction, each through its repository.

A repository on its own opens one transaction per method. Made by a :class:`UnitOfWork`, it
joins the unit's transaction instead, so a change that spans records (a review's approved items
becoming cards, the demo team, stand-up settings and today's stand-up) lands on disk whole or
not at all, and the rules stay in the repositories: nothing outside ``storage/`` needs a table
name, a raw document or the transaction object.

    with UnitOfWork(store) as uow:
        card = uow.board.add_card("Fix login", column="backlog", iteration_id=None)
        uow.board.set_blocked(card.id, True, "waiting for keys")
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from storage.store import Store, Transaction

if TYPE_CHECKING:
    from storage.board_repo import BoardRepo
    from storage.review_repo import ReviewRepo
    from storage.standup_repo import StandupRepo
    from storage.team_repo import TeamRepo


class Repository:
    """The base of every repository: its writes go through :meth:`_tx`, the caller's unit of
    work when it was made by one, else a transaction of its own."""

    def __init__(self, store: Store, uow: UnitOfWork | None = None) -> None:
        self.store = store
        self.uow = uow

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Transaction]:
        if self.uow is not None:
            yield self.uow.transaction
            return
        with self.store.transaction() as tx:
            yield tx

    @contextlib.contextmanager
    def _unit(self) -> Iterator[UnitOfWork]:
        """For a change spanning several records or repositories: the caller's unit of work,
        else one of its own."""
        if self.uow is not None:
            yield self.uow
            return
        with UnitOfWork(self.store) as uow:
            yield uow


class UnitOfWork:
    """One transaction that the repositories it hands out all join. Leaving the ``with`` block
    normally puts every change on disk at once; an exception leaves the file as it was."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._tx: Transaction | None = None
        self._cm: contextlib.AbstractContextManager[Transaction] | None = None

    def __enter__(self) -> UnitOfWork:
        from storage.board_repo import BoardRepo
        from storage.review_repo import ReviewRepo
        from storage.standup_repo import StandupRepo
        from storage.team_repo import TeamRepo

        self._cm = self.store.transaction()
        self._tx = self._cm.__enter__()
        self.team: TeamRepo = TeamRepo(self.store, self)
        self.board: BoardRepo = BoardRepo(self.store, self)
        self.standup: StandupRepo = StandupRepo(self.store, self)
        self.review: ReviewRepo = ReviewRepo(self.store, self)
        return self

    def __exit__(self, *exc: object) -> bool | None:
        cm, self._cm, self._tx = self._cm, None, None
        assert cm is not None
        return cm.__exit__(*exc)  # type: ignore[arg-type]

    @property
    def transaction(self) -> Transaction:
        if self._tx is None:
            raise RuntimeError("a unit of work is used in its 'with' block")  # i18n: literal
        return self._tx

    @property
    def now(self) -> str:
        """The instant every change of this unit is stamped with (UTC ISO-8601)."""
        return self.transaction.now

    def is_empty(self) -> bool:
        """True when the file, as read inside the lock, holds no ritual data yet."""
        return self.store.is_empty()

    def reset(self) -> None:
        """Empty the whole file (``ritual demo --force``), keeping it a valid ritual file."""
        self.transaction.reset()
