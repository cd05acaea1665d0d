"""The command line's manners: --version, help for everything, completion for three shells,
a man page, the theme remembered, ASCII when the terminal is not UTF-8."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers.cli import new_team_file, ritual
from helpers.pty_terminal import Terminal, screen_text

from ritual import __version__
from ritual.cli.help_texts import missing_help
from ritual.cli.parser import app_command, build_parser
from ritual.config import save_setting
from ritual.errors import RitualError
from ritual.symbols import ascii_only, to_ascii
from ritual.text import cell_width

BIN = Path(sys.executable).parent


def test_version(tmp_path: Path) -> None:
    out = ritual(tmp_path / "none.json", "--version")
    assert out.returncode == 0 and out.stdout.strip() == f"ritual {__version__}"


def test_every_argument_option_and_command_has_help() -> None:
    assert missing_help(build_parser()) == []


@pytest.mark.parametrize(
    "line",
    [
        ["--user", "x", "board", "--db", "team.json"],
        ["board"],
        ["--db=t.json", "--lang", "zh_CN", "board", "--read-only"],
        ["standup", "note", "--today", "tests", "--blocker", "ci"],
        ["review", "list", "--json"],
        ["retro", "history"],
        ["board", "--user", "y"],
    ],
)
def test_opening_a_ritual_parses_with_its_subcommand_alone_to_the_same_arguments(
    line: list[str],
) -> None:
    """`ritual board` builds only the board's subcommand (start-up time); what it reads
    from the line is what the whole parser reads."""
    only = app_command(line)
    assert only is not None
    assert vars(build_parser(only).parse_args(line)) == vars(build_parser().parse_args(line))


@pytest.mark.parametrize(
    "line",
    [[], ["--help"], ["--version"], ["board", "--help"], ["board", "-h"], ["card", "list"]]
    + [["--us", "x", "board"], ["--db"], ["home"], ["standup", "note", "--", "x"]],
)
def test_help_version_and_other_commands_get_the_whole_parser(line: list[str]) -> None:
    assert app_command(line) is None


def test_main_leaves_the_collector_on_after_a_command(tmp_path: Path) -> None:
    import gc

    from ritual.cli import main

    assert gc.isenabled()
    assert main(["--db", str(tmp_path / "none.json"), "card", "list"]) != 0
    assert gc.isenabled()


def test_help_lists_the_allowed_values(tmp_path: Path) -> None:
    move = ritual(tmp_path / "x.json", "card", "move", "--help").stdout
    assert "backlog, todo, doing, review or done" in " ".join(move.split())
    assert "the card's id" in move
    board = " ".join(ritual(tmp_path / "x.json", "export", "board", "--help").stdout.split())
    assert "md, json, csv, jira, linear" in board and "(default: md)" in board
    assert "--json" in ritual(tmp_path / "x.json", "member", "list", "--help").stdout


@pytest.fixture
def team(tmp_path: Path) -> Path:
    db = new_team_file(tmp_path / "team.json")
    ritual(db, "member", "add", "Maya Chen", "--login", "maya")
    ritual(db, "member", "add", "王芳")
    ritual(db, "card", "add", "One")
    ritual(db, "card", "add", "Two")
    return db


def complete(db: Path, *words: str) -> list[str]:
    env = {**os.environ, "RITUAL_DB": str(db)}
    out = subprocess.run(
        [sys.executable, "-m", "ritual", "__complete", *words],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0 and out.stderr == ""
    return out.stdout.splitlines()


def test_complete_commands_values_card_ids_and_members(team: Path) -> None:
    assert complete(team, "ca") == ["card"]
    assert complete(team, "card", "") == ["add", "show", "edit", "move", "rank", "list", "link"]
    assert complete(team, "card", "move", "") == ["1", "2"]
    assert complete(team, "card", "rank", "") == ["1", "2"]
    assert complete(team, "card", "move", "2", "d") == ["doing", "done"]
    assert complete(team, "card", "add", "x", "--assignee", "") == ["Maya Chen", "王芳"]
    assert complete(team, "--db", str(team), "card", "list", "--assignee", "M") == ["Maya Chen"]
    assert complete(team, "import", "") == ["jira", "github", "linear"]
    assert "--dry-run" in complete(team, "import", "jira", "--")
    assert complete(team, "completion", "") == ["bash", "zsh", "fish"]
    assert "__complete" not in complete(team, "")
    files = complete(team, "import", "jira", str(team.parent) + "/te")
    assert str(team) in files and all(f.startswith(str(team)) for f in files)


def test_complete_is_quiet_without_a_team_file(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "team.json"
    assert complete(missing, "card", "move", "") == []
    assert not missing.parent.exists()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert complete(broken, "card", "add", "t", "--assignee", "") == []
    assert broken.read_text() == "{not json"


def script(shell: str) -> str:
    out = ritual(Path("unused.json"), "completion", shell)
    assert out.returncode == 0
    return out.stdout


def test_bash_completion_script_parses_and_completes(team: Path, tmp_path: Path) -> None:
    path = tmp_path / "ritual.bash"
    path.write_text(script("bash"))
    assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
    run = (
        f'source {path}; COMP_WORDS=(ritual card move ""); COMP_CWORD=3; _ritual_complete; '
        'printf "%s\\n" "${COMPREPLY[@]}"; complete -p ritual'
    )
    env = {**os.environ, "RITUAL_DB": str(team), "PATH": f"{BIN}:{os.environ['PATH']}"}
    out = subprocess.run(["bash", "-c", run], capture_output=True, text=True, env=env)
    assert out.stdout.splitlines()[:2] == ["1", "2"], out.stderr
    assert "-F _ritual_complete" in out.stdout


@pytest.mark.parametrize(
    "shell,check", [("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])]
)
def test_zsh_and_fish_scripts_parse(tmp_path: Path, shell: str, check: list[str]) -> None:
    text = script(shell)
    assert "ritual __complete" in text
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here: its script is only generated, not parsed")
    path = tmp_path / f"ritual.{shell}"
    path.write_text(text)
    assert subprocess.run([*check, str(path)]).returncode == 0


def test_man_page_renders_every_command(tmp_path: Path) -> None:
    page = ritual(tmp_path / "x.json", "man").stdout
    assert page.startswith(".TH RITUAL 1")
    for command in ("card move", "import", "hook install", "completion", "export board"):
        assert f'.SS "ritual {command}"' in page
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed: the page is generated, not rendered")
    out = subprocess.run(
        ["groff", "-man", "-Tascii", "-ww"], input=page, capture_output=True, text=True
    )
    assert out.returncode == 0 and out.stderr == ""
    assert "backlog, todo, doing, review or done" in " ".join(out.stdout.split())


def test_settings_are_written_safely(tmp_path: Path) -> None:
    cfg = tmp_path / "c" / "config.toml"
    save_setting("ui", "theme", "nord", cfg)
    assert tomllib.loads(cfg.read_text()) == {"ui": {"theme": "nord"}}
    cfg.write_text('# mine\n[chat]\nurl = "https://x"  # keep\n\n[ui]\ntheme = "nord"\nother = 1\n')
    save_setting("ui", "theme", 'gruvbox "q"', cfg)
    text = cfg.read_text()
    assert "# mine" in text and "# keep" in text
    assert tomllib.loads(text) == {
        "chat": {"url": "https://x"},
        "ui": {"theme": 'gruvbox "q"', "other": 1},
    }
    cfg.write_text("[ui\ntheme = ")
    with pytest.raises(RitualError, match="not valid TOML"):
        save_setting("ui", "theme", "nord", cfg)
    assert cfg.read_text() == "[ui\ntheme = "


async def test_the_app_applies_and_remembers_the_theme(services, tmp_path: Path) -> None:
    from screens.app import RitualApp

    cfg = Path(os.environ["RITUAL_CONFIG"])
    save_setting("ui", "theme", "nord", cfg)
    app = RitualApp(services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert tomllib.loads(cfg.read_text())["ui"]["theme"] == "gruvbox"


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"LANG": "en_US.UTF-8"}, False),
        ({"LANG": "C"}, True),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, True),  # Python's PEP 538 coercion
        ({"LANG": "zh_CN.utf8"}, False),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "POSIX"}, True),
        ({"LANG": "zh_CN.GB18030"}, True),
        ({}, True),
        ({"LANG": "C", "RITUAL_ASCII": "0"}, False),
        ({"LANG": "en_US.UTF-8", "RITUAL_ASCII": "1"}, True),
    ],
)
def test_ascii_only_follows_the_locale(env: dict, expected: bool) -> None:
    assert ascii_only(env) is expected


def test_ascii_keeps_every_cell_in_place() -> None:
    line = "╭─ Todo 3/4 ⚠ ─╮│⛔ #42 王芳 → ✓ •▁▂█┃"
    plain = to_ascii(line)
    assert cell_width(plain) == cell_width(line)
    assert plain == "+- Todo 3/4 ! -+|X! #42 王芳 > v *__#|"


BOX_AND_SYMBOLS = [chr(c) for c in range(0x2500, 0x25A0)] + ["⛔", "⚠", "✓", "•"]


@pytest.mark.parametrize("lang,ascii_expected", [("C", True), ("C.UTF-8", False)])
def test_a_c_locale_terminal_gets_no_box_drawing(
    tmp_path: Path, lang: str, ascii_expected: bool
) -> None:
    db = tmp_path / "team.json"
    assert ritual(db, "demo").returncode == 0
    ritual(db, "card", "add", "Blocked one")
    term = Terminal(["board"], db, "maya", size=(100, 30), lang=lang)
    try:
        term.wait_for("Backlog", timeout=30)
        term.settle()
        term.press("ctrl+q")
    finally:
        term.close()
    shown = screen_text(term.output)
    found = sorted({ch for ch in shown if ch in BOX_AND_SYMBOLS})
    if ascii_expected:
        assert found == [], found
        assert "|" in shown and "X!" in shown  # the lines and the demo's blocked card, in ASCII
    else:
        assert "⛔" in found and any("\u2500" <= ch <= "\u259f" for ch in found)


async def test_a_saved_theme_is_in_the_first_frame(services, monkeypatch) -> None:
    """Start-up time: the saved theme is not applied after the first frame (which restyled
    and repainted the whole screen, a flash of the default theme first)."""
    from screens.app import RitualApp

    save_setting("ui", "theme", "nord", Path(os.environ["RITUAL_CONFIG"]))
    frames: list[object] = []
    display = RitualApp._display

    def painted(app: RitualApp, screen, update) -> None:  # every frame passes here
        display(app, screen, update)
        if update is not None:
            frames.append(screen.styles.background)

    monkeypatch.setattr(RitualApp, "_display", painted)
    app = RitualApp(services, mode="board")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.theme == "nord"
        settled = app.screen.styles.background
    assert frames and frames[0] == settled
