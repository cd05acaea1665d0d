"""Due dates as people type them: "2026-12-01", "today", "tomorrow", "fri", "+3d", "+2w",
and in Chinese "今天", "明天", "后天", "周五" (星期五, 礼拜五), "下周一", "3天后", "两周后",
"12月5日" — whatever the language in use, so a note-taker can type either.

Relative forms count from the team's day (the injected clock, in the team's time zone), so a
note-taker in Shanghai and one in Berlin get the same date for "fri". Full-width digits and
spaces ("３天后") read as ASCII ones (NFKC).
"""

from __future__ import annotations

import re
import unicodedata

import pendulum
from pendulum import Date, DateTime

from ritual.clock import Clock, team_today
from ritual.errors import RitualError
from ritual.i18n import N_, _

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_RELATIVE = re.compile(r"^\+?\s*(\d{1,3})\s*(d|day|days|w|wk|week|weeks)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Chinese: days named from today, weekdays (周五, 星期五, 礼拜五; 日 and 天 are Sunday),
# counts of days or weeks ("3天后", "两周后"), month and day ("12月5日", "12-05").
_ZH_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "後天": 2, "大后天": 3}
_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WEEKDAY_RE = re.compile(r"^(下)?(?:周|星期|礼拜|禮拜)([一二三四五六日天])$")
_ZH_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_COUNT_RE = re.compile(
    r"^(\d{1,3}|[零一二两三四五六七八九十]{1,3})\s*"
    r"(?:个)?(天|日|周|星期|礼拜|禮拜)(?:之?后|以后|後)$"
)
_MONTH_DAY_RE = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号號]?$|^(\d{1,2})-(\d{1,2})$")

# English, marked for the catalog: shown through _() (the Chinese one lists the Chinese forms).
HELP = N_('use a date such as 2026-12-01, "today", "tomorrow", "fri" or "+3d"')


def _normalized(text: str) -> str:
    """Full-width digits, letters and spaces as ASCII (NFKC), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).strip().casefold().split())


def _zh_number(text: str) -> int | None:
    """1 to 99 written in digits or Chinese numerals ("3", "三", "两", "十二", "二十")."""
    if text.isascii():
        return int(text) if text.isdigit() else None
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        high = _ZH_DIGITS.get(tens) if tens else 1
        low = _ZH_DIGITS.get(ones) if ones else 0
        return None if high is None or low is None else high * 10 + low
    return _ZH_DIGITS.get(text)


def _weekday_from(today: Date, weekday: int, later: bool) -> Date:
    """The next ``weekday`` on or after ``today``; a week later still with ``later``."""
    ahead = (weekday - today.weekday()) % 7
    return today.add(days=ahead + (7 if later else 0))


def _chinese(text: str, today: Date) -> Date | None:
    """The date a Chinese form names, None for anything else (a bad date included)."""
    text = text.replace(" ", "")
    if text in _ZH_DAYS:
        return today.add(days=_ZH_DAYS[text])
    m = _ZH_WEEKDAY_RE.match(text)
    if m:
        weekday = _ZH_WEEKDAY[m.group(2)]
        if m.group(1):
            # 下周一: that day of the next calendar week (weeks start on Monday), as Chinese
            # speakers mean it: typed on a Thursday, the coming Monday, not the one after.
            return today.add(days=7 - today.weekday() + weekday)
        return _weekday_from(today, weekday, False)
    m = _ZH_COUNT_RE.match(text)
    if m:
        n = _zh_number(m.group(1))
        if n is None:
            return None
        return today.add(days=n) if m.group(2) in ("天", "日") else today.add(weeks=n)
    m = _MONTH_DAY_RE.match(text)
    if m:
        year, month, day = (
            (m.group(1), m.group(2), m.group(3)) if m.group(2) else (None, m.group(4), m.group(5))
        )
        try:
            if year:
                return Date(int(year), int(month), int(day))
            # The next such day: "12月5日" typed in December after the 5th is next year's.
            date = Date(today.year, int(month), int(day))
            return date if date >= today else Date(today.year + 1, int(month), int(day))
        except ValueError:
            return None  # 2月30日
    return None


def parse_due(text: str, clock: Clock, timezone: str) -> Date | None:
    """The date ``text`` names (None for an empty text). A weekday means the next one on or
    after today, so "fri" (or "周五") typed on a Friday is today; "next fri" is a week later;
    "下周五" is the Friday of next week (Monday to Sunday)."""
    raw = text
    text = _normalized(text)
    if not text:
        return None
    today = team_today(clock, timezone)
    if text in ("today", "tod"):
        return today
    if text in ("tomorrow", "tmr", "tmrw"):
        return today.add(days=1)
    later = text.startswith("next ")
    day_name = text[5:] if later else text
    if day_name in WEEKDAYS:
        return _weekday_from(today, WEEKDAYS[day_name], later)
    m = _RELATIVE.match(text)
    if m:
        n = int(m.group(1))
        return today.add(weeks=n) if m.group(2).startswith("w") else today.add(days=n)
    if _ISO_DATE.match(text):
        try:
            return pendulum.parse(text, exact=True)  # type: ignore[return-value]
        except ValueError:
            pass
    found = _chinese(text, today)
    if found is not None:
        return found
    raise RitualError(_("{raw!r} is not a due date: {help}.").format(raw=raw.strip(), help=_(HELP)))


_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_TRAILING_TIME = re.compile(r"^(.*?)\s*(\d{1,2}:\d{2})$")
WHEN_HELP = N_('use e.g. "2026-12-01 14:00", "fri 14:00", "tomorrow 10:30" or "14:00"')


def parse_when(text: str, clock: Clock, timezone: str, default_time: str = "10:00") -> DateTime:
    """A meeting's start as typed, in the team's time zone -> a UTC instant ("fri 14:00",
    "周五 14:00" or "明天14:00": a time of day may follow the day without a space)."""
    typed = unicodedata.normalize("NFKC", text).strip()
    day_text, hhmm = typed, default_time
    m = _TRAILING_TIME.match(typed)
    if m:
        day_text, hhmm = m.group(1), m.group(2)
    hour, minute = (int(x) for x in _TIME.match(hhmm).groups())  # type: ignore[union-attr]
    if hour > 23 or minute > 59:
        raise RitualError(
            _("{text!r} is not a time of day: {help}.").format(text=text.strip(), help=_(WHEN_HELP))
        )
    try:
        day = parse_due(day_text, clock, timezone) or team_today(clock, timezone)
    except RitualError:
        raise RitualError(
            _("{text!r} is not a date and time: {help}.").format(
                text=text.strip(), help=_(WHEN_HELP)
            )
        ) from None
    local = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=timezone)
    return local.in_timezone("UTC")
