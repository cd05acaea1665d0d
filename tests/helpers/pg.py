"""A throw-away PostgreSQL server for the tests: initdb into a temporary directory, started
by pg_ctl on 127.0.0.1 with a free port (and its socket in that directory), stopped at the end.

PostgreSQL refuses to run as root, so as root the server runs as the unprivileged ``nobody``.
Without server binaries the tests skip with a reason; in CI ($CI=true) they fail instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROLES = ("alice", "bob", "reader")  # two writers and a read-only role, trust-authenticated


def server_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def need_server() -> Path:
    """The server binaries' directory, else skip (locally) or fail (CI) with the reason."""
    bin_dir = server_bin()
    if bin_dir is None:
        reason = "no PostgreSQL server binaries (apt-get install postgresql); .ci/run installs them"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        reason = "psycopg is not installed (pip install -e '.[postgres]')"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return bin_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="ritual-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.run_as = "nobody" if os.geteuid() == 0 else None
        self._count = 0

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            user=self.run_as,
            cwd=self.dir,
            timeout=120,
        )

    def start(self) -> PgServer:
        if self.run_as:
            shutil.chown(self.dir, self.run_as)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "start",
        )
        import psycopg

        with psycopg.connect(self.url("postgres", "postgres"), autocommit=True) as conn:
            for role in ROLES:
                conn.execute(f"CREATE ROLE {role} LOGIN")
        return self

    def url(self, database: str, role: str) -> str:
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh database owned by alice, with no ritual schema yet; returns its name."""
        import psycopg

        self._count += 1
        name = f"team{self._count}"
        with psycopg.connect(self.url("postgres", "postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} OWNER alice")
        return name

    def grant(self, database: str) -> None:
        """What README's set-up does: bob may write, reader may only read."""
        import psycopg

        with psycopg.connect(self.url(database, "alice"), autocommit=True) as conn:
            conn.execute("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO bob")
            conn.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
