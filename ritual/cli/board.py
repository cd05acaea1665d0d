"""The board's commands (export, listing)."""

from __future__ import annotations

from ritual.cli.registry import Registry


def register(reg: Registry) -> None:
    pass
