"""Shared fixtures: every test gets its own team file in tmp_path and a clock it controls."""

from __future__ import annotations

from pathlib import Path

import pytest

from ritual.clock import ManualClock
from screens.services import Services
from storage.store import Store


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock("2026-11-26T08:00:00Z")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "team.json"


@pytest.fixture
def store(db_path: Path, clock: ManualClock) -> Store:
    return Store(db_path, "alice", clock).open(create=True)


@pytest.fixture
def services(store: Store, clock: ManualClock) -> Services:
    return Services(store, clock, "alice")


@pytest.fixture
def demo_services(store: Store, clock: ManualClock) -> Services:
    from ritual.cli.demo import seed

    seed(store, clock)
    store.user = "maya"  # the one who runs the app is the one the store records
    return Services(store, clock, "maya")


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the person's real config file (the app saves the theme there),
    and the app draws as on a UTF-8 terminal unless a test says otherwise."""
    monkeypatch.setenv("RITUAL_CONFIG", str(tmp_path / "settings" / "config.toml"))
    monkeypatch.setenv("RITUAL_ASCII", "0")
    # English unless a test asks for another language (the `chinese` fixture); processes the
    # tests start inherit it, whatever the machine's locale.
    monkeypatch.setenv("RITUAL_LANG", "en")


@pytest.fixture(autouse=True)
def english_after_each_test():
    from ritual.i18n import set_language

    yield
    set_language("en")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process and the ones the test starts speak Simplified Chinese."""
    from ritual.i18n import set_language

    monkeypatch.setenv("RITUAL_LANG", "zh_CN")
    set_language("zh_CN")


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the session (tests/helpers/pg.py); skips without one."""
    from helpers.pg import PgServer, need_server

    server = PgServer(need_server()).start()
    yield server
    server.stop()
