"""``ritual export retro [ITERATION]`` and ``ritual retro history``."""

from __future__ import annotations

import argparse

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line, emit_table
from ritual.errors import RitualError
from ritual.export_retro import retro_json, retro_markdown
from ritual.i18n import _
from ritual.retro import PHASE_LABELS
from storage.retro_repo import RetroRepo


def export_retro(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    repo = RetroRepo(ctx.open_store())
    iteration = repo.find_iteration(args.iteration) if args.iteration else repo.default_iteration()
    retro = repo.for_iteration(iteration.id)
    if retro is None:
        raise RitualError(
            _("iteration {name!r} has no retro yet; run one with 'ritual retro'.").format(
                name=iteration.name
            )
        )
    columns = {cid: c.column.label for cid, c in repo.cards_of(retro).items()}
    facts = repo.facts(iteration)
    if args.format == "json":
        emit_json(retro_json(retro, facts, columns))
    else:
        emit_line(retro_markdown(retro, facts, columns).rstrip("\n"))
    return 0


def retro_history(args: argparse.Namespace) -> int:
    """Past retros, newest first, with how their action items stand."""
    ctx = context_from(args)
    repo = RetroRepo(ctx.open_store())
    rows = []
    for r in reversed(repo.all()):
        states = [a.state for a in r.actions]
        rows.append(
            {
                "iteration": r.iteration_name,
                "phase": r.phase,
                "ended_at": r.ended_at,
                "actions": len(states),
                "open": states.count("open"),
                "done": states.count("done"),
                "dropped": states.count("dropped"),
            }
        )
    if args.json:
        emit_json(rows)
    elif not rows:
        emit_line(_("No retro yet; run one with 'ritual retro'."))
    else:
        emit_table(
            [_("Iteration"), _("Phase"), _("Actions"), _("Open"), _("Done"), _("Dropped")],
            [
                [
                    str(x["iteration"]),
                    _(PHASE_LABELS.get(str(x["phase"]), str(x["phase"]))),
                    *(str(x[k]) for k in ("actions", "open", "done", "dropped")),
                ]
                for x in rows
            ],
        )
    return 0
