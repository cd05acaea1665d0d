"""Import from Jira, GitHub and Linear exports and export for Jira and Linear: real processes
on a real team file, fixtures shaped as each tracker documents its export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import new_team_file, ritual

from ritual.trackers import plan_import
from storage.board_repo import BoardRepo
from storage.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "trackers"


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    db = new_team_file(tmp_path / "team.json")
    for name, login in (("Maya Chen", "maya"), ("Ravi Kumar", "ravi"), ("王芳", "wangfang")):
        assert ritual(db, "member", "add", name, "--login", login).returncode == 0
    return db


def cards(db: Path) -> list[dict]:
    out = ritual(db, "card", "list", "--json")
    assert out.returncode == 0, out.stderr
    repo = BoardRepo(Store(db, "t").open())
    return [json.loads(json.dumps(c.__dict__, default=str)) for c in repo.cards("all")]


def by_key(db: Path) -> dict[str, dict]:
    return {c["source_key"]: c for c in cards(db)}


def test_jira_export_is_imported_into_the_backlog(team_db: Path) -> None:
    out = ritual(team_db, "import", "jira", str(FIXTURES / "jira.csv"))
    assert out.returncode == 0, out.stderr
    assert "imported 4 card(s)" in out.stdout
    got = by_key(team_db)
    digest = got["jira:RIT-101"]
    assert digest["title"] == "Export the stand-up digest to DingTalk"
    assert digest["assignee"] == "Maya Chen"  # by display name
    assert digest["labels"] == ["chat", "integrations"]  # Jira's repeated Labels columns
    assert digest["points"] == 5 and digest["priority"] == "P1"
    assert digest["description"].startswith("As a team lead") and "\n" in digest["description"]
    assert digest["column"] == "backlog" and digest["iteration_id"] is None
    assert digest["source"] == "jira RIT-101"
    assert got["jira:RIT-102"]["assignee"] == "Ravi Kumar"  # by e-mail, its local part the login
    assert got["jira:RIT-103"]["priority"] == "P0" and got["jira:RIT-103"]["assignee"] == ""
    assert got["jira:RIT-104"]["priority"] == "P3" and got["jira:RIT-104"]["points"] == 1
    # the unknown assignee is reported, not invented
    assert "'Jordan Blake' is not a team member" in out.stderr
    assert "Jordan" not in json.dumps(cards(team_db))


def test_github_project_tsv(team_db: Path) -> None:
    out = ritual(team_db, "import", "github", str(FIXTURES / "github.tsv"))
    assert out.returncode == 0, out.stderr
    got = by_key(team_db)
    k = got["github:https://github.com/acme/ritual/issues/42"]
    assert k["assignee"] == "王芳" and k["labels"] == ["enhancement", "board"]
    assert k["points"] == 2 and k["priority"] == "P1"
    assert got["github:https://github.com/acme/ritual/issues/57"]["assignee"] == "Maya Chen"
    drafts = [c for key, c in got.items() if key.startswith("github:draft:")]
    assert [c["title"] for c in drafts] == ["Spike: Feishu robot cards"]
    assert "'octocat' is not a team member" in out.stderr


def test_linear_csv(team_db: Path) -> None:
    out = ritual(team_db, "import", "linear", str(FIXTURES / "linear.csv"))
    assert out.returncode == 0, out.stderr
    got = by_key(team_db)
    assert got["linear:ENG-210"]["assignee"] == "Maya Chen"
    assert got["linear:ENG-210"]["labels"] == ["Backend", "chat"]
    assert got["linear:ENG-211"]["priority"] == "P2"  # "No priority": the default
    assert got["linear:ENG-211"]["points"] is None
    assert got["linear:ENG-212"]["priority"] == "P0" and got["linear:ENG-212"]["assignee"] == "王芳"


@pytest.mark.parametrize(
    "tracker,name", [("jira", "jira.csv"), ("github", "github.tsv"), ("linear", "linear.csv")]
)
def test_reimport_adds_nothing_and_dry_run_writes_nothing(
    team_db: Path, tracker: str, name: str
) -> None:
    before = team_db.read_bytes()
    dry = ritual(team_db, "import", tracker, str(FIXTURES / name), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "nothing was written" in dry.stdout and "new" in dry.stdout
    assert team_db.read_bytes() == before
    assert ritual(team_db, "import", tracker, str(FIXTURES / name)).returncode == 0
    first = cards(team_db)
    again = ritual(team_db, "import", tracker, str(FIXTURES / name))
    assert again.returncode == 0
    assert f"imported 0 card(s) into the backlog; {len(first)} already imported" in again.stdout
    assert cards(team_db) == first
    dry = ritual(team_db, "import", tracker, str(FIXTURES / name), "--dry-run")
    assert "0 card(s) would be added" in dry.stdout and "card 1" in dry.stdout


def test_bad_rows_are_named_one_line_each_and_nothing_is_imported(team_db: Path) -> None:
    before = team_db.read_bytes()
    out = ritual(team_db, "import", "jira", str(FIXTURES / "jira_bad.csv"))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert [x.split(": ")[1].split(" ")[-1] for x in lines[:3]] == ["3", "4", "5"]
    assert "card needs a title" in lines[0]
    assert "points must be a whole number" in lines[1]
    assert "priority 'Sortof' is unknown" in lines[2]
    assert "nothing was imported" in lines[3] and len(lines) == 4
    assert team_db.read_bytes() == before


def test_not_an_export_and_not_utf8_are_refused(team_db: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "x.csv"
    wrong.write_text("Name,Age\nx,3\n")
    out = ritual(team_db, "import", "jira", str(wrong))
    assert out.returncode == 2 and "no Summary column" in out.stderr
    latin = tmp_path / "l.csv"
    latin.write_bytes("Summary,Issue key\nCaf\xe9,A-1\n".encode("latin-1"))
    out = ritual(team_db, "import", "jira", str(latin))
    assert out.returncode == 2 and "not UTF-8" in out.stderr


@pytest.mark.parametrize("fmt", ["jira", "linear"])
def test_export_is_read_back_by_the_importer(team_db: Path, tmp_path: Path, fmt: str) -> None:
    assert ritual(team_db, "import", "jira", str(FIXTURES / "jira.csv")).returncode == 0
    add = ritual(team_db, "card", "add", '=HYPERLINK("x")', "--assignee", "王芳", "--points", "8")
    assert add.returncode == 0
    out = ritual(team_db, "export", "board", "--format", fmt)
    assert out.returncode == 0, out.stderr
    exported = tmp_path / f"board.{fmt}.csv"
    exported.write_text(out.stdout)
    other = new_team_file(tmp_path / "other.json")
    for name, login in (("Maya Chen", "maya"), ("Ravi Kumar", "ravi"), ("王芳", "wangfang")):
        ritual(other, "member", "add", name, "--login", login)
    back = ritual(other, "import", fmt, str(exported))
    assert back.returncode == 0, back.stderr
    assert "not a team member" not in back.stderr  # logins were written, and read back
    original = {
        (
            c["title"],
            c["assignee"],
            c["points"],
            c["priority"],
            tuple(c["labels"]),
            c["description"],
        )
        for c in cards(team_db)
    }
    copied = {
        (
            c["title"],
            c["assignee"],
            c["points"],
            c["priority"],
            tuple(c["labels"]),
            c["description"],
        )
        for c in cards(other)
    }
    assert copied == original
    if fmt == "jira":  # a card that came from Jira keeps its key on the way back
        assert "jira:RIT-101" in by_key(other)
    again = ritual(other, "import", fmt, str(exported))
    assert "imported 0 card(s)" in again.stdout


def test_assignee_matching_never_guesses() -> None:
    from ritual.team import Member

    members = [Member(1, "Maya Chen", "maya"), Member(2, "Old", "old", active=False)]
    text = "Summary,Issue key,Assignee\nA,K-1,MAYA@corp.example\nB,K-2,old\nC,K-3,May\n"
    rows = plan_import("jira", text, members).rows
    assert [(r.assignee, r.unknown_assignee) for r in rows] == [
        ("Maya Chen", ""),
        ("", "old"),  # someone who left is not assigned new work
        ("", "May"),
    ]


def test_duplicate_keys_in_one_file_are_bad_rows() -> None:
    plan = plan_import("linear", "ID,Title\nE-1,a\nE-1,b\n", [])
    assert plan.errors == ["line 3: linear E-1 appears twice (also line 2)."]
