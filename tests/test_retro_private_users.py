"""Private writing with real Unix users sharing a setgid directory (root only, else skipped):
a teammate's process cannot read another's unrevealed reflection, neither in the team file nor
in the author's side file; after the reveal everyone's are in the export."""

from __future__ import annotations

import json
import os
import stat

from test_shared_users import Team, team  # noqa: F401  (the fixture with real users)

SETUP = """
from pathlib import Path
from ritual.retro import Retro
from storage.board_repo import BoardRepo
from storage.retro_repo import RetroRepo
from storage.store import Store
s = Store(Path({db!r}), {who!r}).open()
s_team = __import__("storage.team_repo", fromlist=["TeamRepo"]).TeamRepo(s)
"""


def py(team: Team, who: str, body: str):  # noqa: F811
    out = team.python_as(who, "-c", SETUP.format(db=str(team.db), who=who) + body)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_an_unrevealed_reflection_is_unreadable_to_a_teammate(team: Team) -> None:  # noqa: F811
    a, b = team.alice, team.bob
    assert team.run(a, "init").returncode == 0
    py(
        team,
        a,
        f"s_team.add_member('A', login={a!r}); s_team.add_member('B', login={b!r})\n"
        "it = BoardRepo(s).start_iteration('S1', '2026-11-16', '2026-11-27').id\n"
        "r = RetroRepo(s); r.act(it, Retro.advance); r.act(it, Retro.advance)\n"
        "r.write_draft(it, 'To improve', 'alice-secret 机密')\n",
    )
    side = next(p for p in team.directory.iterdir() if p.name.endswith(f".{a}.private"))
    st = os.stat(side)
    assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_uid != 0
    assert "alice-secret" not in team.db.read_text(encoding="utf-8")
    # bob: his own draft works; alice's side file cannot be opened; his app reads no secret
    out = py(
        team,
        b,
        "r = RetroRepo(s); r.write_draft(1, 'Went well', 'bob-secret')\n"
        f"try:\n    open({str(side)!r}).read(); print('READ')\n"
        "except PermissionError:\n    print('DENIED')\n"
        "import json; print(json.dumps(s.all('retros'), ensure_ascii=False))\n"
        "print([d.text for d in r.drafts(1)])\n",
    )
    assert "DENIED" in out and "READ" not in out
    assert "alice-secret" not in out and "['bob-secret']" in out
    assert '"written": {"' in out  # counts only
    py(team, a, "r = RetroRepo(s); r.act(1, Retro.advance); r.publish_mine(1)\n")
    py(team, b, "RetroRepo(s).publish_mine(1)\n")
    export = team.run(b, "export", "retro", "--format", "json")
    assert export.returncode == 0, export.stderr
    texts = {g["title"] for g in json.loads(export.stdout)["groups"]}
    loose = {r["text"] for r in json.loads(export.stdout)["ungrouped"]}
    assert loose | texts == {"alice-secret 机密", "bob-secret"}
    assert not side.exists()
