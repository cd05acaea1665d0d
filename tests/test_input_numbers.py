"""Numbers people type: ASCII digits within stated bounds, else one refusal that names the
bounds and what was typed, on the command line (exit 2, nothing written) and in forms (the form
stays open with the reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
from board_helpers import board
from helpers.cli import ritual
from helpers.pilot import settle
from textual.widgets import Input

from ritual.clock import ManualClock
from ritual.errors import RitualError
from ritual.iteration import Column, parse_capacity, parse_points, parse_wip_limit
from ritual.numbers import (
    CAPACITY,
    CARD_ID,
    POINTS,
    REVIEW_ID,
    WIP_LIMIT,
    Bounds,
    number_refusal,
    parse_bounded_int,
    parse_id,
)
from ritual.review import parse_rating, parse_timebox_minutes
from ritual.standup_time import parse_duration
from screens.app import RitualApp
from screens.board.card_form import CardForm
from screens.board.iteration_dialogs import IterationForm
from screens.dialogs import PromptDialog
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.store import Store
from storage.team_repo import TeamRepo

HUGE = "99999999999999999999999"  # passes isdigit(), too big for the JSON writer
THOUSANDS = "9" * 5000  # more digits than int() reads
# Not numbers a person reads as such, though str.isdigit() or int() takes most of them.
NOT_ASCII = ["²", "٣", "１２", "1_000", "+5", "-1", "1.5", "0x10", "", " ", "1 2", "⁵", "Ⅻ"]


@pytest.mark.parametrize("typed", [*NOT_ASCII, HUGE, THOUSANDS, "1000"])
def test_points_refuse_all_but_ascii_digits_in_bounds(typed: str) -> None:
    with pytest.raises(RitualError) as refused:
        parse_bounded_int(typed, POINTS)
    assert str(refused.value) == str(number_refusal(POINTS, typed))
    assert str(refused.value).startswith("points must be a whole number from 0 to 999 (got ")


def test_points_within_bounds_are_read() -> None:
    assert [parse_points(x) for x in ("0", " 7 ", "007", "999", 12, "", None)] == [
        0,
        7,
        7,
        999,
        12,
        None,
        None,
    ]
    assert parse_wip_limit("0") is None and parse_wip_limit("999") == 999
    assert parse_capacity("9999") == 9999
    assert parse_id("#42", CARD_ID) == 42


@pytest.mark.parametrize(
    ("parse", "bounds", "typed"),
    [
        (parse_wip_limit, WIP_LIMIT, "1000"),
        (parse_wip_limit, WIP_LIMIT, "²"),
        (parse_capacity, CAPACITY, "10000"),
        (parse_capacity, CAPACITY, HUGE),
        (lambda s: parse_id(s, CARD_ID), CARD_ID, "0"),
        (lambda s: parse_id(s, REVIEW_ID), REVIEW_ID, THOUSANDS),
    ],
)
def test_every_number_gets_the_same_refusal(parse, bounds: Bounds, typed: str) -> None:
    with pytest.raises(RitualError) as refused:
        parse(typed)
    assert str(refused.value) == str(number_refusal(bounds, typed))


def test_ints_from_code_are_bounded_too() -> None:
    with pytest.raises(RitualError):
        parse_points(10**23)
    with pytest.raises(RitualError):
        parse_bounded_int(True, POINTS)  # type: ignore[arg-type]


def test_the_refusal_repeats_a_long_value_only_in_part() -> None:
    message = str(number_refusal(POINTS, THOUSANDS))
    assert len(message) < 120 and "5000 characters" in message


@pytest.mark.parametrize("typed", ["²", "٣", HUGE, THOUSANDS, "0", "241"])
def test_review_timeboxes_and_ratings_are_bounded(typed: str) -> None:
    with pytest.raises(RitualError, match="timebox"):
        parse_timebox_minutes(typed)
    with pytest.raises(RitualError, match="rating"):
        parse_rating(typed, "difficulty")


@pytest.mark.parametrize("typed", ["٢:٠٠", "１２０", "²", THOUSANDS, "9" * 40 + ":00"])
def test_standup_timeboxes_take_ascii_digits_only(typed: str) -> None:
    with pytest.raises(RitualError):
        parse_duration(typed, "time per speaker")
    assert parse_duration("2:00") == 120 and parse_duration("15m") == 900


# -- the command line, as a real process ----------------------------------------------------


def _team_file(tmp_path: Path) -> Path:
    db = tmp_path / "team.json"
    store = Store(db, "ci", ManualClock("2026-11-26T08:00:00Z")).open(create=True)
    TeamRepo(store).add_member("Ann")
    board_repo = BoardRepo(store)
    board_repo.start_iteration("Sprint 1", "2026-11-23", "2026-12-04")
    board_repo.add_card("A card", column=Column.TODO)
    return db


@pytest.mark.parametrize(
    ("args", "bounds", "typed"),
    [
        (("card", "add", "x", "--points", "²"), POINTS, "²"),
        (("card", "add", "x", "--points", HUGE), POINTS, HUGE),
        (("card", "add", "x", "--points", THOUSANDS), POINTS, THOUSANDS),
        (("card", "add", "x", "--points", "１２"), POINTS, "１２"),
        (("card", "move", "²", "done"), CARD_ID, "²"),
        (("card", "move", HUGE, "done"), CARD_ID, HUGE),
        (("card", "move", THOUSANDS, "done"), CARD_ID, THOUSANDS),
        (("iteration", "wip", "doing", "²"), WIP_LIMIT, "²"),
        (("iteration", "wip", "doing", HUGE), WIP_LIMIT, HUGE),
        (("iteration", "wip", "doing", THOUSANDS), WIP_LIMIT, THOUSANDS),
        (
            (
                "iteration",
                "start",
                "S2",
                "--start",
                "2026-12-07",
                "--end",
                "2026-12-18",
                "--capacity",
                HUGE,
            ),
            CAPACITY,
            HUGE,
        ),
        (("export", "review", "²"), REVIEW_ID, "²"),
        (("export", "review", THOUSANDS), REVIEW_ID, THOUSANDS),
    ],
)
def test_cli_refuses_a_bad_number_in_one_line_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], bounds: Bounds, typed: str
) -> None:
    db = _team_file(tmp_path)
    before = db.read_bytes()
    out = ritual(db, *args)
    assert out.returncode == 2, out.stderr
    assert out.stderr == f"ritual: {number_refusal(bounds, typed)}\n"
    assert db.read_bytes() == before


def test_cli_an_id_in_bounds_that_does_not_exist_is_named(tmp_path: Path) -> None:
    db = _team_file(tmp_path)
    out = ritual(db, "card", "move", "999999999", "done")
    assert (out.returncode, out.stderr) == (2, "ritual: there is no card 999999999.\n")


def test_cli_numbers_in_bounds_are_stored(tmp_path: Path) -> None:
    db = _team_file(tmp_path)
    assert ritual(db, "card", "add", "x", "--points", "999").returncode == 0
    assert ritual(db, "iteration", "wip", "doing", "999").returncode == 0
    store = Store(db, "ci", ManualClock("2026-11-26T08:00:00Z")).open()
    board_repo = BoardRepo(store)
    assert [c.points for c in board_repo.cards() if c.title == "x"] == [999]
    assert board_repo.current_iteration().wip_limits == {"doing": 999}


# -- forms: the form stays open with the reason ---------------------------------------------


def _error(form) -> str:
    return str(form.query_one("#error").render())


@pytest.mark.parametrize("typed", ["²", HUGE, THOUSANDS])
async def test_card_form_refuses_a_bad_number_and_stays_open(
    demo_services: Services, typed: str
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(demo_services.board.cards("all"))
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")  # joining the sprint under way: why (optional), asked first
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardForm)
        await pilot.press(*"Typed with care")
        form.query_one("#points", Input).focus()
        await pilot.press(*typed[:40])  # what a person types; a paste is set below
        form.query_one("#points", Input).value = typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and app.screen is form
        assert _error(form) == str(number_refusal(POINTS, typed))
        assert form.query_one("#title", Input).value == "Typed with care"
        assert len(demo_services.board.cards("all")) == before


@pytest.mark.parametrize("typed", ["²", HUGE])
async def test_wip_dialog_refuses_a_bad_number_and_stays_open(
    demo_services: Services, typed: str
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        limits = dict(demo_services.board.current_iteration().wip_limits)
        await pilot.press("w")
        prompt = app.screen
        assert isinstance(prompt, PromptDialog)
        prompt.query_one(Input).value = ""
        await pilot.press(*typed)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and app.screen is prompt
        assert _error(prompt) == str(number_refusal(WIP_LIMIT, typed))
        assert prompt.query_one(Input).value == typed
        assert demo_services.board.current_iteration().wip_limits == limits
        assert board(app) is not None


async def test_iteration_form_refuses_a_huge_capacity_and_stays_open(
    demo_services: Services,
) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        count = len(demo_services.board.iterations())
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, IterationForm)
        form.query_one("#capacity", Input).value = HUGE
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and app.screen is form
        assert _error(form) == str(number_refusal(CAPACITY, HUGE))
        assert len(demo_services.board.iterations()) == count
