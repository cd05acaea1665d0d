"""A TinyDB Storage for a JSON file that several processes share.

- Reads come from memory; the file is parsed again only when its signature (inode, size,
  mtime_ns) changed. Every writer gives the new file a fresh inode and a strictly newer mtime,
  so a changed file always has a new signature.
- Writes never touch the file in place: the whole document goes to a temp file in the same
  directory, which is fsynced and renamed over the old one, and the directory is fsynced. A
  reader sees the old file or the new one; a writer killed at any moment leaves one of them.
- Writes are only accepted inside :meth:`SharedJSONStorage.writing`, which the store enters while
  holding the inter-process lock; they are buffered and land on disk once, when it exits.
"""

from __future__ import annotations

import contextlib
import gc
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import orjson
from tinydb.storages import Storage

from ritual.i18n import _
from storage.errors import FileUnavailable, MissingFile, StoreError
from storage.memory import release_freed_memory

Signature = tuple[int, int, int]
Data = dict[str, dict[str, Any]]


def file_signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def stat_signature(path: Path) -> Signature | None:
    """The file's signature, or None when it is missing or cannot be looked at."""
    try:
        return file_signature(os.stat(path))
    except OSError:
        return None


def real_path(path: Path) -> Path:
    """Where the team file really is: a symlink to the team's file is followed, so writes
    replace the target (the link stays a link) and the lock lives beside the target."""
    return Path(os.path.realpath(path))


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _writer_alive(name: str, prefix: str) -> bool:
    """Whether the process named in a temp file's name (``.<file>.<pid>.<random>.tmp``) runs."""
    pid_text = name[len(prefix) :].split(".", 1)[0]
    if not pid_text.isdigit():
        return False  # an older ritual's name: only ever written under the lock we hold
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, another user's
    return True


def sweep_temp_files(path: Path) -> None:
    """Remove temp files that writers killed mid-write left beside ``path``; a file whose
    writer still runs (stopped, or an older ritual that ignores the directory lock) is kept."""
    prefix = temp_prefix(path)
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            name = entry.name
            if (
                name.startswith(prefix)
                and name.endswith(".tmp")
                and not _writer_alive(name, prefix)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _loads_unwatched(raw: bytes) -> Any:
    """orjson.loads, then out of the cyclic collector's sight.

    Parsing 50,000 records makes a million containers. With the collector on they set off
    collections during the parse, and every later collection walks them again (measured at
    50,000 cards: a 47 ms pass right after the parse, 78 ms for each full one). JSON data
    holds no cycles, so there is nothing for the collector to find in it: the parse runs with
    it paused and the result is frozen (``gc.freeze``), which only takes it off the
    collector's lists; reference counting still frees it once no one holds it. The young
    generations are collected first, so garbage made before the parse is not frozen with it.
    The collector's previous state is restored (start-up keeps it off on purpose).
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.collect(1)
    gc.disable()
    try:
        data = orjson.loads(raw)
        gc.freeze()
        return data
    finally:
        if was_enabled:
            gc.enable()


def _is_tables(data: Any) -> bool:
    """Whether parsed JSON has the team file's shape: tables of documents (``type() is``:
    orjson makes plain dicts, and the check runs on 50,000 documents per parse)."""
    return type(data) is dict and all(
        type(table) is dict and set(map(type, table.values())) <= {dict} for table in data.values()
    )


def parse(path: Path, raw: bytes) -> Data:
    """The file's tables, or one StoreError naming the file and what to do."""
    if not raw.strip():
        raise StoreError(
            _(
                "{path} is empty; ritual left it untouched: restore it from a backup (or "
                "a .bak copy beside it), or move it aside and create a team with 'ritual "
                "init'."
            ).format(path=path)
        )
    try:
        data = _loads_unwatched(raw)
    except orjson.JSONDecodeError as exc:
        where = str(exc).splitlines()[0] if str(exc) else _("cannot be parsed")
        raise StoreError(
            _(
                "{path} is not valid JSON ({where}); ritual left it untouched: restore "
                "it from a backup (or a .bak copy beside it, if there is one) or move it "
                "aside."
            ).format(path=path, where=where)
        ) from None
    if not _is_tables(data):
        raise StoreError(
            _(
                "{path} is JSON but not a ritual team file; ritual left it untouched: "
                "point --db or RITUAL_DB at the right file."
            ).format(path=path)
        )
    return data


def fsync_directory(directory: Path) -> None:
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replace_atomically(path: Path, payload: bytes, like: os.stat_result | None) -> Signature:
    """Put ``payload`` at ``path`` whole or not at all; returns the new file's signature.

    The new file keeps the old one's permission bits and group (``like``), so the next
    teammate can still write it. Any OSError (a full disk, a quota, a file size limit) is one
    StoreError naming the file; the temp file is gone and ``path`` is as it was.
    """
    try:
        return _replace(path, payload, like)
    except StoreError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(
            _("{path} could not be written ({reason}); nothing was changed.").format(
                path=path, reason=reason
            )
        ) from exc


def _replace(path: Path, payload: bytes, like: os.stat_result | None) -> Signature:
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=directory, prefix=f"{temp_prefix(path)}{os.getpid()}.", suffix=".tmp"
        )
    except PermissionError as exc:
        raise StoreError(
            _(
                "cannot write in {directory}: the team's group needs write access to the "
                "directory (chmod g+ws)."
            ).format(directory=directory)
        ) from exc
    except FileNotFoundError:
        raise StoreError(
            _(
                "{directory} does not exist: ritual makes no directories, create it "
                "first or point --db or RITUAL_DB at the right file."
            ).format(directory=directory)
        ) from None
    try:
        if like is not None:
            # Group first: changing the group may clear set-id bits, the chmod puts them back.
            if like.st_gid != os.fstat(fd).st_gid:
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, -1, like.st_gid)
            os.fchmod(fd, stat.S_IMODE(like.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        # A strictly newer mtime than the old file's, so readers always notice the change
        # even when the kernel's coarse clock has not ticked since the last write (1 µs: the
        # finest step every file system we may meet keeps).
        mtime = max(time.time_ns(), (like.st_mtime_ns + 1_000) if like else 0)
        os.utime(fd, ns=(mtime, mtime))
        os.fsync(fd)
        signature = file_signature(os.fstat(fd))
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    os.close(fd)
    try:
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_directory(directory)
    return signature


class SharedJSONStorage(Storage):
    """The team file's tables in memory, kept in step with the file.

    Before it has read the file once, a missing file is refused (MissingFile) unless
    ``allow_missing`` (the store was opened to create it). Once it has, a file that goes
    missing, empty, unreadable or broken makes it *unavailable*: reads keep the last good
    tables, :meth:`refresh` and :meth:`writing` raise FileUnavailable with the reason, and
    the file is never recreated; a new signature at the path is read again and, if good,
    everything recovers.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.refresh_on_read = True
        self.path = Path(path)
        self._data: Data | None = None
        self._signature: Signature | None = None
        self._loaded = False
        self._seen = False
        self._writing = False
        self._dirty = False
        self._swept = False
        self.allow_missing = False
        self.unavailable: str | None = None
        self.disk_version: int | None = None
        # Moves whenever the in-memory tables may have changed: each parse, each write put
        # on disk, each write given up. What is derived from the tables is valid for one.
        self.generation = 0
        self.on_reload: Callable[[], None] = lambda: None
        # Checks freshly parsed tables and brings them up to date in memory; returns the
        # schema version they had on disk (None for a new, empty team).
        self.prepare: Callable[[Data | None], int | None] = lambda data: None

    # -- reading ----------------------------------------------------------------------------

    @property
    def signature(self) -> Signature | None:
        """The signature of the file as last read or written by this process."""
        return self._signature

    @property
    def dirty(self) -> bool:
        """Inside :meth:`writing`: whether anything was changed yet."""
        return self._dirty

    def changed_on_disk(self) -> bool:
        return not self._loaded or stat_signature(self.path) != self._signature

    def refresh(self) -> bool:
        """Parse the file again if another process replaced it; True when it did.

        FileUnavailable when the file it had read cannot be read now (the reason is kept in
        :attr:`unavailable`); StoreError (MissingFile) before it ever read it.
        """
        if self._writing:
            return False
        if self._loaded and stat_signature(self.path) == self._signature:
            return False
        replaced = self._data is not None
        self._load()
        if replaced:  # the copy read before is dropped now: its memory may go back
            release_freed_memory()
        return True

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                raw = handle.read()
        except FileNotFoundError:
            if not self._seen and self.allow_missing:
                self._data, self._signature, self._loaded = None, None, True
                self.disk_version = None
                return
            if not self._seen:
                raise MissingFile(self.path) from None
            self._fail(None, _("{path} is gone (deleted or moved away)").format(path=self.path))
        except PermissionError:
            self._fail(
                stat_signature(self.path),
                _("{path} cannot be read: ask its owner for group read access (chmod g+r).").format(
                    path=self.path
                ),
            )
        except IsADirectoryError:
            self._fail(
                stat_signature(self.path),
                _("{path} is a directory; give --db the path of a file.").format(path=self.path),
            )
        except OSError as exc:
            self._fail(
                stat_signature(self.path),
                _("{path} cannot be read: {reason}.").format(path=self.path, reason=exc.strerror),
            )
        try:
            data = parse(self.path, raw)
            version = self.prepare(data)
        except StoreError as exc:
            self._fail(file_signature(st), str(exc))
        self._data, self._signature, self._loaded = data, file_signature(st), True
        self._seen, self.unavailable, self.disk_version = True, None, version
        self.generation += 1
        self.on_reload()

    def _fail(self, signature: Signature | None, reason: str) -> NoReturn:
        """Refuse a file that cannot be used: before it was ever read, as one StoreError;
        after, keep the last good tables and remember why until the file changes again."""
        if not self._seen:
            self._loaded = False
            raise StoreError(reason)
        if not reason.rstrip().endswith((".", "。")):
            reason += _(
                ": nothing can be saved until it is back; what is shown is the last good copy."
            )
        self._signature, self._loaded, self.unavailable = signature, True, reason
        raise FileUnavailable(reason)

    def read(self) -> Data | None:
        """The tables as this process last saw them. The store treats them as read-only
        outside :meth:`writing`; TinyDB's own callers get the same object.

        Unless :attr:`refresh_on_read` is off, a read first checks the file's signature (a
        stat); an open app turns that off so its UI thread reads memory only and its file
        watcher's worker alone looks at the disk."""
        if not self._writing and (self.refresh_on_read or not self._loaded):
            with contextlib.suppress(FileUnavailable):
                self.refresh()
        return self._data

    def raw_bytes(self) -> bytes | None:
        """The file's bytes as they are on disk now (for backups before a migration)."""
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, target: Path | None = None) -> Iterator[None]:
        """Buffer writes, then put them on disk at once at ``target`` (the file, symlinks
        resolved). The caller holds the lock on ``target``."""
        target = target or real_path(self.path)
        self.refresh()
        if self.unavailable is not None:
            raise FileUnavailable(self.unavailable)
        if not self._swept:
            self._swept = True
            sweep_temp_files(target)
        self._writing, self._dirty = True, False
        try:
            yield
        except BaseException:
            # The in-memory copy may hold half of an operation: forget it, keep the file.
            self._loaded = False
            raise
        finally:
            self._writing = False
            self.generation += 1
        if self._dirty:
            try:
                self._replace_file(self._data or {}, target)
            except BaseException:
                self._loaded = False
                raise
            finally:
                self._dirty = False

    def mutable(self) -> Data:
        """Inside :meth:`writing`: the tables, to change in place; marks them to be written.

        Marked before the caller changes anything, so an exception half-way through makes
        :meth:`writing` forget the in-memory copy rather than keep half a change.
        """
        if not self._writing:
            raise RuntimeError("writes go through Store.transaction()")  # i18n: literal
        if self._data is None:
            self._data = {}
        self._dirty = True
        return self._data

    def write(self, data: Data) -> None:
        if not self._writing:
            self._loaded = False  # TinyDB changed our tables before calling: read them again
            raise RuntimeError("writes go through Store.transaction()")  # i18n: literal
        self._data = data
        self._dirty = True

    def _replace_file(self, data: Data, target: Path) -> None:
        payload = orjson.dumps(data)
        try:
            old = os.stat(target)
        except FileNotFoundError:
            if self._seen:  # deleted under the lock by something that is not ritual
                self._fail(None, _("{path} is gone (deleted or moved away)").format(path=self.path))
            old = None
        self._signature = replace_atomically(target, payload, old)
        self._loaded = self._seen = True

    def close(self) -> None:
        pass
