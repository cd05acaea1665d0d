"""The team's records in a PostgreSQL database: for teams that outgrew one host.

Chosen by a ``postgresql://`` URL in ``--db`` or ``$RITUAL_DB``; needs ``pip install
'ritual[postgres]'`` (psycopg 3). It satisfies :class:`storage.backend.Backend` exactly as the
shared file does, so the repositories and screens do not know which one they use.

- Documents are JSONB rows ``(tbl, id, doc, ver)``; a deleted one stays as a row without a
  ``doc`` (a tombstone) so other processes learn of the deletion.
- Reads come from an in-memory snapshot. Every unit of work bumps a version counter, stamps the
  rows it writes with the new version and sends NOTIFY, all in its one transaction; a process
  that hears it (LISTEN, :class:`PgWatcher`) fetches only the rows newer than its snapshot.
- Writers take turns on one row lock per team (the version counter's row), held from the start
  of a unit of work to its commit. Per-record locks would not be enough: a unit of work reads
  before it writes (today's stand-up is made only if there is none), and two interleaved units
  could both make it. One turn per team is what the file backend does too, so both backends
  behave alike, and a unit of work takes milliseconds.
- Ids come from the database (``ritual_ids``, one counter per table, never reused).
- The database role is the person: ``updated_by`` is ``current_user``; a role without write
  privileges gets the read-only app.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ritual.clock import Clock, SystemClock, iso
from ritual.i18n import _
from storage.errors import FileUnavailable, NotFound, StoreBusy, StoreError
from storage.index import Index
from storage.mapping import absent_defaults, without_defaults
from storage.patching import copy_value, next_rev, plan_patch, without_conflicts
from storage.schema import META_ID, META_TABLE, SCHEMA_VERSION, Data
from storage.store import PatchResult
from storage.urls import redact

if TYPE_CHECKING:
    import psycopg

CHANNEL = "ritual_changes"
DB_SCHEMA_VERSION = 1

# Each entry brings the database from the version before it to its own.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE ritual_schema (version integer NOT NULL)",
        "INSERT INTO ritual_schema VALUES (0)",
        "CREATE TABLE ritual_version ("
        " one boolean PRIMARY KEY DEFAULT true CHECK (one), n bigint NOT NULL)",
        "INSERT INTO ritual_version VALUES (true, 0)",
        "CREATE TABLE ritual_docs ("
        " tbl text NOT NULL, id bigint NOT NULL, doc jsonb, ver bigint NOT NULL,"
        " PRIMARY KEY (tbl, id))",
        "CREATE INDEX ritual_docs_ver ON ritual_docs (ver)",
        "CREATE TABLE ritual_ids (tbl text PRIMARY KEY, next bigint NOT NULL)",
    ],
}

Rows = dict[str, dict[str, Any]]
T = TypeVar("T")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            _("a postgresql:// team needs psycopg: pip install 'ritual[postgres]'.")
        ) from None
    return psycopg


def _doc_out(key: str, doc: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: copy_value(v) for k, v in doc.items()}
    out["id"] = int(key)
    return out


def _first(cursor: Any) -> Any:
    """The first column of a query's one row (a query that returns no row is a bug here)."""
    row = cursor.fetchone()
    if row is None:
        raise StoreError(_("the team database answered with no row where one was expected."))
    return row[0]


class PgStore:
    """One process's handle on a team database. Creating it connects to nothing."""

    def __init__(
        self,
        url: str,
        user: str | None = None,
        clock: Clock | None = None,
        lock_timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.clock = clock or SystemClock()
        self.lock_timeout = lock_timeout
        self._asked_user = user
        self.user = user or ""
        self._conn: psycopg.Connection[Any] | None = None
        self._writer = threading.RLock()  # the connection, and one unit of work at a time
        self._mutex = threading.RLock()  # the snapshot
        self._tables: dict[str, Rows] = {}
        self._known = 0
        self._in_tx = False
        self._active: PgTransaction | None = None  # the unit of work under way, and its thread
        self._active_thread = 0
        self._index = Index()  # derived values of the snapshot, per version

    # -- opening ----------------------------------------------------------------------------

    @property
    def location(self) -> str:
        return redact(self.url)

    @property
    def path(self) -> str:
        """The name messages use for the team's place (the file store's ``path``)."""
        return self.location

    def open(self, create: bool = False) -> PgStore:
        """Connect, check the schema (``create``: make or update it) and read everything.

        The identity is the database role (``current_user``); ``user``, when given, must be
        that role: who changed what cannot be claimed with ``--user``.
        """
        with self._writer:
            conn = self._connection()
            role = _first(conn.execute("SELECT current_user"))
            if self._asked_user and self._asked_user != role:
                raise StoreError(
                    _(
                        "you are the database role {role!r} at {location}; --user "
                        "{asked!r} is refused (connect as that role instead)."
                    ).format(role=role, location=self.location, asked=self._asked_user)
                )
            self.user = role
            version = self._schema_version(conn)
            if version is None and not create:
                raise StoreError(
                    _(
                        "No ritual team in the database {location}: create one with 'ritual init "
                        "--db {location}', or check --db / $RITUAL_DB."
                    ).format(location=self.location)
                )
            if version is not None and version > DB_SCHEMA_VERSION:
                raise StoreError(
                    _(
                        "{location} was set up by a newer ritual (schema {version}; this one "
                        "knows up to {known}); nothing was changed: upgrade ritual."
                    ).format(location=self.location, version=version, known=DB_SCHEMA_VERSION)
                )
            if version is None or version < DB_SCHEMA_VERSION:
                self._migrate(conn)
            self._catch_up()
        return self

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            psycopg = _psycopg()
            try:
                self._conn = psycopg.connect(self.url, autocommit=True, connect_timeout=5)
            except psycopg.OperationalError as exc:
                raise FileUnavailable(
                    _("the database {location} cannot be reached: {reason}").format(
                        location=self.location, reason=_first_line(exc)
                    )
                ) from None
        return self._conn

    @staticmethod
    def _schema_version(conn: psycopg.Connection[Any]) -> int | None:
        if _first(conn.execute("SELECT to_regclass('ritual_schema')")) is None:
            return None
        return int(_first(conn.execute("SELECT version FROM ritual_schema")))

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        """Bring the schema up to date in one transaction; an advisory lock keeps two
        processes from doing it at once."""
        psycopg = _psycopg()
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('ritual_schema'))")
                version = self._schema_version(conn) or 0
                while version < DB_SCHEMA_VERSION:
                    version += 1
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    conn.execute("UPDATE ritual_schema SET version = %s", (version,))
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(
                _(
                    "the ritual schema in {location} needs setting up or updating, and role "
                    "{user!r} may not: ask its owner to run 'ritual init --db URL'."
                ).format(location=self.location, user=self.user)
            ) from None

    def close(self) -> None:
        with self._writer:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- the snapshot -----------------------------------------------------------------------

    def _catch_up(self) -> bool:
        """Apply every row written since our snapshot (one statement: one consistent view,
        and units of work commit in version order). True when something changed."""
        conn = self._connection()
        rows = conn.execute(
            "SELECT tbl, id, doc, ver FROM ritual_docs WHERE ver > %s", (self._known,)
        ).fetchall()
        if not rows:
            return False
        with self._mutex:
            for tbl, doc_id, doc, ver in rows:
                table = self._tables.setdefault(tbl, {})
                if doc is None:
                    table.pop(str(doc_id), None)
                else:
                    table[str(doc_id)] = doc
                self._known = max(self._known, ver)
        return True

    def refresh(self) -> bool:
        """Fetch what other processes wrote since the last look; True when they did (then
        the derived values asked for lately are made again, in this thread)."""
        psycopg = _psycopg()
        with self._writer:
            try:
                changed = self._catch_up()
            except psycopg.OperationalError as exc:
                self._conn = None
                raise FileUnavailable(
                    _("the database {location} cannot be reached: {reason}").format(
                        location=self.location, reason=_first_line(exc)
                    )
                ) from None
            if changed:
                self._warm()
            return changed

    def _warm(self) -> None:
        with self._mutex:
            self._index.warm(self._known, self)

    def read_memory_only(self) -> None:
        """Reads come from the snapshot already; LISTEN/NOTIFY brings changes in."""

    @property
    def version(self) -> object:
        return self._known

    def _rows(self, table: str) -> Rows:
        return self._tables.get(table, {})

    def _view(self, table: str) -> Mapping[str, dict[str, Any]]:
        """What a read sees: inside this thread's own unit of work, its changes over the
        snapshot (as with the file, a repository called within a unit of work sees what the
        unit did so far); elsewhere the committed snapshot."""
        tx = self._active
        if tx is not None and self._active_thread == threading.get_ident():
            return dict(tx._items(table))
        return self._rows(table)

    def all(self, table: str) -> list[dict[str, Any]]:
        with self._mutex:
            return [_doc_out(k, d) for k, d in self._view(table).items()]

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        with self._mutex:
            doc = self._view(table).get(str(doc_id))
            return _doc_out(str(doc_id), doc) if doc is not None else None

    def find(self, table: str, pred: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        with self._mutex:
            return [_doc_out(k, d) for k, d in self._view(table).items() if pred(d)]

    def find_by(
        self,
        table: str,
        field: str,
        value: Hashable,
        reader: Callable[[Any], Hashable] | None = None,
    ) -> list[dict[str, Any]]:
        """Like :meth:`storage.store.Store.find_by`, without its index: the snapshot is in
        memory and a database team is read far less often per change than a shared file."""
        with self._mutex:
            out = []
            for key, doc in self._view(table).items():
                got = doc.get(field)
                if (reader(got) if reader is not None else got) == value:
                    out.append(_doc_out(key, doc))
            return out

    def scan(self, table: str, fn: Callable[[int, Mapping[str, Any]], Any]) -> list[Any]:
        """Like :meth:`storage.store.Store.scan`: ``fn`` must not change or keep the mapping."""
        with self._mutex:
            out = []
            for key, doc in self._view(table).items():
                value = fn(int(key), doc)
                if value is not None:
                    out.append(value)
            return out

    def derived(self, build: Callable[[PgStore, T | None], T]) -> T:
        """Like :meth:`storage.store.Store.derived`: made once per version of the snapshot;
        inside this thread's unit of work, from what it sees, and not kept."""
        with self._mutex:
            if self._active is not None and self._active_thread == threading.get_ident():
                return build(self, None)
            return self._index.derived(self._known, build, self)

    def raw_table(self, table: str) -> Any:
        """A copy of every record of ``table``, bad ones included (``ritual doctor``)."""
        with self._mutex:
            return copy_value(dict(self._view(table)))

    def count(self, table: str) -> int:
        with self._mutex:
            return len(self._view(table))

    def meta(self) -> dict[str, Any]:
        with self._mutex:
            return copy_value(self._view(META_TABLE).get(META_ID, {}))

    def is_empty(self) -> bool:
        with self._mutex:
            names = set(self._tables) | {name for name, _ in self._active_changes()}
            return not any(self._view(name) for name in names if name != META_TABLE)

    def _active_changes(self) -> list[tuple[str, str]]:
        tx = self._active
        if tx is None or self._active_thread != threading.get_ident():
            return []
        return list(tx.changes)

    def dump(self) -> Data:
        """Every table, the meta record's ``next_id`` taken from the database's counters."""
        with self._writer:
            counters = dict(self._connection().execute("SELECT tbl, next FROM ritual_ids"))
            with self._mutex:
                data = {name: copy_value(rows) for name, rows in self._tables.items() if rows}
        meta = data.setdefault(META_TABLE, {}).setdefault(
            META_ID, {"schema": SCHEMA_VERSION, "next_id": {}}
        )
        meta["next_id"] = {name: int(n) for name, n in counters.items()}
        return data

    # -- who may write, and hearing about changes -------------------------------------------

    def write_refusal(self) -> str:
        with self._writer:
            may = self._connection().execute(
                "SELECT has_table_privilege('ritual_docs', 'INSERT, UPDATE')"
                " AND has_table_privilege('ritual_version', 'UPDATE')"
            )
            if _first(may):
                return ""
        return _("Read-only: database role {user!r} may not change the team at {location}.").format(
            user=self.user, location=self.location
        )

    def watcher(self, on_change: Callable[[], None]) -> PgWatcher:
        return PgWatcher(self.url, on_change)

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PgTransaction]:
        """One unit of work: the team's turn (StoreBusy after ``lock_timeout`` seconds), the
        latest committed state, our changes, the version bump and NOTIFY, one commit. When the
        body raises, nothing was written."""
        psycopg = _psycopg()
        with self._writer:
            if self._in_tx:
                raise RuntimeError("transactions do not nest")  # i18n: literal
            conn = self._connection()
            tx: PgTransaction | None = None
            new_version = 0
            try:
                with conn.transaction():
                    timeout_ms = max(1, int(self.lock_timeout * 1000))
                    conn.execute(f"SET LOCAL lock_timeout = {timeout_ms}")
                    conn.execute("SELECT n FROM ritual_version FOR UPDATE")
                    self._catch_up()
                    self._in_tx = True
                    tx = PgTransaction(self, conn)
                    self._active, self._active_thread = tx, threading.get_ident()
                    yield tx
                    if tx.changes:
                        tx.ensure_meta()
                        new_version = tx.commit_rows()
            except psycopg.errors.LockNotAvailable:
                raise StoreBusy(
                    _(
                        "another writer held the team at {location} for more than "
                        "{lock_timeout:g} s; nothing was written, try again."
                    ).format(location=self.location, lock_timeout=self.lock_timeout)
                ) from None
            except psycopg.errors.InsufficientPrivilege:
                raise StoreError(self.write_refusal() or _("Read-only.")) from None
            except psycopg.OperationalError as exc:
                self._conn = None
                raise FileUnavailable(
                    _(
                        "the database {location} cannot be reached: {reason}; nothing was written."
                    ).format(location=self.location, reason=_first_line(exc))
                ) from None
            finally:
                self._in_tx = False
                self._active = None
            if tx is not None and new_version:
                with self._mutex:
                    for (tbl, key), doc in tx.changes.items():
                        table = self._tables.setdefault(tbl, {})
                        if doc is None:
                            table.pop(key, None)
                        else:
                            table[key] = doc
                    self._known = max(self._known, new_version)
                self._warm()


class PgTransaction:
    """The operations of one unit of work: reads see the snapshot (brought up to date inside
    the team's turn) with this unit's own changes over it; rows are written at the end."""

    def __init__(self, store: PgStore, conn: psycopg.Connection[Any]) -> None:
        self._store = store
        self._conn = conn
        self._now = iso(store.clock.now())
        self.changes: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._reset = False

    @property
    def now(self) -> str:
        return self._now

    @property
    def user(self) -> str:
        return self._store.user

    def _current(self, table: str, key: str) -> dict[str, Any] | None:
        if (table, key) in self.changes:
            return self.changes[(table, key)]
        if self._reset:
            return None
        return self._store._rows(table).get(key)

    def _items(self, table: str) -> Iterator[tuple[str, dict[str, Any]]]:
        base = {} if self._reset else self._store._rows(table)
        for key, doc in base.items():
            mine = self.changes.get((table, key), doc)
            if mine is not None:
                yield key, mine
        for (tbl, key), changed in self.changes.items():
            if tbl == table and key not in base and changed is not None:
                yield key, changed

    def _to_change(self, table: str, key: str) -> dict[str, Any]:
        if (table, key) not in self.changes:
            current = self._current(table, key)
            self.changes[(table, key)] = copy_value(current) if current is not None else {}
        doc = self.changes[(table, key)]
        assert doc is not None
        return doc

    def _stamp(self, doc: dict[str, Any], rev: int) -> None:
        doc.update(rev=rev, updated_by=self.user, updated_at=self._now)

    # -- meta -------------------------------------------------------------------------------

    def get_meta(self, key: str, default: Any = None) -> Any:
        return copy_value((self._current(META_TABLE, META_ID) or {}).get(key, default))

    def set_meta(self, key: str, value: Any) -> None:
        self._meta_to_change()[key] = copy_value(value)

    def _meta_to_change(self) -> dict[str, Any]:
        doc = self._to_change(META_TABLE, META_ID)
        doc.setdefault("schema", SCHEMA_VERSION)
        doc.setdefault("next_id", {})
        return doc

    def ensure_meta(self) -> None:
        if self._current(META_TABLE, META_ID) is None:
            self._meta_to_change()

    def _allocate_id(self, table: str) -> int:
        """The table's next id from the database's counter, skipping a fixed id in use."""
        while True:
            doc_id = int(
                _first(
                    self._conn.execute(
                        "INSERT INTO ritual_ids (tbl, next) VALUES (%s, 2) ON CONFLICT (tbl)"
                        " DO UPDATE SET next = ritual_ids.next + 1 RETURNING next - 1",
                        (table,),
                    )
                )
            )
            if self._current(table, str(doc_id)) is None:
                return doc_id

    # -- reads ------------------------------------------------------------------------------

    def get(self, table: str, doc_id: int) -> dict[str, Any] | None:
        doc = self._current(table, str(doc_id))
        return _doc_out(str(doc_id), doc) if doc is not None else None

    def all(self, table: str) -> list[dict[str, Any]]:
        return [_doc_out(k, d) for k, d in self._items(table)]

    def find(self, table: str, pred: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        return [_doc_out(k, d) for k, d in self._items(table) if pred(d)]

    # -- changes ----------------------------------------------------------------------------

    def _new_doc(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        doc = {k: copy_value(v) for k, v in fields.items() if k != "id"}
        doc.update(created_by=self.user, created_at=self._now)
        self._stamp(doc, rev=1)
        return doc

    def insert(self, table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
        key = str(self._allocate_id(table))
        doc = self._new_doc(without_defaults(table, fields))
        self.changes[(table, key)] = doc
        return _doc_out(key, doc)

    def ensure(self, table: str, doc_id: int, defaults: Mapping[str, Any]) -> dict[str, Any]:
        existing = self.get(table, doc_id)
        if existing is not None:
            return existing
        doc = self._new_doc(defaults)
        self.changes[(table, str(doc_id))] = doc
        return _doc_out(str(doc_id), doc)

    def patch(
        self,
        table: str,
        doc_id: int,
        changes: Mapping[str, Any],
        base: Mapping[str, Any] | None = None,
        text_fields: Collection[str] = (),
    ) -> PatchResult:
        key = str(doc_id)
        current = self._current(table, key)
        if not isinstance(current, dict):
            raise NotFound(
                _("{table} {doc_id} does not exist (it may have just been deleted).").format(
                    table=table, doc_id=doc_id
                )
            )
        writes, notes = plan_patch(current, changes, base, text_fields, absent_defaults(table))
        if writes is None:
            return PatchResult(_doc_out(key, current))
        doc = self._to_change(table, key)
        doc.update(writes)
        self._stamp(doc, rev=next_rev(doc))
        return PatchResult(_doc_out(key, doc), notes)

    def clear_conflicts(self, table: str, doc_id: int, field_name: str | None = None) -> None:
        key = str(doc_id)
        current = self._current(table, key)
        if current is None or not current.get("conflicts"):
            return
        doc = self._to_change(table, key)
        doc["conflicts"] = without_conflicts(doc["conflicts"], field_name)
        self._stamp(doc, rev=next_rev(doc))

    def delete(self, table: str, doc_id: int) -> bool:
        key = str(doc_id)
        if self._current(table, key) is None:
            return False
        self.changes[(table, key)] = None
        return True

    def reset(self) -> None:
        """Empty the team (``ritual demo --force``); ids are still never reused."""
        for name, rows in self._store._tables.items():
            for key in rows:
                self.changes[(name, key)] = None
        for (name, key), doc in list(self.changes.items()):
            if doc is not None:
                self.changes[(name, key)] = None
        self._reset = True
        self.changes[(META_TABLE, META_ID)] = {"schema": SCHEMA_VERSION, "next_id": {}}

    def load(self, data: Data) -> None:
        """Replace the whole team with ``data`` (``ritual copy``); the id counters continue
        after the source's, so no id is ever handed out twice."""
        self.reset()
        for name, rows in data.items():
            for key, doc in rows.items():
                self.changes[(name, str(key))] = copy_value(doc)
        counters = dict((data.get(META_TABLE, {}).get(META_ID) or {}).get("next_id") or {})
        for name, rows in data.items():
            highest = max((int(k) for k in rows if str(k).isdigit()), default=0)
            counters[name] = max(int(counters.get(name, 1)), highest + 1)
        for name, nxt in counters.items():
            self._conn.execute(
                "INSERT INTO ritual_ids (tbl, next) VALUES (%s, %s) ON CONFLICT (tbl)"
                " DO UPDATE SET next = excluded.next",
                (name, nxt),
            )

    def commit_rows(self) -> int:
        """Inside the team's turn: the new version, every changed row stamped with it, and
        NOTIFY (delivered by PostgreSQL only when this transaction commits)."""
        from psycopg.types.json import Jsonb

        version = int(_first(self._conn.execute("UPDATE ritual_version SET n = n + 1 RETURNING n")))
        with self._conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO ritual_docs (tbl, id, doc, ver) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (tbl, id) DO UPDATE SET doc = excluded.doc, ver = excluded.ver",
                [
                    (tbl, int(key), Jsonb(doc) if doc is not None else None, version)
                    for (tbl, key), doc in self.changes.items()
                ],
            )
        self._conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(version)))
        return version


class PgWatcher:
    """LISTENs on its own connection in a daemon thread; :meth:`check` (the app's timer)
    calls ``on_change`` once for any number of NOTIFYs since the last check. After a lost
    connection it reconnects and reports a change, since NOTIFYs may have been missed."""

    def __init__(self, url: str, on_change: Callable[[], None]) -> None:
        self.url = url
        self.on_change = on_change
        self._heard = threading.Event()
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None

    def start_polling(self) -> PgWatcher:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="ritual-listen", daemon=True)
            self._thread.start()
        return self

    def start(self) -> PgWatcher:
        return self.start_polling()

    def wait_listening(self, timeout: float = 5.0) -> bool:
        """True once LISTEN is in place (a test's way to know a NOTIFY will be heard)."""
        return self._listening.wait(timeout)

    def check(self) -> bool:
        if not self._heard.is_set():
            return False
        self._heard.clear()
        self.on_change()
        return True

    def _run(self) -> None:
        psycopg = _psycopg()
        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    if not first:
                        self._heard.set()
                    first = False
                    while not self._stop.is_set():
                        for _note in conn.notifies(timeout=0.2):
                            self._heard.set()
            except psycopg.OperationalError:
                self._listening.clear()
                self._stop.wait(1.0)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
