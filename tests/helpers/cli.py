"""Run the ``ritual`` command as a user would: a real process on a given team file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def ritual(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ritual", "--db", str(db), "--user", "ci", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def new_team_file(db: Path) -> Path:
    """An empty team file, as ``ritual init`` makes one: commands refuse a missing file."""
    from storage.store import Store

    with Store(db, "ci").open(create=True).transaction() as tx:
        tx.ensure_meta()
    return db
