"""What an unexpected error leaves behind: a log file with the traceback, one line on stderr.

A traceback on the terminal is no use to a teammate and may show what the team file holds
(Textual prints local variables by default), so it goes to a file in the user's state
directory, made only when there is something to write.
"""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from pathlib import Path

from ritual.i18n import _


def crash_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("ritual", appauthor=False)


def write_crash_log(error: BaseException) -> Path:
    """The traceback of ``error`` (no local variables) in a new crash-<timestamp>.log."""
    directory = crash_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    text = "".join(traceback.format_exception(error))
    header = f"ritual crashed at {stamp} (pid {os.getpid()})\n"  # i18n: literal (for the report)
    path = directory / f"crash-{stamp}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
        f.write(header + text)
    return path


def report_crash(error: BaseException) -> int:
    """Log ``error``, say where in one line, and give the exit status (1)."""
    try:
        where = _("the details are in {path}").format(path=write_crash_log(error))
    except OSError as exc:
        where = _("no crash log could be written ({reason})").format(reason=exc.strerror)
    print(
        _("ritual: unexpected error ({error}); {where}; please report it.").format(
            error=type(error).__name__, where=where
        ),
        file=sys.stderr,
    )
    return 1
