"""The review's screens use the room they have, at 80x24 and at 120x40 (issue 13, item 6)."""

from __future__ import annotations

import pytest
from helpers.pilot import settle
from textual.widgets import DataTable, Label

from screens.app import RitualApp
from screens.review.actions import ActionsScreen
from screens.review.forms import ItemForm
from screens.review.meeting import MeetingScreen
from screens.services import Services
from storage.review_repo import ReviewRepo
from storage.team_repo import TeamRepo

LONG_TITLE = "Customers pay by a link sent in an e-mail, with split payments and refunds"
LONG_ACTION = "Ask legal whether the payment link may carry the order number and amount in it"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def meeting(services: Services) -> tuple[Services, int]:
    TeamRepo(services.store).add_member("Maya")
    repo = ReviewRepo(services.store)
    review = repo.create_review("Checkout", "today 10:00")
    item = repo.add_item(review.id, LONG_TITLE)
    repo.add_item(review.id, "Dark mode")
    repo.add_action(review.id, LONG_ACTION, owner="Maya", due="", item_id=item.id)
    repo.start(review.id)
    return services, review.id


def visible(widget) -> bool:
    """Whether the widget's region lies within the screen and within its scrolling parent."""
    region = widget.region
    screen = widget.screen.region
    return region.height > 0 and screen.contains_region(region)


# The least each text gets at each size: 80 columns leave the agenda's titles 13 and the
# action's text 27; 120 columns leave them at least 30 and 60 (they were cut to 13 and 30).
ROOM = {(80, 24): (13, 27), (120, 40): (30, 60)}


@pytest.mark.parametrize("size", SIZES)
async def test_the_meeting_uses_its_width(meeting, size) -> None:
    services, _ = meeting
    app = RitualApp(services, mode="review")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        table = screen.query_one("#agenda", DataTable)
        title = str(table.get_row_at(0)[1])
        # cut to the column with an ellipsis as its last character
        assert title.endswith("…") and LONG_TITLE.startswith(title[:-1]), title
        assert len(title) >= ROOM[size][0] - 1, title
        assert table.max_scroll_x == 0  # every column in view, no sideways scrolling
        assert screen.query_one("#detail").region.width >= 38  # the item stays readable
        assert visible(screen.query_one("#agenda"))
        # the form opens at its top: the Title label in view, above the focused title
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        label = form.query(Label)[1]
        assert str(label.content) == "Title"
        fields = form.query_one(".review-form-fields").region
        assert fields.contains_region(label.region), (label.region, fields)
        assert visible(form.query_one("#title"))
        await pilot.press("escape")
        await settle(pilot)
        # a wider terminal later gives the titles more room, the cursor stays on its item
        await pilot.press("down")
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        wider = str(table.get_row_at(0)[1])
        assert len(wider) > len(title) or wider == LONG_TITLE
        assert screen.highlighted().title == "Dark mode"


@pytest.mark.parametrize("size", SIZES)
async def test_action_items_use_their_width(meeting, size) -> None:
    services, _ = meeting
    app = RitualApp(services, mode="review")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        table = app.screen.query_one("#actions-table", DataTable)
        text = str(table.get_row_at(0)[3])
        assert text.endswith("…") and LONG_ACTION.startswith(text[:-1]), text
        assert len(text) >= ROOM[size][1], text
        assert table.max_scroll_x == 0


async def test_keys_help_opens_and_closes_over_the_meeting(meeting) -> None:
    services, _ = meeting
    app = RitualApp(services, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        agenda = screen.query_one("#agenda").region
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen is not screen  # the keys in a window of their own
        await pilot.press("question_mark")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#agenda").region == agenda  # not squeezed


def test_a_cut_title_ends_in_an_ellipsis_within_its_width() -> None:
    from ritual.text import cell_width, fit

    assert fit("Saved cards for later", 13) == "Saved cards… "
    assert fit("支付回调重试失败", 7) == "支付回…" and cell_width(fit("支付回调重试失败", 7)) == 7
    assert fit("abc", 5) == "abc  " and fit("abc", 3) == "abc" and fit("abcd", 3) == "ab…"
