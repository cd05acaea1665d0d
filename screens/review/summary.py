"""The review's one-line state for the home screen."""

from __future__ import annotations

from screens.services import Services


def home_summary(services: Services) -> str:
    return ""
