"""What screens ask per parent, built once per version of the records.

Screens ask per parent (the items of each review, the cards of an iteration, the notes of a
stand-up) or for a summary of every parent (each review's decided and total items). Scanning a
whole table per parent costs parents x documents on every change to the file (105 ms per
review-list reload at 300 reviews); a grouping built once after each parse costs one scan,
then a dictionary look-up per parent.

Two kinds live here, both dropped whenever the records change:

- groupings (:meth:`Index.keys`): a table's document keys by the value of one field, built on
  first use (``Store.find_by``);
- derived values (:meth:`Index.derived`): whatever a ``build(store, previous)`` function makes
  of the records (``Store.derived``). A value a reader asked for lately is built again right
  after the next re-read or write, by :meth:`Index.warm`, in the thread that re-read or wrote
  (the app's file watcher's worker, its writer): the UI thread then finds it made.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

Reader = Callable[[Any], Hashable]
T = TypeVar("T")
# build(store, the value it made for the previous version or None) -> the value. The value
# is shared by every reader (read-only) and kept for the next build: it must copy what it
# keeps of the records, never hold their mappings (the copy it was made from is dropped).
Build = Callable[[Any, Any], Any]

KEEP_WARM = 3  # re-reads or writes after its last reader that a value is still built ahead


class Index:
    """Groupings and derived values for one version of the data.

    ``generation`` names the in-memory data they were built from
    (:attr:`storage.sharedfile.SharedJSONStorage.generation`, PgStore's version): when it
    moves (a parse, a write, or a write given up), everything is forgotten and rebuilt on its
    next use, or ahead of it by :meth:`warm`.
    """

    def __init__(self) -> None:
        self._generation: int | None = None
        self._groups: dict[tuple[str, str, Reader | None], dict[Hashable, list[str]]] = {}
        self._values: dict[Build, Any] = {}
        self._previous: dict[Build, Any] = {}  # each build's last value, for the next build
        self._wanted: dict[Build, int] = {}  # builds to make ahead: warm-ups left

    def forget(self) -> None:
        """Drop every grouping and value now (the data was parsed again): the groupings hold
        its keys."""
        self._generation, self._groups, self._values = None, {}, {}

    def _at(self, generation: int) -> None:
        if generation != self._generation:
            self._generation, self._groups, self._values = generation, {}, {}

    def keys(
        self,
        generation: int,
        table: str,
        field: str,
        rows: Mapping[str, Mapping[str, Any]],
        reader: Reader | None = None,
    ) -> dict[Hashable, list[str]]:
        """Document keys of ``rows`` by their ``field`` value (as ``reader`` reads it, e.g.
        "3" as 3), in stored order. A document whose value cannot be a dictionary key (a list
        in a hand-edited file) is in no group."""
        self._at(generation)
        groups = self._groups.get((table, field, reader))
        if groups is None:
            groups = {}
            for key, doc in rows.items():
                value = doc.get(field)
                if reader is not None:
                    value = reader(value)
                try:
                    groups.setdefault(value, []).append(key)
                except TypeError:
                    continue
            self._groups[(table, field, reader)] = groups
        return groups

    def derived(self, generation: int, build: Callable[[Any, Any], T], store: Any) -> T:
        """``build(store, previous)`` for this generation: made once, then shared. Asking
        keeps it built ahead for the next :data:`KEEP_WARM` re-reads or writes."""
        self._wanted[build] = KEEP_WARM
        return self._value(generation, build, store)

    def _value(self, generation: int, build: Build, store: Any) -> Any:
        self._at(generation)
        if build in self._values:
            return self._values[build]
        value = build(store, self._previous.get(build))
        if self._generation == generation:  # not if the data was parsed again meanwhile
            self._values[build] = self._previous[build] = value
        return value

    def warm(self, generation: int, store: Any) -> None:
        """Build ahead the values readers asked for lately (after a re-read or a write, in
        the thread that made it). A build that fails here is left to its reader, who sees
        the error where it is handled."""
        for build, left in list(self._wanted.items()):
            if left <= 0:  # no reader since the last KEEP_WARM: made on its next use
                del self._wanted[build]
                self._previous.pop(build, None)
                continue
            self._wanted[build] = left - 1
            with contextlib.suppress(Exception):
                self._value(generation, build, store)
