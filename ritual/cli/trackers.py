"""``ritual import jira|github|linear FILE`` and ``ritual export board --format jira|linear``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ritual.cli.context import context_from
from ritual.cli.output import emit_line, emit_table, fail, warn
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.text import one_line
from ritual.trackers import decode_export, plan_import


def _read(path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RitualError(
            _("{path} cannot be read ({reason}).").format(path=path, reason=exc.strerror)
        ) from None
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
        fail(
            _("{n} bad row(s): nothing was imported; fix them and run again.").format(
                n=len(plan.errors)
            )
        )
        return 2
    for row in plan.rows:
        if row.unknown_assignee:
            warn(
                _(
                    "line {line}: {name!r} is not a team member: the card stays unassigned "
                    "(add them with 'ritual member add')."
                ).format(line=row.line, name=one_line(row.unknown_assignee))
            )
    if args.dry_run:
        existing = {c.source_key: c.id for c in repo.cards("all") if c.source_key}
        _preview(plan.rows, existing)
        new = sum(1 for r in plan.rows if r.source_key not in existing)
        emit_line(
            _("dry run: {n} card(s) would be added to the backlog; nothing was written.").format(
                n=new
            )
        )
        return 0
    results = repo.import_cards(plan.rows)
    added = [card_id for _row, card_id, new in results if new]
    kept = len(results) - len(added)
    if kept:
        text = _(
            "imported {n} card(s) into the backlog; {kept} already imported, left as they are."
        )
    else:
        text = _("imported {n} card(s) into the backlog.")
    emit_line(text.format(n=len(added), kept=kept))
    return 0


def _preview(rows, existing: dict[str, int]) -> None:
    emit_table(
        [
            _("LINE"),
            _("KEY"),
            _("PRI"),
            _("PTS"),
            _("ASSIGNEE"),
            _("LABELS"),
            _("TITLE"),
            _("STATUS"),
        ],
        [
            [
                str(r.line),
                r.source_key.split(":", 1)[1],
                r.priority,
                "" if r.points is None else str(r.points),
                r.assignee or (f"? {r.unknown_assignee}" if r.unknown_assignee else ""),
                ",".join(r.labels),
                r.title,
                _("card {id}").format(id=existing[r.source_key])
                if r.source_key in existing
                else _("new"),
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
