"""Writing into a team file as another ritual version, a script or a hand edit would."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

Data = dict[str, Any]


def edit_file(path: Path, change: Callable[[Data], None]) -> None:
    """Change the team file's JSON behind ritual's back (no lock, an atomic replace, as a
    careful script would)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    tmp = path.with_name(path.name + ".script-tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def set_field(
    table: str, key: str, name: str, value: Any, bump: bool = False
) -> Callable[[Data], None]:
    """Set one field; ``bump`` also counts up the record's revision, as every writer of the
    file does (open screens repaint a record when its revision changes)."""

    def change(data: Data) -> None:
        data[table][key][name] = value
        if bump:
            data[table][key]["rev"] = data[table][key].get("rev", 0) + 1

    return change


READ_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("card", "list"),
    ("card", "list", "--json"),
    ("member", "list"),
    ("iteration", "list"),
    ("review", "list"),
    ("review", "list", "--json"),
    ("export", "standup"),
    ("export", "standup", "--format", "json"),
    ("export", "review", "1"),
    ("export", "review", "1", "--format", "json"),
    ("export", "board"),
    ("export", "board", "--format", "md"),
    ("export", "board", "--format", "json"),
    ("export", "board", "--format", "csv"),
)
