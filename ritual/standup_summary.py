"""What a stand-up leaves behind: the day's summary, the history, each person's average."""

from __future__ import annotations

from dataclasses import dataclass, field

from pendulum import DateTime

from ritual.clock import parse_iso
from ritual.standup import ABSENT, ASYNC, DONE, Item, Standup, StandupNotes

MIN_SPOKEN = 1.0  # seconds: a turn handed on at once (or marked absent) is no turn


@dataclass
class SpeakerLine:
    member_id: int
    name: str
    status: str
    spoken: int  # whole seconds
    overtime: int
    yesterday: str = ""
    today: str = ""
    blockers: str = ""


@dataclass
class StandupSummary:
    date: str
    state: str
    started_at: str
    ended_at: str
    total: int  # seconds from start to end
    meeting_seconds: int
    speaker_seconds: int
    facilitator: str
    speakers: list[SpeakerLine] = field(default_factory=list)
    blockers: list[Item] = field(default_factory=list)
    parking: list[Item] = field(default_factory=list)

    @property
    def absent(self) -> list[str]:
        return [s.name for s in self.speakers if s.status == ABSENT]

    @property
    def overtime_count(self) -> int:
        return sum(1 for s in self.speakers if s.overtime > 0)

    @property
    def over_meeting(self) -> int:
        return max(0, self.total - self.meeting_seconds)


def summarize(
    standup: Standup, now: DateTime, notes: dict[int, StandupNotes] | None = None
) -> StandupSummary:
    notes = notes or {}
    lines = []
    for sp in standup.speakers:
        n = notes.get(sp.member_id)
        # away but with an update written ahead: they took part, asynchronously
        status = ASYNC if sp.status == ABSENT and n is not None and n.written else sp.status
        lines.append(
            SpeakerLine(
                sp.member_id,
                sp.name,
                status,
                int(standup.spoken(sp, now)),
                int(standup.overtime(sp, now)),
                n.yesterday if n else "",
                n.today if n else "",
                n.blockers if n else "",
            )
        )
    return StandupSummary(
        standup.date,
        standup.state,
        standup.started_at,
        standup.ended_at,
        int(standup.meeting_elapsed(now)),
        standup.meeting_seconds,
        standup.speaker_seconds,
        standup.facilitator,
        lines,
        list(standup.blockers),
        list(standup.parking),
    )


@dataclass
class HistoryLine:
    date: str
    total: int
    meeting_seconds: int
    overtime_count: int
    blockers: int
    absent: int


def history(standups: list[Standup]) -> list[HistoryLine]:
    """Ended stand-ups, newest first."""
    out = []
    for s in sorted(standups, key=lambda s: s.date, reverse=True):
        if not s.ended:
            continue
        summary = summarize(s, parse_iso(s.ended_at))
        out.append(
            HistoryLine(
                s.date,
                summary.total,
                s.meeting_seconds,
                summary.overtime_count,
                len(s.blockers),
                len(summary.absent),
            )
        )
    return out


@dataclass
class Average:
    name: str
    seconds: int  # mean spoken time over the stand-ups they spoke at
    spoke: int  # how many of the window's stand-ups they spoke at
    overtime: int  # how many times they ran over


def averages(standups: list[Standup], last: int = 10) -> list[Average]:
    """Each person's average speaking time over the team's last ``last`` ended stand-ups.

    Only turns actually taken count: someone absent, still waiting at the end, or whose turn
    was handed on at once (marked absent and back, say) does not pull their average down.
    """
    window = sorted((s for s in standups if s.ended), key=lambda s: s.date)[-last:]
    totals: dict[int, list] = {}
    for s in window:
        end = parse_iso(s.ended_at)
        for sp in s.speakers:
            spoken = s.spoken(sp, end)
            if sp.status != DONE or spoken < MIN_SPOKEN:
                continue
            entry = totals.setdefault(sp.member_id, [sp.name, 0.0, 0, 0])
            entry[0] = sp.name
            entry[1] += spoken
            entry[2] += 1
            entry[3] += 1 if spoken > s.speaker_seconds else 0
    out = [
        Average(name, int(total / count), count, over)
        for name, total, count, over in totals.values()
    ]
    return sorted(out, key=lambda a: a.name.casefold())
