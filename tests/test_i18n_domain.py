"""The domain and the store speak the language in use: refusals, labels, Markdown exports.

English unless a test asks for Chinese (the `chinese` fixture); in both, user text stays as
typed (escaped in Markdown), and file formats (JSON keys, CSV headers) stay English."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt
from test_review_export import NOW, sample

from ritual.errors import RitualError
from ritual.export_board import board_csv, board_markdown
from ritual.export_retro import retro_markdown
from ritual.export_review import minutes_data, minutes_markdown
from ritual.iteration import Card, Column, Iteration, check_title, parse_points
from ritual.limits import check_text
from ritual.retro import Group, Reflection, Retro
from ritual.retro_facts import Fact
from ritual.review import Decision
from storage.errors import MissingFile


def refusal(call, *args) -> str:
    with pytest.raises(RitualError) as caught:
        call(*args)
    return str(caught.value)


def test_a_domain_refusal_is_english_by_default() -> None:
    assert refusal(parse_points, "many") == (
        "points must be a whole number from 0 to 999 (got 'many')."
    )
    assert refusal(check_title, " ") == "a card needs a title: give a non-empty title."
    assert refusal(check_text, "x" * 201, "card.title") == (
        "a card's title is at most 200 characters (this one has 201): shorten it."
    )
    assert refusal(Column.parse, "later").startswith("'later' is not a column")


def test_a_domain_refusal_is_chinese_under_chinese(chinese: None) -> None:
    assert refusal(parse_points, "many") == "点数必须是 0 到 999 之间的整数（收到 'many'）。"
    assert refusal(check_title, " ") == "卡片需要标题：请填写非空标题。"
    assert refusal(check_text, "x" * 201, "card.title") == (
        "卡片标题最多 200 个字符（当前 201 个）：请缩短。"
    )
    assert refusal(Column.parse, "later").startswith("'later' 不是列")


def test_a_store_refusal_is_chinese_under_chinese(chinese: None, tmp_path: Path) -> None:
    message = str(MissingFile(tmp_path / "t.json"))
    assert message.startswith(f"{tmp_path / 't.json'} 没有团队文件")
    assert "ritual init --db" in message  # the command itself stays as typed


def test_labels_translate_and_typed_names_are_read_in_both_languages(chinese: None) -> None:
    assert Column.DOING.label == "进行中"
    assert Decision.APPROVED.label == "通过"
    # What a person types: the stored id, the English label, or the label they see.
    assert Column.parse("doing") is Column.parse("In progress") is Column.parse("进行中")
    assert Decision.parse("rejected") is Decision.parse("否决") is Decision.REJECTED


def _parsed(md: str) -> list:
    return MarkdownIt("commonmark").enable("table").parse(md)


def test_the_review_minutes_in_chinese_keep_user_text_literal(chinese: None) -> None:
    md = minutes_markdown(*sample(), timezone="Asia/Shanghai", now=NOW, carried_into="review 4")
    assert "# 会议纪要：支付评审 \\| Checkout v2" in md
    assert "2026年11月26日 周四 17:00 (Asia/Shanghai)" in md
    assert "**参会者：** Maya, 王芳, Jonas" in md
    assert "| # | 需求 | 结论 | 估算 | 负责人 |" in md
    assert "| 1 | 支付回调重试 | 通过 | 5 | 王芳 |" in md
    assert "| 2 | Pipes \\| in \\[title\\](http://evil.example) | 推迟 | — | — |" in md
    assert "Wait for \\*legal\\* \\<b\\>review\\</b\\>" in md
    assert "| 写设计文档 | 王芳 | 2026-11-29 | 是 | 支付回调重试 |" in md
    assert "## 顺延" in md
    assert "- Carried one：顺延自 2026-11-19；无结论，顺延到 review 4" in md
    tokens = _parsed(md)
    # User text never became markup: no link, no HTML, one table per table in the text.
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert "link_open" not in kinds and "html_inline" not in kinds and "html_block" not in kinds
    assert [t.type for t in tokens].count("table_open") == 2
    headings = [
        "".join(c.content for c in tokens[i + 1].children or [] if c.type == "text")
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings[:3] == ["会议纪要：支付评审 | Checkout v2", "需求", "1. 支付回调重试"]


def test_the_minutes_json_stays_english_for_scripts(chinese: None) -> None:
    data = minutes_data(*sample(), timezone="UTC", now=NOW)
    assert "decision_label" in data["items"][0]
    assert data["items"][0]["decision_label"] == "Approved"
    json.dumps(data)


def _board() -> tuple[Iteration, list[Card]]:
    it = Iteration(1, "迭代 7", start="2026-11-23", end="2026-12-04", goal="上线 *登录*")
    cards = [
        Card(1, "[x](http://evil) | 支付", column=Column.DOING, iteration_id=1, points=3),
        Card(
            2,
            "修复 <b>bug</b>",
            column=Column.TODO,
            iteration_id=1,
            blocked=True,
            blocked_reason="等待 _IdP_",
        ),
    ]
    return it, cards


def test_the_board_in_chinese_parses_and_keeps_user_text(chinese: None) -> None:
    it, cards = _board()
    md = board_markdown(it, cards, pendulum.Date(2026, 11, 26), "Asia/Shanghai")
    assert "**目标：** 上线 \\*登录\\*" in md
    assert "剩余 9 天" in md
    assert "## 进行中 (1)" in md and "## 待办 (1)" in md
    assert "| # | 优先级 | 点数 | 标题 | 负责人 | 标签 |" in md
    assert "\\[x\\](http://evil) \\| 支付" in md
    assert "⛔ 修复 \\<b\\>bug\\</b\\>（阻塞：等待 \\_IdP\\_）" in md
    kinds = {c.type for t in _parsed(md) for c in t.children or []}
    assert "link_open" not in kinds and "html_inline" not in kinds
    # The CSV a tracker imports keeps its English header and stored values.
    header, *rows = board_csv(cards).splitlines()
    assert header.startswith("id,column,priority,points,title")
    assert any(row.startswith("1,doing,") for row in rows)


def test_the_board_in_english_is_as_before() -> None:
    it, cards = _board()
    md = board_markdown(it, cards, pendulum.Date(2026, 12, 4), "UTC")
    assert "2026-11-23 – 2026-12-04 · 1 day left · 0/3 points done" in md
    assert "## In progress (1)" in md


def test_the_retro_in_chinese_translates_prompts_and_keeps_reflections(chinese: None) -> None:
    retro = Retro(1, 1, "迭代 7", phase="act", facilitator="Maya")
    retro.prompts = ["Went well", "To improve"]
    retro.reflections = [
        Reflection(1, "Went well", "[链接](http://x) 很好", group=1),
        Reflection(2, "To improve", "*慢*"),
    ]
    retro.groups = [Group(1, "发布", votes=1)]
    fact = Fact("goal", "目标", "上线", "看板上写的迭代目标。")
    md = retro_markdown(retro, [fact], {})
    assert md.startswith("## 回顾会：迭代 7\n")
    assert "阶段：行动 · 主持人 Maya" in md
    assert "#### 发布 (1 票)" in md
    assert "- 做得好的：\\[链接\\](http://x) 很好" in md
    assert "- 待改进的：\\*慢\\*" in md
    assert "### 行动项" in md and "_无。_" in md
    kinds = {c.type for t in _parsed(md) for c in t.children or []}
    assert "link_open" not in kinds  # the *慢* stays literal: checked above, escaped
