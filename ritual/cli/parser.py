"""The whole command line in one place. Handlers are named, not imported: ``ritual board``
loads only the code it runs, which keeps the app's start quick."""

from __future__ import annotations

import argparse
import sys

from ritual.cli.output import fail
from ritual.i18n import _
from ritual.rituals import RITUALS


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2, and help is wrapped by
    terminal columns (ritual/cli/argparse_text.py)."""

    def __init__(self, *args, **kwargs) -> None:
        from ritual.cli.argparse_text import HelpFormatter

        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        fail(_("{message} (see '{prog} --help')").format(message=message, prog=self.prog))
        sys.exit(2)


# The global options that take a value, as they may come before the subcommand.
_VALUED_OPTIONS = ("--db", "--user", "--lang")


def app_command(argv: list[str]) -> str | None:
    """The ritual (``board``, ``standup`` ...) a command line opens, when nothing on it asks
    for more of the parser than that subcommand: no help or version, no option but the
    global ones written in full before it. Otherwise None (the whole parser is needed)."""
    modes = {r.mode for r in RITUALS}
    position = 0
    while position < len(argv):
        arg = argv[position]
        if arg in _VALUED_OPTIONS:
            position += 2
        elif arg.startswith(tuple(o + "=" for o in _VALUED_OPTIONS)):
            position += 1
        elif arg in modes:
            rest = argv[position + 1 :]
            asks_help = any(a in ("-h", "--help", "--version") for a in rest)
            return None if asks_help or "--" in rest else arg
        else:
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser, in the language in use (chosen before: ritual/cli/__init__.py).

    ``only`` (a ritual's mode, from app_command()) builds that subcommand alone: opening the
    board parses its command line without building every other command and its translated
    help (~13 ms of the board's start). The arguments it reads are the same."""
    from ritual.cli import argparse_text

    argparse_text.install()
    common = Parser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help=_("the team file (env RITUAL_DB)")
    )
    common.add_argument(
        "--user", metavar="NAME", default=argparse.SUPPRESS, help=_("who you are (default $USER)")
    )
    common.add_argument(
        "--lang",
        metavar="LANG",
        default=argparse.SUPPRESS,
        help=_("the interface's language: en or zh_CN (env RITUAL_LANG; default: the locale)"),
    )
    c = [common]
    parser = Parser(
        prog="ritual",
        description=_("Stand-ups, requirement reviews and the iteration board, in the terminal."),
        parents=c,
    )
    parser.set_defaults(handler="app_commands:open_home")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    # One subcommand per declared ritual (ritual/rituals.py) opens the app on it; a ritual's
    # own subcommands (`ritual standup note`) are added by its entry in RITUAL_COMMANDS.
    for r in RITUALS:
        if only is not None and r.mode != only:
            continue
        p = sub.add_parser(r.mode, help=_(r.cli_help), parents=c)
        p.add_argument("--read-only", action="store_true", help=_("look, change nothing"))
        p.set_defaults(handler="app_commands:open_mode", mode=r.mode, subcommand=None)
        if r.mode in RITUAL_COMMANDS:
            RITUAL_COMMANDS[r.mode](p, c)
    if only is not None:
        return parser
    sub.add_parser("home", help=_("the home screen (the default)"), parents=c).set_defaults(
        handler="app_commands:open_home"
    )

    init = sub.add_parser("init", help=_("create a new team file"), parents=c)
    init.add_argument("--team", metavar="NAME", help=_("the team's name (default: Our team)"))
    init.add_argument("--timezone", metavar="ZONE", help=_("e.g. Europe/Berlin (default: UTC)"))
    init.set_defaults(handler="init:init_team")

    doctor = sub.add_parser("doctor", help=_("check a shared set-up; says what to fix"), parents=c)
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(handler="doctor:run_doctor")

    demo = sub.add_parser("demo", help=_("fill the file with a demo team"), parents=c)
    demo.add_argument("--force", action="store_true", help=_("replace what the file holds"))
    demo.add_argument("--open", action="store_true", help=_("open the app on it afterwards"))
    demo.set_defaults(handler="demo:run_demo")

    copy = sub.add_parser(
        "copy", help=_("copy a whole team between a file and a database"), parents=c
    )
    copy.add_argument("source", metavar="SOURCE", help=_("a team file or a postgresql:// URL"))
    copy.add_argument("dest", metavar="DEST", help=_("a team file or a postgresql:// URL"))
    copy.add_argument("--force", action="store_true", help=_("replace what DEST holds"))
    copy.set_defaults(handler="copy:run_copy")

    serve = sub.add_parser("serve", help=_("serve the app to a browser (loopback)"), parents=c)
    serve.add_argument("--port", type=int, default=8000, help=_("default 8000"))
    serve.add_argument("--host", default="127.0.0.1", help=_("default 127.0.0.1 (loopback)"))
    serve.add_argument(
        "--expose", action="store_true", help=_("allow a non-loopback --host (no authentication!)")
    )
    serve.add_argument(
        "--mode", default="home", choices=["home", "standup", "review", "board"], help=_("start in")
    )
    serve.add_argument("--read-only", action="store_true", help=_("look, change nothing"))
    serve.set_defaults(handler="serve:run_serve")

    _members(sub, c)
    _cards(sub, c)
    _iterations(sub, c)

    arch = sub.add_parser(
        "archive", help=_("move ended iterations, stand-ups, reviews to an archive file"), parents=c
    )
    arch.add_argument(
        "--before", metavar="DATE", help=_("ended before DATE (default: 180 days ago)")
    )
    arch.add_argument("--restore", action="store_true", help=_("move everything archived back"))
    arch.set_defaults(handler="archive:run_archive")

    config = sub.add_parser("config", help=_("your settings file (chat webhook ...)"), parents=c)
    csub = config.add_subparsers(dest="action", required=True, parser_class=Parser)
    cpath = csub.add_parser("path", help=_("where settings are read from"), parents=c)
    cpath.add_argument("--json", action="store_true", help=_("print JSON"))
    cpath.set_defaults(handler="standup_post:show_config_path")

    _exports(sub, c)
    _world(sub, c)
    _manners(parser, sub, c)
    return parser


def _review_commands(review, c) -> None:
    reviews = review.add_subparsers(dest="subcommand", parser_class=Parser)
    ls = reviews.add_parser("list", help=_("list the reviews with their ids"), parents=c)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler="review:list_reviews")
    diff = reviews.add_parser(
        "diff", help=_("what changed in a requirement since it was approved"), parents=c
    )
    diff.add_argument("id", help=_("the review's id (see 'ritual review list')"))
    diff.add_argument("item", help=_("the item's number on the agenda (1, 2 ...)"))
    diff.set_defaults(handler="review:diff_item")
    scale = reviews.add_parser("scale", help=_("the team's planning-poker scale"), parents=c)
    scale.add_argument(
        "scale", nargs="?", help=_('fibonacci, tshirt or a list like "1, 2, 4, 8" (none: show it)')
    )
    scale.set_defaults(handler="review:poker_scale")


def _standup_commands(standup, c) -> None:
    ssub = standup.add_subparsers(dest="subcommand", parser_class=Parser)
    note = ssub.add_parser(
        "note", help=_("write your update for today's stand-up ahead of it"), parents=c
    )
    note.add_argument("--yesterday", metavar="TEXT", help=_("what you did since the last one"))
    note.add_argument("--today", metavar="TEXT", help=_("what you will do today"))
    note.add_argument(
        "--blocker", metavar="TEXT", action="append", default=[], help=_("a blocker (repeatable)")
    )
    note.add_argument(
        "--from-git",
        metavar="REPO",
        nargs="*",
        help=_("offer yesterday from your own commits since the last stand-up (default repo: .)"),
    )
    note.add_argument(
        "--yes", action="store_true", help=_("store --from-git's text without asking")
    )
    note.add_argument("--date", help=_("YYYY-MM-DD (default: the team's today)"))
    note.set_defaults(handler="standup_note:note_standup")
    post = ssub.add_parser("post", help=_("send a stand-up's digest to the team's chat"), parents=c)
    post.add_argument("date", nargs="?", help=_("YYYY-MM-DD (default: the latest stand-up)"))
    post.add_argument("--dry-run", action="store_true", help=_("print the payload, send nothing"))
    post.set_defaults(handler="standup_post:post_standup")


def _members(sub, c) -> None:
    member = sub.add_parser("member", help=_("team members"), parents=c)
    msub = member.add_subparsers(dest="action", required=True, parser_class=Parser)
    add = msub.add_parser("add", help=_("add a member"), parents=c)
    add.add_argument("name")
    add.add_argument("--login", default="", help=_("their Unix login, for 'my cards'"))
    add.add_argument("--role", default="", help=_("e.g. PM, engineer, designer"))
    add.add_argument("--email", default="", help=_("for calendar invitations (optional)"))
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler="members:add_member")
    email = msub.add_parser("email", help=_("set a member's e-mail address"), parents=c)
    email.add_argument("name", help=_("the member's name"))
    email.add_argument("email", help=_('the address ("" removes it)'))
    email.set_defaults(handler="members:set_email")
    ls = msub.add_parser("list", help=_("list the members"), parents=c)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler="members:list_members")
    edit = msub.add_parser("edit", help=_("rename a member or change their login/role"), parents=c)
    edit.add_argument("name", help=_("the member's current name"))
    edit.add_argument("--name", dest="new_name", help=_("the new name"))
    edit.add_argument("--login", help=_("their Unix login"))
    edit.add_argument("--role", help=_("e.g. PM, engineer, designer"))
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler="members:edit_member")
    off = msub.add_parser(
        "deactivate", help=_("a member who left (past records keep the name)"), parents=c
    )
    off.add_argument("name", help=_("the member's name"))
    off.set_defaults(handler="members:deactivate_member")
    away = msub.add_parser(
        "away", help=_("a member's days off in an iteration (for the capacity)"), parents=c
    )
    away.add_argument("name", help=_("the member's name"))
    away.add_argument("days", help=_("whole days off (0 clears them)"))
    away.add_argument("--iteration", help=_("its id (default: the next one, else the current)"))
    away.set_defaults(handler="members:set_away")


def _cards(sub, c) -> None:
    card = sub.add_parser("card", help=_("cards on the board"), parents=c)
    csub = card.add_subparsers(dest="action", required=True, parser_class=Parser)
    add = csub.add_parser("add", help=_("add a card; prints its id"), parents=c)
    add.add_argument("title")
    add.add_argument("--column", help=_("backlog todo doing review done"))
    add.add_argument("--assignee", help=_("a team member's name"))
    add.add_argument("--points", help=_("a whole number ≥ 0"))
    add.add_argument("--priority", help=_("P0..P3 (default P2)"))
    _card_text_options(add)
    _reason_option(add)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler="cards:add_card")
    show = csub.add_parser("show", help=_("everything about one card"), parents=c)
    show.add_argument("id", help=_("the card's id"))
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler="cards:show_card")
    edit = csub.add_parser("edit", help=_("change a card's fields"), parents=c)
    edit.add_argument("id", help=_("the card's id"))
    edit.add_argument("--title", help=_("a new title"))
    edit.add_argument("--assignee", help=_("a team member's name ('' for nobody)"))
    edit.add_argument("--points", help=_("a whole number ≥ 0 ('' for none)"))
    edit.add_argument("--priority", help=_("P0..P3"))
    _card_text_options(edit)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler="cards:edit_card")
    move = csub.add_parser("move", help=_("move a card to a column"), parents=c)
    move.add_argument("id")
    move.add_argument("column")
    _reason_option(move)
    move.add_argument("--json", action="store_true")
    move.set_defaults(handler="cards:move_card")
    rank = csub.add_parser("rank", help=_("move a product-backlog card up or down"), parents=c)
    rank.add_argument("id", help=_("the card's id"))
    rank.add_argument("places", help=_("up, down, top, bottom, or places like -2 (up) or +3"))
    rank.set_defaults(handler="cards:rank_card")
    ls = csub.add_parser("list", help=_("list the current iteration's cards"), parents=c)
    ls.add_argument("--column")
    ls.add_argument("--assignee")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler="cards:list_cards")


def _card_text_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--label", action="append", help=_("a label (repeat for more)"))
    p.add_argument("--description", help=_("what the card is about"))
    p.add_argument("--due", help=_("YYYY-MM-DD, or fri, +3d, tomorrow ('' for none)"))


def _reason_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--reason",
        default="",
        help=_("why the scope of the iteration under way changes (kept in its scope log)"),
    )


def _iterations(sub, c) -> None:
    it = sub.add_parser("iteration", help=_("iterations of the board"), parents=c)
    isub = it.add_subparsers(dest="action", required=True, parser_class=Parser)
    ls = isub.add_parser("list", help=_("all iterations"), parents=c)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler="board:list_iterations")
    start = isub.add_parser(
        "start", help=_("start an iteration (planned when one is current)"), parents=c
    )
    start.add_argument("name")
    start.add_argument("--start", required=True, help=_("first day, YYYY-MM-DD"))
    start.add_argument("--end", required=True, help=_("last day, YYYY-MM-DD"))
    start.add_argument("--goal", default="")
    start.add_argument("--capacity", help=_("points the team can take on"))
    start.set_defaults(handler="board:start_iteration")
    close = isub.add_parser("close", help=_("close the current iteration"), parents=c)
    close.add_argument(
        "--unfinished-to",
        choices=("next", "backlog"),
        default="backlog",
        help=_("where unfinished cards go (default: the product backlog)"),
    )
    close.set_defaults(handler="board:close_iteration")
    wip = isub.add_parser("wip", help=_("set a column's WIP limit"), parents=c)
    wip.add_argument("column")
    wip.add_argument("limit", help=_("a whole number; 0 for no limit"))
    wip.set_defaults(handler="board:set_wip")
    focus = isub.add_parser(
        "focus", help=_("the focus factor for the capacity (default 0.7)"), parents=c
    )
    focus.add_argument("factor", help=_("like 0.7 or 70%%; 'default' for 0.7"))
    focus.add_argument("--iteration", help=_("its id (default: the next one, else the current)"))
    focus.set_defaults(handler="members:set_focus")


def _exports(sub, c) -> None:
    export = sub.add_parser("export", help=_("print a ritual's record"), parents=c)
    esub = export.add_subparsers(dest="what", required=True, parser_class=Parser)
    for r in RITUALS:
        if not r.export_formats:
            continue  # nothing of its own to export (the plan: the board's exports hold it)
        p = esub.add_parser(r.mode, help=_(r.export_help), parents=c)
        EXPORT_ARGS.get(r.mode, _no_args)(p)
        p.add_argument("--format", choices=r.export_formats, default=r.export_formats[0])
        p.set_defaults(handler=f"{r.mode}:export_{r.mode}")


def _no_args(p) -> None:
    pass


def _standup_export_args(p) -> None:
    p.add_argument("date", nargs="?", help=_("YYYY-MM-DD (default: the latest stand-up)"))


def _review_export_args(p) -> None:
    p.add_argument("id", help=_("the review's id (see 'ritual review list')"))


# A ritual's own subcommands and export arguments, by mode (the rest comes from RITUALS).
def _retro_commands(retro, c) -> None:
    retros = retro.add_subparsers(dest="subcommand", parser_class=Parser)
    hist = retros.add_parser("history", help=_("past retros and their action items"), parents=c)
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(handler="retro:retro_history")


def _retro_export_args(p) -> None:
    p.add_argument("iteration", nargs="?", help=_("its name or id (default: the one just closed)"))


RITUAL_COMMANDS = {
    "standup": _standup_commands,
    "review": _review_commands,
    "retro": _retro_commands,
}
EXPORT_ARGS = {
    "standup": _standup_export_args,
    "review": _review_export_args,
    "retro": _retro_export_args,
}


def _world(sub, c) -> None:
    """Commands that connect ritual to the team's other tools: trackers, git, the shell."""
    imp = sub.add_parser(
        "import", help=_("cards from a tracker's CSV export into the backlog"), parents=c
    )
    imp.add_argument(
        "tracker", choices=("jira", "github", "linear"), help=_("jira, github or linear")
    )
    imp.add_argument(
        "file", metavar="FILE", help=_("the tracker's CSV export (GitHub: TSV or CSV)")
    )
    imp.add_argument(
        "--dry-run", action="store_true", help=_("show what would be added, store nothing")
    )
    imp.set_defaults(handler="trackers:import_cards")
    _hooks(sub, c)
    _card_link(sub, c)


def _hooks(sub, c) -> None:
    hook = sub.add_parser("hook", help=_("git hooks that move cards named in commits"), parents=c)
    hsub = hook.add_subparsers(dest="action", required=True, parser_class=Parser)
    inst = hsub.add_parser(
        "install", help=_("add a post-commit hook to a git repository"), parents=c
    )
    inst.add_argument("--repo", metavar="PATH", default=".", help=_("the repository (default: .)"))
    inst.add_argument(
        "--remote",
        metavar="USER@HOST",
        help=_("run ritual on the team's host over ssh (from a laptop); --db is then a path there"),
    )
    inst.add_argument(
        "--chain",
        action="store_true",
        help=_("keep an existing hook, run first as post-commit.local"),
    )
    inst.set_defaults(handler="hook:install_hook")
    run = hsub.add_parser(
        "commit", help=_("what the hook runs: read a commit on stdin, update its cards"), parents=c
    )
    run.set_defaults(handler="hook:hook_commit")


def _card_link(sub, c) -> None:
    """``card link`` joins the card command built in _cards (found, not rebuilt)."""
    card = sub.choices["card"]
    csub = next(a for a in card._actions if isinstance(a, argparse._SubParsersAction))
    link = csub.add_parser(
        "link", help=_("attach a link (pull request, document) to a card"), parents=c
    )
    link.add_argument("id", help=_("the card's id (see 'ritual card list')"))
    link.add_argument("url", metavar="URL", help=_("e.g. https://github.com/org/repo/pull/7"))
    link.add_argument("--json", action="store_true", help=_("print the card as JSON"))
    link.set_defaults(handler="hook:link_card")


def _manners(parser, sub, c) -> None:
    """What a command-line tool is expected to have: --version, completion, a man page, and
    help for every argument (ritual/cli/help_texts.py)."""
    from ritual import __version__
    from ritual.cli.help_texts import fill_help

    parser.add_argument(
        "--version", action="version", version=f"ritual {__version__}", help=_("print the version")
    )
    comp = sub.add_parser("completion", help=_("print a shell completion script"), parents=c)
    comp.add_argument("shell", choices=("bash", "zsh", "fish"), help=_("bash, zsh or fish"))
    comp.set_defaults(handler="completion:print_completion")
    man = sub.add_parser("man", help=_("print the manual page (roff; see README)"), parents=c)
    man.set_defaults(handler="completion:print_man")
    fill_help(parser)
