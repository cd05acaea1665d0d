"""``ritual hook install``, ``ritual hook commit`` (what the hook runs) and ``card link``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ritual.cli.context import context_from
from ritual.cli.output import emit_line, warn
from ritual.errors import RitualError
from ritual.git_hook import (
    HOOK_NAME,
    MARKER,
    card_ids,
    hook_script,
    hook_settings,
    parse_commit,
    ritual_command,
)
from ritual.i18n import _


def _hooks_dir(repo: str) -> Path:
    """Where git runs hooks for ``repo`` (honours core.hooksPath and worktrees)."""
    try:
        out = subprocess.run(
            ["git", "-C", repo, "rev-parse", "--git-path", "hooks"],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise RitualError(_("git is not installed here.")) from None
    if out.returncode != 0:
        raise RitualError(_("{repo} is not a git repository.").format(repo=repo))
    path = Path(out.stdout.strip())
    return path if path.is_absolute() else Path(repo) / path


def install_hook(args: argparse.Namespace) -> int:
    db = None if args.remote else str(context_from(args).path.resolve())
    if args.remote and args.db:
        db = args.db  # a path on the team's host, passed on as given
    command = ritual_command([sys.executable, "-m", "ritual"], db, args.remote)
    hooks = _hooks_dir(args.repo)
    hook = hooks / HOOK_NAME
    chained = None
    if hook.exists() and MARKER not in hook.read_text(errors="replace"):
        if not args.chain:
            raise RitualError(
                _(
                    "{hook} exists and is not ritual's: nothing was changed. Run again with "
                    "--chain to keep it (it runs first, as {local}), or add this line "
                    "to it: {line}"
                ).format(
                    hook=hook,
                    local=f"{HOOK_NAME}.local",
                    line=f"git log -1 --format='%h%n%an%n%B' | {command}",
                )
            )
        chained = f"{HOOK_NAME}.local"
        if (hooks / chained).exists():
            raise RitualError(
                _("{path} exists already: merge the hooks by hand.").format(path=hooks / chained)
            )
        hook.rename(hooks / chained)
    elif hook.exists():
        text = hook.read_text(errors="replace")
        chained = f"{HOOK_NAME}.local" if f"{HOOK_NAME}.local" in text else None
    hooks.mkdir(parents=True, exist_ok=True)
    tmp = hook.with_name(f".{HOOK_NAME}.ritual-tmp")
    tmp.write_text(hook_script(command, chained))
    tmp.chmod(0o755)
    os.replace(tmp, hook)
    if args.remote:
        text = _("installed {hook}: commits naming a card update it on {remote}")
    else:
        text = _("installed {hook}: commits naming a card update it here")
    if chained:
        text += _("; your previous hook runs first ({chained})")
    emit_line((text + ".").format(hook=hook, remote=args.remote, chained=chained))
    return 0


def hook_commit(args: argparse.Namespace) -> int:
    """Move (or note the commit on) every card the commit names. A card that does not exist
    is one warning line; the others are still updated."""
    from ritual.cli.cards import column_label
    from ritual.config import load_config
    from ritual.iteration import BOARD_COLUMNS, Column
    from ritual.symbols import symbol
    from ritual.text import one_line
    from storage.board_repo import BoardRepo

    settings = hook_settings(load_config())
    column = Column.parse(settings.column)
    commit = parse_commit(sys.stdin.read())
    ids = card_ids(commit.message, settings.pattern)
    if not ids:
        return 0
    repo = BoardRepo(context_from(args).open_store())
    note = f"commit {commit.short} by {commit.author}: {commit.subject}"[:500]
    for card_id in ids:
        try:
            card = repo.card(card_id)
        except RitualError:
            warn(_("commit names card {id}, which does not exist.").format(id=card_id))
            continue
        order: list[Column] = list(BOARD_COLUMNS)
        behind = card.column in order and order.index(card.column) < order.index(column)
        if settings.action == "move" and behind:
            card = repo.move_card(card_id, column)
            arrow = symbol("arrow")
            moved = _("card {id} {arrow} {column}: {title}").format(
                id=card_id,
                arrow=arrow,
                column=column_label(card.column),
                title=one_line(card.title),
            )
            emit_line(f"ritual: {moved}")  # i18n: literal (the command's name)
        else:
            noted = _("card {id}: commit {commit} noted").format(id=card_id, commit=commit.short)
            emit_line(f"ritual: {noted}")  # i18n: literal (the command's name)
        repo.add_comment(card_id, note)
    return 0


def link_card(args: argparse.Namespace) -> int:
    from ritual.cli.cards import card_json, parse_card_id
    from ritual.cli.output import emit_json
    from ritual.iteration import check_link
    from storage.board_repo import BoardRepo

    card_id = parse_card_id(args.id)
    check_link(args.url)  # refused before the file is opened
    card = BoardRepo(context_from(args).open_store()).add_link(card_id, args.url)
    if args.json:
        emit_json(card_json(card))
    else:
        emit_line(
            _("card {id}: {n} link(s); added {url}").format(
                id=card.id, n=len(card.links), url=args.url
            )
        )
    return 0
