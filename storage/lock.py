"""An inter-process lock on a lock file beside the team file (flock, so a crash releases it)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

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


@contextlib.contextmanager
def exclusive_lock(db_path: Path, timeout: float = 5.0) -> Iterator[None]:
    """Hold the team file's lock; StoreBusy after ``timeout`` seconds, having changed nothing."""
    path = lock_path_for(db_path)
    try:
        fd = _open_lock_file(path, db_path)
    except PermissionError as exc:
        raise StoreError(
            f"{path} cannot be opened for locking: ask the file's owner to make it group-readable "
            "and the directory group-writable (chmod g+rw)."
        ) from exc
    except OSError as exc:
        raise StoreError(f"{path} cannot be opened for locking: {exc.strerror}.") from exc
    try:
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(
                        f"{db_path} is busy: another ritual process has held its lock for "
                        f"{timeout:g} s; nothing was written, try again."
                    ) from None
                time.sleep(min(delay, left))
                delay = min(delay * 2, 0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
