"""The stand-up's one-line state for the home screen."""

from __future__ import annotations

from ritual.clock import parse_iso
from ritual.standup import PAUSED, RUNNING
from ritual.text import one_line
from screens.services import Services
from storage.standup_repo import StandupRepo


def home_summary(services: Services) -> str:
    repo = StandupRepo(services.store)
    s = repo.for_date(repo.today())
    if s is None or not s.started:
        return "today: not started"
    if s.state in (RUNNING, PAUSED):
        sp = s.current_speaker
        who = f"{one_line(sp.name)} speaking" if sp else "everyone has spoken"
        return f"{s.state}: {who}"
    tz = services.team.team().timezone
    ended = parse_iso(s.ended_at).in_timezone(tz).format("HH:mm")
    count = len(s.blockers)
    return f"done {ended}, {count} blocker{'' if count == 1 else 's'}"
