"""The layers stay apart, and importing them has no side effects.

Each check imports modules in a fresh interpreter, in an empty working directory and home, and
looks at ``sys.modules`` there: the domain (``ritual/*.py``) pulls in neither Textual nor
TinyDB, storage never pulls in Textual, and no import creates a file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ritual/__main__.py runs the CLI and ritual/cli/ is the entry point: both may reach the UI.
DOMAIN = sorted(
    f"ritual.{p.stem}" for p in (ROOT / "ritual").glob("*.py") if p.stem not in ("__main__",)
)
STORAGE = sorted(f"storage.{p.stem}" for p in (ROOT / "storage").glob("*.py"))

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def imported_after(modules: list[str], home: Path) -> set[str]:
    home.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PATH": "/usr/bin:/bin",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *modules],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(json.loads(out.stdout))


def test_there_are_modules_to_check():
    assert "ritual.iteration" in DOMAIN and "storage.store" in STORAGE


def test_the_domain_imports_neither_textual_nor_tinydb(tmp_path: Path):
    loaded = imported_after(DOMAIN, tmp_path / "home")
    assert "textual" not in loaded
    assert "tinydb" not in loaded


@pytest.mark.parametrize("module", DOMAIN)
def test_each_domain_module_alone_stays_plain(tmp_path: Path, module: str):
    loaded = imported_after([module], tmp_path / "home")
    assert not {"textual", "tinydb"} & loaded


def test_storage_never_imports_textual(tmp_path: Path):
    loaded = imported_after(STORAGE, tmp_path / "home")
    assert "textual" not in loaded
    assert "tinydb" in loaded  # the probe did import storage


def test_importing_creates_no_files(tmp_path: Path):
    home = tmp_path / "home"
    imported_after([*DOMAIN, *STORAGE], home)
    assert [p.relative_to(home) for p in home.rglob("*")] == []


def test_opening_the_board_loads_no_other_ritual_nor_the_database_backend(tmp_path: Path):
    """What `ritual board` imports before its first frame: every module loaded costs start-up
    time (benchmarks/board.py). The review's and the stand-up's repositories are made on first
    use (screens/services.py), PostgreSQL's backend only for a URL, the trackers only by
    `ritual card import`, the dialogs by the keys that open them."""
    loaded = imported_after(
        [
            "ritual.cli",
            "ritual.cli.parser",
            "ritual.cli.context",
            "ritual.cli.app_commands",
            "screens.app",
            "screens.board.screen",
        ],
        tmp_path / "home",
    )
    assert "screens.board.screen" in loaded  # the probe did import the board
    unwanted = {
        "storage.pg_store",
        "storage.review_repo",
        "storage.standup_repo",
        "ritual.review_meeting",
        "ritual.trackers",
        "screens.standup.screen",
        "screens.review.screen",
        "screens.dialogs",
        "ritual.review",  # storage/mapping.py: the review's value sets for its records only
        "ritual.standup",
    }
    assert unwanted & loaded == set()
