"""A voter's own planning-poker votes, kept where only they can read them until the reveal.

The team file holds only a seal of each vote (ritual.review_poker). The value and the salt that
open it live here: a JSON file in the voter's own state directory (``~/.local/state/ritual`` on
Linux, or ``$RITUAL_STATE_DIR``), made with mode 0600 in a 0700 directory, so other Unix users
on the team's host cannot read it. A restarted app finds its vote here and can still open it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ENV_STATE_DIR = "RITUAL_STATE_DIR"


def state_dir() -> Path:
    env = os.environ.get(ENV_STATE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_path

    return user_state_path("ritual", appauthor=False)


class PrivateVotes:
    """Votes by key (team file, review, item, field, round, voter) -> (value, salt)."""

    def __init__(self, directory: Path | None = None, user: str = "") -> None:
        # One file per ritual user: people sharing a Unix account (or tests) stay apart.
        name = f"poker-votes-{user}.json" if user else "poker-votes.json"
        self.path = (directory or state_dir()) / "".join(
            c if c.isalnum() or c in "-._" else "_" for c in name
        )

    def _read(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def put(self, key: str, value: str, salt: str) -> None:
        data = self._read()
        data[key] = [value, salt]
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, self.path)

    def get(self, key: str) -> tuple[str, str] | None:
        found = self._read().get(key)
        return (
            (str(found[0]), str(found[1])) if isinstance(found, list) and len(found) == 2 else None
        )
