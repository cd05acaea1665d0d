"""The rituals, declared once.

The app's modes and command palette, the home screen's list and keys, the command line's
subcommands and ``ritual export``, and ``ritual demo`` all read this tuple, so adding a ritual
means one entry here (plus its screens' entry in ``screens/registry.py``), not edits in six
places. Only plain facts live here: no Textual, no TinyDB, nothing imported from ``screens``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ritual.i18n import N_


@dataclass(frozen=True)
class Ritual:
    """What every layer needs to know about one ritual.

    ``mode`` is the app's mode, the CLI subcommand (``ritual standup``) and the
    ``ritual export`` subject; ``home_key`` opens it from the home screen (its binding id is
    ``open-<mode>``, so a keymap can rebind it); ``demo_seed`` names the function
    (``module:function``, imported only by ``ritual demo``) that adds the ritual's demo data
    in the demo's unit of work, called as ``seed(uow, clock, members)``; "" for none.
    """

    mode: str
    title: str
    short_title: str
    home_key: str
    cli_help: str
    palette_help: str
    export_help: str
    export_formats: tuple[str, ...]
    demo_seed: str

    @property
    def binding_id(self) -> str:
        return f"open-{self.mode}"


RITUALS: tuple[Ritual, ...] = (
    Ritual(
        mode="standup",
        title="Daily stand-up",
        short_title="Stand-up",
        home_key="s",
        cli_help=N_("run or follow today's stand-up"),
        palette_help="Run or follow today's stand-up",
        export_help=N_("a day's stand-up summary (Markdown or JSON)"),
        export_formats=("md", "json"),
        demo_seed="ritual.cli.standup:seed_demo",
    ),
    Ritual(
        mode="review",
        title="Review meeting",
        short_title="Review",
        home_key="r",
        cli_help=N_("run or follow a review meeting"),
        palette_help="Run or follow a requirement review",
        export_help=N_("a review's minutes, or its calendar invitation (ics)"),
        export_formats=("md", "json", "ics"),
        demo_seed="ritual.cli.review:seed_demo",
    ),
    Ritual(
        mode="board",
        title="Iteration board",
        short_title="Board",
        home_key="b",
        cli_help=N_("the current iteration's board"),
        palette_help="The current iteration's cards",
        export_help=N_("the current iteration's board"),
        export_formats=("md", "json", "csv", "jira", "linear"),
        demo_seed="ritual.cli.demo:seed_board",
    ),
    Ritual(
        mode="plan",
        title="Iteration planning",
        short_title="Plan",
        home_key="p",
        cli_help=N_("plan the next iteration from the product backlog"),
        palette_help="The backlog beside the next iteration, capacity and load",
        export_help="",
        export_formats=(),  # the board's exports cover the planned cards
        demo_seed="",  # the board's demo data is what it plans from
    ),
    Ritual(
        mode="retro",
        title="Retrospective",
        short_title="Retro",
        home_key="o",
        cli_help=N_("run or follow the iteration's retrospective"),
        palette_help="Look back on the iteration just closed",
        export_help=N_("a retro: facts, reflections, votes, actions"),
        export_formats=("md", "json"),
        demo_seed="",  # the demo team has no retro yet: its sprint is still running
    ),
)


def ritual(mode: str) -> Ritual:
    """The declared ritual for ``mode``; a KeyError names an undeclared one."""
    for r in RITUALS:
        if r.mode == mode:
            return r
    raise KeyError(mode)
