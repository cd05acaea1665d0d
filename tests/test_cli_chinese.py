"""The command line in Simplified Chinese: help (argparse's own words too), refusals, tables,
the manual page; the language picked by --lang, RITUAL_LANG, the config file or the locale.
Real processes, as a user runs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import new_team_file

from ritual.cli.argparse_text import wrap
from ritual.text import cell_width

LOCALE_VARIABLES = ("RITUAL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run(
    *args: str, env: dict[str, str] | None = None, columns: int = 80
) -> subprocess.CompletedProcess[str]:
    """``ritual ARGS`` with the test's environment (RITUAL_LANG=en) changed by ``env``; a value
    of "" removes the variable."""
    full = {**os.environ, "COLUMNS": str(columns), **(env or {})}
    full = {k: v for k, v in full.items() if v != ""}
    return subprocess.run(
        [sys.executable, "-m", "ritual", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
    )


ZH = {"RITUAL_LANG": "zh_CN"}


def one_line_refusal(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 2, out.stderr
    assert out.stdout == "" and out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith("ritual: ")
    return out.stderr


def test_the_top_help_is_chinese_argparse_words_included() -> None:
    out = run("--lang", "zh_CN", "--help")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("用法：ritual ")
    assert "位置参数:" in text and "选项:" in text and "显示此帮助信息并退出" in text
    assert "在终端里开站会" in text  # the description
    assert "看板上的卡片" in text and "主持或参加今天的站会" in text  # commands, rituals
    assert "usage:" not in text and "show this help" not in text
    # commands and options stay as they are typed
    assert "--lang LANG" in text and "card " in text and "standup " in text


def test_a_subcommands_help_is_chinese_and_lists_the_columns() -> None:
    text = run("card", "move", "--help", env=ZH).stdout
    assert "要移到的列：backlog、todo、doing、review 或 done" in text
    assert "卡片的 id（见 'ritual card list'）" in text
    assert "输出 JSON 而不是表格" in text
    export = " ".join(run("export", "board", "--help", env=ZH).stdout.split())
    assert "输出格式：md, json, csv, jira, linear（默认：md）" in export


def test_chinese_help_fits_the_terminal() -> None:
    for command in (["--help"], ["hook", "install", "--help"], ["member", "away", "--help"]):
        out = run(*command, env=ZH, columns=60)
        assert out.returncode == 0, out.stderr
        lines = out.stdout.splitlines()
        # the one line argparse cannot break: the list of every command in the usage
        too_wide = [ln for ln in lines if cell_width(ln) > 60 and "{standup," not in ln]
        assert too_wide == [], too_wide
    usage = run("--help", env=ZH, columns=40).stdout.splitlines()
    # the usage's next lines start under the program's name, "用法：" being 6 columns wide
    assert usage[1].startswith(" " * cell_width("用法：ritual ") + "[")


def test_refusals_are_one_chinese_line_with_exit_2(tmp_path: Path) -> None:
    db = new_team_file(tmp_path / "team.json")
    nothing = one_line_refusal(run("--db", str(db), "card", "edit", "1", env=ZH))
    assert "没有要更改的内容" in nothing
    no_iteration = one_line_refusal(run("--db", str(db), "iteration", "close", env=ZH))
    assert "没有当前迭代" in no_iteration
    choice = one_line_refusal(run("import", "youtrack", "x.csv", env=ZH))
    assert "无效的选择：'youtrack'" in choice and "'jira', 'github', 'linear'" in choice
    assert "（见 'ritual import --help'）" in choice
    missing = one_line_refusal(run("card", env=ZH))
    assert "缺少以下必需参数：action" in missing
    unknown = one_line_refusal(run("--lang", "zh_CN", "card", "list", "--bogus"))
    assert "无法识别的参数：--bogus" in unknown
    assert json_unchanged(db)


def json_unchanged(db: Path) -> bool:
    """The refusals wrote nothing: the file still holds no card."""
    out = run("--db", str(db), "card", "list", "--json", env=ZH)
    return out.returncode == 0 and out.stdout.strip() == "[]"


def test_tables_and_messages_are_chinese_values_are_not(tmp_path: Path) -> None:
    db = new_team_file(tmp_path / "team.json")
    assert run("--db", str(db), "member", "add", "王芳", "--login", "wf", env=ZH).stdout == (
        "成员 1：王芳\n"
    )
    started = run(
        "--db", str(db), "iteration", "start", "迭代 1", "--start", "2026-11-16",
        "--end", "2026-11-27", env=ZH,
    )  # fmt: skip
    assert started.stdout.startswith("迭代 1（当前）："), started.stderr
    iterations = run("--db", str(db), "iteration", "list", env=ZH).stdout.splitlines()
    assert iterations[0].split() == ["ID", "状态", "开始", "结束", "点数", "卡片数", "名称"]
    assert run("--db", str(db), "card", "add", "发票", "--assignee", "王芳", env=ZH).stdout == "1\n"
    moved = run("--db", str(db), "card", "move", "1", "doing", env=ZH)
    assert moved.returncode == 0 and moved.stdout.startswith("卡片 1 "), moved.stderr
    table = run("--db", str(db), "card", "list", env=ZH).stdout.splitlines()
    assert table[0].split() == ["ID", "列", "优先级", "点数", "负责人", "标题"]
    assert table[1].split() == ["1", "doing", "P2", "王芳", "发票"]  # the column id as typed
    members = run("--db", str(db), "member", "list", env=ZH).stdout.splitlines()
    assert members[0].split() == ["ID", "姓名", "登录名", "角色", "邮箱"]
    shown = run("--db", str(db), "card", "show", "1", env=ZH).stdout
    assert "卡片:" in shown and "优先级: P2" in shown and "位置:   迭代 1 · " in shown
    # JSON keys are not words for people
    assert '"column": "doing"' in run("--db", str(db), "card", "show", "1", "--json", env=ZH).stdout
    doctor = run("--db", str(db), "doctor", env=ZH).stdout
    assert doctor.startswith("正常：") and "每条记录都可以读取。" in doctor


def test_english_stays_english(tmp_path: Path) -> None:
    help_text = run("--lang", "en", "--help", env=ZH).stdout
    assert help_text.startswith("usage: ritual") and "positional arguments" in help_text
    assert "Stand-ups, requirement reviews" in help_text
    db = new_team_file(tmp_path / "team.json")
    refused = one_line_refusal(run("--db", str(db), "card", "edit", "1"))
    assert "nothing to change: give --title" in refused
    choice = one_line_refusal(run("import", "youtrack", "x.csv"))
    assert "invalid choice: 'youtrack'" in choice and "(see 'ritual import --help')" in choice


@pytest.mark.parametrize(
    "env",
    [
        {"RITUAL_LANG": "zh_CN"},
        {"RITUAL_LANG": "", "LANG": "zh_CN.UTF-8"},
        {"RITUAL_LANG": "", "LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"},
    ],
    ids=["RITUAL_LANG", "LANG", "LC_ALL"],
)
def test_the_environment_picks_chinese(env: dict[str, str]) -> None:
    cleared = dict.fromkeys(LOCALE_VARIABLES, "")
    out = run("card", "move", "--help", env={**cleared, **env})
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("用法：ritual card move")


def test_the_config_file_picks_chinese_and_the_flag_wins(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\nlang = "zh_CN"\n', encoding="utf-8")
    env = {**dict.fromkeys(LOCALE_VARIABLES, ""), "LANG": "en_US.UTF-8"}
    env["RITUAL_CONFIG"] = str(config)
    assert run("--help", env=env).stdout.startswith("用法：ritual")
    assert run("--lang", "en", "--help", env=env).stdout.startswith("usage: ritual")
    assert run("--help", env={**env, "RITUAL_LANG": "en"}).stdout.startswith("usage: ritual")


def test_the_manual_page_in_chinese_keeps_its_commands() -> None:
    page = run("man", env=ZH).stdout
    assert page.startswith(".TH RITUAL 1")
    for command in ("card move", "import", "hook install", "completion", "export board"):
        assert f'.SS "ritual {command}"' in page
    assert '.SH "\\[u547D]\\:\\[u4EE4]"' in page  # 命令, the COMMANDS section
    assert page.isascii()  # roff escapes for every Chinese character
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed: the page is generated, not rendered")
    out = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww"], input=page, capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stderr == ""
    assert "要移到的列" in "".join(out.stdout.split())


def test_completion_is_the_same_in_chinese(tmp_path: Path) -> None:
    db = new_team_file(tmp_path / "team.json")
    env = {**ZH, "RITUAL_DB": str(db)}
    out = run("__complete", "card", "move", "1", "d", env=env)
    assert out.returncode == 0 and out.stdout.splitlines() == ["doing", "done"]
    assert run("__complete", "ca", env=env).stdout.splitlines() == ["card"]


def test_wrap_breaks_chinese_by_columns_and_keeps_punctuation() -> None:
    text = "通过 ssh 在团队主机上运行 ritual（从笔记本电脑）；此时 --db 是那台主机上的路径"
    lines = wrap(text, 20)
    assert all(cell_width(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "，。；：）" for line in lines)  # no line starts with closing marks
    assert not any(line[-1] in "（" for line in lines)  # nor ends with an opening one
    assert "--db" in " ".join(lines).split()  # a word is never cut
