"""Ranking the product backlog by hand: one card moved up or down, the whole backlog numbered
in one unit of work, the same order on the plan, the board and `card list --column
backlog`; two people ranking different cards at once both land."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from board_helpers import board
from helpers.cli import ritual
from helpers.pilot import settle

from ritual.board import Board
from ritual.errors import RitualError
from ritual.iteration import Card, Column, Iteration, card_order
from screens.app import RitualApp
from screens.plan.screen import PlanScreen
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.store import Store


def backlog_ids(repo: BoardRepo) -> list[int]:
    return [c.id for c in repo.plan_cards(None)[0]]


def test_rank_moves_one_card_and_numbers_the_backlog() -> None:
    cards = [Card(i, f"c{i}", priority=p) for i, p in ((1, "P2"), (2, "P1"), (3, "P3"), (4, "P2"))]
    sprint = Card(9, "in sprint", Column.TODO, iteration_id=5)
    b = Board([Iteration(5, "S", state="current")], [*cards, sprint], "ann", "now")
    # Unranked: by priority, then oldest: 2, 1, 4, 3. Card 3 goes up two places.
    b.rank(3, -2)
    assert [c.id for c in sorted(cards, key=card_order)] == [2, 3, 1, 4]
    assert {c.id: c.rank for c in cards} == {2: 1, 3: 2, 1: 3, 4: 4}
    # Past either end it stops there; a card in an iteration is not ranked by hand.
    b2 = Board([], cards, "ann", "now")
    b2.rank(2, -5)
    assert b2.card_changes == {}  # already first: nothing written
    b2.rank(2, 99)
    assert [c.id for c in sorted(cards, key=card_order)] == [3, 1, 4, 2]
    assert set(b2.card_changes) == {2, 3, 1, 4}  # each moved one place
    try:
        b.rank(9, -1)
    except RitualError as e:
        assert "only the product backlog" in str(e)
    else:
        raise AssertionError("a sprint card was ranked")


def test_a_new_card_comes_after_the_ranked_ones_and_planning_clears_the_rank(
    store: Store,
) -> None:
    repo = BoardRepo(store)
    repo.start_iteration("S1", "2026-11-02", "2026-11-13")
    ids = [repo.add_card(f"c{i}", column="backlog", priority="P3").id for i in range(3)]
    repo.rank_card(ids[2], -2)
    urgent = repo.add_card("urgent", column="backlog", priority="P0").id
    assert backlog_ids(repo) == [ids[2], ids[0], ids[1], urgent]
    it = repo.current_iteration()
    repo.plan_card(ids[2], it.id)
    assert repo.card(ids[2]).rank is None
    repo.plan_card(ids[2], None)  # back: after the ranked cards, by priority
    repo.rank_card(urgent, -1)
    assert backlog_ids(repo) == [ids[0], urgent, ids[1], ids[2]]


def test_two_processes_ranking_different_cards_both_land(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    assert ritual(db, "init").returncode == 0
    ids = [
        ritual(db, "card", "add", f"c{i}", "--column", "backlog").stdout.strip() for i in range(5)
    ]
    procs = [
        subprocess.Popen([sys.executable, "-m", "ritual", "--db", str(db), "--user", who,
                          "card", "rank", card, places], text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for who, card, places in (("ann", ids[4], "up"), ("bob", ids[0], "down"))
    ]  # fmt: skip
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    # Either order gives the same backlog: c0 under c1, c4 above c3.
    listed = ritual(db, "card", "list", "--column", "backlog", "--json")
    assert listed.returncode == 0, listed.stderr
    order = [str(c["id"]) for c in json.loads(listed.stdout)]
    assert order == [ids[1], ids[0], ids[2], ids[4], ids[3]]
    table = ritual(db, "card", "list", "--column", "backlog").stdout.splitlines()[1:]
    assert [row.split()[0] for row in table] == order
    by_repo = backlog_ids(BoardRepo(Store(db, "t").open()))
    assert [str(i) for i in by_repo] == order
    refused = ritual(db, "card", "rank", ids[0], "sideways")
    assert refused.returncode == 2 and refused.stderr.startswith("ritual: ")


async def test_plan_keys_rank_the_backlog_and_the_board_shows_the_same_order(
    demo_services: Services,
) -> None:
    repo = demo_services.board
    before = backlog_ids(repo)
    app = RitualApp(demo_services, mode="plan")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, PlanScreen))
        await pilot.press("down")  # the second card
        await pilot.press("left_square_bracket")  # up: first now
        await settle(pilot)
        assert backlog_ids(repo)[:2] == [before[1], before[0]]
        assert screen.query_one("#backlog-list").card.id == before[1]  # the cursor follows
        await pilot.press("shift+down", "shift+down")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        expected = [before[0], before[2], before[3], before[1], *before[4:]]
        assert backlog_ids(repo) == expected
        assert [c.id for c in screen.backlog] == expected
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        backlog = board(app).column_list(Column.BACKLOG)
        assert [c.id for c in backlog.cards] == expected
