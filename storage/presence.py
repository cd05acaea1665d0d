"""Who is still there, kept in a small file beside the team file instead of in it.

A running stand-up's facilitator says "still here" every 15 s. Written into the team file,
that rewrote all of it (26 MB at 50,000 cards) and made every open screen on the file parse
it again. Here it goes to ``<team file>.presence``: a few bytes rewritten in place, which no
file watcher looks at, so an idle stand-up changes nothing the team file's readers see.

Presence is a hint, not data: a lost or torn write only makes someone look away for one beat,
so the file is written without a temp file or fsync, and anything unreadable counts as
nobody having said anything.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

import orjson

from ritual.i18n import _
from storage.errors import StoreError
from storage.sharedfile import Signature, real_path, stat_signature


def presence_path(team_file: Path) -> Path:
    """Where presence for ``team_file`` lives: beside the real file (symlinks followed),
    where the lock lives too."""
    target = real_path(team_file)
    return target.with_name(target.name + ".presence")


class Presence:
    """Last-seen instants by subject (``standup:2026-11-26``), each with who was seen."""

    def __init__(self, team_file: Path) -> None:
        self.team_file = Path(team_file)
        self._signature: Signature | None = None
        self._seen: dict[str, Any] = {}

    @property
    def path(self) -> Path:
        return presence_path(self.team_file)

    def seen(self, subject: str) -> tuple[str, str] | None:
        """(who, when as stored ISO text) last said they were there for ``subject``, or None.
        Re-read only when the side file changed (a stat otherwise)."""
        path = self.path
        signature = stat_signature(path)
        if signature != self._signature:
            self._signature, self._seen = signature, {}
            with contextlib.suppress(OSError, orjson.JSONDecodeError):
                data = orjson.loads(path.read_bytes())
                if isinstance(data, dict):
                    self._seen = data
        entry = self._seen.get(subject)
        if isinstance(entry, dict):
            who, when = entry.get("user"), entry.get("at")
            if isinstance(who, str) and isinstance(when, str):
                return who, when
        return None

    def say(self, subject: str, user: str, at: str) -> None:
        """Record that ``user`` is there for ``subject`` at ``at`` (only the latest subject
        is kept: one meeting runs at a time). StoreError naming the file when it cannot be
        written."""
        path = self.path
        payload = orjson.dumps({subject: {"user": user, "at": at}})
        try:
            like = os.stat(real_path(self.team_file))
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            try:
                st = os.fstat(fd)
                if st.st_uid == os.geteuid():  # ours: same group and mode as the team file
                    if st.st_gid != like.st_gid:
                        with contextlib.suppress(PermissionError):
                            os.fchown(fd, -1, like.st_gid)
                    os.fchmod(fd, stat.S_IMODE(like.st_mode) & 0o666)
                os.write(fd, payload)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StoreError(
                _("{path} could not be written ({reason}); the team file is unchanged.").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
