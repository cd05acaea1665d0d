"""A stand-up's digest for the team's chat: who spoke, the updates, blockers, parking lot.

Each chat reads a different markup, so the digest is built once as lines of (style, text) and
rendered per chat; user text is escaped for the chat that shows it, so a name or a blocker can
never become a link, a mention or an image there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ritual.chat import STYLE, ChatConfig, build_request
from ritual.export_standup import standup_json
from ritual.i18n import _
from ritual.markdown import md_text
from ritual.standup import ABSENT, ASYNC
from ritual.standup_summary import StandupSummary
from ritual.standup_time import duration_text
from ritual.text import one_line


def slack_text(text: str) -> str:
    """Slack's mrkdwn: &, < and > are its only control characters (links, mentions)."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


ESCAPES: dict[str, Callable[[str], str]] = {
    "markdown": md_text,
    "slack": slack_text,
    "plain": one_line,
}
BOLD = {"markdown": "**{}**", "slack": "*{}*", "plain": "{}"}


def digest_title(summary: StandupSummary, team: str) -> str:
    title = _("Stand-up {date}").format(date=summary.date)
    return title + (f" — {one_line(team)}" if team else "")


def digest(summary: StandupSummary, team: str = "", style: str = "plain") -> str:
    """The digest as text for a chat that reads ``style`` ("markdown", "slack" or "plain")."""
    esc, bold = ESCAPES[style], BOLD[style].format
    spoke = [s for s in summary.speakers if s.status not in (ABSENT, ASYNC)]
    lines = [
        bold(esc(digest_title(summary, team))),
        _("{spent} of {timebox} · {over} of {speakers} ran over").format(
            spent=duration_text(summary.total),
            timebox=duration_text(summary.meeting_seconds),
            over=summary.overtime_count,
            speakers=len(summary.speakers),
        ),
        "",
        bold(_("Spoke"))
        + _(": ")
        + (
            ", ".join(
                f"{esc(s.name)} {duration_text(s.spoken)}"
                + (f" (+{duration_text(s.overtime)})" if s.overtime else "")
                for s in spoke
            )
            or _("nobody")
        ),
    ]
    for status, label in ((ASYNC, _("Async")), (ABSENT, _("Absent"))):
        names = [esc(s.name) for s in summary.speakers if s.status == status]
        if names:
            lines.append(bold(label) + _(": ") + ", ".join(names))
    updates = [s for s in summary.speakers if s.yesterday or s.today or s.blockers]
    if updates:
        lines += ["", bold(_("Updates"))]
        for s in updates:
            parts = [
                f"{label} {esc(text)}"
                for label, text in (
                    (_("yesterday:"), s.yesterday),
                    (_("today:"), s.today),
                    (_("blockers:"), s.blockers),
                )
                if text.strip()
            ]
            lines.append(f"- {esc(s.name)}: " + "; ".join(parts))
    none = "- " + _("none")
    lines += ["", bold(_("Blockers"))]
    lines += [f"- {esc(b.text)} ({esc(b.member or b.by)})" for b in summary.blockers] or [none]
    lines += ["", bold(_("Parking lot"))]
    lines += [f"- {esc(p.text)}" for p in summary.parking] or [none]
    joiner = "  \n" if style == "markdown" else "\n"
    return joiner.join(lines)


def digest_request(
    cfg: ChatConfig, summary: StandupSummary, team: str, now_ms: int
) -> tuple[str, dict[str, Any]]:
    """The URL and payload that post ``summary`` to the chat ``cfg`` names (the CLI's
    ``ritual standup post`` and the app's post when a stand-up ends send the same)."""
    text = digest(summary, team, STYLE[cfg.provider])
    return build_request(cfg, digest_title(summary, team), text, standup_json(summary), now_ms)
