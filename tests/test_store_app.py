"""The app over a team file that goes wrong while it is open: a banner on top of every screen
while the file is gone, refused writes told as toasts, a full disk that does not stop the app."""

from __future__ import annotations

import resource
import signal

from board_helpers import screen_text
from helpers.pilot import settle

from screens.app import FileBanner, RitualApp
from screens.services import Services


def banner_text(app: RitualApp) -> str | None:
    banners = list(app.screen.query(FileBanner))
    assert len(banners) <= 1
    return str(banners[0].render()) if banners else None


def toasts(app: RitualApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_deleted_file_shows_a_banner_on_every_screen_until_it_is_back(
    demo_services: Services,
) -> None:
    db = demo_services.store.path
    good = db.read_bytes()
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        assert banner_text(app) is None
        db.unlink()
        app._watcher.check()
        await settle(pilot)
        text = banner_text(app)
        assert text is not None and str(db) in text and "gone" in text
        assert "Sprint 14" in screen_text(app)  # the last good data stays on screen

        await pilot.press("greater_than_sign")  # a write: refused with the reason, app runs
        await settle(pilot)
        assert any("gone" in t for t in toasts(app))
        assert not db.exists()  # never recreated

        await pilot.press("escape")  # another screen: the banner is there too
        await settle(pilot)
        assert app.current_mode == "home"
        assert banner_text(app) is not None

        db.write_bytes(good)
        app._watcher.check()
        await settle(pilot)
        assert banner_text(app) is None and app.file_unavailable is None
        await pilot.press("b")
        await settle(pilot)
        assert app.current_mode == "board" and banner_text(app) is None


async def test_a_full_disk_is_a_toast_and_the_app_keeps_running(
    demo_services: Services,
) -> None:
    db = demo_services.store.path
    before = db.read_bytes()
    app = RitualApp(demo_services, mode="board")
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        # A file size limit makes every write past the team file's size fail (EFBIG), as a
        # full disk fails with ENOSPC; the signal it would send is ignored, as ritual's is.
        old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) // 2, hard))
        try:
            await pilot.press("greater_than_sign")
            await app.workers.wait_for_complete()
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, old_handler)
        await settle(pilot)
        assert f"{db} could not be written (File too large); nothing was changed." in toasts(app)
        assert db.read_bytes() == before
        assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
        assert app.is_running
        await pilot.press("greater_than_sign")  # the disk has room again: the write lands
        await settle(pilot)
        assert db.read_bytes() != before


async def test_the_stand_up_heartbeat_warns_once_and_keeps_trying(
    services: Services, clock
) -> None:
    from ritual.clock import iso
    from storage.standup_repo import StandupRepo

    for name in ("Ann", "Ben"):
        services.team.add_member(name)
    db = services.store.path
    app = RitualApp(services, mode="standup")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space")  # start: alice facilitates
        await settle(pilot)
        good = db.read_bytes()
        db.unlink()
        for _ in range(3):  # three heartbeats while the file is gone (the timer's job)
            clock.advance(15)
            app.screen._heartbeat()
            await settle(pilot)
        warnings = [t for t in toasts(app) if "keeps trying" in t]
        assert len(warnings) == 1 and str(db) in warnings[0]
        assert app.is_running and not db.exists()

        db.write_bytes(good)
        clock.advance(15)
        app.screen._heartbeat()
        await settle(pilot)
        repo = StandupRepo(services.store)
        assert repo.for_date(repo.today()).heartbeat == iso(clock.now())  # it landed
