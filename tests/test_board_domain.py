"""The board's domain and repository: points, burndown, filters, iterations, blocking."""

from __future__ import annotations

import pendulum
import pytest

from ritual.errors import RitualError
from ritual.iteration import (
    Card,
    CardFilter,
    Column,
    Iteration,
    burndown,
    committed_points,
    parse_due,
    parse_labels,
    parse_wip_limit,
    wip_over,
)
from ritual.planning import next_defaults, next_name
from storage.board_repo import CARD_FIELDS, BoardRepo
from storage.store import Store


def test_committed_excludes_the_backlog_and_burndown_counts_done_days() -> None:
    it = Iteration(1, "S", start="2026-11-23", end="2026-11-27")
    cards = [
        Card(1, "a", Column.DONE, 1, points=3, done_at="2026-11-24T10:00:00+00:00"),
        Card(2, "b", Column.DOING, 1, points=5),
        Card(3, "c", Column.BACKLOG, 1, points=8),
    ]
    assert committed_points(cards) == 8
    days = burndown(it, cards, pendulum.date(2026, 11, 25), "Europe/Berlin")
    assert [left for _, left, _ in days] == [8, 5, 5, None, None]
    assert [round(ideal, 1) for _, _, ideal in days] == [6.4, 4.8, 3.2, 1.6, 0.0]


def test_filter_matches_every_criterion() -> None:
    card = Card(1, "Fix login", assignee="Ann", priority="P1", labels=["Auth"], description="SSO")
    assert CardFilter(search="sso").matches(card)
    assert CardFilter(search="auth", priority="P1").matches(card)
    assert CardFilter(label="auth").matches(card)
    assert not CardFilter(priority="P2").matches(card)
    assert CardFilter(mine=True).matches(card, frozenset({"Ann"}))
    assert not CardFilter(mine=True).matches(card, frozenset())
    assert CardFilter(mine=True, search="x").describe() == "my cards · search 'x'"


def test_parsers_refuse_with_one_sentence() -> None:
    assert parse_labels("api, security api") == ["api", "security"]
    assert parse_due("2026-12-01") == "2026-12-01" and parse_due(" ") == ""
    assert parse_wip_limit("") is None and parse_wip_limit("0") is None
    assert parse_wip_limit("4") == 4
    for bad in (lambda: parse_due("soon"), lambda: parse_wip_limit("-2")):
        with pytest.raises(RitualError):
            bad()
    it = Iteration(1, "S", wip_limits={"doing": 2})
    assert not wip_over(it, Column.DOING, 2) and wip_over(it, Column.DOING, 3)


def test_next_iteration_defaults() -> None:
    assert next_name("Sprint 14") == "Sprint 15"
    assert next_name("Q4") == "Q5"
    assert next_name("Autumn") == "Autumn (next)"
    latest = Iteration(1, "Sprint 1", start="2026-11-16", end="2026-11-27")
    d = next_defaults(latest, pendulum.date(2026, 11, 26))
    assert d == {"name": "Sprint 2", "start": "2026-11-28", "end": "2026-12-11"}


def test_plan_close_and_promote(store: Store) -> None:
    repo = BoardRepo(store)
    s1 = repo.plan_iteration("S1", "2026-11-23", "2026-12-04", capacity="20")
    assert (s1.state, s1.capacity) == ("current", 20)
    s2 = repo.plan_iteration("S2", "2026-12-07", "2026-12-18")
    assert s2.state == "planned" and repo.next_iteration().id == s2.id
    done = repo.add_card("Done", column="done")
    left = repo.add_card("Left", column="doing")
    assert repo.close_iteration(s1.id, "backlog") == 1
    assert repo.current_iteration().id == s2.id  # the planned one starts
    assert (repo.card(left.id).iteration_id, repo.card(left.id).column) == (None, Column.BACKLOG)
    assert repo.card(done.id).iteration_id == s1.id
    with pytest.raises(RitualError):
        repo.close_iteration(s1.id)
    with pytest.raises(RitualError):
        repo.close_iteration(s2.id, "next")  # nothing planned after S2


def test_board_cards_are_the_iteration_and_the_product_backlog(store: Store) -> None:
    repo = BoardRepo(store)
    loose = repo.add_card("Idea")  # no iteration yet: product backlog
    s1 = repo.start_iteration("S1", "2026-11-23", "2026-12-04")
    inside = repo.add_card("Work")
    assert {c.id for c in repo.board_cards(s1.id)} == {loose.id, inside.id}
    moved = repo.move_card(loose.id, Column.TODO)
    assert moved.iteration_id == s1.id


def test_blocked_needs_a_reason(store: Store) -> None:
    repo = BoardRepo(store)
    card = repo.add_card("x")
    with pytest.raises(RitualError):
        repo.set_blocked(card.id, True, "  ")
    assert repo.set_blocked(card.id, True, "waiting\x1b[2J").blocked_reason == "waiting [2J"
    assert repo.set_blocked(card.id, False).blocked_reason == ""


def test_board_cards_are_the_cards_the_dataclass_builds(store: Store) -> None:
    """board_cards fills Card's fields directly (it is the board's hot path): the result
    must equal what Card's own constructor makes, and own its lists."""
    repo = BoardRepo(store)
    s1 = repo.start_iteration("S1", "2026-11-23", "2026-12-04")
    full = repo.add_card(
        "Full", points=3, priority="P1", labels=["ui", "perf"], description="d", due="2026-12-01"
    )
    bare = repo.add_card("Bare")
    with store.transaction() as tx:  # an older writer's doc: fields missing; a newer one's extra
        doc = tx.insert("cards", {"title": "Old", "column": "doing", "iteration_id": s1.id})
        tx.patch("cards", doc["id"], {"future_field": 1})
    built = {c.id: c for c in repo.board_cards(s1.id)}
    for card_id in (full.id, bare.id, doc["id"]):
        stored = store.get("cards", card_id)
        expected = Card(**{k: v for k, v in stored.items() if k in CARD_FIELDS})
        expected.column = Column(expected.column)
        assert built[card_id] == expected
    assert built[doc["id"]].column is Column.DOING and built[doc["id"]].labels == []
    built[full.id].labels.append("mine")
    assert store.get("cards", full.id)["labels"] == ["ui", "perf"]
    assert built[bare.id].labels is not built[doc["id"]].labels
    assert built[bare.id].conflicts is not built[doc["id"]].conflicts
