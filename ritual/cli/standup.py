"""``ritual export standup [DATE]``, and the stand-ups of ``ritual demo``."""

from __future__ import annotations

import argparse

import pendulum

from ritual.cli.context import context_from
from ritual.cli.output import emit_json, emit_line
from ritual.clock import Clock, iso, team_today
from ritual.errors import RitualError
from ritual.export_standup import standup_json, standup_markdown
from ritual.i18n import _
from ritual.standup import Standup, StandupNotes, new_standup
from ritual.standup_summary import summarize
from ritual.team import Member
from storage.standup_repo import StandupRepo
from storage.unit_of_work import UnitOfWork


def parse_date(text: str) -> str:
    try:
        value = pendulum.parse(text.strip(), exact=True)
        if not isinstance(value, pendulum.Date):  # a time or a duration is not a day
            raise ValueError(text)
        return value.isoformat()[:10]
    except Exception:
        raise RitualError(
            _("{text!r} is not a date: write it as YYYY-MM-DD.").format(text=text)
        ) from None


def chosen_standup(repo: StandupRepo, date_text: str | None) -> Standup:
    """The stand-up of the date given, else the latest one that started."""
    path = repo.store.path
    if date_text:
        date = parse_date(date_text)
        standup = repo.for_date(date)
        if standup is None or not standup.started:
            raise RitualError(
                _(
                    "there is no stand-up on {date} in {path}; leave the date out for the "
                    "latest one."
                ).format(date=date, path=path)
            )
        return standup
    standup = next((s for s in reversed(repo.all()) if s.started), None)
    if standup is None:
        raise RitualError(
            _("{path} holds no stand-up yet; run one with 'ritual standup'.").format(path=path)
        )
    return standup


def export_standup(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    repo = StandupRepo(ctx.open_store())
    standup = chosen_standup(repo, args.date)
    summary = summarize(standup, ctx.clock.now(), repo.notes(standup.date))
    if args.format == "json":
        emit_json(standup_json(summary))
    else:
        team = repo.team.team()
        emit_line(standup_markdown(summary, team.name, team.timezone).rstrip("\n"))
    return 0


# -- the demo --------------------------------------------------------------------------------

# per past day (days ago): spoken seconds in roster order (None: absent), blockers
# (speaker index, text), parking-lot topics, notes (speaker index, yesterday, today)
DemoDay = tuple[
    int,
    list[int | None],
    list[tuple[int, str]],
    list[str],
    list[tuple[int, str, str]],
]
DEMO_DAYS: list[DemoDay] = [
    (
        2,
        [95, 130, 118, 75, 62, 88],
        [(2, "Waiting for the finance team's invoice template")],
        [],
        [(2, "发票 PDF 布局初稿", "Invoice PDF: totals and VAT lines")],
    ),
    (
        1,
        [102, 85, 141, 98, None, 70],
        [(3, "Payment sandbox keys expired on staging"), (2, "Still no invoice template")],
        ["Keep the v1 endpoints until Q1?"],
        [(1, "Search in descriptions: review fixes", "Weekly digest email")],
    ),
]


def seed_demo(uow: UnitOfWork, clock: Clock, members: list[Member]) -> None:
    """Two past stand-ups (the team's yesterday and the day before), inside the demo's
    unit of work: realistic times, blockers, a parking-lot topic, one absence."""
    team = uow.team.team()
    today = team_today(clock, team.timezone)
    facilitator = members[0].login or members[0].name
    for days_ago, spoken, blockers, parking, notes in DEMO_DAYS:
        day = today.subtract(days=days_ago)
        now = pendulum.datetime(day.year, day.month, day.day, 9, 30, tz=team.timezone)
        s: Standup = new_standup(
            day.isoformat(), members, team.speaker_seconds, team.meeting_seconds
        )
        for i, seconds in enumerate(spoken):
            if seconds is None:
                s.toggle_absent(members[i].id, now)
        s.start(now)
        for i, seconds in enumerate(spoken):
            if seconds is None:
                continue
            now = now.add(seconds=seconds)
            for who, text in blockers:
                if who == i:
                    s.add_blocker(text, members[i].name, facilitator, now)
            s.next(now)
        for text in parking:
            s.add_parking(text, facilitator, now)
        s.end(now)
        s.facilitator, s.heartbeat = facilitator, iso(now)
        spoken_notes = [
            StandupNotes(0, day.isoformat(), members[i].id, members[i].name, yesterday, today_text)
            for i, yesterday, today_text in notes
        ]
        uow.standup.add_past(s, spoken_notes)
