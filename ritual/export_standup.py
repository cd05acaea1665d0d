"""A stand-up's summary as Markdown to paste into a chat, or as JSON for scripts.

User text is printed literally: control characters are stripped and every character that could
start Markdown (links, images, HTML, emphasis, a ``|`` in a table cell) is escaped
(ritual.markdown.md_text, as in the board and review exports). Columns are padded by terminal
width, so Chinese names line up in a monospaced chat block as well as in the rendered table.
"""

from __future__ import annotations

from typing import Any

from ritual.clock import parse_iso
from ritual.i18n import _
from ritual.markdown import md_text
from ritual.standup import ABSENT, ASYNC, ENDED
from ritual.standup_summary import StandupSummary
from ritual.standup_time import duration_text
from ritual.text import cell_width, clean, pad
from ritual.text import one_line as _one_line


def one_line(text: str) -> str:
    """Control characters (ESC sequences' lead-in, BEL ...) removed, line breaks as spaces."""
    return _one_line(clean(text))


def _local_time(instant: str, timezone: str) -> str:
    return parse_iso(instant).in_timezone(timezone).format("HH:mm") if instant else ""


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(cell_width(c) for c in col) for col in zip(headers, *rows, strict=True)]
    widths = [max(3, w) for w in widths]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(pad(c, w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [
        line(r) for r in rows
    ]


def standup_markdown(summary: StandupSummary, team: str = "", timezone: str = "UTC") -> str:
    """The summary as Markdown: headings and fixed words in the language in use, user text
    literal (escaped)."""
    title = "## " + _("Stand-up {date}").format(date=summary.date)
    if team:
        title += f" — {md_text(team)}"
    start, end = _local_time(summary.started_at, timezone), _local_time(summary.ended_at, timezone)
    when = (
        f"{start}–{end}"
        if summary.state == ENDED
        else _("{start}, in progress").format(start=start)
    )
    verdict = (
        _("{time} over the timebox").format(time=duration_text(summary.over_meeting))
        if summary.over_meeting
        else _("within the timebox")
    )
    statuses = {ABSENT: _("absent"), ASYNC: _("async")}
    out = [
        title,
        "",
        _(
            "{when} · {spent} of {timebox} ({verdict}) · {over} of {speakers} ran over {turn}"
        ).format(
            when=when,
            spent=duration_text(summary.total),
            timebox=duration_text(summary.meeting_seconds),
            verdict=verdict,
            over=summary.overtime_count,
            speakers=len(summary.speakers),
            turn=duration_text(summary.speaker_seconds),
        ),
        "",
    ]
    rows = [
        [
            md_text(s.name),
            statuses[s.status] if s.status in statuses else duration_text(s.spoken),
            f"+{duration_text(s.overtime)}" if s.overtime else "",
        ]
        for s in summary.speakers
    ]
    out += _table([_("Name"), _("Spoke"), _("Over")], rows)
    absent = ", ".join(md_text(n) for n in summary.absent)
    none = _("none")
    out += [
        "",
        "**{label}** {names}".format(label=_("Absent:"), names=absent or _("nobody")),
        "",
        "**" + _("Blockers") + "**",
    ]
    out += [
        f"{b.n}. {md_text(b.text)} — {md_text(b.member or b.by)}" for b in summary.blockers
    ] or [none]
    out += ["", "**" + _("Parking lot") + "**"]
    out += [f"{p.n}. {md_text(p.text)} ({md_text(p.by)})" for p in summary.parking] or [none]
    noted = [s for s in summary.speakers if s.yesterday or s.today or s.blockers]
    if noted:
        out += ["", "**" + _("Notes") + "**"]
        colon = _(": ")
        for s in noted:
            parts = [
                f"{label}{colon}{md_text(text)}"
                for label, text in (
                    (_("yesterday"), s.yesterday),
                    (_("today"), s.today),
                    (_("blockers"), s.blockers),
                )
                if text
            ]
            out.append(f"- **{md_text(s.name)}** — " + "; ".join(parts))
    return "\n".join(out) + "\n"


def standup_json(summary: StandupSummary) -> dict[str, Any]:
    return {
        "date": summary.date,
        "state": summary.state,
        "started_at": summary.started_at,
        "ended_at": summary.ended_at,
        "total_seconds": summary.total,
        "meeting_seconds": summary.meeting_seconds,
        "speaker_seconds": summary.speaker_seconds,
        "facilitator": one_line(summary.facilitator),
        "speakers": [
            {
                "name": one_line(s.name),
                "status": s.status,
                "spoken_seconds": s.spoken,
                "overtime_seconds": s.overtime,
                "yesterday": one_line(s.yesterday),
                "today": one_line(s.today),
                "blockers": one_line(s.blockers),
            }
            for s in summary.speakers
        ],
        "absent": [one_line(n) for n in summary.absent],
        "blockers": [
            {"n": b.n, "text": one_line(b.text), "member": one_line(b.member), "by": b.by}
            for b in summary.blockers
        ],
        "parking_lot": [
            {"n": p.n, "text": one_line(p.text), "by": one_line(p.by)} for p in summary.parking
        ],
    }
