"""Who may change the team file: one rule for the app, the CLI and the store itself.

The file itself must be writable by this user (its real path: a symlink to the team's file is
judged by the team's file), and so must its directory (every write is a new file renamed over
the old one). A group-writable directory alone is not enough: replacing a 0644 file that way
would silently make the writer its owner and shut the rest of the team out.
"""

from __future__ import annotations

import os
from pathlib import Path

from ritual.i18n import _


def write_refusal(path: str | os.PathLike[str]) -> str:
    """Why this user may not change the team file at ``path``, or "" when they may."""
    real = Path(os.path.realpath(path))
    if real.exists() and not os.access(real, os.W_OK):
        return _(
            "Read-only: you cannot write {path} (ask its owner for group write access: chmod g+w)."
        ).format(path=real)
    directory = real.parent
    if directory.is_dir() and not os.access(directory, os.W_OK | os.X_OK):
        return _(
            "Read-only: you cannot write in {directory} (the team's group needs g+w on it)."
        ).format(directory=directory)
    return ""
