"""A planned review as a calendar invitation (RFC 5545), for the team's calendars.

The UID is made from the review's id and when and by whom it was created, so exporting again
after a change replaces the event instead of adding a second one (SEQUENCE counts the review's
revisions). Times are in the team's time zone with a VTIMEZONE holding that zone's offset at
the meeting, so every calendar shows the same hour. Members with an e-mail address are invited
as attendees; the others are named in the description. Teammates' text is data: control
characters are stripped and the iCalendar specials escaped.
"""

from __future__ import annotations

import hashlib

from pendulum import DateTime

from ritual.clock import parse_instant
from ritual.i18n import _
from ritual.review import Review, ReviewItem
from ritual.team import Member
from ritual.text import clean, one_line

DEFAULT_MINUTES = 60


def event_uid(review: Review) -> str:
    origin = f"{review.id}|{review.created_at}|{review.created_by}"
    return f"ritual-review-{review.id}-{hashlib.sha256(origin.encode()).hexdigest()[:16]}@ritual"


def _escape(text: str) -> str:
    text = clean(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _param(text: str) -> str:
    """A parameter value (CN=...): quoted, without the characters a quote cannot hold."""
    return '"' + one_line(text).replace('"', "'") + '"'


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a leading space (never splitting a
    character)."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        n = len(ch.encode())
        if size + n > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _offset(dt: DateTime) -> str:
    offset = dt.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "+" if seconds >= 0 else "-"
    seconds = abs(seconds)
    return f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"


def review_ics(
    review: Review,
    items: list[ReviewItem],
    members: list[Member],
    timezone: str,
    now: DateTime,
) -> str:
    """The invitation as text (CRLF line ends, as the standard wants)."""
    if not review.when:
        raise ValueError(_("a review without a date cannot be an invitation"))
    start = parse_instant(review.when).in_timezone(timezone)
    minutes = sum(i.timebox_seconds for i in items) // 60 or DEFAULT_MINUTES
    end = start.add(minutes=max(minutes, 15))
    local = "%Y%m%dT%H%M%S"
    by_name = {m.name: m for m in members}
    invited = [by_name[a] for a in review.attendees if a in by_name and by_name[a].email]
    others = [a for a in review.attendees if a not in {m.name for m in invited}]
    agenda = [f"{n}. {one_line(i.title)}" for n, i in enumerate(items, 1)]
    summary = _("Requirement review: {title}").format(title=one_line(review.title))
    description = [summary]
    if agenda:
        description += ["", _("Agenda:"), *agenda]
    if others:
        attending = ", ".join(one_line(a) for a in others)
        description += ["", _("Also attending: {names}").format(names=attending)]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ritual//requirement review//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VTIMEZONE",
        f"TZID:{timezone}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{_offset(start)}",
        f"TZOFFSETTO:{_offset(start)}",
        f"TZNAME:{_escape(start.tzname() or timezone)}",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"UID:{event_uid(review)}",
        f"SEQUENCE:{max(0, review.rev - 1)}",
        f"DTSTAMP:{now.in_timezone('UTC').strftime('%Y%m%dT%H%M%SZ')}",
        f"DTSTART;TZID={timezone}:{start.strftime(local)}",
        f"DTEND;TZID={timezone}:{end.strftime(local)}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(chr(10).join(description))}",
    ]
    organizer = by_name.get(review.facilitator)
    if organizer is not None and organizer.email:
        lines.append(f"ORGANIZER;CN={_param(organizer.name)}:mailto:{organizer.email}")
    for m in invited:
        lines.append(
            f"ATTENDEE;CN={_param(m.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
            f":mailto:{m.email}"
        )
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
