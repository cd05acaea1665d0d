"""What the repositories need from a place that keeps the team's records.

Two backends satisfy it: the shared JSON file (:class:`storage.store.Store`, the default, no
server) and a PostgreSQL database (:class:`storage.pg_store.PgStore`). Repositories, screens
and commands are typed against these Protocols, so either can be handed to them; the contract
tests (tests/test_backend_contract.py) run the same operations against both.

Documents are plain dicts with an ``id``; every one carries ``rev``, ``updated_by``,
``updated_at`` (and ``created_*``). Reads come from memory; a unit of work is one
:meth:`Backend.transaction`, all or nothing, and sees the latest committed state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Hashable, Mapping
from typing import Any, Protocol, TypeVar

from ritual.clock import Clock
from storage.schema import Data

T = TypeVar("T")


class ChangeWatcher(Protocol):
    """Tells its owner that another process changed the team's records. The app calls
    :meth:`start_polling` once, then :meth:`check` on its own timer (it calls ``on_change``
    when something changed since the last check), and :meth:`stop` at the end."""

    def start_polling(self) -> Any: ...

    def check(self) -> bool: ...

    def stop(self) -> None: ...


class Tx(Protocol):
    """The operations of one unit of work."""

    @property
    def now(self) -> str: ...

    @property
    def user(self) -> str: ...

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None: ...

    def all(self, table: str) -> list[dict[str, Any]]: ...

    def find(
        self, table: str, pred: Callable[[Mapping[str, Any]], bool]
    ) -> list[dict[str, Any]]: ...

    def insert(self, table: str, fields: Mapping[str, Any]) -> dict[str, Any]: ...

    def ensure(self, table: str, doc_id: int, defaults: Mapping[str, Any]) -> dict[str, Any]: ...

    def patch(
        self,
        table: str,
        doc_id: int,
        changes: Mapping[str, Any],
        base: Mapping[str, Any] | None = None,
        text_fields: Collection[str] = (),
    ) -> Any: ...

    def clear_conflicts(self, table: str, doc_id: int, field_name: str | None = None) -> None: ...

    def delete(self, table: str, doc_id: int) -> bool: ...

    def get_meta(self, key: str, default: Any = None) -> Any: ...

    def set_meta(self, key: str, value: Any) -> None: ...

    def reset(self) -> None: ...

    def load(self, data: Data) -> None: ...


class Backend(Protocol):
    """One process's handle on the team's records."""

    user: str
    clock: Clock

    @property
    def location(self) -> str:
        """Where the records are, for messages (a path, or a URL without its password)."""
        ...

    @property
    def version(self) -> object: ...

    def refresh(self) -> bool: ...

    def read_memory_only(self) -> None: ...

    def all(self, table: str) -> list[dict[str, Any]]: ...

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None: ...

    def find(
        self, table: str, pred: Callable[[Mapping[str, Any]], bool]
    ) -> list[dict[str, Any]]: ...

    def find_by(
        self,
        table: str,
        field: str,
        value: Hashable,
        reader: Callable[[Any], Hashable] | None = None,
    ) -> list[dict[str, Any]]: ...

    def scan(self, table: str, fn: Callable[[int, Mapping[str, Any]], Any]) -> list[Any]: ...

    def derived(self, build: Callable[[Any, T | None], T]) -> T:
        """What ``build(backend, previous)`` makes of the records, once per version of them
        (storage/index.py); read-only, shared by every caller."""
        ...

    def raw_table(self, table: str) -> Any: ...

    def count(self, table: str) -> int: ...

    def meta(self) -> dict[str, Any]: ...

    def is_empty(self) -> bool: ...

    def dump(self) -> Data:
        """Every table as ``{table: {str(id): doc}}``, the meta record's ``next_id`` counters
        included: what ``ritual copy`` moves between backends."""
        ...

    def write_refusal(self) -> str:
        """Why this user may not change the records ("" when they may)."""
        ...

    def watcher(self, on_change: Callable[[], None]) -> ChangeWatcher: ...

    def transaction(self) -> contextlib.AbstractContextManager[Any]: ...


def is_database(location: str) -> bool:
    """True for a ``postgresql://`` URL, False for a team file's path."""
    from storage.urls import is_database_url

    return is_database_url(location)


def open_backend(
    location: str, user: str | None, clock: Clock | None = None, create: bool = False
) -> Backend:
    """The team's records at ``location``: a database for a ``postgresql://`` URL (``user``
    must then be the database role, or None), else the team file at that path."""
    if is_database(location):
        from storage.pg_store import PgStore

        return PgStore(location, user, clock).open(create=create)
    from storage.store import Store

    return Store(location, user or "", clock).open(create=create)
