"""``ritual doctor``: check the shared set-up of the team file and say what to fix.

One finding a line: ``ok``, ``warn`` (works, but will bite someone later) or ``problem``
(something that stops this user or a teammate now). Exit status 1 when there is a problem.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import stat
from dataclasses import asdict, dataclass
from pathlib import Path

from ritual.cli.context import Context, context_from, missing_file_message
from ritual.cli.output import emit_json, emit_line
from storage.access import write_refusal
from storage.errors import StoreError
from storage.lock import lock_path_for

OK, WARN, PROBLEM = "ok", "warn", "problem"


@dataclass(frozen=True)
class Finding:
    level: str
    check: str
    message: str


def run_doctor(args: argparse.Namespace) -> int:
    ctx = context_from(args)
    findings = diagnose_database(ctx) if ctx.url else diagnose(ctx.path, ctx.user)
    if args.json:
        emit_json(
            {
                "path": str(ctx.path),
                "ok": not any(f.level == PROBLEM for f in findings),
                "findings": [asdict(f) for f in findings],
            }
        )
    else:
        for f in findings:
            emit_line(f"{f.level}: {f.message}")
    return 1 if any(f.level == PROBLEM for f in findings) else 0


def diagnose_database(ctx: Context) -> list[Finding]:
    """A team database: reachable with its schema, and whether this role may write."""
    try:
        store = ctx.open_store()
    except StoreError as exc:
        return [Finding(PROBLEM, "database", str(exc))]
    found = [Finding(OK, "database", f"{ctx.path} reached as role {store.user!r}.")]
    refusal = store.write_refusal()
    found.append(Finding(WARN if refusal else OK, "access", refusal or "you may write."))
    from storage.health import bad_records

    bad = bad_records(store)
    found += [Finding(WARN, "records", line) for line in bad] or [
        Finding(OK, "records", "every record can be read.")
    ]
    return found


def diagnose(path: Path, user: str) -> list[Finding]:
    """Every finding about the team file at ``path`` as this process's user sees it."""
    real = Path(os.path.realpath(path))
    directory = real.parent
    try:
        dir_st = os.stat(directory)
    except OSError as exc:
        return [Finding(PROBLEM, "directory", f"{directory} cannot be reached: {exc.strerror}.")]
    try:
        file_st = os.stat(real)
    except FileNotFoundError:
        return [Finding(PROBLEM, "file", missing_file_message(path))]
    except OSError as exc:
        return [Finding(PROBLEM, "file", f"{real} cannot be reached: {exc.strerror}.")]
    out: list[Finding] = []
    if real != path.absolute():
        out.append(Finding(OK, "symlink", f"{path} leads to {real}; that is the file checked."))
    out += _access(real)
    shared = bool(dir_st.st_mode & (stat.S_IWGRP | stat.S_ISGID)) or bool(
        file_st.st_mode & stat.S_IWGRP
    )
    if shared:
        out += _file(real, file_st, dir_st)
        out += _directory(directory, dir_st)
        out += _membership(real, file_st, user)
        out += _lock(real, file_st)
        out += _umask()
    else:
        out.append(
            Finding(
                OK,
                "sharing",
                f"{directory} is not group-writable: a personal set-up, only you write "
                f"{real.name} (README 'Sharing one file' says how to share it).",
            )
        )
    out += _records(path, user)
    if not any(f.level != OK for f in out):
        out.append(Finding(OK, "summary", "all good: nothing here would stop a teammate."))
    return out


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _access(real: Path) -> list[Finding]:
    if not os.access(real, os.R_OK):
        return [Finding(PROBLEM, "read", f"you cannot read {real}: ask its owner for chmod g+r.")]
    if not os.access(real.parent, os.R_OK | os.X_OK):
        # the write lock is taken on the directory itself (storage/lock.py)
        return [
            Finding(
                PROBLEM,
                "directory-read",
                f"you cannot read {real.parent}, where ritual takes its lock: "
                f"fix: chmod g+rx {real.parent}",
            )
        ]
    refusal = write_refusal(real)
    if refusal:
        return [Finding(PROBLEM, "write", refusal)]
    return [Finding(OK, "write", f"you can read and write {real}.")]


def _file(real: Path, st: os.stat_result, dir_st: os.stat_result) -> list[Finding]:
    mode, group = stat.S_IMODE(st.st_mode), _group(st.st_gid)
    out = []
    if st.st_mode & stat.S_IRGRP and st.st_mode & stat.S_IWGRP:
        out.append(
            Finding(
                OK, "file-mode", f"{real} is {mode:04o}, group {group}: the group can write it."
            )
        )
    else:
        out.append(
            Finding(
                PROBLEM,
                "file-mode",
                f"{real} is {mode:04o}: teammates in group {group} cannot write it; "
                f"fix: chmod g+rw {real}",
            )
        )
    if st.st_gid != dir_st.st_gid:
        out.append(
            Finding(
                WARN,
                "file-group",
                f"{real} belongs to group {group} but its directory to {_group(dir_st.st_gid)}; "
                f"fix: chgrp {_group(dir_st.st_gid)} {real}",
            )
        )
    return out


def _directory(directory: Path, st: os.stat_result) -> list[Finding]:
    group, mode = _group(st.st_gid), stat.S_IMODE(st.st_mode)
    out = []
    if not st.st_mode & stat.S_IWGRP:
        out.append(
            Finding(
                PROBLEM,
                "directory-mode",
                f"{directory} is {mode:04o}: the group cannot make files in it, so teammates "
                f"cannot save; fix: chmod g+w {directory}",
            )
        )
    if st.st_mode & stat.S_ISGID:
        out.append(
            Finding(OK, "setgid", f"{directory} is group {group} with setgid: new files join it.")
        )
    else:
        out.append(
            Finding(
                WARN,
                "setgid",
                f"{directory} (group {group}) has no setgid bit: files made there get their "
                f"maker's group; fix: chmod g+s {directory}",
            )
        )
    return out


def _membership(real: Path, st: os.stat_result, user: str) -> list[Finding]:
    group = _group(st.st_gid)
    if st.st_gid == os.getgid() or st.st_gid in os.getgroups():
        return [Finding(OK, "group", f"you are in group {group}, which owns {real.name}.")]
    try:
        login = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        login = user
    return [
        Finding(
            PROBLEM,
            "group",
            f"you ({login}) are not in group {group}, which owns {real}: ask an admin for "
            f"'sudo usermod -aG {group} {login}', then log in again.",
        )
    ]


def _lock(real: Path, file_st: os.stat_result) -> list[Finding]:
    lock = lock_path_for(real)
    try:
        st = os.stat(lock)
    except FileNotFoundError:
        return [Finding(OK, "lock", f"{lock} is made group-writable by the first write.")]
    except OSError as exc:
        return [Finding(PROBLEM, "lock", f"{lock} cannot be reached: {exc.strerror}.")]
    mode = stat.S_IMODE(st.st_mode)
    if not st.st_mode & stat.S_IRGRP or not os.access(lock, os.R_OK):
        return [
            Finding(
                PROBLEM,
                "lock",
                f"{lock} is {mode:04o}: teammates cannot open it to lock; fix: chmod g+rw {lock}",
            )
        ]
    out = []
    if not st.st_mode & stat.S_IWGRP:
        out.append(
            Finding(
                WARN, "lock", f"{lock} is {mode:04o}, not group-writable; fix: chmod g+rw {lock}"
            )
        )
    if st.st_gid != file_st.st_gid:
        out.append(
            Finding(
                WARN,
                "lock",
                f"{lock} belongs to group {_group(st.st_gid)}, not {_group(file_st.st_gid)}; "
                f"fix: chgrp {_group(file_st.st_gid)} {lock}",
            )
        )
    return out or [Finding(OK, "lock", f"{lock} is {mode:04o}, group {_group(st.st_gid)}.")]


def current_umask() -> int:
    """This process's umask, read without changing it (Linux), else by setting it back."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _umask() -> list[Finding]:
    mask = current_umask()
    if mask & stat.S_IWGRP:
        return [
            Finding(
                WARN,
                "umask",
                f"your umask is {mask:03o}: files you make (backups, a new team file) are not "
                "group-writable; put 'umask 002' in ~/.profile.",
            )
        ]
    return [Finding(OK, "umask", f"your umask is {mask:03o}: new files stay group-writable.")]


def _records(path: Path, user: str) -> list[Finding]:
    from storage.errors import StoreError
    from storage.store import Store

    try:
        store = Store(path, user).open(create=False)
    except StoreError as exc:
        return [Finding(PROBLEM, "content", str(exc))]
    from storage.health import bad_records

    bad = bad_records(store)
    if not bad:
        return [Finding(OK, "records", "every record can be read.")]
    return [Finding(WARN, "records", line) for line in bad]
