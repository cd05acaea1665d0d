"""A person's private side file next to the team file: what only its author may read.

The team file is readable by the whole group by design. A retro reflection being written must
not be: so it is kept in a file of its own, beside the team file, created by its author's
process with mode 0600 (owner read/write, nothing for the group). Another teammate's process
runs as another Unix user and cannot open it; only root can.

The file is trusted only when it is really private: a regular file, not a symlink, owned by the
user reading it, with no group or other permission bits. Anything else is refused, never read
nor written through, so a teammate cannot plant a readable file under someone's name to catch
their text. Writes go to a fresh 0600 temporary file that replaces the old one atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from ritual.i18n import _
from storage.errors import StoreError

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def private_path(team_file: Path, login: str, key: str) -> Path:
    """Where ``login``'s private data ``key`` ("retro-3") for ``team_file`` is kept."""
    who = _SAFE.sub("_", login) or "_"
    return team_file.with_name(f".{team_file.name}.{_SAFE.sub('_', key)}.{who}.private")


def _refusal(path: Path, st: os.stat_result) -> str:
    if not stat.S_ISREG(st.st_mode):
        return _("{path} is not a regular file").format(path=path)
    if st.st_uid != os.geteuid():
        return _("{path} belongs to someone else").format(path=path)
    if st.st_mode & 0o077:
        return _("{path} can be read by others (mode {mode:o})").format(
            path=path, mode=stat.S_IMODE(st.st_mode)
        )
    return ""


def read_private(path: Path) -> dict[str, Any]:
    """The private data, {} when there is none yet; StoreError when the file is not private
    (then it is left alone: its content may not be the user's)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise StoreError(
            _("your private file {path} cannot be read ({strerror}).").format(
                path=path, strerror=exc.strerror
            )
        ) from None
    with os.fdopen(fd, "rb") as f:
        why = _refusal(path, os.fstat(f.fileno()))
        if why:
            raise StoreError(
                _("{why}: remove it; private text is never kept there.").format(why=why)
            )
        raw = f.read()
    try:
        data = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (UnicodeDecodeError, ValueError):
        raise StoreError(
            _("your private file {path} is broken: it was left as it is.").format(path=path)
        ) from None
    return data if isinstance(data, dict) else {}


def write_private(path: Path, data: dict[str, Any]) -> None:
    """Replace the private file with ``data``: a new 0600 file of this user, moved in whole."""
    with contextlib.suppress(FileNotFoundError):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            raise StoreError(_("{path} is not a regular file: remove it first.").format(path=path))
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".private-", dir=path.parent)  # mode 0600
    except OSError as exc:
        raise StoreError(
            _("no private file can be made beside the team file ({strerror}).").format(
                strerror=exc.strerror
            )
        ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(
            _("your private file {path} could not be written ({strerror}).").format(
                path=path, strerror=exc.strerror
            )
        ) from None


def remove_private(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
