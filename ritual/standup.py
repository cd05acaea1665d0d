"""The daily stand-up as data: today's order, who speaks since when, and the timeboxes.

Nothing here ticks. Time spoken is kept as closed [start, end] segments per speaker plus the
start of the one open segment (``since``), so any process reading the file computes the same
countdown from its own clock, and a restarted process resumes exactly where the meeting stood.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from pendulum import DateTime

from ritual.clock import iso, parse_iso
from ritual.errors import RitualError
from ritual.i18n import _
from ritual.limits import check_text
from ritual.team import DEFAULT_MEETING_SECONDS, DEFAULT_SPEAKER_SECONDS, Member
from ritual.text import clean
from ritual.timebox import phase, seconds_between

WAITING, SPEAKING, DONE, ABSENT, SKIPPED = "waiting", "speaking", "done", "absent", "skipped"
ASYNC = "async"  # absent, but their update was written ahead: shown instead of "absent"
NOT_STARTED, RUNNING, PAUSED, ENDED = "not started", "running", "paused", "ended"


class NotFacilitator(RitualError):
    """Someone else drives this stand-up; the caller may take over explicitly."""

    def __init__(self, facilitator: str) -> None:
        super().__init__(
            _("{facilitator} is facilitating this stand-up; take over to drive it.").format(
                facilitator=facilitator
            )
        )
        self.facilitator = facilitator


@dataclass
class Speaker:
    member_id: int
    name: str
    status: str = WAITING
    segments: list[list[str]] = field(default_factory=list)  # closed [start, end], UTC ISO

    def closed_seconds(self) -> float:
        return sum(seconds_between(s, parse_iso(e)) for s, e in self.segments)

    def last_spoke(self) -> str:
        return self.segments[-1][1] if self.segments else ""


@dataclass
class Item:
    """A blocker (``member`` is whose it is) or a parking-lot topic; ``n`` never changes."""

    n: int
    text: str
    member: str = ""
    by: str = ""
    at: str = ""


@dataclass
class StandupNotes:
    """One speaker's notes for one day; kept apart so two people's edits merge field by field.

    Written during the round, or ahead of it by the speaker (``ritual standup note``)."""

    id: int
    date: str
    member_id: int
    name: str
    yesterday: str = ""
    today: str = ""
    blockers: str = ""

    @property
    def written(self) -> bool:
        return bool(self.yesterday.strip() or self.today.strip() or self.blockers.strip())


NOTE_FIELDS = ("yesterday", "today", "blockers")


def check_notes(values: dict[str, str]) -> dict[str, str]:
    """One speaker's notes as stored: each field one line, within the note limit."""
    return {k: check_text(clean(str(values.get(k, ""))), "standup.note") for k in NOTE_FIELDS}


@dataclass
class Standup:
    id: int  # 0: today's stand-up as it would be, not stored yet
    date: str  # the team's day, YYYY-MM-DD
    speakers: list[Speaker] = field(default_factory=list)
    state: str = NOT_STARTED
    current: int | None = None  # member id of who has the floor
    since: str = ""  # start of the open segment; "" while paused or nobody speaks
    paused_at: str = ""  # while paused: since when (the meeting clock stands still)
    paused_seconds: float = 0.0  # the meeting's earlier pauses, added up
    started_at: str = ""
    ended_at: str = ""
    speaker_seconds: int = DEFAULT_SPEAKER_SECONDS
    meeting_seconds: int = DEFAULT_MEETING_SECONDS
    facilitator: str = ""
    heartbeat: str = ""
    shuffles: int = 0
    blockers: list[Item] = field(default_factory=list)
    parking: list[Item] = field(default_factory=list)

    # -- reading ----------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self.state != NOT_STARTED

    @property
    def ended(self) -> bool:
        return self.state == ENDED

    def speaker(self, member_id: int) -> Speaker:
        for sp in self.speakers:
            if sp.member_id == member_id:
                return sp
        raise RitualError(
            _("member {member_id} is not in today's stand-up.").format(member_id=member_id)
        )

    @property
    def current_speaker(self) -> Speaker | None:
        return None if self.current is None else self.speaker(self.current)

    def spoken(self, sp: Speaker, now: DateTime) -> float:
        total = sp.closed_seconds()
        if sp.member_id == self.current and self.since:
            total += seconds_between(self.since, now)
        return total

    def remaining(self, now: DateTime) -> float:
        """The current speaker's time left; negative once they run over."""
        sp = self.current_speaker
        return self.speaker_seconds - (self.spoken(sp, now) if sp else 0.0)

    def phase(self, now: DateTime) -> str:
        """ "normal", "warning" (a fifth of the time left) or "overtime" (past zero)."""
        return phase(self.remaining(now), self.speaker_seconds).value

    def overtime(self, sp: Speaker, now: DateTime) -> float:
        return max(0.0, self.spoken(sp, now) - self.speaker_seconds)

    def meeting_elapsed(self, now: DateTime) -> float:
        """The meeting's running time: from its start to its end (or now), pauses left out."""
        if not self.started_at:
            return 0.0
        end = parse_iso(self.ended_at) if self.ended_at else now
        paused = self.paused_seconds
        if self.paused_at and not self.ended_at:
            paused += seconds_between(self.paused_at, end)
        return max(0.0, seconds_between(self.started_at, end) - paused)

    def meeting_remaining(self, now: DateTime) -> float:
        return self.meeting_seconds - self.meeting_elapsed(now)

    def next_up(self) -> Speaker | None:
        """Who speaks after the current speaker: the first waiting, then those skipped."""
        for wanted in (WAITING, SKIPPED):
            for sp in self.speakers:
                if sp.status == wanted and sp.member_id != self.current:
                    return sp
        return None

    def previous_speaker(self) -> Speaker | None:
        """The one who finished most recently (not the current speaker)."""
        done = [
            sp
            for sp in self.speakers
            if sp.status == DONE and sp.segments and sp.member_id != self.current
        ]
        return max(done, key=lambda sp: parse_iso(sp.last_spoke()), default=None)

    # -- undo -------------------------------------------------------------------------------

    def turns(self) -> dict[str, Any]:
        """What a driving change moves and an undo puts back: each speaker's place, status and
        time spoken, and who has the floor since when (``StandupRepo.undo`` compares two)."""
        out: dict[str, Any] = {"current": self.current, "since": self.since}
        for i, sp in enumerate(self.speakers):
            out[f"speaker:{sp.member_id}"] = [i, sp.status, [list(seg) for seg in sp.segments]]
        return out

    def undo_turns(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Put back what one change moved (``before``, ``after``: :meth:`turns` of only the
        values it changed), as a new change; refused, with nothing changed, once the meeting
        ended or anything the change touched moved on since (another change, a pause)."""
        if self.ended:
            raise RitualError(
                _("the stand-up of {date} has ended: nothing undone.").format(date=self.date)
            )
        now = self.turns()
        speakers_first = sorted(after, key=lambda k: not k.startswith("speaker:"))
        for key in speakers_first:
            if now.get(key) != after[key]:
                if key.startswith("speaker:") and key in now:
                    name = self.speaker(int(key.partition(":")[2])).name
                    raise RitualError(
                        _("{name}'s turn changed since your change: nothing undone.").format(
                            name=name
                        )
                    )
                raise RitualError(_("the floor changed hands since your change: nothing undone."))
        places: list[tuple[int, Speaker]] = []
        for key, value in before.items():
            if key == "current":
                self.current = value
            elif key == "since":
                self.since = value
            else:
                sp = self.speaker(int(key.partition(":")[2]))
                place, sp.status, sp.segments = value[0], value[1], [list(s) for s in value[2]]
                if now[key][0] != place:
                    places.append((place, sp))
        for _place, sp in places:
            self.speakers.remove(sp)
        for place, sp in sorted(places, key=lambda p: p[0]):
            self.speakers.insert(min(place, len(self.speakers)), sp)

    # -- changing ---------------------------------------------------------------------------

    def add_members(self, members: list[Member]) -> None:
        """Members who joined the team since the order was chosen wait at the end."""
        known = {sp.member_id for sp in self.speakers}
        for m in members:
            if m.active and m.id not in known:
                self.speakers.append(Speaker(m.id, m.name))

    def _close(self, now: DateTime) -> None:
        sp = self.current_speaker
        if sp is not None and self.since:
            sp.segments.append([self.since, iso(now)])
        self.since = ""

    def _give_floor(self, sp: Speaker | None, now: DateTime) -> None:
        self.current = None if sp is None else sp.member_id
        if sp is not None:
            sp.status = SPEAKING
        self.since = iso(now) if sp is not None and self.state == RUNNING else ""

    def _require_started(self) -> None:
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        if not self.started:
            raise RitualError(_("the stand-up has not started: press space to start it."))

    def start(self, now: DateTime) -> None:
        """Start the meeting, or resume it after a pause."""
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        if self.state == RUNNING:
            return
        if not self.started:
            if not self.speakers:
                raise RitualError(
                    _("nobody is on the team yet: add members first (ritual member add NAME).")
                )
            if all(sp.status == ABSENT for sp in self.speakers):
                raise RitualError(_("everyone is marked absent: mark someone present (a) first."))
            self.started_at = iso(now)
        self._resume_meeting_clock(now)
        self.state = RUNNING
        if self.current is None:
            self._give_floor(self.next_up(), now)
        else:
            self.since = iso(now)

    def pause(self, now: DateTime) -> None:
        if self.state != RUNNING:
            return
        self._close(now)
        self.state = PAUSED
        self.paused_at = iso(now)

    def _resume_meeting_clock(self, now: DateTime) -> None:
        if self.paused_at:
            self.paused_seconds += seconds_between(self.paused_at, now)
            self.paused_at = ""

    def toggle(self, now: DateTime) -> None:
        if self.state == RUNNING:
            self.pause(now)
        else:
            self.start(now)

    def next(self, now: DateTime) -> None:
        """The current speaker is done; the floor goes to whoever is next."""
        self._require_started()
        sp = self.current_speaker
        self._close(now)
        if sp is not None:
            sp.status = DONE
        self._give_floor(self.next_up(), now)

    def previous(self, now: DateTime) -> None:
        """Back to who spoke last; the interrupted speaker is next again. Times add up."""
        self._require_started()
        back = self.previous_speaker()
        if back is None:
            raise RitualError(_("nobody has finished speaking yet: there is no one to go back to."))
        sp = self.current_speaker
        self._close(now)
        if sp is not None:
            sp.status = WAITING
            # they were next in line when they got the floor: keep them right after `back`
            self.speakers.remove(sp)
            self.speakers.insert(self.speakers.index(back) + 1, sp)
        self._give_floor(back, now)

    def skip(self, now: DateTime) -> None:
        """The current speaker comes back at the end of the order."""
        self._require_started()
        sp = self.current_speaker
        if sp is None:
            raise RitualError(_("nobody has the floor to skip."))
        self._close(now)
        sp.status = SKIPPED
        self.speakers.remove(sp)
        self.speakers.append(sp)
        self.current = None
        self._give_floor(self.next_up(), now)

    def toggle_absent(self, member_id: int, now: DateTime) -> None:
        """Absent (or back again). An absent current speaker hands the floor on."""
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        sp = self.speaker(member_id)
        if sp.status == ABSENT:
            sp.status = WAITING
            if self.started and self.current is None:
                self._give_floor(self.next_up(), now)
            return
        if sp.status == DONE:
            raise RitualError(_("{name} has already spoken today.").format(name=sp.name))
        if sp.member_id == self.current:
            self._close(now)
            sp.status = ABSENT
            self.current = None
            self._give_floor(self.next_up(), now)
        else:
            sp.status = ABSENT

    def move(self, member_id: int, step: int) -> None:
        """Move someone up (step -1) or down (+1) in today's order."""
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        sp = self.speaker(member_id)
        i = self.speakers.index(sp)
        j = max(0, min(len(self.speakers) - 1, i + step))
        self.speakers.insert(j, self.speakers.pop(i))

    def reorder(self, member_ids: list[int]) -> None:
        """Those still waiting take the order given (e.g. walking the board); anyone not named
        keeps their place after them."""
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        slots = [i for i, sp in enumerate(self.speakers) if sp.status in (WAITING, ABSENT)]
        waiting = [self.speakers[i] for i in slots]
        rank = {m: n for n, m in enumerate(member_ids)}
        waiting.sort(key=lambda sp: rank.get(sp.member_id, len(rank)))
        for i, sp in zip(slots, waiting, strict=True):
            self.speakers[i] = sp

    def shuffle(self) -> None:
        """A new random order for those still waiting (the same on every screen)."""
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        self.shuffles += 1
        slots = [i for i, sp in enumerate(self.speakers) if sp.status in (WAITING, ABSENT)]
        waiting = [self.speakers[i] for i in slots]
        random.Random(f"{self.date}:{self.shuffles}").shuffle(waiting)
        for i, sp in zip(slots, waiting, strict=True):
            self.speakers[i] = sp

    def end(self, now: DateTime) -> None:
        self._require_started()
        sp = self.current_speaker
        self._resume_meeting_clock(now)  # a pause up to the end is not meeting time
        self._close(now)
        if sp is not None:
            sp.status = DONE
        self.current = None
        self.state = ENDED
        self.ended_at = iso(now)

    def _item(self, items: list[Item], text: str, member: str, by: str, now: DateTime) -> Item:
        if self.ended:
            raise RitualError(_("the stand-up of {date} has ended.").format(date=self.date))
        text = check_text(
            clean(text), "standup.item", _("type a few words first: the text is empty.")
        )
        item = Item(len(items) + 1, text, member, by, iso(now))
        items.append(item)
        return item

    def add_blocker(self, text: str, member: str, by: str, now: DateTime) -> Item:
        return self._item(self.blockers, text, member, by, now)

    def add_parking(self, text: str, by: str, now: DateTime) -> Item:
        return self._item(self.parking, text, "", by, now)


def new_standup(
    date: str,
    members: list[Member],
    speaker_seconds: int = DEFAULT_SPEAKER_SECONDS,
    meeting_seconds: int = DEFAULT_MEETING_SECONDS,
    shuffle: bool = False,
) -> Standup:
    """The day's stand-up before anyone touches it: the roster's order, or the day's shuffle.

    The shuffle is seeded by the date, so every screen previews the same order and storing the
    stand-up keeps the order that was shown.
    """
    speakers = [Speaker(m.id, m.name) for m in members if m.active]
    if shuffle:
        random.Random(date).shuffle(speakers)
    return Standup(
        0, date, speakers, speaker_seconds=speaker_seconds, meeting_seconds=meeting_seconds
    )
