"""The team file's schema version, and the migrations that bring older files up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ritual.i18n import _
from storage.errors import StoreError

SCHEMA_VERSION = 2
META_TABLE = "meta"
META_ID = "1"
# In the meta record of an archive file (``ritual archive``): the name of its team file. An
# archive is read-only to everything but ``ritual archive`` itself (storage/archive.py).
ARCHIVE_OF = "archive_of"

Data = dict[str, dict[str, Any]]


def version_of(data: Data | None) -> int | None:
    """The file's schema version: None for an empty file, 0 for a plain TinyDB file."""
    if not data:
        return None
    meta = data.get(META_TABLE, {}).get(META_ID)
    if meta is None:
        return 0
    version = meta.get("schema")
    if not isinstance(version, int):
        return 0
    return version


def check_version(path: Path, data: Data | None) -> int | None:
    """The file's version; StoreError, the file untouched, when a newer ritual wrote it."""
    version = version_of(data)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "{path} was written by a newer ritual (schema {version}; this one knows "
                "up to {known}); ritual left it untouched: upgrade ritual (pip "
                "install -U ritual)."
            ).format(path=path, version=version, known=SCHEMA_VERSION)
        )
    return version


def _adopt_plain_tinydb(data: Data) -> None:
    """0 -> 1: a TinyDB file without ritual's meta record gets one, with id counters that
    continue after the highest id already used in each table."""
    next_id = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            continue
        ids = [int(k) for k in table if k.isascii() and k.isdigit()]
        next_id[name] = max(ids, default=0) + 1
    meta = dict(data.get(META_TABLE, {}).get(META_ID, {}))
    meta.update(schema=1, next_id=next_id)
    data.setdefault(META_TABLE, {})[META_ID] = meta


def _one_place_per_card(data: Data) -> None:
    """1 -> 2: every card in exactly one place, the product backlog or one iteration.

    Before, a card could sit in an iteration's Backlog column, or in To do..Done with no
    iteration (added before any iteration existed): never counted, never moved on close.
    Each stays where the board showed it: a Backlog card goes to the product backlog; a card
    in a sprint column without an iteration joins the current one, or the backlog when there
    is none. Cards also learn since when they are in their column (and blocked)."""
    iterations = data.get("iterations", {})
    current = [
        int(k)
        for k, d in iterations.items()
        if isinstance(d, dict) and d.get("state") == "current" and k.isdigit()
    ]
    cards = data.get("cards", {})
    for card in cards.values() if isinstance(cards, dict) else ():
        if not isinstance(card, dict):
            continue
        if card.get("column") == "backlog":
            card["iteration_id"] = None
        elif card.get("iteration_id") is None and card.get("column") in SPRINT_COLUMNS:
            if current:
                card["iteration_id"] = current[0]
            else:
                card["column"] = "backlog"
        since = card.get("updated_at") or card.get("created_at") or ""
        card.setdefault("column_since", since)
        card.setdefault("blocked_since", since if card.get("blocked") else "")


SPRINT_COLUMNS = ("todo", "doing", "review", "done")

MIGRATIONS: dict[int, Callable[[Data], None]] = {0: _adopt_plain_tinydb, 1: _one_place_per_card}


def migrate(data: Data) -> int:
    """Bring ``data`` up to SCHEMA_VERSION in place; returns the version it started from."""
    start = version_of(data) or 0
    version = start
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](data)
        version += 1
        data[META_TABLE][META_ID]["schema"] = version
    return start


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def free_backup_path(path: Path, version: int, content: bytes) -> Path:
    """Where to keep the old file: ``<file>.v0.bak``, unless that already holds other bytes
    (an earlier migration's backup), then ``<file>.v0.2.bak`` and so on."""
    candidate = backup_path(path, version)
    n = 1
    while candidate.exists() and candidate.read_bytes() != content:
        n += 1
        candidate = path.with_name(f"{path.name}.v{version}.{n}.bak")
    return candidate
