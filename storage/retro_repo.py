"""Retrospectives in the team file: one record per iteration, driven by one facilitator.

As the stand-up: a driving action reads the freshest record inside one transaction, checks
who facilitates (the first to drive; anyone else is refused unless they take over), applies one
domain operation at the transaction's instant and writes the record back. A participant's own
part (how many reflections they wrote, publishing them after the reveal, their votes) is a
contribution: it neither needs nor changes the facilitator.

Reflections being written are not in the team file: they are in their author's private file
(storage/private_file.py), and the team file holds only how many each person wrote. After the
facilitator reveals, each author's process publishes its own drafts (:meth:`publish_mine`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pendulum import DateTime

from ritual.clock import parse_iso
from ritual.due_dates import parse_due
from ritual.errors import RitualError
from ritual.i18n import N_, _
from ritual.iteration import Card, Column, Iteration
from ritual.retro import (
    DECISIONS,
    DEFAULT_TIMEBOXES,
    DEFAULT_VOTES,
    ENDED,
    MAX_VOTES,
    NOT_STARTED,
    OPEN,
    PHASES,
    TEMPLATES,
    Action,
    Draft,
    Group,
    NotFacilitator,
    Reflection,
    Retro,
    check_reflection,
    new_retro,
    template_prompts,
)
from ritual.retro_facts import Fact, compute_facts
from ritual.team import find_member
from storage.board_repo import CARDS, ITERATIONS, BoardRepo, _card_from_stored
from storage.mapping import read, to_obj
from storage.private_file import private_path, read_private, remove_private, write_private
from storage.review_repo import ReviewRepo
from storage.standup_repo import StandupRepo
from storage.store import Store, Transaction
from storage.team_repo import TEAM, TEAM_ID, TeamRepo
from storage.unit_of_work import Repository, UnitOfWork

RETROS = "retros"
SETTING_FIELDS = ("retro_template", "retro_votes", "retro_anonymous", "retro_group_by_anyone")


@dataclass
class RetroSettings:
    template: str = "default"
    votes: int = DEFAULT_VOTES
    anonymous: bool = True
    group_by_anyone: bool = False


def retro_to_doc(r: Retro) -> dict[str, Any]:
    doc = asdict(r)
    doc.pop("id")
    return doc


NESTED = ("written", "timeboxes", "ballots", "reflections", "groups", "actions", "reviewed")


def _int_table(name: str, value: Any, problems: list[str]) -> dict[str, int]:
    if not isinstance(value, dict):
        if value is not None:
            problems.append(_("{name} is not a table of numbers (ignored)").format(name=name))
        return {}
    out = {}
    for k, v in value.items():
        if type(v) is int and v >= 0:
            out[str(k)] = v
        else:
            problems.append(_("{name}[{key}] is not a number (left out)").format(name=name, key=k))
    return out


def _records(cls: type, name: str, value: Any, problems: list[str]) -> list[Any]:
    if not isinstance(value, list):
        if value is not None:
            problems.append(_("{name} is not a list (ignored)").format(name=_(name)))
        return []
    out: list[Any] = []
    for i, d in enumerate(value, 1):
        obj: Any
        obj, found = read(cls, d)
        problems += [_("{name} {n}: {problem}").format(name=_(name), n=i, problem=p) for p in found]
        out.append(obj)
    return out


def read_retro(doc: dict[str, Any]) -> tuple[Retro, list[str]]:
    """A retro from its document, and what had to be coerced (storage/mapping.py's rule: a
    bad value never stops a reader; it becomes a default and is named for ritual doctor)."""
    flat = {k: v for k, v in doc.items() if k not in NESTED}
    r, problems = read(Retro, flat)
    if r.phase not in (NOT_STARTED, *PHASES, ENDED):
        problems.append(
            _("phase is {phase}, not one this version knows (not started used)").format(
                phase=repr(r.phase)
            )
        )
        r.phase = NOT_STARTED
    r.written = _int_table("written", doc.get("written"), problems)
    r.timeboxes = {**DEFAULT_TIMEBOXES, **_int_table("timeboxes", doc.get("timeboxes"), problems)}
    raw_ballots = doc.get("ballots")
    ballots: dict[Any, Any] = raw_ballots if isinstance(raw_ballots, dict) else {}
    r.ballots = {
        str(k): [g for g in v if type(g) is int] for k, v in ballots.items() if isinstance(v, list)
    }
    r.reflections = _records(Reflection, N_("reflection"), doc.get("reflections"), problems)
    r.groups = _records(Group, N_("group"), doc.get("groups"), problems)
    r.actions = _records(Action, N_("action"), doc.get("actions"), problems)
    reviewed = doc.get("reviewed")
    r.reviewed = [
        {str(k): str(v) for k, v in x.items()}
        for x in (reviewed if isinstance(reviewed, list) else [])
        if isinstance(x, dict)
    ]
    if not r.prompts:
        r.prompts = list(TEMPLATES["default"])
    return r, problems


def retro_from_doc(doc: dict[str, Any]) -> Retro:
    return read_retro(doc)[0]


def _settings_from(team_doc: dict[str, Any] | None) -> RetroSettings:
    d = team_doc or {}
    template = str(d.get("retro_template", "default"))
    votes = d.get("retro_votes", DEFAULT_VOTES)
    return RetroSettings(
        template if template in TEMPLATES else "default",
        votes if isinstance(votes, int) and 1 <= votes <= MAX_VOTES else DEFAULT_VOTES,
        bool(d.get("retro_anonymous", True)),
        bool(d.get("retro_group_by_anyone", False)),
    )


class RetroRepo(Repository):
    def __init__(self, store: Store, uow: UnitOfWork | None = None) -> None:
        super().__init__(store, uow)
        self.team = TeamRepo(store, uow)
        self.board = BoardRepo(store, uow)

    # -- reading ----------------------------------------------------------------------------

    def settings(self) -> RetroSettings:
        return _settings_from(self.store.get(TEAM, TEAM_ID))

    def default_iteration(self) -> Iteration:
        """The iteration just closed (the latest to end), else the current one."""
        its = self.board.iterations()
        closed = [i for i in its if i.state == "closed"]
        if closed:
            return max(closed, key=lambda i: (i.end, i.id))
        current = [i for i in its if i.state == "current"]
        if current:
            return current[0]
        raise RitualError(_("there is no iteration to look back on: plan one on the board first."))

    def find_iteration(self, name_or_id: str) -> Iteration:
        text = name_or_id.strip()
        for it in self.board.iterations():
            if text == str(it.id) or text.casefold() == it.name.casefold():
                return it
        raise RitualError(
            _("there is no iteration {text!r}: give its name or number.").format(text=text)
        )

    def for_iteration(self, iteration_id: int) -> Retro | None:
        docs = self.store.find(RETROS, lambda d: d.get("iteration_id") == iteration_id)
        return retro_from_doc(min(docs, key=lambda d: d["id"])) if docs else None

    def current(self, iteration: Iteration) -> Retro:
        """The iteration's retro, or (id 0) how it would start with the team's settings."""
        stored = self.for_iteration(iteration.id)
        return stored if stored is not None else self._fresh(iteration, self.settings())

    def all(self) -> list[Retro]:
        """Every stored retro, oldest first."""
        return sorted((retro_from_doc(d) for d in self.store.all(RETROS)), key=lambda r: r.id)

    def previous(self, retro: Retro) -> Retro | None:
        """The last retro before this one: its open action items are reviewed first."""
        before = [r for r in self.all() if r.iteration_id != retro.iteration_id]
        if retro.id:
            before = [r for r in before if r.id < retro.id]
        return before[-1] if before else None

    def facts(self, iteration: Iteration) -> list[Fact]:
        tz = self.team.team().timezone
        cards = self.board.cards(iteration.id)
        standups = StandupRepo(self.store).all()
        reviews = ReviewRepo(self.store)
        held = [(r, reviews.items(r.id)) for r in reviews.reviews()]
        return compute_facts(iteration, cards, standups, held, self.store.clock.now(), tz)

    # -- driving ----------------------------------------------------------------------------

    def act(
        self, iteration_id: int, op: Callable[[Retro, DateTime], Any], take_over: bool = False
    ) -> Retro:
        """Apply ``op(retro, now)`` as the retro's facilitator (the first to drive)."""
        with self._tx() as tx:
            retro = retro_from_doc(self._doc(tx, iteration_id))
            if retro.facilitator and retro.facilitator != tx.user and not take_over:
                raise NotFacilitator(retro.facilitator)
            op(retro, parse_iso(tx.now))
            retro.facilitator, retro.heartbeat = tx.user, tx.now
            tx.patch(RETROS, retro.id, retro_to_doc(retro))
        return retro

    def contribute(self, iteration_id: int, op: Callable[[Retro, DateTime], Any]) -> Retro:
        """Apply a participant's ``op(retro, now)`` without driving the retro."""
        with self._tx() as tx:
            retro = retro_from_doc(self._doc(tx, iteration_id))
            op(retro, parse_iso(tx.now))
            tx.patch(RETROS, retro.id, retro_to_doc(retro))
        return retro

    def group_op(self, iteration_id: int, op: Callable[[Retro, DateTime], Any]) -> Retro:
        """Grouping: the facilitator's, or anyone's when the team's setting says so."""
        retro = self.for_iteration(iteration_id)
        if retro is not None and retro.group_by_anyone:
            return self.contribute(iteration_id, op)
        return self.act(iteration_id, op)

    def _doc(self, tx: Transaction, iteration_id: int) -> dict[str, Any]:
        docs = tx.find(RETROS, lambda d: d.get("iteration_id") == iteration_id)
        if docs:
            return min(docs, key=lambda d: d["id"])
        it = tx.get(ITERATIONS, iteration_id)
        if it is None:
            raise RitualError(
                _("there is no iteration {iteration_id}.").format(iteration_id=iteration_id)
            )
        fresh = self._fresh(to_obj(Iteration, it), _settings_from(tx.get(TEAM, TEAM_ID)))
        return tx.insert(RETROS, retro_to_doc(fresh))

    @staticmethod
    def _fresh(iteration: Iteration, st: RetroSettings) -> Retro:
        return new_retro(
            iteration.id,
            iteration.name,
            template_prompts(st.template),
            st.anonymous,
            st.votes,
            st.group_by_anyone,
            DEFAULT_TIMEBOXES,
        )

    # -- private writing --------------------------------------------------------------------

    def _private(self, iteration_id: int) -> Path:
        return private_path(self.store.path, self.store.user, f"retro-{iteration_id}")

    def drafts(self, iteration_id: int) -> list[Draft]:
        """This user's reflections not yet revealed: read from their private file only."""
        data = read_private(self._private(iteration_id))
        return [
            Draft(str(d.get("prompt", "")), str(d.get("text", "")))
            for d in data.get("drafts", [])
            if isinstance(d, dict)
        ]

    def write_draft(self, iteration_id: int, prompt: str, text: str) -> int:
        """Keep a reflection in the private file; the team file learns only the count.
        Returns how many drafts this user has."""
        text = check_reflection(text)
        with self._tx() as tx:
            retro = retro_from_doc(self._doc(tx, iteration_id))
            if prompt not in retro.prompts:
                raise RitualError(
                    _("{prompt!r} is not one of this retro's prompts.").format(prompt=prompt)
                )
            drafts = [*self.drafts(iteration_id), Draft(prompt, text)]
            retro.count_written(tx.user, len(drafts))  # refused once revealed
            write_private(self._private(iteration_id), {"drafts": [asdict(d) for d in drafts]})
            tx.patch(RETROS, retro.id, {"written": retro.written})
        return len(drafts)

    def drop_draft(self, iteration_id: int, index: int) -> int:
        with self._tx() as tx:
            retro = retro_from_doc(self._doc(tx, iteration_id))
            drafts = self.drafts(iteration_id)
            if not 0 <= index < len(drafts):
                raise RitualError(_("there is no such reflection of yours."))
            del drafts[index]
            retro.count_written(tx.user, len(drafts))
            write_private(self._private(iteration_id), {"drafts": [asdict(d) for d in drafts]})
            tx.patch(RETROS, retro.id, {"written": retro.written})
        return len(drafts)

    def publish_mine(self, iteration_id: int) -> int:
        """After the reveal: this user's drafts join the retro (anonymous unless the team
        says otherwise) and the private file goes. Returns how many were added (0 when
        there was nothing to publish or it was published before)."""
        retro = self.for_iteration(iteration_id)
        if retro is None or not retro.revealed or self.store.user in retro.published:
            return 0
        drafts = self.drafts(iteration_id)
        author = _member_name(self.team, self.store.user)
        with self._tx() as tx:
            retro = retro_from_doc(self._doc(tx, iteration_id))
            added = retro.publish(tx.user, drafts, author)
            tx.patch(RETROS, retro.id, retro_to_doc(retro))
        remove_private(self._private(iteration_id))
        return len(added)

    def needs_publishing(self, retro: Retro) -> bool:
        return retro.revealed and not retro.ended and self.store.user not in retro.published

    # -- votes ------------------------------------------------------------------------------

    def vote(self, iteration_id: int, group: int, step: int = 1) -> int:
        """One of this user's votes on ``group`` (step -1 takes one back); votes left."""
        left: list[int] = []
        self.contribute(
            iteration_id, lambda r, _now: left.append(r.vote(self.store.user, group, step))
        )
        return left[0]

    # -- last retro's action items ----------------------------------------------------------

    def review_previous(self, iteration_id: int, n: int, decision: str) -> Retro:
        """The facilitator settles the last retro's action ``n``: done, keep or drop. Kept
        ones are carried into this retro's actions. Both records change in one transaction."""
        if decision not in DECISIONS:
            raise RitualError(
                _("{decision!r}: an action item is done, kept or dropped.").format(
                    decision=decision
                )
            )
        with self._tx() as tx:
            retro = retro_from_doc(self._doc(tx, iteration_id))
            if retro.facilitator and retro.facilitator != tx.user:
                raise NotFacilitator(retro.facilitator)
            older = [
                retro_from_doc(d)
                for d in tx.all(RETROS)
                if d["id"] < retro.id and d.get("iteration_id") != iteration_id
            ]
            if not older:
                raise RitualError(_("there is no earlier retro whose actions to review."))
            prev = max(older, key=lambda r: r.id)
            action = prev.action(n)
            prev.set_action_state(n, DECISIONS[decision])
            if decision == "keep" and not any(
                a.kept_from == f"retro {prev.id} action {n}" for a in retro.actions
            ):
                retro.add_action(
                    action.text, action.owner, action.due, f"retro {prev.id} action {n}"
                )
            retro.reviewed = [x for x in retro.reviewed if x.get("n") != str(n)]
            retro.reviewed.append({"n": str(n), "text": action.text, "decision": decision})
            retro.facilitator, retro.heartbeat = tx.user, tx.now
            if retro.phase == NOT_STARTED:
                retro.start(parse_iso(tx.now))
            tx.patch(RETROS, prev.id, {"actions": [asdict(a) for a in prev.actions]})
            tx.patch(RETROS, retro.id, retro_to_doc(retro))
        return retro

    # -- action items -----------------------------------------------------------------------

    def add_action(self, iteration_id: int, text: str, owner: str = "", due: str = "") -> Retro:
        """An action item with an owner (a member) and a due date read as reviews read it."""
        owner_name = find_member(self.team.members(), owner).name if owner.strip() else ""
        tz = self.team.team().timezone
        day = parse_due(due, self.store.clock, tz)
        return self.act(
            iteration_id,
            lambda r, _now: r.add_action(text, owner_name, day.isoformat() if day else ""),
        )

    def actions_to_cards(self, iteration_id: int) -> list[Card]:
        """Every open action item as a backlog card; twice gives the same cards."""
        retro = self.for_iteration(iteration_id)
        if retro is None:
            raise RitualError(_("this retro has no action items yet."))
        cards = []
        with self._unit() as uow:  # the cards and the links to them land together
            for a in retro.actions:
                if a.state != OPEN:
                    continue
                card = uow.board.add_card(
                    a.text,
                    column=Column.BACKLOG,
                    iteration_id=None,
                    assignee=a.owner or None,
                    source=f"retro {retro.iteration_name}",
                    source_key=f"retro:{retro.id}:action:{a.n}",
                    due=a.due,
                    description=_("Action item {n} of the retro of {iteration}.").format(
                        n=a.n, iteration=retro.iteration_name
                    ),
                )
                cards.append(card)
                a.card_id = card.id
            tx = uow.transaction
            stored = retro_from_doc(self._doc(tx, iteration_id))
            for a in stored.actions:
                linked = next((x.card_id for x in retro.actions if x.n == a.n), None)
                a.card_id = linked or a.card_id
            tx.patch(RETROS, stored.id, {"actions": [asdict(a) for a in stored.actions]})
        return cards

    def cards_of(self, retro: Retro) -> dict[int, Card]:
        """The cards the retro's actions became, by card id, as they are now (their state)."""
        wanted = {a.card_id for a in retro.actions if a.card_id}
        return {
            c.id: c
            for c in self.store.scan(
                CARDS, lambda i, d: _card_from_stored(i, d) if i in wanted else None
            )
        }

    # -- settings ---------------------------------------------------------------------------

    def save_settings(self, settings: RetroSettings) -> RetroSettings:
        template_prompts(settings.template)
        if not 1 <= settings.votes <= MAX_VOTES:
            raise RitualError(
                _("votes per person must be 1 to {MAX_VOTES}.").format(MAX_VOTES=MAX_VOTES)
            )
        self.team.update_team(
            retro_template=settings.template,
            retro_votes=settings.votes,
            retro_anonymous=bool(settings.anonymous),
            retro_group_by_anyone=bool(settings.group_by_anyone),
        )
        return self.settings()


def _member_name(team: TeamRepo, login: str) -> str:
    for m in team.members(include_inactive=True):
        if m.is_user(login):
            return m.name
    return login
