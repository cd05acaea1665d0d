"""Which file and which user a command uses; read-only detection."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ritual.cli import main
from ritual.cli.context import resolve_db_path, resolve_user
from storage.access import write_refusal


def test_db_path_option_beats_env_beats_data_dir(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("RITUAL_DB", raising=False)
    assert resolve_db_path(None) == tmp_path / "data" / "ritual" / "ritual.json"
    monkeypatch.setenv("RITUAL_DB", str(tmp_path / "env.json"))
    assert resolve_db_path(None) == tmp_path / "env.json"
    assert resolve_db_path(str(tmp_path / "opt.json")) == tmp_path / "opt.json"


def test_user_option_beats_env(monkeypatch) -> None:
    monkeypatch.setenv("USER", "jonas")
    assert resolve_user(None) == "jonas"
    assert resolve_user("maya") == "maya"


def test_commands_use_ritual_db_and_record_the_user(monkeypatch, tmp_path: Path, capsys) -> None:
    db = tmp_path / "shared.json"
    monkeypatch.setenv("RITUAL_DB", str(db))
    monkeypatch.setenv("USER", "jonas")
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["card", "add", "Write the docs"]) == 0
    card_id = int(capsys.readouterr().out)
    from storage.store import Store

    doc = Store(db, "x").open().get("cards", card_id)
    assert doc["title"] == "Write the docs" and doc["updated_by"] == "jonas"


def test_options_after_the_command_work_too(tmp_path: Path, capsys) -> None:
    db = tmp_path / "t.json"
    assert main(["init", "--db", str(db)]) == 0
    assert main(["member", "add", "Ann", "--db", str(db), "--user", "maya"]) == 0
    assert main(["--db", str(db), "member", "list", "--json"]) == 0
    assert '"Ann"' in capsys.readouterr().out


def test_write_refusal_names_the_file(monkeypatch, tmp_path: Path) -> None:
    db = tmp_path / "t.json"
    db.write_text("{}")
    assert write_refusal(db) == ""
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == db else real_access(p, mode)
    )
    assert str(db) in write_refusal(db) and "Read-only" in write_refusal(db)


@pytest.mark.parametrize("args", [["card", "list"], ["member", "list"]])
def test_a_directory_as_db_is_refused(tmp_path: Path, capsys, args) -> None:
    assert main([*args, "--db", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "directory" in err[0]
