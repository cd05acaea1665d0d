"""The shared team file: reads from memory, every change a locked, atomic read-modify-write.

Screens and the CLI never see TinyDB: they call the repositories (``storage/*_repo.py``), which
use this store and return domain objects. Documents come out as plain dicts with an ``id``.

Every document carries who changed it last (``updated_by``), when (``updated_at``, UTC ISO-8601)
and a revision number (``rev``). Updates are field-level and may carry the values the caller
started from (``base``): a field someone else changed meanwhile is still overwritten, but when it
is a text field the other person's text is kept in the record's ``conflicts`` list and the caller
is told, so no text is ever lost.

The file is a TinyDB JSON file (tables of documents keyed by their id as a string) and TinyDB's
``Storage`` interface reads and writes it, but a transaction changes the documents in the
in-memory tables directly: TinyDB's table operations rebuild the whole table for every change,
which at 10,000 cards costs more than the write itself. That is safe because the store holds the
lock and :meth:`SharedJSONStorage.writing` forgets the in-memory tables if anything fails.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB

from ritual.clock import Clock, SystemClock, iso
from ritual.i18n import _
from storage.access import write_refusal
from storage.errors import ConflictNote, FileUnavailable, NotFound, StoreError
from storage.index import Index
from storage.lock import exclusive_lock
from storage.mapping import absent_defaults, without_defaults
from storage.patching import copy_value as _copy
from storage.patching import plan_patch, without_conflicts
from storage.schema import (
    ARCHIVE_OF,
    META_ID,
    META_TABLE,
    SCHEMA_VERSION,
    Data,
    check_version,
    free_backup_path,
    migrate,
)
from storage.sharedfile import SharedJSONStorage, real_path, replace_atomically

if TYPE_CHECKING:
    from storage.watch import FileWatcher

Rows = dict[str, dict[str, Any]]
T = TypeVar("T")


@dataclass
class PatchResult:
    doc: dict[str, Any]
    conflicts: list[ConflictNote] = field(default_factory=list)

    @property
    def conflicted(self) -> bool:
        return bool(self.conflicts)


def is_record(key: str, doc: Any) -> bool:
    """True for a document readers can use: an id made of ASCII digits and a JSON object. A
    hand edit or script may leave anything else in a table; readers skip it and
    ``ritual doctor`` names it (storage/health.py)."""
    return key.isascii() and key.isdigit() and isinstance(doc, dict)


def _records(rows: Rows) -> Iterator[tuple[str, dict[str, Any]]]:
    return ((k, d) for k, d in rows.items() if is_record(k, d))


def _table(data: Data, table: str) -> Rows:
    rows = data.get(table, {})
    return rows if isinstance(rows, dict) else {}


def _next_rev(doc: Mapping[str, Any]) -> int:
    rev = doc.get("rev", 0)
    return rev + 1 if type(rev) is int else 1


def _doc_out(key: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    """A stored document as callers get it: their own copy, with its ``id``."""
    out = {k: (_copy(v) if isinstance(v, (dict, list)) else v) for k, v in doc.items()}
    out["id"] = int(key)
    return out


class Store:
    """One process's handle on the team file. Creating it touches nothing; :meth:`open` reads.

    One Store may be shared by the threads of a process. Transactions take turns on one lock
    (``_writer``), then wait for the file's lock, and only then take the lock that guards the
    in-memory tables (``_mutex``): a reader in the UI thread waits for a transaction being
    applied, never for another process's lock.
    """

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
        self._writer = threading.RLock()
        self._mutex = threading.RLock()
        self._db = TinyDB(self.path, storage=SharedJSONStorage)
        self._storage: SharedJSONStorage = self._db.storage  # type: ignore[assignment]
        # Weak references back: no cycle between the store and its storage, so a store that
        # is dropped is freed at once, without waiting for the cyclic collector.
        me = weakref.ref(self)
        self._storage.on_reload = lambda: _call(me, Store._forget_tinydb_caches)
        self._storage.prepare = lambda data: _call(me, Store._prepare, data)
        self._in_tx = False
        self._index = Index()
        self._archive_writes = False

    # -- opening ----------------------------------------------------------------------------

    def open(self, create: bool = False) -> Store:
        """Read the file: refuse a missing, empty, broken or newer one; an older one is
        brought up to date in memory only (reading never writes, and needs no lock).

        ``create`` says whether a missing file may be made by this store's first write
        (``ritual init``, ``ritual demo``, tests); it never makes a directory. Without it a
        missing file is MissingFile.
        """
        if self.path.is_dir():
            raise StoreError(
                _("{path} is a directory; give --db the path of a file.").format(path=self.path)
            )
        with self._writer, self._mutex:
            self._storage.allow_missing = create
            self._storage.refresh()
        return self

    def _prepare(self, data: Data | None) -> int | None:
        """Freshly parsed tables: refuse a newer schema, bring an older one up to date in
        memory (on disk at the first write). Returns the version the file has on disk."""
        version = check_version(self.path, data)
        if data and version is not None and version < SCHEMA_VERSION:
            migrate(data)
        return version

    def _keep_old_file(self, target: Path) -> None:
        """Inside the lock, before the first write over an older file: its bytes beside it."""
        version = self._storage.disk_version
        if version is None or version >= SCHEMA_VERSION:
            return
        content = target.read_bytes()
        backup = free_backup_path(target, version, content)
        if not backup.exists():
            replace_atomically(backup, content, os.stat(target))
        self._storage.disk_version = SCHEMA_VERSION

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def location(self) -> str:
        return str(self.path)

    def write_refusal(self) -> str:
        """Why this user may not change the file ("" when they may): storage.access's rule,
        and an archive file (made by ``ritual archive``) is read-only."""
        return write_refusal(self.path) or self._archive_refusal()

    def archive_of(self) -> str | None:
        """The name of the team file this file is the archive of, None for a team file."""
        with self._mutex, contextlib.suppress(StoreError):
            meta = self._rows(META_TABLE).get(META_ID)
            team = meta.get(ARCHIVE_OF) if isinstance(meta, dict) else None
            return team if isinstance(team, str) and team else None
        return None

    def writes_archive(self) -> Store:
        """Let this store change an archive file: for storage/archive.py alone."""
        self._archive_writes = True
        return self

    def _archive_refusal(self) -> str:
        team = None if self._archive_writes else self.archive_of()
        if team is None:
            return ""
        return _(
            "Read-only: {file} is the archive of {team}; only 'ritual archive' changes it."
        ).format(file=self.path.name, team=team)

    def watcher(self, on_change: Callable[[], None]) -> FileWatcher:
        """Calls ``on_change`` when another process replaced the file (polled, see watch.py)."""
        from storage.watch import FileWatcher

        return FileWatcher(self.path, on_change, seen=lambda: self._storage.signature)

    def dump(self) -> Data:
        """Every table as stored, the meta record included (``ritual copy``)."""
        with self._mutex:
            return _copy(self._storage.read() or {})

    @property
    def unavailable_reason(self) -> str | None:
        """Why the file this store had read cannot be used now (gone, empty, unreadable,
        broken), or None. While set, reads return the last good data and writes are refused."""
        return self._storage.unavailable

    # -- reading (no lock: the file is only ever replaced whole) -----------------------------

    def _rows(self, table: str) -> Rows:
        return _table(self._storage.read() or {}, table)

    def _forget_tinydb_caches(self) -> None:
        """TinyDB tables remember their next id and query results; another process's write
        makes both wrong. The store itself uses neither, but ``self._db`` stays usable: this
        runs whenever the file is parsed again, and at the start of every transaction. The
        groupings and derived values go too: they were made from the copy being replaced
        (storage/memory.py)."""
        for table in self._db._tables.values():
            table.clear_cache()
            table._next_id = None
        self._index.forget()

    def read_memory_only(self) -> None:
        """From now on reads never look at the disk; only :meth:`refresh` (the app's file
        watcher, in its worker) and transactions do."""
        self._storage.refresh_on_read = False

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True when it did.

        FileUnavailable (with the reason) while the file is missing, empty or unreadable;
        the data read before stays.
        """
        with self._mutex:
            changed = self._storage.refresh()
            if self._storage.unavailable is not None:
                raise FileUnavailable(self._storage.unavailable)
            if changed:
                self._index.warm(self._storage.generation, self)
            return changed

    @property
    def version(self) -> object:
        """Changes whenever what this store reads changes (a refresh that found another
        process's write, or a transaction of ours): a screen may skip re-reading when not."""
        return self._storage.signature

    def changed_on_disk(self) -> bool:
        return self._storage.changed_on_disk()

    def all(self, table: str) -> list[dict[str, Any]]:
        with self._mutex:
            return [_doc_out(k, d) for k, d in _records(self._rows(table))]

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        with self._mutex:
            doc = self._rows(table).get(str(doc_id))
            return _doc_out(str(doc_id), doc) if isinstance(doc, dict) else None

    def find(self, table: str, pred: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        """Documents whose stored fields (without ``id``) satisfy ``pred``."""
        with self._mutex:
            return [_doc_out(k, d) for k, d in _records(self._rows(table)) if pred(d)]

    def find_by(
        self,
        table: str,
        field: str,
        value: Hashable,
        reader: Callable[[Any], Hashable] | None = None,
    ) -> list[dict[str, Any]]:
        """Documents whose ``field`` (read by ``reader`` if given, e.g. storage.mapping.as_id)
        equals ``value`` (the items of one review, the cards of one iteration), in stored
        order. Grouped once per parse of the file, so asking for each of 300 parents costs one
        scan, not 300."""
        with self._mutex:
            rows = self._rows(table)
            keys = self._index.keys(self._storage.generation, table, field, rows, reader)
            # A hand-edited id ("1a") is in no reader's records (is_record), here neither.
            return [_doc_out(k, rows[k]) for k in keys.get(value, ()) if is_record(k, rows[k])]

    def derived(self, build: Callable[[Store, T | None], T]) -> T:
        """What ``build(store, previous)`` makes of the records (each review's agenda counts,
        the review list), made once per version of them and shared by every caller, so it is
        read-only. ``previous`` is what it made for the version before (None at first), for
        it to reuse what did not change; it must copy what it keeps of the records.

        A value asked for lately is made again right after :meth:`refresh` finds another
        process's write and after each transaction, in that thread (the app's watcher's
        worker, its writer), so the UI thread finds it ready (storage/index.py). Inside a
        transaction it is made from the records as changed so far, and not kept.
        """
        with self._mutex:
            self._storage.read()  # a re-read, if any, before the version is taken
            if self._in_tx:
                return build(self, None)
            return self._index.derived(self._storage.generation, build, self)

    def scan(self, table: str, fn: Callable[[int, Mapping[str, Any]], Any]) -> list[Any]:
        """What ``fn(id, stored fields)`` returns for each document, None results left out.

        For hot read paths (the board re-reads its 2,000 cards on every change): nothing is
        copied, so ``fn`` must neither change nor keep the mapping it is given, only values
        it copies out of it.
        """
        with self._mutex:
            out = []
            for key, doc in self._rows(table).items():
                if isinstance(doc, dict) and key.isdigit() and key.isascii():  # is_record
                    value = fn(int(key), doc)
                    if value is not None:
                        out.append(value)
            return out

    def raw_table(self, table: str) -> Any:
        """A copy of whatever the file holds under ``table`` (normally {id: document}), bad
        keys and values included: for ``ritual doctor``, which names what readers skip."""
        with self._mutex:
            return _copy((self._storage.read() or {}).get(table, {}))

    def count(self, table: str) -> int:
        with self._mutex:
            return len(self._rows(table))

    def meta(self) -> dict[str, Any]:
        with self._mutex:
            return _copy(self._rows(META_TABLE).get(META_ID, {}))

    def is_empty(self) -> bool:
        """True when the file holds no ritual data yet (missing, empty or only meta)."""
        with self._mutex:
            data = self._storage.read() or {}
            return not any(t for name, t in data.items() if name != META_TABLE)

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One read-modify-write of the whole file under the lock, put on disk atomically.

        Inside the lock the file is read again if another process replaced it. Raises
        StoreBusy after ``lock_timeout`` seconds, FileUnavailable while the file is gone or
        unreadable, and StoreError for a file that cannot be written; in all cases, and when
        the body raises, nothing was written. A symlink is followed: the target is replaced
        and locked, the link stays. The first write over an older file keeps its bytes in
        ``<file>.v<N>.bak`` first.
        """
        with self._writer:
            if self._in_tx:
                raise RuntimeError("transactions do not nest")  # i18n: literal
            if refusal := self.write_refusal():
                raise StoreError(refusal)
            target = real_path(self.path)
            with (
                exclusive_lock(target, self.lock_timeout),
                self._mutex,
                self._storage.writing(target),
            ):
                self._forget_tinydb_caches()
                self._in_tx = True
                try:
                    tx = Transaction(self)
                    yield tx
                    if self._storage.dirty:
                        self._keep_old_file(target)
                        tx.ensure_meta()
                finally:
                    self._in_tx = False
            with self._mutex:  # the file's lock is released: others may write meanwhile
                self._index.warm(self._storage.generation, self)


class Transaction:
    """The operations allowed while a store holds the lock."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._storage = store._storage
        self._now = iso(store.clock.now())

    @property
    def now(self) -> str:
        return self._now

    @property
    def user(self) -> str:
        return self._store.user

    def _data(self) -> Data:
        return self._storage.read() or {}

    def _rows(self, table: str) -> Rows:
        return _table(self._data(), table)

    def _rows_to_change(self, table: str) -> Rows:
        rows = self._storage.mutable().setdefault(table, {})
        if not isinstance(rows, dict):
            raise StoreError(
                _(
                    "the {table!r} table of {path} is not a table of records; ritual changed "
                    "nothing: run 'ritual doctor'."
                ).format(table=table, path=self._store.path)
            )
        return rows

    def _stamp(self, doc: dict[str, Any], rev: int) -> None:
        doc.update(rev=rev, updated_by=self.user, updated_at=self._now)

    # -- the meta record --------------------------------------------------------------------

    def _meta_to_change(self) -> dict[str, Any]:
        return self._rows_to_change(META_TABLE).setdefault(
            META_ID, {"schema": SCHEMA_VERSION, "next_id": {}}
        )

    def get_meta(self, key: str, default: Any = None) -> Any:
        return _copy(self._rows(META_TABLE).get(META_ID, {}).get(key, default))

    def set_meta(self, key: str, value: Any) -> None:
        self._meta_to_change()[key] = _copy(value)

    def ensure_meta(self) -> None:
        """Stamp a new file with its schema version."""
        if META_ID not in self._rows(META_TABLE):
            self._meta_to_change()

    def _allocate_id(self, table: str) -> int:
        """The next short id of ``table``: counted in the meta record, so an id is never handed
        out twice, not even after its document was deleted."""
        counters = self._meta_to_change().setdefault("next_id", {})
        rows = self._rows(table)
        candidate = counters.get(table)
        if not isinstance(candidate, int) or candidate < 1:
            candidate = max((int(k) for k in rows if k.isascii() and k.isdigit()), default=0) + 1
        while str(candidate) in rows:
            candidate += 1
        counters[table] = candidate + 1
        return candidate

    # -- reads inside the lock see the freshest file ----------------------------------------

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self._rows(table).get(str(doc_id))
        return _doc_out(str(doc_id), doc) if isinstance(doc, dict) else None

    def all(self, table: str) -> list[dict[str, Any]]:
        return [_doc_out(k, d) for k, d in _records(self._rows(table))]

    def find(self, table: str, pred: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        return [_doc_out(k, d) for k, d in _records(self._rows(table)) if pred(d)]

    # -- changes ----------------------------------------------------------------------------

    def _new_doc(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        doc = {k: _copy(v) for k, v in fields.items() if k != "id"}
        doc.update(created_by=self.user, created_at=self._now)
        self._stamp(doc, rev=1)
        return doc

    def insert(self, table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Add a document with a short id unique across processes; returns it with its id."""
        doc_id = self._allocate_id(table)
        doc = self._new_doc(without_defaults(table, fields))
        self._rows_to_change(table)[str(doc_id)] = doc
        return _doc_out(str(doc_id), doc)

    def put_as_is(self, table: str, doc_id: int, doc: Mapping[str, Any]) -> None:
        """Store a document exactly as given, under its id, with its revision and who/when
        (records moved between a team file and its archive stay the same records). The id
        counter moves past it, so it is never handed out again."""
        fields = {k: _copy(v) for k, v in doc.items() if k != "id"}
        self._rows_to_change(table)[str(doc_id)] = fields
        counters = self._meta_to_change().setdefault("next_id", {})
        if not isinstance(counters.get(table), int) or counters[table] <= doc_id:
            counters[table] = doc_id + 1

    def ensure(self, table: str, doc_id: int, defaults: Mapping[str, Any]) -> dict[str, Any]:
        """A singleton record with a fixed id (the team): created from ``defaults`` if absent."""
        existing = self.get(table, doc_id)
        if existing is not None:
            return existing
        doc = self._new_doc(defaults)
        self._rows_to_change(table)[str(doc_id)] = doc
        return _doc_out(str(doc_id), doc)

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
        key = str(doc_id)
        current = self._rows(table).get(key)
        if not isinstance(current, dict):
            raise NotFound(
                _("{table} {doc_id} does not exist (it may have just been deleted).").format(
                    table=table, doc_id=doc_id
                )
            )
        writes, notes = plan_patch(current, changes, base, text_fields, absent_defaults(table))
        if writes is None:
            return PatchResult(_doc_out(key, current))
        doc = self._rows_to_change(table)[key]
        doc.update(writes)
        self._stamp(doc, rev=_next_rev(doc))
        return PatchResult(_doc_out(key, doc), notes)

    def clear_conflicts(self, table: str, doc_id: int, field_name: str | None = None) -> None:
        """Forget conflict copies once a person has looked at them and merged what they need."""
        key = str(doc_id)
        current = self._rows(table).get(key)
        if not isinstance(current, dict) or not current.get("conflicts"):
            return
        doc = self._rows_to_change(table)[key]
        doc["conflicts"] = without_conflicts(doc["conflicts"], field_name)
        self._stamp(doc, rev=_next_rev(doc))

    def set_conflicts(self, table: str, doc_id: int, conflicts: list[dict[str, Any]]) -> None:
        """Replace a document's conflict copies with the ones a domain rule decided on (a
        three-way merge's real conflicts, or none once a person resolved them)."""
        key = str(doc_id)
        current = self._rows(table).get(key)
        if current is None or current.get("conflicts", []) == conflicts:
            return
        doc = self._rows_to_change(table)[key]
        doc["conflicts"] = _copy(conflicts)
        self._stamp(doc, rev=int(doc.get("rev", 0)) + 1)

    def delete(self, table: str, doc_id: int) -> bool:
        key = str(doc_id)
        if key not in self._rows(table):
            return False
        del self._rows_to_change(table)[key]
        return True

    def load(self, data: Data) -> None:
        """Replace everything the file holds with ``data`` (``ritual copy``), as given."""
        self.reset()
        target = self._storage.mutable()
        for name, rows in data.items():
            target[name] = {str(k): _copy(v) for k, v in rows.items()}

    def reset(self) -> None:
        """Empty the whole file (``ritual demo --force``), keeping it a valid ritual file."""
        data = self._storage.mutable()
        data.clear()
        data[META_TABLE] = {META_ID: {"schema": SCHEMA_VERSION, "next_id": {}}}


def _call(ref: weakref.ref[Store], method: Callable[..., Any], *args: Any) -> Any:
    store = ref()
    return method(store, *args) if store is not None else None


__all__ = ["FileUnavailable", "NotFound", "PatchResult", "Store", "StoreError", "Transaction"]
