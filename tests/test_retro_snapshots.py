"""How the retro looks in each phase at 80x24, with Chinese text: compared with accepted SVGs
(accept a deliberate change with ``pytest --snapshot-update``)."""

from __future__ import annotations

import pytest

from ritual.retro import Retro
from screens.app import RitualApp
from screens.services import Services
from storage.board_repo import BoardRepo
from storage.retro_repo import RetroRepo

PHASES = ["review", "write", "group", "vote", "discuss", "act"]


def build(services: Services, phase: str) -> Services:
    """Sprint 1 closed with a retro and two actions; Sprint 2's retro brought to ``phase``."""
    for name, login in (("Alice", "alice"), ("王芳", "wang"), ("Bob", "bob")):
        services.team.add_member(name, login=login)
    board, repo = BoardRepo(services.store), RetroRepo(services.store)
    one = board.start_iteration("Sprint 1", "2026-11-02", "2026-11-13", "登录上线")
    while (repo.for_iteration(one.id) or Retro(0, 0)).phase != "act":
        repo.act(one.id, Retro.advance)
    repo.add_action(one.id, "写一份上线手册", "王芳", "2026-11-20")
    repo.add_action(one.id, "Fix the VPN")
    repo.act(one.id, Retro.advance)
    board.close_iteration(one.id)
    two = board.start_iteration("Sprint 2", "2026-11-16", "2026-11-27", "支付页面 and invoices")
    board.add_card("发票 PDF", points=5)
    board.move_card(board.add_card("Checkout", points=3).id, "done")
    board.close_iteration(two.id)
    repo.act(two.id, Retro.advance)  # review
    if phase == "review":
        return services
    repo.review_previous(two.id, 1, "done")
    repo.act(two.id, Retro.advance)  # write
    repo.write_draft(two.id, "To improve", "部署太慢，每次要三个小时")
    repo.write_draft(two.id, "Went well", "Pairing on the invoice PDF")
    if phase == "write":
        return services
    repo.act(two.id, Retro.advance)  # group
    repo.publish_mine(two.id)
    repo.act(two.id, lambda r, _n: r.put_in_group(1, "部署"))
    if phase == "group":
        return services
    repo.act(two.id, Retro.advance)  # vote
    repo.vote(two.id, 1)
    repo.vote(two.id, 1)
    if phase == "vote":
        return services
    repo.act(two.id, Retro.advance)  # discuss
    repo.act(two.id, lambda r, _n: r.set_notes(1, "缓存依赖 · cache the deps"))
    if phase == "discuss":
        return services
    repo.act(two.id, Retro.advance)  # act
    repo.add_action(two.id, "缓存构建依赖", "Bob", "2026-12-04")
    return services


@pytest.mark.parametrize("phase", PHASES)
def test_retro_phase(snap_compare, services: Services, phase: str) -> None:
    app = RitualApp(build(services, phase), mode="retro")
    assert snap_compare(app, terminal_size=(80, 24))
