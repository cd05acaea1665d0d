"""What someone committed since the last stand-up: their own commit subjects, for "yesterday".

Reads repositories with the ``git`` command; only the subjects of commits whose author e-mail
is the one git is configured with in that repository, merges left out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ritual.errors import RitualError
from ritual.i18n import _
from ritual.text import one_line


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=30
        )
    except FileNotFoundError:
        raise RitualError(_("git is not installed: --from-git needs it.")) from None
    except subprocess.TimeoutExpired:
        raise RitualError(_("git took too long to read {repo}.").format(repo=repo)) from None
    if done.returncode != 0:
        why = one_line(done.stderr.splitlines()[0] if done.stderr.strip() else _("git failed"))
        raise RitualError(_("{repo}: {reason}").format(repo=repo, reason=why))
    return done.stdout


def my_subjects(repo: Path, since_iso: str) -> list[str]:
    """Subjects of the user's own commits in ``repo`` since ``since_iso``, oldest first."""
    email = _git(repo, "config", "user.email").strip()
    if not email:
        raise RitualError(
            _("{repo}: git has no user.email, so your commits cannot be told apart.").format(
                repo=repo
            )
        )
    out = _git(
        repo,
        "log",
        "--no-merges",
        "--fixed-strings",
        f"--author=<{email}>",
        f"--since={since_iso}",
        "--reverse",
        "--format=%s",
    )
    return [one_line(line) for line in out.splitlines() if line.strip()]
