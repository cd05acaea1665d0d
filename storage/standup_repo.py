"""Stand-ups in the team file: one record per team day, changed only by its facilitator.

Every driving action is one transaction that reads the freshest record, checks who facilitates,
applies a domain operation at the transaction's instant and writes the record back, so two
processes on one file never interleave half a change. Notes live in their own records (one per
day and member) so two people editing them merge field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pendulum import DateTime

from ritual.clock import iso, parse_iso, team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import Card, Column
from ritual.numbers import STALE_DAYS, parse_bounded_int
from ritual.standup import (
    NOTE_FIELDS,
    Item,
    NotFacilitator,
    Speaker,
    Standup,
    StandupNotes,
    check_notes,
    new_standup,
)
from ritual.team import DEFAULT_MEETING_SECONDS, DEFAULT_SPEAKER_SECONDS, Member, Team
from storage.mapping import missing_field, read, shown, to_doc, to_obj
from storage.presence import Presence
from storage.store import PatchResult, Store, Transaction
from storage.team_repo import MEMBERS, TEAM, TEAM_ID, TeamRepo
from storage.unit_of_work import Repository, UnitOfWork

STANDUPS, NOTES = "standups", "standup_notes"
SHUFFLE_FIELD = "standup_shuffle"  # stored on the team record beside the timeboxes


@dataclass
class StandupSettings:
    speaker_seconds: int = DEFAULT_SPEAKER_SECONDS
    meeting_seconds: int = DEFAULT_MEETING_SECONDS
    overtime_bell: bool = True
    shuffle: bool = False
    bell_for_followers: bool = False
    stale_days: int = 2  # the work in view marks cards untouched this many working days


@dataclass
class StandupUndo:
    """What puts a driving change back (an absence, a skip, the next speaker, a move in the
    order): the values of :meth:`Standup.turns` it changed, before and after it. An undo finds
    the "after" values still there, or someone (or something) moved the meeting on since."""

    user: str
    date: str
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


def _undo_of(user: str, date: str, old: dict[str, Any], new: dict[str, Any]) -> StandupUndo:
    keys = [k for k in new if old.get(k) != new[k]]
    before = {k: old[k] for k in keys if k in old}
    return StandupUndo(user, date, before, {k: new[k] for k in keys if k in old})


def standup_to_doc(s: Standup) -> dict[str, Any]:
    doc = asdict(s)
    doc.pop("id")
    return doc


# A stand-up's listed items as a read problem names them ("blocker 2: ...").
ITEM_KINDS = {"blockers": N_("blockers {n}"), "parking": N_("parking {n}")}


def read_standup(doc: dict[str, Any]) -> tuple[Standup, list[str]]:
    """A stand-up from its document, and what had to be coerced (storage/mapping.py): a
    speaker without a member id is left out, a segment without two readable times too, and
    the floor goes to nobody when it names someone not in the order."""
    s, problems = read(Standup, doc)
    s.speakers, seen = [], set()
    for i, d in enumerate(_listed(doc, "speakers", problems), 1):
        sp, found = read(Speaker, d)
        closed = [seg for seg in sp.segments if seg[1]]
        if len(closed) != len(sp.segments):
            found.append(_('segments has an open [start, ""] pair (left out)'))
        sp.segments = closed
        problems += [
            (
                _("speaker {n} {problem}") if missing_field(p) else _("speaker {n}: {problem}")
            ).format(n=i, problem=p)
            for p in found
        ]
        if sp.member_id <= 0 or sp.member_id in seen:  # a missing member_id reads as 0
            problems.append(_("speaker {n} is left out (no member id of its own)").format(n=i))
            continue
        seen.add(sp.member_id)
        s.speakers.append(sp)
    for kind in ("blockers", "parking"):
        items = []
        for i, d in enumerate(_listed(doc, kind, problems), 1):
            item, found = read(Item, d)
            problems += [_(ITEM_KINDS[kind]).format(n=i) + ": " + p for p in found]
            items.append(item)
        setattr(s, kind, items)
    if s.current is not None and s.current not in seen:
        problems.append(
            _("current is {id}, not a speaker of the day (nobody has the floor)").format(
                id=s.current
            )
        )
        s.current, s.since = None, ""
    return s, problems


def _listed(doc: Any, key: str, problems: list[str]) -> list[Any]:
    value = doc.get(key, []) if isinstance(doc, dict) else []
    if not isinstance(value, list):
        problems.append(_("{name} is {value}, not a list").format(name=key, value=shown(value)))
        return []
    return value


def standup_from_doc(doc: dict[str, Any]) -> Standup:
    return read_standup(doc)[0]


def _settings_from(team_doc: dict[str, Any] | None) -> StandupSettings:
    team = to_obj(Team, team_doc) if team_doc else Team()
    return StandupSettings(
        team.speaker_seconds,
        team.meeting_seconds,
        team.overtime_bell,
        bool((team_doc or {}).get(SHUFFLE_FIELD, False)),
        bool(team.bell_for_followers),
        team.stale_days if isinstance(team.stale_days, int) and team.stale_days > 0 else 2,
    )


class StandupRepo(Repository):
    def __init__(self, store: Store, uow: UnitOfWork | None = None) -> None:
        super().__init__(store, uow)
        self.team = TeamRepo(store, uow)
        # A shared file's heartbeat goes to a side file beside it, so an idle stand-up makes
        # no teammate re-read the team file; a team database takes it as one small row write.
        self._presence = Presence(store.path) if isinstance(store.path, Path) else None
        self.last_change: StandupUndo | None = None  # this process's, for ctrl+z

    # -- reading ----------------------------------------------------------------------------

    def today(self) -> str:
        return team_today(self.store.clock, self.team.team().timezone).isoformat()

    def settings(self) -> StandupSettings:
        return _settings_from(self.store.get(TEAM, TEAM_ID))

    def for_date(self, date: str) -> Standup | None:
        docs = self.store.find_by(STANDUPS, "date", date)
        if not docs:
            return None
        standup = standup_from_doc(min(docs, key=lambda d: d["id"]))
        standup.heartbeat = self.last_seen(standup)
        return standup

    def last_seen(self, standup: Standup) -> str:
        """When the facilitator was last heard of: their last action in the team file or
        their last heartbeat beside it, whichever is later (a stat when neither moved)."""
        said = self._presence.seen(f"standup:{standup.date}") if self._presence else None
        if said is None or said[0] != standup.facilitator or not standup.facilitator:
            return standup.heartbeat
        try:
            later = not standup.heartbeat or parse_iso(said[1]) > parse_iso(standup.heartbeat)
        except ValueError:
            return standup.heartbeat
        return said[1] if later else standup.heartbeat

    def current(self) -> Standup:
        """Today's stand-up, or (id 0) how it would start: the order everyone will see."""
        date = self.today()
        stored = self.for_date(date)
        if stored is not None:
            if not stored.ended:
                stored.add_members(self.team.members())
            return stored
        st = self.settings()
        return new_standup(
            date, self.team.members(), st.speaker_seconds, st.meeting_seconds, st.shuffle
        )

    def all(self) -> list[Standup]:
        return sorted((standup_from_doc(d) for d in self.store.all(STANDUPS)), key=lambda s: s.date)

    def latest(self) -> Standup | None:
        standups = self.all()
        return standups[-1] if standups else None

    def notes(self, date: str) -> dict[int, StandupNotes]:
        docs = self.store.find(NOTES, lambda d: d.get("date") == date)
        notes = (to_obj(StandupNotes, d) for d in docs)
        return {n.member_id: n for n in notes}

    # -- driving ----------------------------------------------------------------------------

    def act(
        self,
        date: str,
        op: Callable[[Standup, DateTime], Any],
        take_over: bool = False,
    ) -> Standup:
        """Apply ``op(standup, now)`` to the day's stand-up as its facilitator.

        The first person to drive becomes the facilitator; anyone else is refused with
        NotFacilitator unless ``take_over`` is set.
        """
        with self._tx() as tx:
            doc = self._day_doc(tx, date)
            standup = standup_from_doc(doc)
            if not standup.ended:
                standup.add_members(_members(tx))
            if standup.facilitator and standup.facilitator != tx.user and not take_over:
                raise NotFacilitator(standup.facilitator)
            now = parse_iso(tx.now)
            old = (standup.state, standup.turns())
            op(standup, now)
            standup.facilitator, standup.heartbeat = tx.user, tx.now
            tx.patch(STANDUPS, standup.id, standup_to_doc(standup))
        # Who speaks when, and in what order, is undoable; starting, pausing and ending are not.
        undo = _undo_of(tx.user, date, old[1], standup.turns())
        if standup.state == old[0] and undo.before:
            self.last_change = undo
        return standup

    def undo(self, change: StandupUndo | None = None) -> str:
        """Undo this process's last driving change (absent or back, skip, next, previous, a
        move in the order) as a new change; refused, with nothing written, when the meeting
        ended, someone else facilitates it now, or what the change touched moved on since."""
        change = change or self.last_change
        if change is None:
            raise RitualError(_("nothing to undo: you have changed nothing in this stand-up yet."))
        with self._tx() as tx:
            docs = tx.find(STANDUPS, lambda d: d.get("date") == change.date)
            if not docs:
                raise RitualError(_("that stand-up is gone: nothing undone."))
            standup = standup_from_doc(min(docs, key=lambda d: d["id"]))
            if standup.facilitator and standup.facilitator != tx.user:
                raise RitualError(
                    _("{who} facilitates the stand-up since your change: nothing undone.").format(
                        who=standup.facilitator
                    )
                )
            standup.undo_turns(change.before, change.after)
            standup.facilitator, standup.heartbeat = tx.user, tx.now
            tx.patch(STANDUPS, standup.id, standup_to_doc(standup))
        self.last_change = None
        names = sorted(
            {standup.speaker(int(k.partition(":")[2])).name for k in change.before if ":" in k}
        )
        return _("undone: your last change to {names}.").format(names=", ".join(names))

    def contribute(self, date: str, op: Callable[[Standup, DateTime], Any]) -> Standup:
        """Apply a participant's ``op(standup, now)`` (a blocker, a parking-lot topic) to the
        day's stand-up without driving it: anyone may, before or during the meeting, and it
        neither needs nor changes the facilitator, so a take-over cannot refuse it."""
        with self._tx() as tx:
            standup = standup_from_doc(self._day_doc(tx, date))
            if not standup.ended:
                standup.add_members(_members(tx))
            op(standup, parse_iso(tx.now))
            tx.patch(STANDUPS, standup.id, standup_to_doc(standup))
        return standup

    def heartbeat(self, date: str) -> bool:
        """The facilitator's process says it is still there (no-op for anyone else).

        Written beside the team file (storage.presence), never into it: an idle stand-up
        makes no other screen re-read the file. FileUnavailable while the team file is gone,
        so the facilitator hears of that as before.
        """
        self.store.refresh()
        standup = self.for_date(date)
        if standup is None or standup.facilitator != self.store.user or standup.ended:
            return False
        if self._presence is None:
            with self._tx() as tx:
                tx.patch(STANDUPS, standup.id, {"heartbeat": tx.now})
            return True
        self._presence.say(f"standup:{date}", self.store.user, iso(self.store.clock.now()))
        return True

    def _day_doc(self, tx: Transaction, date: str) -> dict[str, Any]:
        docs = tx.find(STANDUPS, lambda d: d.get("date") == date)
        if docs:
            return min(docs, key=lambda d: d["id"])
        st = _settings_from(tx.get(TEAM, TEAM_ID))
        fresh = new_standup(date, _members(tx), st.speaker_seconds, st.meeting_seconds, st.shuffle)
        return tx.insert(STANDUPS, standup_to_doc(fresh))

    # -- notes ------------------------------------------------------------------------------

    def save_notes(
        self, date: str, member_id: int, name: str, values: dict[str, str], base: StandupNotes
    ) -> PatchResult:
        """Save one speaker's notes as the caller last saw them; someone else's newer text
        in a field is kept as a conflict copy and reported back."""
        changes = check_notes(values)
        with self._tx() as tx:
            docs = tx.find(
                NOTES, lambda d: d.get("date") == date and d.get("member_id") == member_id
            )
            if docs:
                doc_id = docs[0]["id"]
            else:
                doc_id = tx.insert(NOTES, to_doc(StandupNotes(0, date, member_id, name)))["id"]
            return tx.patch(
                NOTES,
                doc_id,
                changes,
                base={k: getattr(base, k) for k in NOTE_FIELDS},
                text_fields=NOTE_FIELDS,
            )

    # -- settings ---------------------------------------------------------------------------

    def save_settings(self, settings: StandupSettings) -> StandupSettings:
        """The team's timeboxes, bell and order; today's unfinished stand-up takes them too,
        in the same transaction."""
        with self._unit() as uow:
            uow.team.update_team(
                speaker_seconds=settings.speaker_seconds,
                meeting_seconds=settings.meeting_seconds,
                overtime_bell=bool(settings.overtime_bell),
                bell_for_followers=bool(settings.bell_for_followers),
                stale_days=parse_bounded_int(settings.stale_days, STALE_DAYS),
                **{SHUFFLE_FIELD: bool(settings.shuffle)},
            )
            date = uow.standup.today()
            tx = uow.transaction
            for d in tx.find(STANDUPS, lambda d: d.get("date") == date):
                if d.get("state") != "ended":
                    tx.patch(
                        STANDUPS,
                        d["id"],
                        {
                            "speaker_seconds": settings.speaker_seconds,
                            "meeting_seconds": settings.meeting_seconds,
                        },
                    )
        return self.settings()

    def add_past(self, standup: Standup, notes: Sequence[StandupNotes] = ()) -> Standup:
        """Store a stand-up that already happened, as it is (the demo's past days), with its
        speakers' notes."""
        with self._tx() as tx:
            doc = tx.insert(STANDUPS, standup_to_doc(standup))
            for n in notes:
                tx.insert(NOTES, to_doc(n))
        return standup_from_doc(doc)

    # -- into the backlog -------------------------------------------------------------------

    def to_card(self, date: str, kind: str, n: int) -> Card:
        """Blocker or parking-lot topic ``n`` of ``date`` as a backlog card; twice gives the
        same card."""
        return self.to_cards(date, [(kind, n)])[0]

    def to_cards(self, date: str, keys: list[tuple[str, int]]) -> list[Card]:
        """Several blockers or topics (``(kind, n)``) as backlog cards in one transaction:
        all of them or, when one is refused, none."""
        with self._unit() as uow:
            standup = uow.standup.for_date(date)
            if standup is None:
                raise RitualError(_("there is no stand-up on {date}.").format(date=date))
            cards = []
            for kind, n in keys:
                items = standup.blockers if kind == "blocker" else standup.parking
                item = next((i for i in items if i.n == n), None)
                if item is None:
                    raise RitualError(
                        (
                            _("the stand-up of {date} has no blocker {n}.")
                            if kind == "blocker"
                            else _("the stand-up of {date} has no parking-lot topic {n}.")
                        ).format(date=date, n=n)
                    )
                label = (
                    _("blocker raised by {member}").format(member=item.member)
                    if kind == "blocker"
                    else _("parking-lot topic")
                )
                cards.append(
                    uow.board.add_card(
                        item.text,
                        column=Column.BACKLOG,
                        iteration_id=None,
                        source=f"standup {date}",
                        source_key=f"standup:{date}:{kind}:{n}",
                        description=_(
                            "From the stand-up of {date}: {label} (noted by {by})."
                        ).format(date=date, label=label, by=item.by),
                    )
                )
        return cards


def _members(tx: Transaction) -> list[Member]:
    members = [to_obj(Member, d) for d in tx.all(MEMBERS)]
    return sorted((m for m in members if m.active), key=lambda m: m.id)
