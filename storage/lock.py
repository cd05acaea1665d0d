"""The inter-process lock of a team file: flock (so a crash releases it) on the directory that
holds the file, then on the lock file beside it.

The directory is the lock that counts. A lock file can be deleted by a teammate while its holder
is stopped (a closed laptop lid, ctrl+z): the next writer then creates a new file, locks that,
and two writers run at once, and one of them overwrites the other's acknowledged change. A
directory that holds the team file cannot be deleted under a live holder, so a stopped holder
keeps everyone waiting ("busy") instead of losing their work. Locking the directory needs only
read access to it, and it locks every team file in that directory at once (they take turns).

The lock file is still taken, after the directory, so ritual processes of an older version that
still run during an upgrade (and lock only the file) take turns with this one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from ritual.i18n import _
from storage.errors import StoreBusy, StoreError


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _open_existing(path: Path) -> int:
    """flock needs no write access: a teammate's lock file we may only read still locks."""
    try:
        return os.open(path, os.O_RDWR)
    except PermissionError:
        return os.open(path, os.O_RDONLY)


def _open_lock_file(path: Path, db_path: Path) -> int:
    try:
        return _open_existing(path)
    except FileNotFoundError:
        pass
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return _open_existing(path)
    # Created by us: group-writable whatever our umask, in the team file's group, so the next
    # teammate can lock too.
    try:
        db = os.stat(db_path)
        mode, gid = stat.S_IMODE(db.st_mode), db.st_gid
    except FileNotFoundError:
        mode, gid = 0o664, -1
    with contextlib.suppress(OSError):
        if gid != -1 and gid != os.fstat(fd).st_gid:
            os.fchown(fd, -1, gid)
    with contextlib.suppress(OSError):
        os.fchmod(fd, (mode | 0o660) & 0o666)
    return fd


def _open_directory(directory: Path) -> int:
    try:
        return os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        raise StoreError(
            _(
                "{directory} does not exist: ritual makes no directories, create it "
                "first or point --db or RITUAL_DB at the right file."
            ).format(directory=directory)
        ) from None
    except PermissionError as exc:
        raise StoreError(
            _(
                "{directory} cannot be opened for locking: the team's group needs read "
                "access to the directory (chmod g+rx)."
            ).format(directory=directory)
        ) from exc
    except OSError as exc:
        raise StoreError(
            _("{directory} cannot be opened for locking: {strerror}.").format(
                directory=directory, strerror=exc.strerror
            )
        ) from exc


def _wait_for(fd: int, db_path: Path, deadline: float, timeout: float) -> None:
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusy(
                    _(
                        "{db_path} is busy: another ritual process has held its lock for "
                        "{timeout:g} s; nothing was written, try again (a stopped one, e.g. "
                        "after ctrl+z, holds it until it is resumed or ended)."
                    ).format(db_path=db_path, timeout=timeout)
                ) from None
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.02)


@contextlib.contextmanager
def exclusive_lock(db_path: Path, timeout: float = 5.0) -> Iterator[None]:
    """Hold the team file's lock; StoreBusy after ``timeout`` seconds, having changed nothing.

    ``db_path`` is the file itself, symlinks resolved: the lock lives beside the target.
    """
    deadline = time.monotonic() + timeout
    dir_fd = _open_directory(db_path.parent)
    try:
        _wait_for(dir_fd, db_path, deadline, timeout)
        with _file_lock(db_path, deadline, timeout):
            yield
    finally:
        os.close(dir_fd)  # closing releases the flock


@contextlib.contextmanager
def _file_lock(db_path: Path, deadline: float, timeout: float) -> Iterator[None]:
    path = lock_path_for(db_path)
    try:
        fd = _open_lock_file(path, db_path)
    except PermissionError as exc:
        raise StoreError(
            _(
                "{path} cannot be opened for locking: ask the file's owner to make it "
                "group-readable and the directory group-writable (chmod g+rw)."
            ).format(path=path)
        ) from exc
    except OSError as exc:
        raise StoreError(
            _("{path} cannot be opened for locking: {strerror}.").format(
                path=path, strerror=exc.strerror
            )
        ) from exc
    try:
        _wait_for(fd, db_path, deadline, timeout)
        yield
    finally:
        os.close(fd)
