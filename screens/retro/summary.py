"""The retro's one-line state for the home screen."""

from __future__ import annotations

from ritual.errors import RitualError
from ritual.retro import PHASE_LABELS
from ritual.text import one_line
from screens.services import Services
from storage.retro_repo import RetroRepo


def home_summary(services: Services) -> str:
    repo = RetroRepo(services.store)
    try:
        iteration = repo.default_iteration()
    except RitualError:
        return "no iteration to look back on yet"
    retro = repo.for_iteration(iteration.id)
    name = one_line(iteration.name)
    if retro is None or not retro.started:
        return f"{name}: not started"
    return f"{name}: {PHASE_LABELS[retro.phase]}, {len(retro.actions)} action items"
