"""One write path: outside storage/, nothing touches table names, raw documents or the
transaction; several records change together through a unit of work."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ritual.errors import RitualError
from storage.board_repo import BoardRepo
from storage.store import Store
from storage.team_repo import TeamRepo
from storage.unit_of_work import UnitOfWork

ROOT = Path(__file__).resolve().parents[1]
TABLES = {
    "team",
    "members",
    "cards",
    "iterations",
    "standups",
    "standup_notes",
    "reviews",
    "review_items",
    "review_actions",
    "_meta",
}
STORAGE_INTERNALS = {
    "Transaction",
    "CARDS",
    "ITERATIONS",
    "STANDUPS",
    "NOTES",
    "REVIEWS",
    "ITEMS",
    "ACTIONS",
    "TEAM",
    "MEMBERS",
    "TEAM_ID",
    "META_TABLE",
    "META_ID",
}
RAW_CALLS = {"all", "get", "find", "scan", "count", "insert", "ensure", "patch", "delete"}


def raw_access(source: str, name: str = "<snippet>") -> list[str]:
    """Every place in ``source`` that reaches past the repositories."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("storage"):
            found += [
                f"{name}:{node.lineno} imports {a.name}"
                for a in node.names
                if a.name in STORAGE_INTERNALS
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr = node.func.attr
            if attr == "transaction":
                found.append(f"{name}:{node.lineno} calls .transaction()")
            first = node.args[0] if node.args else None
            if attr in RAW_CALLS and isinstance(first, ast.Constant) and first.value in TABLES:
                found.append(f"{name}:{node.lineno} reads or writes table {first.value!r}")
        elif isinstance(node, ast.Attribute) and node.attr in ("_store", "_storage", "mutable"):
            found.append(f"{name}:{node.lineno} reaches into .{node.attr}")
    return found


def test_the_scanner_catches_each_kind_of_raw_access() -> None:
    snippet = (
        "from storage.store import Transaction\n"
        "from storage.board_repo import CARDS\n"
        "with store.transaction() as tx:\n"
        "    tx.insert('cards', {})\n"
        "store.all('members')\n"
        "tx._store.is_empty()\n"
    )
    assert len(raw_access(snippet)) == 6
    assert raw_access("repo.add_card('x')\nd.get('title')\n") == []


def test_nothing_outside_storage_touches_tables_documents_or_transactions() -> None:
    found = []
    for folder in ("ritual", "screens"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            found += raw_access(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_a_unit_of_work_changes_several_records_at_once(store: Store) -> None:
    with UnitOfWork(store) as uow:
        uow.team.add_member("Ada")
        card = uow.board.add_card("Fix login", column="backlog", iteration_id=None)
        uow.board.set_blocked(card.id, True, "waiting for keys")
    other = BoardRepo(Store(store.path, "other").open())
    assert other.card(card.id).blocked_reason == "waiting for keys"
    assert [m.name for m in other.team.members()] == ["Ada"]


def test_a_refused_unit_of_work_leaves_the_file_as_it_was(store: Store) -> None:
    TeamRepo(store).add_member("Ada")
    before = store.path.read_bytes()
    with pytest.raises(RitualError), UnitOfWork(store) as uow:
        uow.board.add_card("First", column="backlog", iteration_id=None)
        uow.board.move_card(999, "done")  # there is no card 999
    assert store.path.read_bytes() == before
    assert BoardRepo(Store(store.path, "other").open()).cards("all") == []
