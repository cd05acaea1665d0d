"""Documents grouped by a field, built once per parse of the team file.

Screens ask per parent (the items of each review, the cards of an iteration, the notes of a
stand-up). Scanning a whole table per parent costs parents x documents on every change to the
file (105 ms per review-list reload at 300 reviews); a grouping built on first use after each
parse costs one scan, then a dictionary look-up per parent.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

Reader = Callable[[Any], Hashable]


class Groupings:
    """Keys of a table's documents by the value of one field, for one version of the data.

    ``generation`` names the in-memory data the groupings were built from
    (:attr:`storage.sharedfile.SharedJSONStorage.generation`): when it moves (a parse, a
    write, or a write given up), every grouping is forgotten and rebuilt on its next use.
    """

    def __init__(self) -> None:
        self._generation: int | None = None
        self._groups: dict[tuple[str, str, Reader | None], dict[Hashable, list[str]]] = {}

    def forget(self) -> None:
        """Drop every grouping now (the data was parsed again): they hold its keys."""
        self._generation, self._groups = None, {}

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
        if generation != self._generation:
            self._generation, self._groups = generation, {}
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
