"""Due dates typed in Chinese: days named from today, weekdays, counts of days and weeks,
month and day; counted from the team's day on the injected clock, whatever the language."""

from __future__ import annotations

import pytest

from ritual.clock import ManualClock
from ritual.due_dates import parse_due, parse_when
from ritual.errors import RitualError
from ritual.iteration import parse_due as parse_card_due

THURSDAY = "2026-11-26T08:00:00Z"  # Thursday 26 November 2026, 16:00 in Shanghai
FRIDAY = "2026-11-27T02:00:00Z"  # Friday, 10:00 in Shanghai
MONTH_END = "2026-11-30T02:00:00Z"  # Monday 30 November, the month's last day


def due(text: str, at: str = THURSDAY, tz: str = "Asia/Shanghai") -> str:
    day = parse_due(text, ManualClock(at), tz)
    assert day is not None
    return day.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天", "2026-11-26"),
        ("明天", "2026-11-27"),
        ("后天", "2026-11-28"),
        ("大后天", "2026-11-29"),
        ("周五", "2026-11-27"),
        ("星期五", "2026-11-27"),
        ("礼拜五", "2026-11-27"),
        ("周四", "2026-11-26"),  # on that very day: today, as "thu"
        ("周一", "2026-11-30"),
        ("周日", "2026-11-29"),
        ("星期天", "2026-11-29"),
        ("下周一", "2026-11-30"),  # Monday of next week: the coming one
        ("下星期四", "2026-12-03"),
        ("下周五", "2026-12-04"),
        ("下礼拜日", "2026-12-06"),
        ("3天后", "2026-11-29"),
        ("3 天后", "2026-11-29"),
        ("３天后", "2026-11-29"),  # full-width digit
        ("三天后", "2026-11-29"),
        ("十天以后", "2026-12-06"),
        ("2周后", "2026-12-10"),
        ("两周后", "2026-12-10"),
        ("一个星期后", "2026-12-03"),
        ("12月5日", "2026-12-05"),
        ("12月5号", "2026-12-05"),
        ("12-05", "2026-12-05"),
        ("11月1日", "2027-11-01"),  # already past this year: next year's
        ("2027年1月3日", "2027-01-03"),
        ("２０２６-１２-０１", "2026-12-01"),
    ],
)
def test_chinese_due_dates_on_a_thursday(text: str, expected: str) -> None:
    assert due(text) == expected


def test_english_forms_still_read_the_same() -> None:
    assert due("fri") == "2026-11-27"
    assert due("next thu") == "2026-12-03"
    assert due("next mon") == "2026-12-07"  # English keeps its meaning: a week after "mon"
    assert due("+3d") == "2026-11-29"
    assert due("tomorrow") == "2026-11-27"


def test_typed_on_a_friday() -> None:
    assert due("周五", FRIDAY) == "2026-11-27"  # today
    assert due("fri", FRIDAY) == "2026-11-27"
    assert due("下周五", FRIDAY) == "2026-12-04"
    assert due("周一", FRIDAY) == "2026-11-30"
    assert due("下周一", FRIDAY) == "2026-11-30"
    assert due("明天", FRIDAY) == "2026-11-28"


def test_across_a_month_end() -> None:
    assert due("明天", MONTH_END) == "2026-12-01"
    assert due("后天", MONTH_END) == "2026-12-02"
    assert due("周日", MONTH_END) == "2026-12-06"
    assert due("下周一", MONTH_END) == "2026-12-07"
    assert due("3天后", MONTH_END) == "2026-12-03"
    assert due("12月31日", "2026-12-31T02:00:00Z") == "2026-12-31"
    assert due("明天", "2026-12-31T02:00:00Z") == "2027-01-01"
    assert due("1月2日", "2026-12-31T02:00:00Z") == "2027-01-02"


def test_counted_from_the_team_day() -> None:
    # 23:30 UTC on Thursday is already Friday in Shanghai, still Thursday in Los Angeles.
    late = "2026-11-26T23:30:00Z"
    assert due("今天", late, "Asia/Shanghai") == "2026-11-27"
    assert due("明天", late, "Asia/Shanghai") == "2026-11-28"
    assert due("周五", late, "Asia/Shanghai") == "2026-11-27"
    assert due("今天", late, "America/Los_Angeles") == "2026-11-26"
    assert due("下周一", late, "America/Los_Angeles") == "2026-11-30"


@pytest.mark.parametrize("text", ["2月30日", "13月1日", "周八", "百天后", "下周", "明年", "12/01"])
def test_chinese_garbage_is_refused(text: str) -> None:
    with pytest.raises(RitualError, match="is not a due date"):
        parse_due(text, ManualClock(THURSDAY), "UTC")


def test_the_refusal_lists_the_chinese_forms_in_chinese(chinese: None) -> None:
    with pytest.raises(RitualError) as caught:
        parse_due("someday", ManualClock(THURSDAY), "UTC")
    message = str(caught.value)
    assert "不是有效的截止日期" in message
    assert "明天" in message and "周五" in message and "3天后" in message
    assert "is not" not in message


def test_meeting_times_in_chinese() -> None:
    clock = ManualClock(THURSDAY)
    shanghai = "Asia/Shanghai"
    assert parse_when("周五 14:00", clock, shanghai).isoformat() == "2026-11-27T06:00:00+00:00"
    assert parse_when("明天14:00", clock, shanghai).isoformat() == "2026-11-27T06:00:00+00:00"
    assert parse_when("下周一 9:30", clock, shanghai).isoformat() == "2026-11-30T01:30:00+00:00"
    assert parse_when("周五 １４：００", clock, shanghai).isoformat() == (
        "2026-11-27T06:00:00+00:00"
    )
    with pytest.raises(RitualError, match="is not a time of day"):
        parse_when("明天 25:00", clock, shanghai)


def test_a_cards_due_date_reads_them_given_the_clock() -> None:
    clock = ManualClock(THURSDAY)
    assert parse_card_due("周五", clock, "Asia/Shanghai") == "2026-11-27"
    assert parse_card_due("3天后", clock, "Asia/Shanghai") == "2026-11-29"
    assert parse_card_due("2026-12-01", clock, "Asia/Shanghai") == "2026-12-01"
    assert parse_card_due("2026-12-01") == "2026-12-01"  # without a clock, as before
    with pytest.raises(RitualError, match="is not a date"):
        parse_card_due("周五")


def test_card_add_and_edit_read_them_on_the_command_line(tmp_path) -> None:
    """`ritual card add --due 下周一` and `card edit --due fri` count from the team's day (a real
    process with the real clock: the expected dates come from the same rule on today's date)."""
    import json
    import subprocess
    import sys

    import pendulum

    db = str(tmp_path / "team.json")

    def ritual(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ritual", "--db", db, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert ritual("init", "--timezone", "Asia/Shanghai").returncode == 0
    today = pendulum.now("Asia/Shanghai").date()
    added = ritual("card", "add", "截止", "--due", "3天后", "--json")
    assert added.returncode == 0, added.stderr
    card = json.loads(added.stdout)
    assert card["due"] in {
        today.add(days=3).isoformat(),
        pendulum.now("Asia/Shanghai").date().add(days=3).isoformat(),  # midnight passed
    }
    edited = ritual("card", "edit", str(card["id"]), "--due", "fri", "--json")
    assert edited.returncode == 0, edited.stderr
    due = pendulum.parse(json.loads(edited.stdout)["due"]).date()
    assert due.day_of_week == pendulum.FRIDAY and 0 <= (due - today).days <= 7
    refused = ritual("card", "edit", str(card["id"]), "--due", "blah")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    shown = json.loads(ritual("card", "show", str(card["id"]), "--json").stdout)
    assert shown["due"] == due.isoformat()  # the refused edit changed nothing
