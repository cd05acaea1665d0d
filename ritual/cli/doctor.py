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
from ritual.i18n import N_, _
from storage.access import write_refusal
from storage.errors import StoreError
from storage.lock import lock_path_for

OK, WARN, PROBLEM = "ok", "warn", "problem"
LEVEL_LABELS = {OK: N_("ok"), WARN: N_("warn"), PROBLEM: N_("problem")}


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
            level = _(LEVEL_LABELS.get(f.level, f.level))
            emit_line(_("{level}: {message}").format(level=level, message=f.message))
    return 1 if any(f.level == PROBLEM for f in findings) else 0


def diagnose_database(ctx: Context) -> list[Finding]:
    """A team database: reachable with its schema, and whether this role may write."""
    try:
        store = ctx.open_store()
    except StoreError as exc:
        return [Finding(PROBLEM, "database", str(exc))]
    reached = _("{path} reached as role {role!r}.").format(path=ctx.path, role=store.user)
    found = [Finding(OK, "database", reached)]
    refusal = store.write_refusal()
    found.append(Finding(WARN if refusal else OK, "access", refusal or _("you may write.")))
    from storage.health import bad_records

    bad = bad_records(store)
    found += [Finding(WARN, "records", line) for line in bad] or [
        Finding(OK, "records", _("every record can be read."))
    ]
    return found


def diagnose(path: Path, user: str) -> list[Finding]:
    """Every finding about the team file at ``path`` as this process's user sees it."""
    real = Path(os.path.realpath(path))
    directory = real.parent
    try:
        dir_st = os.stat(directory)
    except OSError as exc:
        return [Finding(PROBLEM, "directory", _unreachable(directory, exc))]
    try:
        file_st = os.stat(real)
    except FileNotFoundError:
        return [Finding(PROBLEM, "file", missing_file_message(path))]
    except OSError as exc:
        return [Finding(PROBLEM, "file", _unreachable(real, exc))]
    out: list[Finding] = []
    if real != path.absolute():
        leads = _("{path} leads to {real}; that is the file checked.").format(path=path, real=real)
        out.append(Finding(OK, "symlink", leads))
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
                _(
                    "{directory} is not group-writable: a personal set-up, only you write "
                    "{name} (README 'Sharing one file' says how to share it)."
                ).format(directory=directory, name=real.name),
            )
        )
    out += _records(path, user)
    if not any(f.level != OK for f in out):
        out.append(Finding(OK, "summary", _("all good: nothing here would stop a teammate.")))
    return out


def _unreachable(path: Path, exc: OSError) -> str:
    return _("{path} cannot be reached: {reason}.").format(path=path, reason=exc.strerror)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _access(real: Path) -> list[Finding]:
    if not os.access(real, os.R_OK):
        cannot = _("you cannot read {path}: ask its owner for chmod g+r.").format(path=real)
        return [Finding(PROBLEM, "read", cannot)]
    if not os.access(real.parent, os.R_OK | os.X_OK):
        # the write lock is taken on the directory itself (storage/lock.py)
        return [
            Finding(
                PROBLEM,
                "directory-read",
                _(
                    "you cannot read {directory}, where ritual takes its lock: "
                    "fix: chmod g+rx {directory}"
                ).format(directory=real.parent),
            )
        ]
    refusal = write_refusal(real)
    if refusal:
        return [Finding(PROBLEM, "write", refusal)]
    return [Finding(OK, "write", _("you can read and write {path}.").format(path=real))]


def _file(real: Path, st: os.stat_result, dir_st: os.stat_result) -> list[Finding]:
    mode, group = stat.S_IMODE(st.st_mode), _group(st.st_gid)
    out = []
    if st.st_mode & stat.S_IRGRP and st.st_mode & stat.S_IWGRP:
        out.append(
            Finding(
                OK,
                "file-mode",
                _("{path} is {mode}, group {group}: the group can write it.").format(
                    path=real, mode=f"{mode:04o}", group=group
                ),
            )
        )
    else:
        out.append(
            Finding(
                PROBLEM,
                "file-mode",
                _(
                    "{path} is {mode}: teammates in group {group} cannot write it; "
                    "fix: chmod g+rw {path}"
                ).format(path=real, mode=f"{mode:04o}", group=group),
            )
        )
    if st.st_gid != dir_st.st_gid:
        out.append(
            Finding(
                WARN,
                "file-group",
                _(
                    "{path} belongs to group {group} but its directory to {directory_group}; "
                    "fix: chgrp {directory_group} {path}"
                ).format(path=real, group=group, directory_group=_group(dir_st.st_gid)),
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
                _(
                    "{directory} is {mode}: the group cannot make files in it, so teammates "
                    "cannot save; fix: chmod g+w {directory}"
                ).format(directory=directory, mode=f"{mode:04o}"),
            )
        )
    if st.st_mode & stat.S_ISGID:
        out.append(
            Finding(
                OK,
                "setgid",
                _("{directory} is group {group} with setgid: new files join it.").format(
                    directory=directory, group=group
                ),
            )
        )
    else:
        out.append(
            Finding(
                WARN,
                "setgid",
                _(
                    "{directory} (group {group}) has no setgid bit: files made there get their "
                    "maker's group; fix: chmod g+s {directory}"
                ).format(directory=directory, group=group),
            )
        )
    return out


def _membership(real: Path, st: os.stat_result, user: str) -> list[Finding]:
    group = _group(st.st_gid)
    if st.st_gid == os.getgid() or st.st_gid in os.getgroups():
        owns = _("you are in group {group}, which owns {name}.").format(group=group, name=real.name)
        return [Finding(OK, "group", owns)]
    try:
        login = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        login = user
    return [
        Finding(
            PROBLEM,
            "group",
            _(
                "you ({login}) are not in group {group}, which owns {path}: ask an admin for "
                "'sudo usermod -aG {group} {login}', then log in again."
            ).format(login=login, group=group, path=real),
        )
    ]


def _lock(real: Path, file_st: os.stat_result) -> list[Finding]:
    lock = lock_path_for(real)
    try:
        st = os.stat(lock)
    except FileNotFoundError:
        made = _("{lock} is made group-writable by the first write.").format(lock=lock)
        return [Finding(OK, "lock", made)]
    except OSError as exc:
        return [Finding(PROBLEM, "lock", _unreachable(lock, exc))]
    mode = stat.S_IMODE(st.st_mode)
    if not st.st_mode & stat.S_IRGRP or not os.access(lock, os.R_OK):
        return [
            Finding(
                PROBLEM,
                "lock",
                _(
                    "{lock} is {mode}: teammates cannot open it to lock; fix: chmod g+rw {lock}"
                ).format(lock=lock, mode=f"{mode:04o}"),
            )
        ]
    out = []
    if not st.st_mode & stat.S_IWGRP:
        out.append(
            Finding(
                WARN,
                "lock",
                _("{lock} is {mode}, not group-writable; fix: chmod g+rw {lock}").format(
                    lock=lock, mode=f"{mode:04o}"
                ),
            )
        )
    if st.st_gid != file_st.st_gid:
        out.append(
            Finding(
                WARN,
                "lock",
                _(
                    "{lock} belongs to group {group}, not {file_group}; "
                    "fix: chgrp {file_group} {lock}"
                ).format(lock=lock, group=_group(st.st_gid), file_group=_group(file_st.st_gid)),
            )
        )
    fine = _("{lock} is {mode}, group {group}.").format(
        lock=lock, mode=f"{mode:04o}", group=_group(st.st_gid)
    )
    return out or [Finding(OK, "lock", fine)]


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
                _(
                    "your umask is {umask}: files you make (backups, a new team file) are not "
                    "group-writable; put 'umask 002' in ~/.profile."
                ).format(umask=f"{mask:03o}"),
            )
        ]
    fine = _("your umask is {umask}: new files stay group-writable.").format(umask=f"{mask:03o}")
    return [Finding(OK, "umask", fine)]


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
        return [Finding(OK, "records", _("every record can be read."))]
    return [Finding(WARN, "records", line) for line in bad]
