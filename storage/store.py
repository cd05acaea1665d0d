"""The shared team file: reads from memory, every change a locked, atomic read-modify-write.

Screens and the CLI never see TinyDB: they call the repositories (``storage/*_repo.py``), which
use this store and return domain objects. Documents come out as plain dicts with an ``id``.

Every document carries who changed it last (``updated_by``), when (``updated_at``, UTC ISO-8601)
and a revision number (``rev``). Updates are field-level and may carry the values the caller
started from (``base``): a field someone else changed meanwhile is still overwritten, but when it
is a text field the other person's text is kept in the record's ``conflicts`` list and the caller
is told, so no text is ever lost.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from ritual.clock import Clock, SystemClock, iso
from storage.errors import ConflictNote, NotFound, StoreError
from storage.lock import exclusive_lock
from storage.schema import (
    META_ID,
    META_TABLE,
    SCHEMA_VERSION,
    backup_path,
    check_version,
    migrate,
)
from storage.sharedfile import SharedJSONStorage

RECORD_FIELDS = ("rev", "created_by", "created_at", "updated_by", "updated_at", "conflicts")
MAX_CONFLICTS_PER_RECORD = 20


@dataclass
class PatchResult:
    doc: dict[str, Any]
    conflicts: list[ConflictNote] = field(default_factory=list)

    @property
    def conflicted(self) -> bool:
        return bool(self.conflicts)


def _as_dict(doc: Document) -> dict[str, Any]:
    out = dict(doc)
    out["id"] = doc.doc_id
    return out


class Store:
    """One process's handle on the team file. Creating it touches nothing; :meth:`open` reads."""

    def __init__(
        self,
        path: str | Path,
        user: str,
        clock: Clock | None = None,
        lock_timeout: float = 5.0,
    ) -> None:
        self.path = Path(path)
        self.user = user
        self.clock = clock or SystemClock()
        self.lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._db = TinyDB(self.path, storage=SharedJSONStorage)
        self._storage: SharedJSONStorage = self._db.storage  # type: ignore[assignment]
        self._in_tx = False

    # -- opening ----------------------------------------------------------------------------

    def open(self) -> Store:
        """Read the file; refuse a broken or newer one; migrate an older one after a backup."""
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory; give --db the path of a file.")
        with self._mutex:
            self._storage.refresh()
            version = check_version(self.path, self._storage.read())
            if version is not None and version < SCHEMA_VERSION:
                self._migrate()
        return self

    def _migrate(self) -> None:
        with exclusive_lock(self.path, self.lock_timeout), self._storage.writing():
            data = self._storage.read()
            version = check_version(self.path, data)
            if data is None or version is None or version >= SCHEMA_VERSION:
                return
            shutil.copy2(self.path, backup_path(self.path, version))
            migrate(data)
            self._storage.write(data)

    @property
    def exists(self) -> bool:
        return self.path.exists()

    # -- reading (no lock: the file is only ever replaced whole) -----------------------------

    def _table(self, name: str) -> Table:
        table = self._db.table(name, cache_size=0)
        table._next_id = None  # ids come from the meta record, never from TinyDB's memory
        return table

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True when it did."""
        with self._mutex:
            return self._storage.refresh()

    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def all(self, table: str) -> list[dict[str, Any]]:
        with self._mutex:
            return [_as_dict(d) for d in self._table(table)]

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        with self._mutex:
            doc = self._table(table).get(doc_id=doc_id)
            return _as_dict(doc) if doc is not None else None

    def find(self, table: str, pred: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        with self._mutex:
            return [_as_dict(d) for d in self._table(table) if pred(d)]

    def count(self, table: str) -> int:
        with self._mutex:
            return len(self._table(table))

    def meta(self) -> dict[str, Any]:
        with self._mutex:
            doc = self._table(META_TABLE).get(doc_id=int(META_ID))
            return dict(doc) if doc else {}

    def is_empty(self) -> bool:
        """True when the file holds no ritual data yet (missing, empty or only meta)."""
        with self._mutex:
            data = self._storage.read() or {}
            return not any(t for name, t in data.items() if name != META_TABLE)

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One read-modify-write of the whole file under the lock, put on disk atomically.

        Raises StoreBusy after ``lock_timeout`` seconds and StoreError for a file that cannot
        be written; in both cases nothing was written.
        """
        with self._mutex:
            if self._in_tx:
                raise RuntimeError("transactions do not nest")
            with exclusive_lock(self.path, self.lock_timeout), self._storage.writing():
                check_version(self.path, self._storage.read())
                self._in_tx = True
                try:
                    yield Transaction(self)
                finally:
                    self._in_tx = False


class Transaction:
    """The operations allowed while a store holds the lock."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._now = iso(store.clock.now())

    @property
    def now(self) -> str:
        return self._now

    @property
    def user(self) -> str:
        return self._store.user

    def _table(self, name: str) -> Table:
        return self._store._table(name)

    def _meta(self) -> dict[str, Any]:
        meta_table = self._table(META_TABLE)
        meta = meta_table.get(doc_id=int(META_ID))
        if meta is None:
            return {"schema": SCHEMA_VERSION, "next_id": {}}
        return dict(meta)

    def _save_meta(self, meta: dict[str, Any]) -> None:
        self._table(META_TABLE).upsert(Document(meta, doc_id=int(META_ID)))

    def get_meta(self, key: str, default: Any = None) -> Any:
        return self._meta().get(key, default)

    def set_meta(self, key: str, value: Any) -> None:
        meta = self._meta()
        meta[key] = value
        self._save_meta(meta)

    def _allocate_id(self, table_name: str) -> int:
        meta = self._meta()
        counters = dict(meta.get("next_id", {}))
        candidate = counters.get(table_name)
        if candidate is None:
            ids = [int(k) for k in (self._store._storage.read() or {}).get(table_name, {})]
            candidate = max(ids, default=0) + 1
        counters[table_name] = candidate + 1
        meta["next_id"] = counters
        self._save_meta(meta)
        return candidate

    # reads inside the lock see the freshest file
    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self._table(table).get(doc_id=doc_id)
        return _as_dict(doc) if doc is not None else None

    def all(self, table: str) -> list[dict[str, Any]]:
        return [_as_dict(d) for d in self._table(table)]

    def find(self, table: str, pred: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        return [_as_dict(d) for d in self._table(table) if pred(d)]

    def insert(self, table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Add a document with a short id unique across processes; returns it with its id."""
        doc_id = self._allocate_id(table)
        doc = {k: v for k, v in fields.items() if k != "id"}
        doc.update(
            rev=1,
            created_by=self.user,
            created_at=self._now,
            updated_by=self.user,
            updated_at=self._now,
        )
        self._table(table).insert(Document(doc, doc_id=doc_id))
        return {**doc, "id": doc_id}

    def ensure(self, table: str, doc_id: int, defaults: Mapping[str, Any]) -> dict[str, Any]:
        """A singleton record with a fixed id (the team): created from ``defaults`` if absent."""
        existing = self.get(table, doc_id)
        if existing is not None:
            return existing
        doc = dict(defaults)
        doc.update(
            rev=1,
            created_by=self.user,
            created_at=self._now,
            updated_by=self.user,
            updated_at=self._now,
        )
        self._table(table).insert(Document(doc, doc_id=doc_id))
        return {**doc, "id": doc_id}

    def patch(
        self,
        table: str,
        doc_id: int,
        changes: Mapping[str, Any],
        base: Mapping[str, Any] | None = None,
        text_fields: Collection[str] = (),
    ) -> PatchResult:
        """Change only the given fields of one document.

        ``base`` holds the values the caller saw before editing. A text field (in
        ``text_fields``) that someone else changed since then keeps their text as a conflict
        copy on the record; other fields simply take the new value.
        """
        table_obj = self._table(table)
        current = table_obj.get(doc_id=doc_id)
        if current is None:
            raise NotFound(f"{table} {doc_id} does not exist (it may have just been deleted).")
        changes = {k: v for k, v in changes.items() if k != "id" and k not in RECORD_FIELDS}
        notes: list[ConflictNote] = []
        for name, new in changes.items():
            now_value = current.get(name)
            if (
                base is not None
                and name in base
                and name in text_fields
                and now_value != base[name]
                and now_value != new
                and isinstance(now_value, str)
                and now_value.strip()
            ):
                notes.append(
                    ConflictNote(
                        field=name,
                        text=now_value,
                        by=str(current.get("updated_by", "")),
                        at=str(current.get("updated_at", "")),
                    )
                )
        if not notes and all(current.get(k) == v for k, v in changes.items()):
            return PatchResult(_as_dict(current))
        update = dict(changes)
        update.update(
            rev=int(current.get("rev", 0)) + 1, updated_by=self.user, updated_at=self._now
        )
        if notes:
            kept = list(current.get("conflicts", []))
            kept.extend({"field": n.field, "text": n.text, "by": n.by, "at": n.at} for n in notes)
            update["conflicts"] = kept[-MAX_CONFLICTS_PER_RECORD:]
        table_obj.update(update, doc_ids=[doc_id])
        return PatchResult(self.get(table, doc_id) or {}, notes)

    def clear_conflicts(self, table: str, doc_id: int, field_name: str | None = None) -> None:
        """Forget conflict copies once a person has looked at them and merged what they need."""
        current = self._table(table).get(doc_id=doc_id)
        if current is None or not current.get("conflicts"):
            return
        kept = [
            c for c in current["conflicts"] if field_name is not None and c["field"] != field_name
        ]
        self._table(table).update(
            {
                "conflicts": kept,
                "rev": int(current.get("rev", 0)) + 1,
                "updated_by": self.user,
                "updated_at": self._now,
            },
            doc_ids=[doc_id],
        )

    def delete(self, table: str, doc_id: int) -> bool:
        removed = self._table(table).remove(doc_ids=[doc_id]) if self.get(table, doc_id) else []
        return bool(removed)

    def reset(self) -> None:
        """Empty the whole file (``ritual demo --force``), keeping it a valid ritual file."""
        self._store._db.drop_tables()
        self._save_meta({"schema": SCHEMA_VERSION, "next_id": {}})

    def ensure_meta(self) -> None:
        """Stamp a new file with its schema version."""
        meta = self._table(META_TABLE).get(doc_id=int(META_ID))
        if meta is None:
            self._save_meta({"schema": SCHEMA_VERSION, "next_id": {}})


__all__ = ["PatchResult", "Store", "StoreError", "Transaction", "NotFound"]
