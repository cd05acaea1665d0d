"""The review's one-line state for the home screen."""

from __future__ import annotations

from ritual.review import Status
from screens.services import Services
from storage.review_repo import ReviewRepo


def home_summary(services: Services) -> str:
    repo = ReviewRepo(services.store)
    running = repo.running()
    if running is not None:
        items = repo.items(running.id)
        decided = sum(1 for i in items if i.decision)
        return f"running now: {running.title}, {decided}/{len(items)} decided"
    upcoming = [r for r in repo.reviews() if r.status == Status.PLANNED.value]
    if not upcoming:
        open_actions = len(repo.actions(open_only=True))
        return f"no review planned · {open_actions} open action items"
    r = upcoming[0]
    return f"next: {r.title}, {r.when_label(repo.timezone)}, {len(repo.items(r.id))} items"
