"""Planning poker: sealed votes in the shared file, the reveal, re-vote, the agreed estimate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ritual.errors import RitualError
from ritual.review_poker import PokerRound, scale_values, seal
from storage.private_votes import PrivateVotes
from storage.review_repo import ReviewRepo
from storage.store import Store
from storage.team_repo import TeamRepo


def test_scales_and_spread() -> None:
    assert scale_values("tshirt") == ("XS", "S", "M", "L", "XL", "?", "coffee")
    assert scale_values("1, 2, 4, 4, 8") == ("1", "2", "4", "8", "?", "coffee")
    with pytest.raises(RitualError, match="is not a scale"):
        scale_values("huge")
    r = PokerRound(1, votes={"a": "3", "b": "8", "c": "3", "d": "?"})
    assert r.spread() == "3 ×2, 8, ? · spread 3–8"
    assert PokerRound(1, votes={"a": "5", "b": "5"}).spread() == "5 ×2 · agreed"


def test_a_vote_opens_only_with_its_own_value() -> None:
    r = PokerRound(1, facilitator="alice")
    r.cast("bob", seal("5", "salt"))
    with pytest.raises(RitualError, match="after the reveal"):
        r.open("bob", "5", "salt")
    with pytest.raises(RitualError, match="alice runs this vote"):
        r.reveal("bob")
    r.reveal("alice")
    with pytest.raises(RitualError, match="does not match"):
        r.open("bob", "8", "salt")
    r.open("bob", "5", "salt")
    assert r.votes == {"bob": "5"}


@pytest.fixture
def three(db_path: Path, store: Store, clock, tmp_path: Path):
    TeamRepo(store).add_member("Alice")
    repos = {}
    for user in ("alice", "bob", "carol"):
        private = PrivateVotes(tmp_path / f"state-{user}")
        repos[user] = ReviewRepo(Store(db_path, user, clock).open(), private_votes=private)
    alice = repos["alice"]
    review = alice.create_review("R", "today 10:00")
    item = alice.add_item(review.id, "Pay by link", acceptance="Given a link, pay")
    alice.start(review.id)
    return repos, review.id, item.id


def test_votes_stay_sealed_until_the_reveal_then_the_estimate_keeps_them(
    three, db_path: Path
) -> None:
    repos, rid, item_id = three
    alice, bob, carol = repos["alice"], repos["bob"], repos["carol"]
    alice.poker_start(rid)
    alice.vote(rid, "5")
    bob.vote(rid, "13")
    carol.vote(rid, "8")
    with pytest.raises(RitualError, match="not on this vote's scale"):
        carol.vote(rid, "4")
    # What anyone can read before the reveal: who voted, never what.
    data = json.loads(db_path.read_text(encoding="utf-8"))
    stored_round = data["reviews"][str(rid)]["poker"]
    assert stored_round.pop("scale") == list(scale_values("fibonacci"))
    assert stored_round["votes"] == {}
    assert all(len(s) == 64 for s in stored_round["sealed"].values())
    everything_else = json.dumps(data["reviews"][str(rid)] | {"poker": stored_round})
    assert not any(f'"{v}"' in everything_else for v in ("5", "8", "13"))
    seen = carol.poker(rid)
    assert seen is not None and seen.voted() == ["alice", "bob", "carol"] and seen.votes == {}
    assert bob.my_vote(rid) == "13" and carol.my_vote(rid) == "8"
    with pytest.raises(RitualError, match="alice runs this vote"):
        bob.reveal(rid)
    after = alice.reveal(rid)
    assert after.votes == {"alice": "5"}  # the others open theirs from their own apps
    bob.open_my_vote(rid)
    carol.open_my_vote(rid)
    assert carol.poker(rid).spread() == "5, 8, 13 · spread 5–13"
    alice.revote(rid)
    for repo, value in ((alice, "8"), (bob, "8"), (carol, "8")):
        repo.vote(rid, value)
    alice.reveal(rid)
    bob.open_my_vote(rid)
    carol.open_my_vote(rid)
    assert bob.poker(rid).spread() == "8 ×3 · agreed"
    item = alice.agree(rid, "8")
    assert item.estimate == 8 and alice.poker(rid) is None
    stored = bob.item(item_id)
    assert stored.estimate == 8
    assert [v.get("round") for v in stored.votes] == [1, 2, None]
    assert stored.votes[0]["votes"] == {"alice": "5", "bob": "13", "carol": "8"}
    assert stored.votes[-1] == {"field": "estimate", "agreed": 8, "by": "alice"}


def test_the_private_vote_file_is_the_voters_alone(tmp_path: Path) -> None:
    votes = PrivateVotes(tmp_path / "state")
    votes.put("k", "5", "salt")
    assert votes.get("k") == ("5", "salt")
    assert os.stat(votes.path).st_mode & 0o777 == 0o600
    assert os.stat(votes.path.parent).st_mode & 0o777 == 0o700


def test_the_spread_line_in_chinese(chinese) -> None:
    r = PokerRound(1, votes={"a": "3", "b": "8", "c": "3", "d": "?", "e": "coffee"})
    assert r.spread() == "3 ×2, 8, ?, 咖啡 · 范围 3–8"
    assert PokerRound(1, votes={"a": "5", "b": "5"}).spread() == "5 ×2 · 一致"
    assert PokerRound(1).spread() == "无投票"
    assert r.votes["e"] == "coffee"  # the stored card stays as it is
