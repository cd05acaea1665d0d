"""Help for every argument and option, with the values each takes, kept in one table.

The parser's structure lives in parser.py; the words people read when they type ``--help``
live here, filled in after the parser is built (an argument given its own help there keeps
it). A test walks the whole parser and fails on any argument left without help.
"""

from __future__ import annotations

import argparse

from ritual.i18n import N_, _

# The column ids people type (never translated); "{columns}" in a help text stands for this.
COLUMNS = N_("backlog, todo, doing, review or done")

# (command path, dest) -> help. The path is the subcommand names, e.g. "card move". Marked
# here, translated by fill_help (the language is chosen before the parser is built).
HELP: dict[tuple[str, str], str] = {
    ("member add", "name"): N_("the member's name as the team says it (unique)"),
    ("card add", "title"): N_("what the card is about, one line"),
    ("card add", "column"): N_(
        "where it starts: {columns} (default: todo, or backlog when no iteration is current)"
    ),
    ("card add", "assignee"): N_("a team member's name or login (see 'ritual member list')"),
    ("card add", "points"): N_("story points, a whole number from 0 to 999"),
    ("card add", "priority"): N_("P0, P1, P2 or P3 (default P2)"),
    ("card move", "id"): N_("the card's id (see 'ritual card list')"),
    ("card move", "column"): N_("the column to move it to: {columns}"),
    ("card list", "column"): N_("only cards in this column: {columns}"),
    ("card list", "assignee"): N_("only cards of this member (name or login)"),
    ("iteration start", "name"): N_("the iteration's name, e.g. 'Sprint 12'"),
    ("iteration start", "goal"): N_("what the iteration is for, one line"),
    ("iteration wip", "column"): N_("the column: {columns}"),
}
GENERIC: dict[str, str] = {
    "json": N_("print JSON instead of a table"),
    "format": N_("output format: %(choices)s (default: %(default)s)"),
}
ONE_OF = N_("one of: %(choices)s")


def fill_help(parser: argparse.ArgumentParser, path: str = "") -> None:
    """Give every argument without help its text from HELP or GENERIC, recursively; list a
    choice's values where an argument has them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                fill_help(sub, f"{path} {name}".strip())
            continue
        if action.help is not None or action.dest == "help":
            continue
        text = HELP.get((path, action.dest)) or GENERIC.get(action.dest)
        if text is None and action.choices:
            text = ONE_OF
        if text is not None:
            text = _(text).replace("{columns}", _(COLUMNS))
        action.help = text


def missing_help(parser: argparse.ArgumentParser, path: str = "") -> list[str]:
    """Every argument, option and subcommand that has no help text (for the test)."""
    out: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {a.dest for a in action._choices_actions if a.help}
            for name, sub in action.choices.items():
                if name not in helped and not name.startswith("_"):
                    out.append(f"{path} {name}".strip())
                out += missing_help(sub, f"{path} {name}".strip())
        elif not action.help and action.help != argparse.SUPPRESS:
            out.append(f"{path}: {action.option_strings or action.dest}")
    return out
