"""`ritual export review ID --format ics` and `ritual review diff`, run as a user would; the
invitation is read back by a calendar library."""

from __future__ import annotations

from pathlib import Path

import icalendar
from helpers.cli import new_team_file, ritual

from ritual.clock import ManualClock
from storage.review_repo import ReviewRepo
from storage.store import Store
from storage.team_repo import TeamRepo


def planned_review(db: Path) -> tuple[ReviewRepo, int]:
    new_team_file(db)
    store = Store(db, "ci", ManualClock()).open()
    team = TeamRepo(store)
    team.update_team(timezone="Europe/Berlin")
    team.add_member("Maya Chen", email="maya@example.com")
    team.add_member("王芳")
    team.add_member("Jonas, Jr.", email="jonas@example.com")
    repo = ReviewRepo(store)
    review = repo.create_review("Checkout; v2", "2026-12-03 14:00", facilitator="Maya Chen")
    repo.add_item(review.id, "Pay by link", timebox_minutes="20")
    repo.add_item(review.id, "Refunds", timebox_minutes="25")
    return repo, review.id


def test_ics_invitation_parsed_by_a_calendar_library(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    repo, rid = planned_review(db)
    out = ritual(db, "export", "review", str(rid), "--format", "ics")
    assert out.returncode == 0, out.stderr
    assert "\r\n" in out.stdout or "\n" in out.stdout
    cal = icalendar.Calendar.from_ical(out.stdout)
    (event,) = cal.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2026, 12, 3, 14, 0)
    assert start.utcoffset().total_seconds() == 3600  # Berlin in December
    assert (end - start).total_seconds() == 45 * 60  # the agenda's timeboxes
    assert str(event["SUMMARY"]) == "Requirement review: Checkout; v2"
    attendees = sorted(str(a) for a in event.get("ATTENDEE"))
    assert attendees == ["mailto:jonas@example.com", "mailto:maya@example.com"]
    assert str(event["ORGANIZER"]) == "mailto:maya@example.com"
    assert "王芳" in str(event["DESCRIPTION"]) and "1. Pay by link" in str(event["DESCRIPTION"])
    # Exported again after a change: the same event (UID), a later SEQUENCE.
    repo.update_review(rid, "Checkout v2, moved", "2026-12-03 15:00")
    again = icalendar.Calendar.from_ical(
        ritual(db, "export", "review", str(rid), "--format", "ics").stdout
    )
    (moved,) = again.walk("VEVENT")
    assert str(moved["UID"]) == str(event["UID"])
    assert int(moved["SEQUENCE"]) > int(event["SEQUENCE"])
    assert moved.decoded("DTSTART").hour == 15


def test_member_email_is_checked_and_set_from_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    new_team_file(db)
    assert ritual(db, "member", "add", "Ada", "--email", "ada@example.com").returncode == 0
    bad = ritual(db, "member", "email", "Ada", "not an address")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "e-mail" in bad.stderr
    assert ritual(db, "member", "email", "Ada", "ada@team.example").returncode == 0
    assert "ada@team.example" in ritual(db, "member", "list").stdout


def test_review_diff_prints_what_changed_since_approval(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    repo, rid = planned_review(db)
    item = repo.items(rid)[0]
    not_yet = ritual(db, "review", "diff", str(rid), "1")
    assert not_yet.returncode == 0 and "not approved" in not_yet.stdout
    item = repo.decide(item, "approved").item
    assert "as approved" in ritual(db, "review", "diff", str(rid), "1").stdout
    repo.edit_item(item, acceptance="Link expires after 3 days.")
    out = ritual(db, "review", "diff", str(rid), "1")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[:4] == [
        "Pay by link: changed since approved",
        "== Acceptance criteria ==",
        "@@ -0,0 +1 @@",
        "+Link expires after 3 days.",
    ]
    assert "History:" in lines
    refused = ritual(db, "review", "diff", str(rid), "9")
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1


def test_long_text_is_folded_without_splitting_a_character(tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    repo, rid = planned_review(db)
    repo.add_item(rid, "支付回调重试" * 12 + ", with; commas \\ and backslashes")
    text = ritual(db, "export", "review", str(rid), "--format", "ics").stdout
    assert all(len(line.encode()) <= 75 for line in text.replace("\r\n", "\n").splitlines())
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert "支付回调重试" * 12 + ", with; commas \\ and backslashes" in str(event["DESCRIPTION"])


def test_poker_scale_shown_set_and_refused(tmp_path: Path) -> None:
    db = new_team_file(tmp_path / "t.json")
    assert ritual(db, "review", "scale").stdout == "fibonacci: 0 1 2 3 5 8 13 21 ? coffee\n"
    assert ritual(db, "review", "scale", "tshirt").stdout == "tshirt: XS S M L XL ? coffee\n"
    bad = ritual(db, "review", "scale", "huge")
    assert bad.returncode == 2 and "is not a scale" in bad.stderr
    assert ritual(db, "review", "scale").stdout.startswith("tshirt:")
