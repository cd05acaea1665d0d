"""The stand-up's one-line state for the home screen."""

from __future__ import annotations

from ritual.clock import parse_iso
from ritual.i18n import _, ngettext
from ritual.standup import PAUSED, RUNNING
from ritual.text import one_line
from screens.services import Services
from screens.standup.labels import state_label
from storage.standup_repo import StandupRepo


def home_summary(services: Services) -> str:
    repo = StandupRepo(services.store)
    s = repo.for_date(repo.today())
    if s is None or not s.started:
        return _("today: not started")
    if s.state in (RUNNING, PAUSED):
        sp = s.current_speaker
        who = (
            _("{name} speaking").format(name=one_line(sp.name)) if sp else _("everyone has spoken")
        )
        return _("{state}: {who}").format(state=state_label(s.state), who=who)
    tz = services.team.team().timezone
    ended = parse_iso(s.ended_at).in_timezone(tz).format("HH:mm")
    count = len(s.blockers)
    return ngettext("done {time}, {n} blocker", "done {time}, {n} blockers", count).format(
        time=ended, n=count
    )
