"""The app shell, home, board and plan in Simplified Chinese, and the language picked in the app."""

from __future__ import annotations

import tomllib

from textual.widgets import Checkbox, Input, OptionList, Static

from ritual.config import user_config_path
from ritual.i18n import _, language
from ritual.rituals import RITUALS
from screens.app import RitualApp


def footer_text(app: RitualApp) -> str:
    return " ".join(str(key.render()) for key in app.screen.query("FooterKey"))


async def test_home_lists_the_rituals_in_chinese(chinese, demo_services) -> None:
    app = RitualApp(demo_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#rituals", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(5)]
        titles = [p.split("\n")[0] for p in prompts]
        assert titles[0] == "每日站会" and titles[2] == "迭代看板"
        assert all(t == _(r.title) != r.title for t, r in zip(titles, RITUALS, strict=True))
        assert "7 天" in prompts[2] and "张卡片" in prompts[2]
        team_line = str(app.screen.query_one("#team-line", Static).render())
        assert "6 名成员" in team_line and "你是 maya" in team_line
        footer = footer_text(app)
        assert "站会" in footer and "看板" in footer and "团队" in footer


async def test_board_columns_and_footer_in_chinese(chinese, demo_services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heads = [str(h.render()) for h in app.screen.query(".column-head") if h.parent.display]
        assert [h.split(" ")[0] for h in heads] == ["待办池", "待办", "进行中", "评审中", "已完成"]
        footer = footer_text(app)
        for word in ("首页", "移动", "新建", "编辑", "搜索", "筛选", "按键"):
            assert word in footer
        header = str(app.screen.query_one("#iteration", Static).render())
        assert "7 天" in header and "燃尽图" in header
        assert "年11月" in header  # the iteration's dates through pendulum, in Chinese
        # the column ids stay stored in English
        assert {c.column.value for c in app.screen.cards} <= {
            "backlog",
            "todo",
            "doing",
            "review",
            "done",
        }


async def test_card_form_refuses_in_chinese(chinese, demo_services) -> None:
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "新卡片加入" in str(app.screen.query_one(".form-title").render())
        await pilot.press("enter")  # why the scope changes: optional, asked first
        await pilot.pause()
        form = app.screen
        assert "新建卡片" in str(form.query_one(".form-title").render())
        form.query_one("#title", Input).value = "支付回调重试"
        form.query_one("#blocked", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(form.query_one("#error").render()) == "请说明卡片为何阻塞，或取消勾选“阻塞”。"
        assert app.screen is form  # refused: the form stays with what was typed


async def test_plan_in_chinese(chinese, demo_services) -> None:
    app = RitualApp(demo_services, mode="plan")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#backlog-head", Static).render()).startswith(" 待办池")
        side = str(app.screen.query_one("#plan-side", Static).render())
        assert "容量" in side and "每人负载" in side
        assert "移入迭代" in footer_text(app)


async def test_the_language_is_picked_in_the_palette_saved_and_applied(demo_services) -> None:
    app = RitualApp(demo_services)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b")  # the board is built in English first
        await pilot.pause()
        assert "Home" in footer_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"简体中文")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert language() == "zh_CN"
        assert app.current_mode == "board"
        assert "首页" in footer_text(app)
        heads = [str(h.render()) for h in app.screen.query(".column-head") if h.parent.display]
        assert heads[1].startswith("待办")
        await pilot.press("escape")  # home, built before the change, speaks Chinese too
        await pilot.pause()
        assert app.current_mode == "home"
        options = app.screen.query_one("#rituals", OptionList)
        assert str(options.get_option_at_index(0).prompt).startswith("每日站会")
    saved = tomllib.loads(user_config_path().read_text(encoding="utf-8"))
    assert saved["ui"]["lang"] == "zh_CN"


def test_home_snapshot_in_chinese(chinese, snap_compare, demo_services) -> None:
    assert snap_compare(RitualApp(demo_services), terminal_size=(80, 24))


def test_board_snapshot_in_chinese(chinese, snap_compare, demo_services) -> None:
    assert snap_compare(RitualApp(demo_services, mode="board"), terminal_size=(80, 24))


def test_a_chinese_title_splits_within_the_column() -> None:
    """Chinese needs no space to break, and each character takes two cells."""
    from rich.text import Text

    from screens.board.card_list import split_title

    first, rest = split_title(Text("支付回调重试支付回调 retry"), 14)
    assert (first.plain, rest.plain) == ("支付回调重试支", "付回调 retry")
    assert first.cell_len <= 14
    first, rest = split_title(Text("支付回调重试 (callback retry)"), 14)
    assert (first.plain, rest.plain) == ("支付回调重试", "(callback retry)")


async def test_the_card_form_reads_due_dates_as_typed_in_chinese(
    chinese, demo_services, clock
) -> None:
    """The form reads "3天后", "周五", "fri", "+3d" from the app's clock in the team's zone, as
    `ritual card add --due` does (Thursday 26 November 2026, 09:00 in Berlin)."""
    from storage.board_repo import BoardRepo

    def due_of(title: str) -> str:
        cards = BoardRepo(demo_services.store).cards("all")
        return next(c for c in cards if c.title == title).due

    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "新卡片加入" in str(app.screen.query_one(".form-title").render())
        await pilot.press("enter")  # why the scope changes: optional, asked first
        await pilot.pause()
        form = app.screen
        assert "周五" in str(form.query_one("#due", Input).placeholder)
        form.query_one("#title", Input).value = "支付回调重试"
        form.query_one("#due", Input).value = "3天后"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not form
        assert due_of("支付回调重试") == "2026-11-29"
        for typed, day in (("周五", "2026-11-27"), ("下周一", "2026-11-30"), ("+3d", "2026-11-29")):
            await pilot.press("e")  # the new card is the one under the cursor
            await pilot.pause()
            form = app.screen
            form.query_one("#due", Input).value = typed
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is not form, typed
            assert due_of("支付回调重试") == day, typed
        clock.advance(days=1)  # Friday: "周五" is today
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#due", Input).value = "周五"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert due_of("支付回调重试") == "2026-11-27"


async def test_the_palette_finds_a_board_action_by_its_chinese_name_and_runs_it(
    chinese, demo_services
) -> None:
    """Issue 16 item 2: a key an input method may swallow ("m") is reachable by its name."""
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.card_filter.mine
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"只看我的")
        await pilot.pause(0.5)
        shown = str(app.screen.query_one("CommandList", OptionList).get_option_at_index(0).prompt)
        assert "只看我的卡片" in shown and "按键 m" in shown, shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.id != "--command-palette"
        assert app.screen.card_filter.mine  # the action ran on the board
