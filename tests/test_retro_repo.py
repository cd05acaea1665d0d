"""The retro in the team file: private drafts, reveal, grouping, hidden votes, actions to
cards, the last retro's actions, and the facts panel against an iteration with known numbers."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ritual.clock import ManualClock
from ritual.errors import RitualError
from ritual.retro import ACT, DISCUSS, GROUP, VOTE, WRITE, NotFacilitator, Retro
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.errors import StoreError
from storage.private_file import private_path
from storage.retro_repo import RetroRepo, RetroSettings
from storage.store import Store


@pytest.fixture
def team(services: Services) -> Services:
    for name in ("Alice", "Bob", "Carol"):
        services.team.add_member(name, login=name.lower())
    BoardRepo(services.store).start_iteration("Sprint 1", "2026-11-16", "2026-11-27", "Ship login")
    return services


def repo_as(db_path: Path, user: str, clock: ManualClock) -> RetroRepo:
    return RetroRepo(Store(db_path, user, clock).open())


def until_phase(repo: RetroRepo, it: int, phase: str) -> Retro:
    retro = repo.for_iteration(it)
    while retro is None or retro.phase != phase:
        retro = repo.act(it, Retro.advance)
    return retro


def test_drafts_stay_out_of_the_team_file_until_revealed(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    alice = RetroRepo(team.store)
    it = alice.default_iteration().id
    bob = repo_as(db_path, "bob", clock)
    until_phase(alice, it, WRITE)
    assert bob.write_draft(it, "To improve", "秘密: the deploy took 3 hours") == 1
    raw = db_path.read_text(encoding="utf-8")
    assert "deploy took" not in raw and "秘密" not in raw
    assert json.loads(raw)["retros"]["1"]["written"] == {"bob": 1}
    side = private_path(db_path, "bob", f"retro-{it}")
    assert stat.S_IMODE(os.stat(side).st_mode) == 0o600
    assert alice.drafts(it) == []  # alice's own private file: none
    with pytest.raises(RitualError, match="not revealed"):
        bob.contribute(it, lambda r, _now: r.publish("bob", bob.drafts(it), "Bob"))
    alice.act(it, Retro.advance)  # write -> group: revealed
    bob.store.refresh()
    assert bob.publish_mine(it) == 1
    assert bob.publish_mine(it) == 0  # once
    assert not side.exists()
    alice.store.refresh()
    retro = alice.for_iteration(it)
    assert retro.phase == GROUP
    assert [(r.text, r.author) for r in retro.reflections] == [
        ("秘密: the deploy took 3 hours", "")
    ]  # anonymous by default: no author stored
    assert "bob" not in json.dumps(retro.reflections[0].__dict__)


def test_a_planted_readable_private_file_is_refused(team: Services, db_path: Path) -> None:
    alice = RetroRepo(team.store)
    it = alice.default_iteration().id
    side = private_path(db_path, "alice", f"retro-{it}")
    side.write_text('{"drafts": []}')
    os.chmod(side, 0o644)
    with pytest.raises(StoreError, match="can be read by others"):
        alice.drafts(it)


def test_group_vote_with_a_limit_and_hidden_ballots_then_discuss_and_act(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    alice = RetroRepo(team.store)
    it = alice.default_iteration().id
    carol = repo_as(db_path, "carol", clock)
    until_phase(alice, it, WRITE)
    alice.write_draft(it, "Went well", "pairing")
    alice.write_draft(it, "To improve", "flaky CI")
    carol.write_draft(it, "To improve", "CI is slow")
    alice.act(it, Retro.advance)
    alice.publish_mine(it)
    carol.store.refresh()
    carol.publish_mine(it)
    alice.store.refresh()
    retro = alice.for_iteration(it)
    ci = [r.n for r in retro.reflections if "CI" in r.text]
    alice.group_op(it, lambda r, _n: r.put_in_group(ci[0], "CI"))
    alice.group_op(it, lambda r, _n: r.put_in_group(ci[1], 1))
    with pytest.raises(NotFacilitator):
        carol.group_op(it, lambda r, _n: r.rename_group(1, "Builds"))
    retro = alice.act(it, Retro.advance)  # -> vote: "pairing" becomes a group of its own
    assert retro.phase == VOTE and len(retro.groups) == 2
    carol.store.refresh()
    assert carol.vote(it, 1) == 2
    carol.vote(it, 1)
    carol.vote(it, 2)
    with pytest.raises(RitualError, match="used your 3 votes"):
        carol.vote(it, 2)
    carol.vote(it, 2, -1)
    alice.store.refresh()
    alice.vote(it, 2)
    retro = alice.act(it, Retro.advance)  # -> discuss: tally, ballots forgotten
    assert retro.phase == DISCUSS
    assert [(g.title, g.votes) for g in retro.discussion_order()] == [("CI", 2), ("pairing", 1)]
    assert retro.ballots == {} and retro.voters == 2
    assert json.loads(db_path.read_text())["retros"]["1"]["ballots"] == {}
    assert retro.discussing == 1
    clock.advance(90)
    retro = alice.act(it, lambda r, now: r.next_topic(now))
    assert retro.groups[0].segments and retro.discussing == 2
    retro = alice.act(it, Retro.advance)
    assert retro.phase == ACT
    alice.add_action(it, "Quarantine flaky tests", "Bob", "fri")
    cards = alice.actions_to_cards(it)
    again = alice.actions_to_cards(it)
    assert [c.id for c in cards] == [c.id for c in again]
    board = BoardRepo(team.store).cards(None)
    assert [(c.title, c.assignee, c.due) for c in board] == [
        ("Quarantine flaky tests", "Bob", "2026-11-27")
    ]
    assert alice.for_iteration(it).actions[0].card_id == cards[0].id


def test_last_retros_actions_are_reviewed_first(team: Services, clock: ManualClock) -> None:
    repo = RetroRepo(team.store)
    board = BoardRepo(team.store)
    first = repo.default_iteration().id
    until_phase(repo, first, ACT)
    repo.add_action(first, "Write a runbook")
    repo.add_action(first, "Fix the VPN")
    repo.act(first, Retro.advance)
    board.close_iteration(first)
    second = board.start_iteration("Sprint 2", "2026-11-30", "2026-12-11").id
    assert repo.default_iteration().id == first  # the one just closed
    prev = repo.previous(repo.current(board.iteration(second)))
    assert [a.text for a in prev.open_actions()] == ["Write a runbook", "Fix the VPN"]
    repo.review_previous(second, 1, "done")
    retro = repo.review_previous(second, 2, "keep")
    assert [(a.text, a.kept_from) for a in retro.actions] == [("Fix the VPN", "retro 1 action 2")]
    retro = repo.review_previous(second, 2, "keep")  # twice: carried once
    assert len(retro.actions) == 1
    assert [a.state for a in repo.for_iteration(first).actions] == ["done", "open"]


def test_settings_make_the_next_retro(team: Services) -> None:
    repo = RetroRepo(team.store)
    repo.save_settings(RetroSettings("4ls", 5, anonymous=False, group_by_anyone=True))
    it = repo.default_iteration()
    retro = repo.current(it)
    assert (retro.prompts, retro.votes_per_person, retro.anonymous) == (
        ["Liked", "Learned", "Lacked", "Longed for"],
        5,
        False,
    )
    with pytest.raises(RitualError, match="votes per person"):
        repo.save_settings(RetroSettings(votes=0))


def test_facts_of_an_iteration_with_known_numbers(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    """Sprint 1 runs 2026-11-16..27 (the clock starts 2026-11-16 09:00 UTC): 4 cards planned
    on day one (3+5+2+8 points), one added on day 3 (5 points), one blocked on day 4 and still
    blocked at the end, two done."""
    clock.set("2026-11-16T09:00:00Z")
    store = Store(db_path, "alice", clock).open()
    board = BoardRepo(store)
    it = board.current_iteration()
    a = board.add_card("Login form", points=3)
    b = board.add_card("Session store", points=5)
    board.add_card("Copy", points=2)
    c = board.add_card("SSO", points=8)
    clock.set("2026-11-18T10:00:00Z")
    board.add_card("Audit log", points=5)
    clock.set("2026-11-24T10:00:00Z")
    board.set_blocked(c.id, True, "waiting for the IdP")
    board.move_card(c.id, "doing")
    clock.set("2026-11-24T11:00:00Z")
    board.move_card(a.id, "done")
    board.move_card(b.id, "done")
    board.set_blocked(c.id, True, "waiting for the IdP")  # last change on day 9 (Nov 24)
    clock.set("2026-11-27T17:00:00Z")  # the last day
    facts = {f.key: f for f in RetroRepo(store).facts(it)}
    assert facts["goal"].value == "Ship login"
    assert facts["points"].value == "8 / 23 (35%)"
    assert facts["added"].value == "1 card, 5 points"
    assert facts["carried"].value == "3 cards, 15 points"
    assert facts["blocked"].value == "3 (1 card)"  # Nov 24 -> Nov 27
    assert facts["standups"].value.startswith("0 held")
    assert all(f.how for f in facts.values())


def test_a_retro_with_odd_values_is_read_and_named(team: Services, db_path: Path) -> None:
    from storage.health import bad_records

    repo = RetroRepo(team.store)
    it = repo.default_iteration().id
    until_phase(repo, it, WRITE)
    data = json.loads(db_path.read_text())
    data["retros"]["1"].update(
        phase="brainstorm",
        written={"bob": "three"},
        reflections=[{"n": 1, "prompt": "Ideas", "text": None}, "junk"],
        timeboxes=[1],
    )
    db_path.write_text(json.dumps(data))
    team.store.refresh()
    retro = repo.for_iteration(it)
    assert retro.phase == "not started" and retro.written == {}
    assert retro.timeboxes["write"] == 420
    assert [r.text for r in retro.reflections] == ["(no text)", "(no text)"]
    lines = [x for x in bad_records(team.store) if x.startswith("retro 1")]
    assert len(lines) == 1 and "phase is 'brainstorm'" in lines[0]
    assert "written[bob] is not a number" in lines[0]


def test_scope_facts_come_from_the_scope_log(
    team: Services, db_path: Path, clock: ManualClock
) -> None:
    """Moves count too (the old figure saw only cards created after day one): a backlog card
    pulled in on day 3, a card sent back to the backlog on day 4, a new card added and
    deleted again; what happens on the first day is planning."""
    clock.set("2026-11-16T09:00:00Z")
    store = Store(db_path, "alice", clock).open()
    board = BoardRepo(store)
    it = board.current_iteration()
    planned = board.add_card("Login form", points=3)
    board.add_card("Copy", points=2)
    old = board.add_card("Payments export", points=8, iteration_id=None)  # the backlog
    clock.set("2026-11-18T10:00:00Z")
    board.plan_card(old.id, it.id, reason="the customer asked")
    clock.set("2026-11-19T10:00:00Z")
    board.plan_card(planned.id, None, reason="waiting for design")
    gone = board.add_card("Spike", points=1)
    board.delete_card(gone.id, reason="not needed")
    facts = {f.key: f for f in RetroRepo(store).facts(board.iteration(it.id))}
    assert facts["added"].value == "1 card, 8 points; 2 cards, 4 points removed"
    assert "scope log" in facts["added"].how
