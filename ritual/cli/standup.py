"""The standup's commands (export, listing)."""

from __future__ import annotations

from ritual.cli.registry import Registry


def register(reg: Registry) -> None:
    pass


def seed_demo(tx, clock, members) -> None:  # noqa: ARG001
    """Add the standup part of `ritual demo` inside its transaction."""
