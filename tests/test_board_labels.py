"""Dates on the board are written as pendulum writes them, in English and in Chinese, whether
the quick path for number-only forms or pendulum's own formatter writes them."""

from __future__ import annotations

import pendulum
import pytest

from ritual.i18n import pendulum_locale, set_language
from ritual.text import one_line
from screens.board import labels

DAYS = [
    "2026-12-02",
    "2026-01-05",
    "0999-01-05",
    "2026-12-02T09:00:00+00:00",
    "bad",
    "",
    "2026-02-30",
]
FORMS = [labels.SHORT_DATE, labels.FULL_DATE, "MMM D", "[Day] D", "M/D/YYYY", "Do MMMM", "YY"]


def pendulum_writes(day: str, form: str) -> str:
    try:
        parsed = pendulum.parse(day, exact=True)
    except Exception:
        return one_line(day)
    if not isinstance(parsed, pendulum.Date):
        return one_line(day)
    return parsed.format(labels._(form), locale=pendulum_locale())


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_show_date_writes_what_pendulum_writes(language: str) -> None:
    set_language(language)
    for day in DAYS:
        for form in FORMS:
            assert labels.show_date(day, form) == pendulum_writes(day, form), (day, form)


def test_chinese_dates_keep_their_characters() -> None:
    set_language("zh_CN")
    assert labels.show_date("2026-01-05") == "2026年1月5日"
    assert labels._numeric_date(pendulum.date(2026, 1, 5), "MMM D") is None  # a month's name
