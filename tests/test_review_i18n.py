"""The requirement review in Simplified Chinese: labels translated on screen, the file keeping
the English ids (decisions, statuses), dates in the language's own order, the meeting's layout
at 80x24 compared with an accepted SVG (``pytest --snapshot-update`` after a deliberate change).
"""

from __future__ import annotations

import json

import pytest
from helpers.pilot import settle
from textual.widgets import Button, DataTable, Select, Static, TextArea

from ritual.clock import ManualClock
from ritual.i18n import set_language
from ritual.review import Review
from screens.app import RitualApp
from screens.review.forms import DecisionForm
from screens.review.meeting import MeetingScreen
from screens.review.poker import PokerScreen
from screens.review.render import LIST_WHEN_FORMAT, status_label, when_text
from screens.review.screen import ReviewScreen
from screens.review.summary import home_summary
from screens.services import Services


def plain(widget: Static) -> str:
    return str(widget.content)


def row_texts(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def headers(table: DataTable) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


def test_dates_and_statuses_follow_the_language() -> None:
    review = Review(1, "Checkout", when="2026-12-03T13:00:00Z")
    # English as before (Review.when_label is what the CLI and the exports use)
    assert when_text(review, "Europe/Berlin") == review.when_label("Europe/Berlin")
    assert when_text(review, "Europe/Berlin", LIST_WHEN_FORMAT) == "Thu 03 Dec 14:00"
    assert status_label("planned") == "planned"
    set_language("zh_CN")
    assert when_text(review, "Europe/Berlin") == "12月3日 周四 14:00"
    assert when_text(review, "Europe/Berlin", LIST_WHEN_FORMAT) == "12-03 周四 14:00"
    assert when_text(Review(2, "No date"), "UTC") == "无日期"
    assert [status_label(s) for s in ("planned", "running", "done")] == [
        "已计划",
        "进行中",
        "已完成",
    ]
    assert status_label("paused") == "paused"  # another version's status shows as written


@pytest.mark.usefixtures("chinese")
async def test_review_list_meeting_and_a_decision_in_chinese(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reviews = app.screen
        assert isinstance(reviews, ReviewScreen)
        table = reviews.query_one("#reviews", DataTable)
        assert headers(table) == ["ID", "时间", "状态", "需求", "标题"]
        assert row_texts(table)[0][1:4] == ["11-27 周五 14:00", "已计划", "2/5"]
        assert "时间为 Europe/Berlin" in plain(reviews.query_one("#list-hint", Static))

        await pilot.press("enter")  # open the demo review
        await settle(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        agenda = meeting.query_one("#agenda", DataTable)
        assert headers(agenda) == ["#", "需求", "状态", "用时"]
        assert [r[2] for r in row_texts(agenda)] == [
            "✓ 通过",
            "‖ 推迟",
            "· 待定",
            "· 待定",
            "· 待定",
        ]
        bar = plain(meeting.query_one("#timer-bar", Static))
        assert bar == "计划于 11月27日 周五 14:00 · 5 个需求 · s 开始会议"
        assert meeting.sub_title == "11月27日 周五 14:00 · 已计划"
        footer = {b.binding.description for b in meeting.active_bindings.values()}
        assert {"返回", "结论", "笔记", "行动项", "按键"} <= footer

        await pilot.press("s")  # start: the first undecided item becomes current
        await settle(pilot)
        assert meeting.review is not None and meeting.review.status == "running"
        assert "剩余 10:00" in plain(meeting.query_one("#timer-bar", Static))
        current = meeting.highlighted()
        assert current is not None and current.id == meeting.review.current_item_id
        assert row_texts(agenda)[2][2] == "▶ 当前"

        await pilot.press("d")
        form = app.screen
        assert isinstance(form, DecisionForm)
        select = form.query_one("#decision", Select)
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # the 4th: 推迟
        await pilot.pause()
        assert select.value == "deferred"
        assert "推迟" in str(select.query_one("SelectCurrent Static#label", Static).content)
        form.query_one("#rationale", TextArea).load_text("先确认 PSP 配额")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert app.screen is meeting
        assert row_texts(agenda)[2][2] == "‖ 推迟"
        decision = plain(meeting.query_one("#decision", Static))
        assert decision.startswith("结论：推迟") and "理由：先确认 PSP 配额" in decision
    # the file keeps the English id, whatever the language of the one who decided
    stored = json.loads(demo_services.store.path.read_text(encoding="utf-8"))
    item = stored["review_items"][str(current.id)]
    assert item["decision"] == "deferred"
    assert item["rationale"] == "先确认 PSP 配额"
    assert stored["reviews"]["1"]["status"] == "running"
    assert home_summary(demo_services).startswith("进行中：Checkout v2 review，3/5 有结论")


@pytest.mark.usefixtures("chinese")
async def test_poker_in_chinese_stores_the_english_field(demo_services: Services) -> None:
    app = RitualApp(demo_services, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "s")
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        poker = app.screen
        assert isinstance(poker, PokerScreen)
        status = plain(poker.query_one("#poker-status", Static))
        assert status.startswith("投票：估算 · 第 1 轮 · 由你主持")
        cards = [str(b.label) for b in poker.query(Button).results(Button)]
        assert cards[-2:] == ["?", "咖啡"]
        assert poker.round is not None and poker.round.field == "estimate"
        assert "验收标准" in plain(poker.query_one("#poker-item", Static))


@pytest.mark.usefixtures("chinese")
def test_review_meeting_in_chinese(snap_compare, demo_services: Services) -> None:
    """The running meeting at 80x24 in Chinese: the agenda's state column, the timer bar, the
    detail pane and the footer's short key names all fit."""
    clock = demo_services.clock
    assert isinstance(clock, ManualClock)

    async def run_before(pilot) -> None:
        await pilot.press("enter")  # open the demo review
        await settle(pilot)
        await pilot.press("s")  # and start it
        await settle(pilot)
        clock.advance(95)
        pilot.app.screen.refresh_timer()
        await pilot.pause()

    app = RitualApp(demo_services, mode="review")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_review_form_shows_and_reads_chinese_times(
    chinese, demo_services: Services
) -> None:
    """The start time's example is Chinese, and what is typed in Chinese is read ("周五 15:00":
    Friday 27 November 2026, the demo clock being Thursday 26 November in Berlin)."""
    from textual.widgets import Input

    app = RitualApp(demo_services, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        when = form.query_one("#when", Input)
        assert when.placeholder == "明天 14:00"
        form.query_one("#title", Input).value = "退款流程评审"
        when.value = "周五 15:00"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.screen is not form
    from storage.review_repo import ReviewRepo

    reviews = ReviewRepo(demo_services.store).reviews()
    [review] = [r for r in reviews if r.title == "退款流程评审"]
    assert review.when_label("Europe/Berlin", "YYYY-MM-DD HH:mm") == "2026-11-27 15:00"
