"""Where each area of the CLI adds its sub-commands."""

from __future__ import annotations

import argparse
from dataclasses import dataclass


@dataclass
class Registry:
    sub: argparse._SubParsersAction  # ritual <command>
    export: argparse._SubParsersAction  # ritual export <what>
    common: argparse.ArgumentParser  # --db and --user, accepted after any command too
    modes: dict[str, argparse.ArgumentParser]  # ritual standup|review|board (open the app)

    def mode_commands(self, mode: str) -> argparse._SubParsersAction:
        """Sub-commands under a mode (``ritual review list``); the mode alone opens the app."""
        parser = self.modes[mode]
        existing = getattr(parser, "_ritual_sub", None)
        if existing is None:
            existing = parser.add_subparsers(dest="subcommand", parser_class=type(parser))
            parser._ritual_sub = existing  # type: ignore[attr-defined]
        return existing
