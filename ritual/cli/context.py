"""From command-line options to an opened store: which file, which user, which clock."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from ritual.clock import Clock, SystemClock
from ritual.errors import RitualError
from ritual.i18n import _
from storage.errors import missing_file_message
from storage.store import Store
from storage.urls import is_database_url, redact

ENV_DB = "RITUAL_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ritual", appauthor=False) / "ritual.json"


def resolve_db(option: str | None) -> str | None:
    """--db, else $RITUAL_DB, as given (a path or a ``postgresql://`` URL), else None."""
    return option or os.environ.get(ENV_DB) or None


def resolve_db_path(option: str | None) -> Path:
    """--db, else $RITUAL_DB, else ritual.json in the user's data directory."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def resolve_user(option: str | None) -> str:
    if option and option.strip():
        user = option.strip()
    else:
        user = os.environ.get("USER", "")
        if not user:  # getpass only then: its import is a millisecond of every start
            import getpass

            user = getpass.getuser()
    if not is_utf8(user):
        raise RitualError(
            _("your user name ($USER or --user) is not valid UTF-8: give --user NAME.")
        )
    return user


def is_utf8(text: str) -> bool:
    """False for text Python decoded from bytes that are not UTF-8 (surrogate escapes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Context:
    """``path`` is the team file; with a database, ``url`` is set and ``path`` only names it
    (without its password) in messages. ``user_given``: --user was on the command line."""

    path: Path
    user: str
    clock: Clock
    url: str | None = None
    user_given: bool = False

    def open_store(self) -> Store:
        """The team file as it is. A missing file is refused, never made: a mistyped --db or
        $RITUAL_DB must not start a new, empty team beside the real one."""
        if self.url:
            store = self._database(create=False)
            warn_about_team(store)
            return store
        try:
            os.stat(self.path)
        except (FileNotFoundError, NotADirectoryError):
            raise RitualError(missing_file_message(self.path)) from None
        except OSError as exc:
            raise RitualError(
                _("{path} cannot be reached: {reason}.").format(path=self.path, reason=exc.strerror)
            ) from None
        store = Store(self.path, self.user, self.clock).open(create=False)
        warn_about_team(store)
        return store

    def create_store(self) -> Store:
        """A store allowed to make the file (``ritual init``, ``ritual demo``, the app's
        first-run question). Its directory must exist: ritual makes no directories."""
        if self.url:
            return self._database(create=True)
        directory = self.path.parent
        if not directory.is_dir():
            raise RitualError(
                _(
                    "{directory} does not exist: ritual makes no directories; create it first "
                    "or give --db a path in an existing directory."
                ).format(directory=directory)
            )
        return Store(self.path, self.user, self.clock).open(create=True)

    def _database(self, create: bool) -> Store:
        """The team database (storage/pg_store.py): the person is their database role."""
        from storage.pg_store import PgStore

        store = PgStore(self.url or "", self.user if self.user_given else None, self.clock)
        store.open(create=create)
        self.user = store.user
        return store  # type: ignore[return-value]  # the same Backend protocol


def warn_about_team(store: Store) -> None:
    """One line on stderr when the team record holds a time zone this machine does not know:
    the command still works, in UTC."""
    from storage.team_repo import TeamRepo

    warning = TeamRepo(store).team().timezone_warning
    if warning:
        from ritual.cli.output import warn

        warn(warning)


def context_from(args: argparse.Namespace, clock: Clock | None = None) -> Context:
    given = resolve_db(args.db)
    user = resolve_user(args.user)
    if given and is_database_url(given):
        return Context(
            Path(redact(given)), user, clock or SystemClock(), url=given, user_given=bool(args.user)
        )
    return Context(resolve_db_path(args.db), user, clock or SystemClock())
