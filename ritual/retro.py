"""The retrospective as data: phases with timeboxes, reflections, groups, votes, discussion,
action items.

Plain Python, as the stand-up: an operation takes the retro and an instant and changes it; the
repository reads the freshest record, applies one operation and writes it back in one unit of
work. Nothing here ticks: a phase's time is its start (``phase_since``) against the reader's
clock, so every screen shows the same countdown.

What is *not* here is as important: a reflection being written is not part of the retro. It
lives in its author's private file (storage/private_file.py) and joins the retro only when its
author's process publishes it after the reveal. The retro holds how many each person wrote, so
the others see a count and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pendulum import DateTime

from ritual.clock import iso
from ritual.errors import RitualError
from ritual.i18n import N_, NP_, _, pgettext
from ritual.limits import check_text
from ritual.timebox import phase as timer_phase
from ritual.timebox import seconds_between, seconds_spent

NOT_STARTED = "not started"
REVIEW, WRITE, GROUP, VOTE, DISCUSS, ACT, ENDED = (
    "review",
    "write",
    "group",
    "vote",
    "discuss",
    "act",
    "ended",
)
PHASES = (REVIEW, WRITE, GROUP, VOTE, DISCUSS, ACT)
# Labels and prompts are English, marked for the catalog: shown through _() (a retro stores
# its prompts as they were written, so a prompt is translated where it is shown).
PHASE_LABELS = {
    NOT_STARTED: N_("Not started"),
    REVIEW: N_("Last actions"),
    WRITE: N_("Write"),
    GROUP: N_("Group"),
    VOTE: N_("Vote"),
    DISCUSS: N_("Discuss"),
    ACT: N_("Act"),
    ENDED: N_("Ended"),
}
DEFAULT_TIMEBOXES = {
    REVIEW: 300,
    WRITE: 420,
    GROUP: 300,
    VOTE: 180,
    DISCUSS: 300,  # per group
    ACT: 300,
}
# A template's prompts are translated in this context: "Start" of Start/Stop/Continue is not the
# stand-up's key "Start" (开始做, not 开始).
PROMPT = "retro prompt"
TEMPLATES: dict[str, tuple[str, ...]] = {
    "default": (
        NP_("retro prompt", "Went well"),
        NP_("retro prompt", "To improve"),
        NP_("retro prompt", "Ideas"),
    ),
    "start-stop-continue": (
        NP_("retro prompt", "Start"),
        NP_("retro prompt", "Stop"),
        NP_("retro prompt", "Continue"),
    ),
    "4ls": (
        NP_("retro prompt", "Liked"),
        NP_("retro prompt", "Learned"),
        NP_("retro prompt", "Lacked"),
        NP_("retro prompt", "Longed for"),
    ),
}
DEFAULT_VOTES = 3
MAX_VOTES = 20

OPEN, DONE_STATE, DROPPED = "open", "done", "dropped"
DECISIONS = {"done": DONE_STATE, "keep": OPEN, "drop": DROPPED}
# How an action's state and a last-retro decision read (stored values stay English).
ACTION_STATE_LABELS = {OPEN: N_("open"), DONE_STATE: N_("done"), DROPPED: N_("dropped")}
DECISION_LABELS = {"done": N_("done"), "keep": N_("keep"), "drop": N_("drop")}


def prompt_label(prompt: str) -> str:
    """A prompt as shown: a template's in the language in use, a team's own as typed."""
    translated = pgettext(PROMPT, prompt)
    return translated if translated != prompt else _(prompt)


def state_label(state: str) -> str:
    """An action's state (or a last-retro decision) in the language in use; a value another
    version wrote shows as written."""
    label = ACTION_STATE_LABELS.get(state) or DECISION_LABELS.get(state)
    return _(label) if label else state


class NotFacilitator(RitualError):
    """Someone else drives this retro; the caller may take over explicitly."""

    def __init__(self, facilitator: str) -> None:
        super().__init__(
            _("{facilitator} is facilitating this retro; take over to drive it.").format(
                facilitator=facilitator
            )
        )
        self.facilitator = facilitator


def template_prompts(name: str) -> tuple[str, ...]:
    key = name.strip().casefold()
    if key not in TEMPLATES:
        raise RitualError(
            _("{name!r} is not a retro template: use one of {TEMPLATES}.").format(
                name=name, TEMPLATES=" ".join(TEMPLATES)
            )
        )
    return TEMPLATES[key]


def check_reflection(text: str) -> str:
    return check_text(text, "retro.reflection", _("type a few words first: the text is empty."))


@dataclass
class Draft:
    """A reflection its author is still writing: never in the team file before the reveal."""

    prompt: str
    text: str


@dataclass
class Reflection:
    n: int
    prompt: str
    text: str
    author: str = ""  # only when the team turned anonymity off
    group: int = 0  # 0: in no group yet


@dataclass
class Group:
    n: int
    title: str
    votes: int = 0  # the tally, known once the vote has ended
    notes: str = ""
    segments: list[list[str]] = field(default_factory=list)  # time discussed


@dataclass
class Action:
    n: int
    text: str
    owner: str = ""
    due: str = ""  # YYYY-MM-DD or ""
    state: str = OPEN  # open | done | dropped
    card_id: int | None = None
    kept_from: str = ""  # "retro 3 action 2" when carried from the last retro


@dataclass
class Retro:
    id: int  # 0: not stored yet
    iteration_id: int
    iteration_name: str = ""
    prompts: list[str] = field(default_factory=lambda: list(TEMPLATES["default"]))
    anonymous: bool = True
    votes_per_person: int = DEFAULT_VOTES
    group_by_anyone: bool = False
    timeboxes: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TIMEBOXES))
    phase: str = NOT_STARTED
    phase_since: str = ""
    facilitator: str = ""
    heartbeat: str = ""
    started_at: str = ""
    revealed_at: str = ""
    ended_at: str = ""
    written: dict[str, int] = field(default_factory=dict)  # login -> drafts written (a count)
    published: list[str] = field(default_factory=list)  # logins whose drafts are in
    reflections: list[Reflection] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    ballots: dict[str, list[int]] = field(default_factory=dict)  # during the vote only
    voters: int = 0
    discussing: int | None = None  # the group on the floor
    discuss_since: str = ""
    actions: list[Action] = field(default_factory=list)
    reviewed: list[dict[str, str]] = field(default_factory=list)  # last retro's decisions

    # -- reading ----------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self.phase != NOT_STARTED

    @property
    def ended(self) -> bool:
        return self.phase == ENDED

    @property
    def revealed(self) -> bool:
        return bool(self.revealed_at)

    @property
    def votes_visible(self) -> bool:
        """Totals are shown once the vote is over, never while people still vote."""
        return self.phase in (DISCUSS, ACT, ENDED)

    def written_total(self) -> int:
        return sum(self.written.values())

    def phase_timebox(self) -> int:
        return int(self.timeboxes.get(self.phase, 0))

    def phase_remaining(self, now: DateTime) -> float:
        """Time left in the phase (the current topic's while discussing); negative once over."""
        if self.phase == DISCUSS and self.discussing is not None:
            return self.phase_timebox() - self.topic_seconds(self.group(self.discussing), now)
        if not self.phase_since or self.phase not in PHASES:
            return float(self.phase_timebox())
        return self.phase_timebox() - seconds_between(self.phase_since, now)

    def timer_phase(self, now: DateTime) -> str:
        return timer_phase(self.phase_remaining(now), self.phase_timebox()).value

    def topic_seconds(self, group: Group, now: DateTime) -> float:
        spent = seconds_spent(group.segments, now)
        if group.n == self.discussing and self.discuss_since:
            spent += seconds_between(self.discuss_since, now)
        return spent

    def group(self, n: int) -> Group:
        for g in self.groups:
            if g.n == n:
                return g
        raise RitualError(_("there is no group {n}.").format(n=n))

    def reflection(self, n: int) -> Reflection:
        for r in self.reflections:
            if r.n == n:
                return r
        raise RitualError(_("there is no reflection {n}.").format(n=n))

    def action(self, n: int) -> Action:
        for a in self.actions:
            if a.n == n:
                return a
        raise RitualError(_("there is no action item {n}.").format(n=n))

    def in_group(self, n: int) -> list[Reflection]:
        return [r for r in self.reflections if r.group == n]

    def shown_reflections(self) -> list[Reflection]:
        """In prompt order, then alphabetically: never in the order people published them,
        which would tell who wrote what."""
        order = {p: i for i, p in enumerate(self.prompts)}
        return sorted(
            self.reflections, key=lambda r: (order.get(r.prompt, 99), r.text.casefold(), r.n)
        )

    def discussion_order(self) -> list[Group]:
        """Groups by votes, most first (ties: the order they were made)."""
        return sorted(self.groups, key=lambda g: (-g.votes, g.n))

    def votes_of(self, login: str) -> list[int]:
        return list(self.ballots.get(login, []))

    def votes_left(self, login: str) -> int:
        return self.votes_per_person - len(self.ballots.get(login, []))

    # -- phases -----------------------------------------------------------------------------

    def _require_open(self) -> None:
        if self.ended:
            raise RitualError(
                _("the retro of {iteration} has ended.").format(
                    iteration=self.iteration_name or _("this iteration")
                )
            )

    def _require(self, *phases: str) -> None:
        self._require_open()
        if self.phase not in phases:
            names = _(" or ").join(_(PHASE_LABELS[p]) for p in phases)
            raise RitualError(
                _("that belongs to the {names} phase; the retro is at {label}.").format(
                    names=names, label=self.label
                )
            )

    @property
    def label(self) -> str:
        return _(PHASE_LABELS[self.phase]) if self.phase in PHASE_LABELS else self.phase

    def start(self, now: DateTime) -> None:
        """Open the retro on the last retro's action items."""
        self._require_open()
        if self.started:
            return
        self.started_at = iso(now)
        self._enter(REVIEW, now)

    def advance(self, now: DateTime) -> None:
        """The facilitator moves on: write, reveal and group, vote, discuss, act, end."""
        self._require_open()
        if not self.started:
            self.start(now)
            return
        if self.phase == DISCUSS and self.discussing is not None:
            self._close_topic(now)
        following = PHASES.index(self.phase) + 1
        self._enter(PHASES[following] if following < len(PHASES) else ENDED, now)

    def _enter(self, phase: str, now: DateTime) -> None:
        if self.phase == VOTE:
            self._tally()
        self.phase, self.phase_since = phase, iso(now)
        if phase == GROUP:
            self.revealed_at = iso(now)
        elif phase == VOTE:
            self._every_reflection_in_a_group()
            self.ballots = {}
        elif phase == DISCUSS:
            first = self.discussion_order()
            self.discussing = first[0].n if first else None
            self.discuss_since = iso(now) if first else ""
        elif phase == ENDED:
            self.ended_at = iso(now)

    def _every_reflection_in_a_group(self) -> None:
        """A reflection nobody grouped is a topic of its own: everything can get votes."""
        for r in self.shown_reflections():
            if r.group == 0:
                g = self._new_group(r.text[:60])
                r.group = g.n

    def _tally(self) -> None:
        """The vote's end: totals per group, and who voted for what forgotten."""
        for g in self.groups:
            g.votes = sum(b.count(g.n) for b in self.ballots.values())
        self.voters = sum(1 for b in self.ballots.values() if b)
        self.ballots = {}

    # -- writing (counts only) and publishing -------------------------------------------------

    def count_written(self, login: str, count: int) -> None:
        """How many drafts ``login`` has: all the others learn before the reveal."""
        self._require_open()
        if self.revealed:
            raise RitualError(_("the reflections are revealed: add yours now, they show at once."))
        self.written[login] = max(0, int(count))

    def publish(self, login: str, drafts: list[Draft], author: str) -> list[Reflection]:
        """``login``'s drafts join the retro after the reveal (once: a second publish adds
        nothing). ``author`` is kept only when the team turned anonymity off."""
        self._require_open()
        if not self.revealed:
            raise RitualError(_("the reflections are not revealed yet: they stay private."))
        if login in self.published:
            return []
        self.published.append(login)
        added = []
        for d in drafts:
            prompt = d.prompt if d.prompt in self.prompts else self.prompts[0]
            r = Reflection(self._next_n(self.reflections), prompt, check_reflection(d.text))
            if not self.anonymous:
                r.author = author
            self.reflections.append(r)
            added.append(r)
        self.written[login] = len(drafts)
        return added

    # -- grouping ---------------------------------------------------------------------------

    @staticmethod
    def _next_n(items: list) -> int:
        return max((i.n for i in items), default=0) + 1

    def _new_group(self, title: str) -> Group:
        g = Group(self._next_n(self.groups), check_text(title, "retro.group") or _("Untitled"))
        self.groups.append(g)
        return g

    def put_in_group(self, reflection: int, group: int | str) -> Group | None:
        """Reflection ``reflection`` joins group ``group`` (a number), a new group (a name),
        or no group (0). An emptied group disappears."""
        self._require(GROUP)
        r = self.reflection(reflection)
        if isinstance(group, str):
            target: Group | None = self._new_group(group)
        elif group == 0:
            target = None
        else:
            target = self.group(group)
        old = r.group
        r.group = target.n if target else 0
        if old and not self.in_group(old):
            self.groups = [g for g in self.groups if g.n != old]
        return target

    def rename_group(self, n: int, title: str) -> None:
        self._require(GROUP, VOTE, DISCUSS)
        title = check_text(title, "retro.group", _("a group needs a name."))
        self.group(n).title = title

    # -- voting -----------------------------------------------------------------------------

    def vote(self, login: str, group: int, step: int = 1) -> int:
        """Add (step 1) or take back (-1) one of ``login``'s votes; returns votes left."""
        self._require(VOTE)
        self.group(group)
        ballot = self.ballots.setdefault(login, [])
        if step > 0:
            if len(ballot) >= self.votes_per_person:
                raise RitualError(
                    _("you have used your {votes_per_person} votes: take one back first.").format(
                        votes_per_person=self.votes_per_person
                    )
                )
            ballot.append(group)
        elif group in ballot:
            ballot.remove(group)
        else:
            raise RitualError(_("you have no vote on that group to take back."))
        return self.votes_left(login)

    # -- discussing -------------------------------------------------------------------------

    def _close_topic(self, now: DateTime) -> None:
        if self.discussing is not None and self.discuss_since:
            self.group(self.discussing).segments.append([self.discuss_since, iso(now)])
        self.discuss_since = ""

    def next_topic(self, now: DateTime) -> Group | None:
        """The next group in vote order gets the floor (and its own timer)."""
        self._require(DISCUSS)
        order = self.discussion_order()
        at = next((i for i, g in enumerate(order) if g.n == self.discussing), -1)
        self._close_topic(now)
        following = order[at + 1] if at + 1 < len(order) else None
        self.discussing = following.n if following else None
        self.discuss_since = iso(now) if following else ""
        return following

    def set_notes(self, group: int, notes: str) -> None:
        self._require(DISCUSS, ACT)
        self.group(group).notes = check_text(notes, "retro.notes")

    # -- action items -----------------------------------------------------------------------

    def add_action(self, text: str, owner: str = "", due: str = "", kept_from: str = "") -> Action:
        self._require_open()
        text = check_text(text, "action.text", _("an action item needs a text."))
        a = Action(self._next_n(self.actions), text, owner, due, kept_from=kept_from)
        self.actions.append(a)
        return a

    def set_action_state(self, n: int, state: str) -> Action:
        if state not in (OPEN, DONE_STATE, DROPPED):
            raise RitualError(
                _("{state!r} is not an action state: open, done or dropped.").format(state=state)
            )
        a = self.action(n)
        a.state = state
        return a

    def open_actions(self) -> list[Action]:
        return [a for a in self.actions if a.state == OPEN]


def new_retro(
    iteration_id: int,
    iteration_name: str,
    prompts: tuple[str, ...] | list[str] = TEMPLATES["default"],
    anonymous: bool = True,
    votes_per_person: int = DEFAULT_VOTES,
    group_by_anyone: bool = False,
    timeboxes: dict[str, int] | None = None,
) -> Retro:
    """An iteration's retro as the team's settings make it, before anyone starts it."""
    return Retro(
        0,
        iteration_id,
        iteration_name,
        list(prompts),
        anonymous,
        votes_per_person,
        group_by_anyone,
        dict(timeboxes or DEFAULT_TIMEBOXES),
    )
