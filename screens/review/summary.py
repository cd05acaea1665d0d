"""The review's one-line state for the home screen."""

from __future__ import annotations

from ritual.i18n import _, ngettext
from ritual.review import Status
from screens.review.render import when_text
from screens.services import Services
from storage.review_repo import ReviewRepo


def home_summary(services: Services) -> str:
    repo = ReviewRepo(services.store)
    running = repo.running()
    if running is not None:
        items = repo.items(running.id)
        decided = sum(1 for i in items if i.decision)
        return _("running now: {title}, {decided}/{total} decided").format(
            title=running.title, decided=decided, total=len(items)
        )
    upcoming = [r for r in repo.reviews() if r.status == Status.PLANNED.value]
    if not upcoming:
        open_actions = len(repo.actions(open_only=True))
        return ngettext(
            "no review planned · {n} open action item",
            "no review planned · {n} open action items",
            open_actions,
        ).format(n=open_actions)
    r = upcoming[0]
    return _("next: {title}, {when}, {n} items").format(
        title=r.title, when=when_text(r, repo.timezone), n=len(repo.items(r.id))
    )
