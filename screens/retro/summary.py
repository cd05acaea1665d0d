"""The retro's one-line state for the home screen."""

from __future__ import annotations

from ritual.errors import RitualError
from ritual.i18n import _, ngettext
from ritual.retro import PHASE_LABELS
from ritual.text import one_line
from screens.services import Services
from storage.retro_repo import RetroRepo


def home_summary(services: Services) -> str:
    repo = RetroRepo(services.store)
    try:
        iteration = repo.default_iteration()
    except RitualError:
        return _("no iteration to look back on yet")
    retro = repo.for_iteration(iteration.id)
    name = one_line(iteration.name)
    if retro is None or not retro.started:
        return _("{name}: not started").format(name=name)
    n = len(retro.actions)
    phase = _(PHASE_LABELS.get(retro.phase, retro.phase))
    return ngettext(
        "{name}: {phase}, {n} action item", "{name}: {phase}, {n} action items", n
    ).format(name=name, phase=phase, n=n)
