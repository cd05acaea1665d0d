"""Moving a whole team between backends (``ritual copy``): file -> database and back.

Records keep their ids, revisions and who/when stamps: a copy is the same team, not a new one.
After writing, the destination is read back and compared with what was read from the source.
"""

from __future__ import annotations

from typing import Any

from ritual.i18n import _
from storage.backend import Backend
from storage.errors import StoreError
from storage.schema import META_ID, META_TABLE, Data


def comparable(data: Data) -> Data:
    """``data`` without what differs by design between backends: the id counters (a database
    keeps one per table that ever had a record) and empty tables."""
    out: dict[str, dict[str, Any]] = {name: rows for name, rows in data.items() if rows}
    meta = dict(out.get(META_TABLE, {}).get(META_ID, {}))
    meta.pop("next_id", None)
    if meta:
        out[META_TABLE] = {META_ID: meta}
    else:
        out.pop(META_TABLE, None)
    return out


def counts(data: Data) -> dict[str, int]:
    return {name: len(rows) for name, rows in sorted(data.items()) if name != META_TABLE}


def copy_team(source: Backend, dest: Backend, force: bool = False) -> dict[str, int]:
    """Copy everything; StoreError when ``dest`` holds a team (unless ``force``) or when
    the destination, read back, differs. Returns the number of records per table."""
    data = source.dump()
    if not dest.is_empty() and not force:
        raise StoreError(
            _(
                "{location} already holds a team; nothing was copied (--force replaces "
                "what it holds)."
            ).format(location=dest.location)
        )
    with dest.transaction() as tx:
        tx.load(data)
    dest.refresh()
    written = dest.dump()
    if counts(written) != counts(data):
        raise StoreError(
            _(
                "the copy in {location} has {written} records, the source {source}: do "
                "not use it; copy again with --force."
            ).format(location=dest.location, written=counts(written), source=counts(data))
        )
    if comparable(written) != comparable(data):
        raise StoreError(
            _(
                "the copy in {location} differs from the source in content: do not use "
                "it; copy again with --force."
            ).format(location=dest.location)
        )
    return counts(data)
