"""From command-line options to an opened store: which file, which user, which clock."""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from ritual.clock import Clock, SystemClock
from storage.store import Store

ENV_DB = "RITUAL_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ritual", appauthor=False) / "ritual.json"


def resolve_db_path(option: str | None) -> Path:
    """--db, else $RITUAL_DB, else ritual.json in the user's data directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def resolve_user(option: str | None) -> str:
    if option and option.strip():
        return option.strip()
    return os.environ.get("USER") or getpass.getuser()


def write_refusal(path: Path) -> str:
    """Why this user cannot change the file, or "" when they can."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"Read-only: you cannot write {path} (ask for group write access)."
    directory = path.parent if path.parent.exists() else None
    if directory is not None and not os.access(directory, os.W_OK | os.X_OK):
        return f"Read-only: you cannot write in {directory} (the team's group needs g+w)."
    return ""


@dataclass
class Context:
    path: Path
    user: str
    clock: Clock

    def open_store(self, create_dir: bool = False) -> Store:
        if create_dir:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        return Store(self.path, self.user, self.clock).open()


def context_from(args: argparse.Namespace, clock: Clock | None = None) -> Context:
    return Context(resolve_db_path(args.db), resolve_user(args.user), clock or SystemClock())
