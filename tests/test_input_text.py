"""Free text people type: member names and logins the team can tell apart, and a length limit
on every field (one table, one message), refused alike by the CLI and the app."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.cli import ritual
from helpers.pilot import settle
from textual.widgets import Input

from ritual.clock import ManualClock
from ritual.errors import RitualError
from ritual.limits import LIMITS, check_text, too_long
from ritual.names import BIDI_CONTROLS, INVISIBLE, ZERO_WIDTH
from ritual.standup import StandupNotes, new_standup
from ritual.team import Member
from screens.app import RitualApp
from screens.board.iteration_dialogs import IterationForm
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.review_repo import ReviewRepo
from storage.standup_repo import StandupRepo
from storage.store import Store
from storage.team_repo import TeamRepo

# -- names and logins -----------------------------------------------------------------------


def test_names_and_logins_are_stored_composed(store: Store) -> None:
    team = TeamRepo(store)
    m = team.add_member("Zoe\u0308 Martin", login="zoe\u0308")  # as typed on a Mac
    assert (m.name, m.login) == ("Zoë Martin", "zoë")
    assert unicodedata.is_normalized("NFC", team.members()[0].name)


@pytest.mark.parametrize("ch", sorted(INVISIBLE))
def test_invisible_characters_are_refused_in_names_and_logins(store: Store, ch: str) -> None:
    team = TeamRepo(store)
    kind = "zero-width" if ch in ZERO_WIDTH else "bidirectional control"
    with pytest.raises(RitualError, match=f"invisible {kind} character \\(U\\+{ord(ch):04X}\\)"):
        team.add_member(f"An{ch}n")
    with pytest.raises(RitualError, match=f"U\\+{ord(ch):04X}"):
        team.add_member("Ann", login=f"ann{ch}")
    assert team.members() == []


def test_the_invisible_set_is_the_one_the_issue_names() -> None:
    assert {chr(c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)} == ZERO_WIDTH
    expected = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
    assert expected | {"\u200e", "\u200f", "\u061c"} == BIDI_CONTROLS


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ann Lee", "ann lee"),
        ("Ann Lee", "ＡＮＮ ＬＥＥ"),  # fullwidth: the same after NFKC
        ("Zoë", "ZOE\u0308"),  # decomposed and upper case
        ("Straße", "STRASSE"),  # case folding
        ("Ann  Lee", "Ann Lee"),
    ],
)
def test_a_lookalike_name_is_refused_naming_the_member(
    store: Store, first: str, second: str
) -> None:
    team = TeamRepo(store)
    m = team.add_member(first)
    with pytest.raises(RitualError) as refused:
        team.add_member(second)
    assert f"{m.name!r} (member {m.id})" in str(refused.value)
    assert len(team.members()) == 1


def test_a_taken_login_is_refused_naming_the_member(store: Store) -> None:
    team = TeamRepo(store)
    ann = team.add_member("Ann Lee", login="ann")
    with pytest.raises(RitualError) as refused:
        team.add_member("Annabel Smith", login="ANN")
    assert str(refused.value) == (
        f"'ANN' is already taken: it matches the login of 'Ann Lee' (member {ann.id}); "
        "choose another login."
    )
    with pytest.raises(RitualError, match="login of 'Ann Lee'"):
        team.add_member("ann")  # a name that is someone's login would mean two people
    assert [m.name for m in team.members()] == ["Ann Lee"]


def test_a_removed_members_name_can_be_taken_again(store: Store) -> None:
    team = TeamRepo(store)
    team.add_member("Ann", login="ann")
    team.remove_member("Ann")
    again = team.add_member("ANN", login="ann")
    assert [m.name for m in team.members()] == [again.name]


def test_a_member_is_found_by_a_lookalike_spelling() -> None:
    assert Member(1, "Zoë", "zoe").is_user("ZOE\u0308")
    assert not Member(1, "Zoë").is_user("")


def _team_file(tmp_path: Path) -> Path:
    db = tmp_path / "team.json"
    store = Store(db, "ci", ManualClock("2026-11-26T08:00:00Z")).open(create=True)
    TeamRepo(store).add_member("Ann Lee", login="ann")
    return db


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("member", "add", "ANN LEE"), "matches the name of 'Ann Lee' (member 1)"),
        (("member", "add", "Bo", "--login", "ann"), "matches the login of 'Ann Lee' (member 1)"),
        (("member", "add", "Bo\u200b"), "zero-width character (U+200B)"),
        (("member", "add", "\u202eBo"), "bidirectional control character (U+202E)"),
        (("member", "add", "B" * 61), "a member's name is at most 60 characters (this one has 61)"),
    ],
)
def test_cli_refuses_a_member_in_one_line_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    db = _team_file(tmp_path)
    before = db.read_bytes()
    out = ritual(db, *args)
    assert out.returncode == 2
    assert out.stderr.startswith("ritual: ") and len(out.stderr.splitlines()) == 1
    assert says in out.stderr
    assert db.read_bytes() == before


# -- a length limit on every free-text field ------------------------------------------------


def _write(store: Store, key: str) -> Callable[[str], object]:
    """The domain call that stores the field ``key`` of LIMITS, given its text."""
    board, reviews, team = BoardRepo(store), ReviewRepo(store), TeamRepo(store)
    standups = StandupRepo(store)

    def card() -> int:
        return board.add_card("A card").id

    def item():
        r = reviews.create_review("Review", "2026-11-27 14:00")
        return reviews.add_item(r.id, "Checkout")

    def iteration(**kw: str):
        fields = {"name": "Sprint", "goal": "", **kw}
        return board.start_iteration(fields["name"], "2026-11-23", "2026-12-04", fields["goal"])

    def note(text: str):
        member = (team.members() or [team.add_member("Ann")])[0]
        base = StandupNotes(0, "2026-11-26", member.id, member.name)
        return standups.save_notes("2026-11-26", member.id, "Ann", {"today": text}, base)

    def blocker(text: str):
        standup = new_standup("2026-11-26", [Member(1, "Ann")])
        return standup.add_blocker(text, "Ann", "Ann", ManualClock("2026-11-26T08:00Z").now())

    def retro(phase: str):
        from ritual.retro import Draft, Reflection, new_retro

        r = new_retro(1, "Sprint")
        r.phase, r.revealed_at = "group", "2026-11-26T08:00:00Z"
        r.reflections.append(Reflection(1, "Ideas", "pairing"))
        r.put_in_group(1, "Pairing")
        r.phase = phase
        return r, Draft

    def reflection(text: str):
        r, draft = retro("group")
        return r.publish("ann", [draft("Ideas", text)], "Ann")  # the text a reveal stores

    calls: dict[str, Callable[[str], object]] = {
        "retro.reflection": reflection,
        "retro.group": lambda t: retro("group")[0].rename_group(1, t),
        "retro.notes": lambda t: retro("discuss")[0].set_notes(1, t),
        "card.title": lambda t: board.add_card(t),
        "card.description": lambda t: board.add_card("A card", description=t),
        "card.label": lambda t: board.edit_card(board.card(card()), labels=[t]),
        "card.blocked_reason": lambda t: board.set_blocked(card(), True, t),
        "card.link": lambda t: board.add_link(card(), "https://" + t[len("https://") :]),
        "card.comment": lambda t: board.add_comment(card(), t),
        "iteration.name": lambda t: iteration(name=t),
        "iteration.goal": lambda t: iteration(goal=t),
        "review.title": lambda t: reviews.create_review(t, "2026-11-27 14:00"),
        "item.title": lambda t: reviews.add_item(
            reviews.create_review("Review", "2026-11-27 14:00").id, t
        ),
        "item.presenter": lambda t: reviews.edit_item(item(), presenter=t),
        "item.link": lambda t: reviews.edit_item(item(), link=t),
        "item.part": lambda t: reviews.edit_item(item(), acceptance=t),
        "item.notes": lambda t: reviews.save_notes(item(), t),
        "item.rationale": lambda t: reviews.decide(item(), "rejected", rationale=t),
        "action.text": lambda t: reviews.add_action(
            reviews.create_review("Review", "2026-11-27 14:00").id, t
        ),
        "standup.item": blocker,
        "standup.note": note,
        "team.name": lambda t: team.update_team(name=t),
        "member.name": lambda t: team.add_member(t),
        "member.login": lambda t: team.add_member("Bo", login=t),
        "member.role": lambda t: team.add_member("Bo", role=t),
        "member.email": lambda t: team.add_member("Bo", email=t[:-12] + "@example.com"),
    }
    return calls[key]


@pytest.mark.parametrize("key", sorted(LIMITS))
def test_every_field_refuses_text_over_its_limit(db_path: Path, key: str) -> None:
    store = Store(db_path, "alice", ManualClock("2026-11-26T08:00:00Z")).open(create=True)
    limit = LIMITS[key].limit
    _write(store, key)("x" * limit)  # at the limit: stored
    with pytest.raises(RitualError) as refused:
        _write(store, key)("y" * (limit + 1))
    assert str(refused.value) == str(too_long(LIMITS[key], limit + 1))
    if db_path.exists():  # a stand-up item is checked by the aggregate before any write
        assert "y" * (limit + 1) not in db_path.read_text(encoding="utf-8")


def test_several_line_fields_keep_their_lines_and_one_line_fields_do_not() -> None:
    assert check_text("a\nb", "card.description") == "a\nb"
    assert check_text("a\nb", "card.title") == "a b"


def test_cli_refuses_a_long_iteration_goal_in_one_line(tmp_path: Path) -> None:
    db = _team_file(tmp_path)
    before = db.read_bytes()
    args = ("iteration", "start", "S1", "--start", "2026-11-23", "--end", "2026-12-04")
    out = ritual(db, *args, "--goal", "g" * 301)
    assert (out.returncode, out.stderr) == (
        2,
        f"ritual: {too_long(LIMITS['iteration.goal'], 301)}\n",
    )
    assert db.read_bytes() == before


async def test_iteration_form_refuses_a_long_goal_and_keeps_it(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        count = len(demo_services.board.iterations())
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, IterationForm)
        goal = "g" * 301
        form.query_one("#goal", Input).value = goal
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one("#error").render()) == str(
            too_long(LIMITS["iteration.goal"], 301)
        )
        assert form.query_one("#goal", Input).value == goal
        assert len(demo_services.board.iterations()) == count
