"""``ritual standup post [DATE]``: the stand-up's digest to the team's chat webhook."""

from __future__ import annotations

import argparse
import json

from ritual.chat import chat_config, redacted, send
from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line
from ritual.cli.standup import chosen_standup
from ritual.config import config_paths, load_config
from ritual.i18n import _
from ritual.standup_digest import digest_request
from ritual.standup_summary import summarize
from storage.standup_repo import StandupRepo


def post_standup(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    repo = StandupRepo(ctx.open_store())
    standup = chosen_standup(repo, args.date)
    summary = summarize(standup, ctx.clock.now(), repo.notes(standup.date))
    where = _(" or ").join(str(p) for p in config_paths())
    cfg = chat_config(load_config(), where)
    now_ms = int(ctx.clock.now().timestamp() * 1000)
    url, payload = digest_request(cfg, summary, repo.team.team().name, now_ms)
    if args.dry_run:
        emit_json({"provider": cfg.provider, "url": redacted(url), "payload": payload})
        return 0
    send(cfg, url, payload)
    emit_line(
        _("Posted the stand-up of {date} to {provider} ({url}).").format(
            date=summary.date, provider=cfg.provider, url=redacted(url)
        )
    )
    return 0


def show_config_path(args: argparse.Namespace) -> int:
    """Where settings are read from, in order, and which of the files exist."""
    paths = config_paths()
    if args.json:
        print(json.dumps([{"path": str(p), "exists": p.exists()} for p in paths], indent=2))
        return 0
    for p in paths:
        emit_line(str(p) if p.exists() else _("{path}  (not there)").format(path=p))
    return 0
