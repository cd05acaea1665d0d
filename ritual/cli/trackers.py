"""``ritual import jira|github|linear FILE`` and ``ritual export board --format jira|linear``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ritual.cli.context import context_from
from ritual.cli.output import emit_line, emit_table, fail
from ritual.errors import RitualError
from ritual.text import one_line
from ritual.trackers import decode_export, plan_import


def _read(path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RitualError(f"{path} cannot be read ({exc.strerror}).") from None
    return decode_export(raw, str(path))


def import_cards(args: argparse.Namespace) -> int:
    """Read and check every row first; only a clean file is stored, in one unit of work."""
    from storage.board_repo import BoardRepo

    text = _read(args.file)
    repo = BoardRepo(context_from(args).open_store())
    plan = plan_import(args.tracker, text, repo.team.members())
    if plan.errors:
        for line in plan.errors:
            fail(f"{args.file} {line}")
        fail(f"{len(plan.errors)} bad row(s): nothing was imported; fix them and run again.")
        return 2
    for row in plan.rows:
        if row.unknown_assignee:
            print(
                f"ritual: warning: line {row.line}: {one_line(row.unknown_assignee)!r} is not a "
                "team member: the card stays unassigned (add them with 'ritual member add').",
                file=sys.stderr,
            )
    if args.dry_run:
        existing = {c.source_key: c.id for c in repo.cards("all") if c.source_key}
        _preview(plan.rows, existing)
        new = sum(1 for r in plan.rows if r.source_key not in existing)
        emit_line(f"dry run: {new} card(s) would be added to the backlog; nothing was written.")
        return 0
    results = repo.import_cards(plan.rows)
    added = [card_id for _, card_id, new in results if new]
    kept = len(results) - len(added)
    again = f"; {kept} already imported, left as they are" if kept else ""
    emit_line(f"imported {len(added)} card(s) into the backlog{again}.")
    return 0


def _preview(rows, existing: dict[str, int]) -> None:
    emit_table(
        ["LINE", "KEY", "PRI", "PTS", "ASSIGNEE", "LABELS", "TITLE", "STATUS"],
        [
            [
                str(r.line),
                r.source_key.split(":", 1)[1],
                r.priority,
                "" if r.points is None else str(r.points),
                r.assignee or (f"? {r.unknown_assignee}" if r.unknown_assignee else ""),
                ",".join(r.labels),
                r.title,
                f"card {existing[r.source_key]}" if r.source_key in existing else "new",
            ]
            for r in rows
        ],
    )


def export_for_tracker(args: argparse.Namespace) -> int:
    """The board's cards (current iteration and backlog) as the tracker's CSV."""
    from ritual.export_board import board_order
    from ritual.trackers import export_csv
    from storage.board_repo import BoardRepo

    repo = BoardRepo(context_from(args).open_store())
    it = repo.current_iteration()
    cards = board_order(repo.board_cards(it.id if it else None))
    logins = {m.name: m.login or m.name for m in repo.team.members()}
    sys.stdout.write(export_csv(args.format, cards, lambda name: logins.get(name, name)))
    return 0
