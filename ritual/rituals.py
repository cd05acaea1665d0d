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
    ``open-<mode>``, so a keymap can rebind it); the titles and helps are English, marked for
    the catalog: whoever shows one translates it (``_(r.title)``); ``demo_seed`` names the function
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
        title=N_("Daily stand-up"),
        short_title=N_("Stand-up"),
        home_key="s",
        cli_help=N_("run or follow today's stand-up"),
        palette_help=N_("Run or follow today's stand-up"),
        export_help=N_("a day's stand-up summary (Markdown or JSON)"),
        export_formats=("md", "json"),
        demo_seed="ritual.cli.standup:seed_demo",
    ),
    Ritual(
        mode="review",
        title=N_("Review meeting"),
        short_title=N_("Review"),
        home_key="r",
        cli_help=N_("run or follow a review meeting"),
        palette_help=N_("Run or follow a requirement review"),
        export_help=N_("a review's minutes, or its calendar invitation (ics)"),
        export_formats=("md", "json", "ics"),
        demo_seed="ritual.cli.review:seed_demo",
    ),
    Ritual(
        mode="board",
        title=N_("Iteration board"),
        short_title=N_("Board"),
        home_key="b",
        cli_help=N_("the current iteration's board"),
        palette_help=N_("The current iteration's cards"),
        export_help=N_("the current iteration's board"),
        export_formats=("md", "json", "csv", "jira", "linear"),
        demo_seed="ritual.cli.demo:seed_board",
    ),
    Ritual(
        mode="plan",
        title=N_("Iteration planning"),
        short_title=N_("Plan"),
        home_key="p",
        cli_help=N_("plan the next iteration from the product backlog"),
        palette_help=N_("The backlog beside the next iteration, capacity and load"),
        export_help="",
        export_formats=(),  # the board's exports cover the planned cards
        demo_seed="",  # the board's demo data is what it plans from
    ),
    Ritual(
        mode="retro",
        title=N_("Retrospective"),
        short_title=N_("Retro"),
        home_key="o",
        cli_help=N_("run or follow the iteration's retrospective"),
        palette_help=N_("Look back on the iteration just closed"),
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
