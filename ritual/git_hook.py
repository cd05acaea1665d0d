"""Commits that name a card move it on the board: the pattern, the hook script, the action.

A developer writes "Fix the login (card 42)" or "#42" in a commit message; the post-commit
hook hands the commit to ``ritual hook commit``, which moves card 42 to review (or only notes
the commit on it). The hook runs ritual on this machine, or, from a laptop, on the team's host
over ssh (``--remote user@host``): the team file lives there. Pure functions: the CLI does the
file and process work.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from ritual.errors import RitualError
from ritual.i18n import _

HOOK_NAME = "post-commit"
MARKER = "# ritual-hook: installed by 'ritual hook install'"
DEFAULT_PATTERN = r"(?i)\bcard\s*#?(\d+)|(?<![\w&/])#(\d+)\b"
DEFAULT_COLUMN = "review"
ACTIONS = ("move", "comment")
# What the hook sends: the short hash, the author, then the whole message.
LOG_FORMAT = "%h%n%an%n%B"


@dataclass(frozen=True)
class HookSettings:
    """The ``[hooks]`` table of the config file, checked."""

    pattern: re.Pattern[str]
    column: str = DEFAULT_COLUMN
    action: str = "move"


def hook_settings(config: dict) -> HookSettings:
    table = config.get("hooks", {})
    if not isinstance(table, dict):
        raise RitualError(_("[hooks] in the config file must be a table."))
    text = str(table.get("pattern", DEFAULT_PATTERN))
    try:
        pattern = re.compile(text)
    except re.error as exc:
        raise RitualError(
            _("[hooks] pattern {text!r} is not a regular expression ({exc}).").format(
                text=text, exc=exc
            )
        ) from None
    if pattern.groups < 1:
        raise RitualError(_("[hooks] pattern needs a group, as in 'card (\\d+)', for the card id."))
    action = str(table.get("action", "move"))
    if action not in ACTIONS:
        raise RitualError(
            _("[hooks] action {action!r}: use move or comment.").format(action=action)
        )
    return HookSettings(pattern, str(table.get("column", DEFAULT_COLUMN)), action)


def card_ids(message: str, pattern: re.Pattern[str]) -> list[int]:
    """The card ids a commit message names, in order, each once."""
    out: list[int] = []
    for match in pattern.finditer(message):
        digits = next((g for g in match.groups() if g), None)
        if digits and digits.isascii() and digits.isdigit() and len(digits) <= 9:
            number = int(digits)
            if number > 0 and number not in out:
                out.append(number)
    return out


@dataclass(frozen=True)
class Commit:
    short: str
    author: str
    subject: str
    message: str


def parse_commit(text: str) -> Commit:
    """What the hook pipes in (``git log -1 --format=LOG_FORMAT``)."""
    lines = text.split("\n")
    if len(lines) < 3:
        raise RitualError(_("ritual hook commit reads a commit from git: hash, author, message."))
    message = "\n".join(lines[2:]).strip()
    return Commit(lines[0].strip(), lines[1].strip(), message.split("\n", 1)[0], message)


def ritual_command(ritual: list[str], db: str | None, remote: str | None) -> str:
    """The shell command the hook runs, the commit on its standard input. With ``remote``,
    ritual runs on that host over ssh (BatchMode: a commit never waits for a password)."""
    args = [*(["--db", db] if db else []), "hook", "commit"]
    if remote:
        if remote.startswith("-") or not re.fullmatch(r"[\w.@%+-]+", remote):
            raise RitualError(_("{remote!r} is not a host: give user@host.").format(remote=remote))
        inner = " ".join(shlex.quote(a) for a in ["ritual", *args])
        return f"ssh -o BatchMode=yes {shlex.quote(remote)} {shlex.quote(inner)}"
    return " ".join(shlex.quote(a) for a in [*ritual, *args])


def hook_script(command: str, chained: str | None = None) -> str:
    """The post-commit hook. A commit is never stopped by it: ritual's answer is shown and
    the hook always ends well. ``chained`` is a previous hook kept beside it, run first."""
    chain = f'"$(dirname "$0")/{chained}" "$@" || true\n' if chained else ""
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Moves cards named in the commit message ('card 42', '#42'); see README 'Git hooks'.\n"
        f"{chain}"
        f"git log -1 --format='{LOG_FORMAT}' | {command} || true\n"
        "exit 0\n"
    )
