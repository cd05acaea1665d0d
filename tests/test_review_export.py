"""Minutes as Markdown and JSON: complete, and user text never turns into markup or escapes."""

from __future__ import annotations

import json

import pendulum
from markdown_it import MarkdownIt

from ritual.export_review import md_text, minutes_data, minutes_markdown
from ritual.review import ActionItem, Review, ReviewItem

NOW = pendulum.parse("2026-11-26T10:00:00Z")


def sample() -> tuple[Review, list[ReviewItem], list[ActionItem]]:
    review = Review(
        3,
        "支付评审 | Checkout v2",
        when="2026-11-26T09:00:00+00:00",
        facilitator="Maya",
        note_taker="王芳",
        attendees=["Maya", "王芳", "Jonas"],
        status="done",
        ended_at="2026-11-26T09:40:00+00:00",
    )
    items = [
        ReviewItem(
            10,
            3,
            "支付回调重试",
            decision="approved",
            estimate=5,
            owner="王芳",
            notes="重试三次\n- not a list\n1. not a list either",
            segments=[["2026-11-26T09:00:00+00:00", "2026-11-26T09:12:00+00:00"]],
        ),
        ReviewItem(
            11,
            3,
            "Pipes | in [title](http://evil.example)",
            decision="deferred",
            rationale="Wait for *legal* <b>review</b>",
            notes="ESC here:\x1b[31mred\x1b[0m and [bold]markup[/bold]",
        ),
        ReviewItem(12, 3, "Carried one", carried_from="2026-11-19"),
    ]
    actions = [
        ActionItem(1, 3, "Ask legal | today", item_id=11, owner="Maya", due="2026-11-27"),
        ActionItem(2, 3, "写设计文档", item_id=10, owner="王芳", due="2026-11-29", done=True),
    ]
    return review, items, actions


def test_markdown_holds_everything() -> None:
    md = minutes_markdown(*sample(), timezone="Asia/Shanghai", now=NOW, carried_into="review 4")
    assert "# Minutes: 支付评审 \\| Checkout v2" in md
    assert "Thu 26 Nov 2026 17:00 (Asia/Shanghai)" in md
    assert "**Attendees:** Maya, 王芳, Jonas" in md
    assert "| 1 | 支付回调重试 | Approved | 5 | 王芳 |" in md
    assert "| 2 | Pipes \\| in \\[title\\](http://evil.example) | Deferred | — | — |" in md
    assert "time 12:00 of 10:00" in md
    assert "重试三次" in md
    assert "Wait for \\*legal\\* \\<b\\>review\\</b\\>" in md
    assert "| Ask legal \\| today | Maya | 2026-11-27 | no | Pipes" in md
    assert "| 写设计文档 | 王芳 | 2026-11-29 | yes | 支付回调重试 |" in md
    # Carried in and still undecided: listed once, with both facts.
    carried = md.split("## Carried over")[1]
    assert "- Carried one: carried from 2026-11-19; undecided, carried into review 4" in carried
    assert carried.count("Carried one") == 1
    assert "*Carried from 2026-11-19 (undecided)*" in md


def test_markdown_user_text_cannot_inject_markup() -> None:
    md = minutes_markdown(*sample(), timezone="UTC", now=NOW)
    assert "\x1b" not in md
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<a " not in html and "<b>" not in html and "<em>legal" not in html
    assert "<ol" not in html  # "1. not a list either" stays text
    assert html.count("<ul>") == 2  # the header facts and the carried-over list, nothing else
    assert "[bold]markup[/bold]" in html.replace("\\", "")
    # every table row keeps its five cells although titles hold pipes
    for row in html.split("<tr>")[1:]:
        assert row.count("<td>") + row.count("<th>") == 5


def test_md_text_escapes_headings_lists_and_entities() -> None:
    assert md_text("# not a heading") == "\\# not a heading"
    assert md_text("- item") == "\\- item"
    assert md_text("2. item") == "2\\. item"
    assert md_text("&amp;") == "\\&amp;"
    assert md_text("a\nb") == "a b"


def test_json_minutes_round_trip_with_chinese_and_control_text() -> None:
    data = minutes_data(*sample(), timezone="Asia/Shanghai", now=NOW)
    text = json.dumps(data, ensure_ascii=False)
    assert "\x1b" not in text  # json escapes it as \u001b
    back = json.loads(text)
    assert back["title"] == "支付评审 | Checkout v2"
    assert back["local_when"] == "2026-11-26T17:00"
    assert [i["decision_label"] for i in back["items"]] == ["Approved", "Deferred", ""]
    assert back["items"][0]["seconds_spent"] == 720
    assert back["items"][1]["notes"].startswith("ESC here:\x1b[31m")
    assert [a["owner"] for a in back["action_items"]] == ["Maya", "王芳"]
    assert back["to_carry_over"] == [11, 12] and back["carried_in"] == [12]
