"""Shell completion for bash, zsh and fish, and the manual page, both from the parser.

The scripts are small and the same for each shell: they hand the words typed so far to
``ritual __complete``, which walks the parser (so a new command completes without touching
them) and adds what only the team file knows: card ids and member names. ``__complete`` only
reads the file; it never writes, creates or prints an error (a tab press must stay quiet).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ritual.i18n import _, language
from ritual.iteration import BOARD_COLUMNS, PRIORITIES

SCRIPTS = {
    "bash": """# ritual completion for bash: add to ~/.bashrc
#   eval "$(ritual completion bash)"
_ritual_complete() {
    local IFS=$'\\n'
    COMPREPLY=($(ritual __complete "${COMP_WORDS[@]:1:COMP_CWORD-1}" \\
        "${COMP_WORDS[COMP_CWORD]}" 2>/dev/null))
}
complete -o default -F _ritual_complete ritual
""",
    "zsh": """#compdef ritual
# ritual completion for zsh: add to ~/.zshrc (after compinit)
#   eval "$(ritual completion zsh)"
# or save as _ritual in a directory of $fpath.
_ritual() {
    local -a candidates
    candidates=("${(@f)$(ritual __complete "${(@)words[2,CURRENT-1]}" \\
        "${words[CURRENT]}" 2>/dev/null)}")
    if (( ${#candidates} )) && [[ -n "${candidates[1]}" ]]; then
        compadd -Q -- "${candidates[@]}"
    else
        _files
    fi
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _ritual "$@"
else
    compdef _ritual ritual
fi
""",
    "fish": """# ritual completion for fish: save as ~/.config/fish/completions/ritual.fish
#   ritual completion fish > ~/.config/fish/completions/ritual.fish
function __ritual_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    ritual __complete $tokens (commandline -ct) 2>/dev/null
end
complete -c ritual -f -a '(__ritual_complete)'
""",
}


def print_completion(args: argparse.Namespace) -> int:
    sys.stdout.write(SCRIPTS[args.shell])
    return 0


# -- what to offer -----------------------------------------------------------------------------


def complete(words: list[str], current: str) -> list[str]:
    """Candidates for ``current`` after ``words`` (the words typed after ``ritual``)."""
    from ritual.cli.parser import build_parser

    parser: argparse.ArgumentParser = build_parser()
    path: list[str] = []
    positionals = 0
    db = None
    pending: argparse.Action | None = None
    for word in words:
        if pending is not None:
            if pending.dest == "db":
                db = word
            pending = None
            continue
        if word.startswith("-"):
            action = _option(parser, word.split("=", 1)[0])
            if action is not None and action.nargs != 0 and "=" not in word:
                pending = action
            continue
        sub = _subcommands(parser)
        if sub and word in sub.choices:
            parser, positionals = sub.choices[word], 0
            path.append(word)
        else:
            positionals += 1
    if pending is not None:
        out = _values(pending, " ".join(path), db, current)
    elif current.startswith("-"):
        out = [o for a in parser._actions if a.help != argparse.SUPPRESS for o in a.option_strings]
    else:
        sub = _subcommands(parser)
        out = [n for n in sub.choices if not n.startswith("_")] if sub else []
        args = [a for a in parser._actions if not a.option_strings and a is not sub]
        if positionals < len(args):
            out += _values(args[positionals], " ".join(path), db, current)
    return [c for c in out if c.startswith(current)]


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def _option(parser: argparse.ArgumentParser, text: str) -> argparse.Action | None:
    return next((a for a in parser._actions if text in a.option_strings), None)


def _values(action: argparse.Action, path: str, db: str | None, current: str) -> list[str]:
    if action.choices:
        return [str(c) for c in action.choices]
    dest = action.dest
    if dest == "column":
        return [c.value for c in BOARD_COLUMNS]
    if dest == "priority":
        return list(PRIORITIES)
    if dest in ("file", "db", "repo"):
        return _paths(current, directories_only=dest == "repo")
    if dest == "assignee" or (path.startswith("standup") and dest == "name"):
        return _from_team_file(db, "members")
    if dest == "id" and path.startswith("card"):
        return _from_team_file(db, "cards")
    return []


def _paths(current: str, directories_only: bool) -> list[str]:
    base = Path(current).expanduser()
    folder = base if current.endswith("/") else base.parent
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    prefix = current[: len(current) - len(base.name)] if not current.endswith("/") else current
    out = []
    for entry in entries:
        if directories_only and not entry.is_dir():
            continue
        out.append(prefix + entry.name + ("/" if entry.is_dir() else ""))
    return out


def _from_team_file(db: str | None, what: str) -> list[str]:
    """Card ids or member names, read (never written) from the team file; nothing on any
    trouble: a missing or broken file must not make a tab press print errors."""
    try:
        from ritual.cli.context import resolve_db_path
        from storage.board_repo import BoardRepo
        from storage.store import Store

        path = resolve_db_path(db)
        if not path.is_file():
            return []
        repo = BoardRepo(Store(path, os.environ.get("USER", "")).open(create=False))
        if what == "members":
            return [m.name for m in repo.team.members() if m.active]
        it = repo.current_iteration()
        return [str(c.id) for c in repo.board_cards(it.id if it else None)]
    except Exception:
        return []


def run_complete(argv: list[str]) -> int:
    """``ritual __complete WORD... CURRENT``: one candidate a line."""
    words, current = (argv[:-1], argv[-1]) if argv else ([], "")
    try:
        for candidate in complete(words, current):
            print(candidate)
    except Exception:
        pass
    return 0


# -- the manual page ---------------------------------------------------------------------------


def _roff(text: str) -> str:
    """``text`` for roff: escapes for its specials and for every non-ASCII character, and a
    place to break (``\\:``) after each wide one, as Chinese has no spaces to break at."""
    from ritual.cli.argparse_text import may_break_after

    text = text.replace("\\", "\\e").replace("-", "\\-")
    parts = []
    for i, ch in enumerate(text):
        if ch.isascii():
            parts.append(ch)
            continue
        parts.append(f"\\[u{ord(ch):04X}]")
        if may_break_after(ch, text[i + 1 : i + 2]):
            parts.append("\\:")
    text = "".join(parts)
    return "\n".join(("\\&" + ln if ln.startswith((".", "'")) else ln) for ln in text.split("\n"))


def _expand(action: argparse.Action) -> str:
    text = action.help or ""
    try:
        return text % {
            "choices": ", ".join(map(str, action.choices or ())),
            "default": action.default,
        }
    except (KeyError, TypeError, ValueError):
        return text


def man_page() -> str:
    """ritual(1) in roff, every command with its arguments and options, from the parser, in
    the language in use (the section names too; the commands and options stay as typed)."""
    from ritual import __version__
    from ritual.cli.argparse_text import strip_usage
    from ritual.cli.parser import build_parser

    parser = build_parser()
    manual = _roff(_("User Commands"))
    out = [
        f'.TH RITUAL 1 "" "ritual {__version__}" "{manual}"',
        # Lines without spaces (Chinese) cannot be justified: aligned left instead.
        *([".ad l"] if language() != "en" else []),
        _section(_("NAME")),
        "ritual \\- " + _roff(parser.description or ""),
        _section(_("SYNOPSIS")),
        ".B ritual",
        "[\\fI{}\\fR] [\\fI{}\\fR] [\\fI{}\\fR]".format(
            *(_roff(word) for word in (_("OPTIONS"), _("COMMAND"), _("ARGS")))
        ),
        _section(_("DESCRIPTION")),
        _roff(
            _(
                "Without a command, ritual opens the app's home screen. Each command below "
                "prints one line on standard error and exits 2 when it refuses; it then "
                "changed nothing."
            )
        ),
        _section(_("OPTIONS")),
    ]
    out += _options(parser)
    out.append(_section(_("COMMANDS")))
    for path, sub, text in _commands(parser, []):
        out += [f'.SS "{_roff(" ".join(["ritual", *path]))}"', _roff(text)]
        usage = strip_usage(sub.format_usage())
        out += [".PP", ".nf", _roff(" ".join(usage.split())), ".fi"]
        out += _options(sub)
    out += [
        _section(_("ENVIRONMENT")),
        ".TP",
        ".B RITUAL_DB",
        _roff(_("the team file, when --db is not given")),
        ".TP",
        ".B RITUAL_CONFIG",
        _roff(
            _(
                "your settings file (default ~/.config/ritual/config.toml; "
                "/etc/ritual/config.toml is read first)"
            )
        ),
        ".TP",
        ".B RITUAL_LANG",
        _roff(_("the interface's language: en or zh_CN (default: the locale)")),
        ".TP",
        ".B RITUAL_ASCII",
        _roff(
            _("1 to draw with ASCII only, 0 to never (default: ASCII when the locale is not UTF-8)")
        ),
        _section(_("SEE ALSO")),
        _roff(_("The README: Quick start, Sharing one file, Import and export, Git hooks.")),
    ]
    return "\n".join(out) + "\n"


def _section(title: str) -> str:
    return f'.SH "{_roff(title)}"'


def _commands(parser, path):
    sub = _subcommands(parser)
    if sub is None:
        return
    helps = {a.dest: a.help or "" for a in sub._choices_actions}
    for name, child in sub.choices.items():
        if name.startswith("_"):
            continue
        yield [*path, name], child, helps.get(name, "")
        yield from _commands(child, [*path, name])


def _options(parser: argparse.ArgumentParser) -> list[str]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        if action.dest in ("help", "db", "user") and parser.prog != "ritual":
            continue  # said once, under OPTIONS
        metavar = action.metavar if isinstance(action.metavar, str) else action.dest
        names = ", ".join(action.option_strings) or metavar.upper()
        if action.option_strings and action.nargs != 0:
            names += f" {metavar if action.metavar else metavar.upper()}"
        out += [".TP", f"\\fB{_roff(names)}\\fR", _roff(_expand(action))]
    return out


def print_man(args: argparse.Namespace) -> int:
    sys.stdout.write(man_page())
    return 0
