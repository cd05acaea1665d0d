"""argparse's own words ("usage:", "options", "invalid choice ...") in the language in use.

argparse translates its texts with the standard library's gettext, through two names of its
module, ``argparse._`` and ``argparse.ngettext`` (``from gettext import gettext as _,
ngettext``), looked up at each call. :func:`install` points those two names at ritual's
catalog, falling back to gettext for a text the catalog lacks, so ritual's .po file is the one
place the translations live and nothing has to be compiled. The texts a person can meet are
listed below with ``N_`` so the extractor (scripts/i18n.py) puts them in the catalog; the
others are argparse telling a programmer about a broken parser.

It is installed when the parser is built (ritual/cli/parser.py), after the language is chosen.
:class:`HelpFormatter` wraps help by terminal columns, so Chinese (two columns a character, no
spaces between words) fits the terminal too.
"""

from __future__ import annotations

import argparse
import gettext
import unicodedata
from collections.abc import Iterable

from ritual.i18n import N_, _
from ritual.text import cell_width

# As argparse 3.11 writes them (a text another version words differently stays English).
TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    # ngettext's two forms, each its own entry (see _ngettext)
    N_("expected %s argument"),
    N_("expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
)
USAGE = TEXTS[0]


def _gettext(message: str) -> str:
    translated = _(message)
    return translated if translated != message else gettext.gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    """argparse's plurals are each marked on their own (ritual's languages so far need no
    more): the English form for ``n``, translated."""
    message = singular if n == 1 else plural
    translated = _(message)
    return translated if translated != message else gettext.ngettext(singular, plural, n)


def install() -> None:
    """Make argparse speak the language in use (for the parsers built from now on: some
    texts, such as the section titles, are taken when a parser is made)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def strip_usage(text: str) -> str:
    """A parser's ``format_usage()`` without its "usage: " prefix (in the language in use)."""
    text = text.strip()
    for prefix in (_gettext(USAGE).strip(), USAGE.strip()):
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


# No line starts with these (they stay with the character before) or ends with these.
_CLOSING = set("，。、；：！？）》」』】,.;:!?)")
_OPENING = set("（《「『【(")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """``text`` as the pieces a line may break between, each with whether a space came before
    it: a run of narrow characters (a word), or one wide character with its punctuation."""
    out: list[tuple[str, bool]] = []
    space = glue = False
    for ch in text:
        if ch.isspace():
            space, glue = True, False
            continue
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        previous_narrow = bool(out) and not _is_wide(out[-1][0][-1])
        joins = (
            bool(out) and not space and (glue or ch in _CLOSING or (previous_narrow and not wide))
        )
        if joins:
            out[-1] = (out[-1][0] + ch, out[-1][1])
        else:
            out.append((ch, space))
        space, glue = False, ch in _OPENING
    return out


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def may_break_after(ch: str, following: str) -> bool:
    """Whether a line may end after the wide character ``ch``, ``following`` coming next
    (for the manual page; ``wrap`` applies the same rules)."""
    return (
        _is_wide(ch)
        and ch not in _OPENING
        and bool(following)
        and following not in _CLOSING
        and not following.isspace()
    )


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a longer word keeps its own)."""
    lines: list[str] = []
    line, used = "", 0
    for token, space in _tokens(text):
        gap = 1 if space and line else 0
        size = cell_width(token)
        if line and used + gap + size > width:
            lines.append(line)
            line, used, gap = "", 0, 0
        line += " " * gap + token
        used += gap + size
    if line:
        lines.append(line)
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping text with wide characters by terminal columns (text
    without them is wrapped by argparse itself, as always)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if not any(_is_wide(ch) for ch in text):
            return super()._split_lines(text, width)
        return wrap(" ".join(text.split()), width)

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        # argparse indents the usage's next lines by len(prefix): "用法：" is 3 characters
        # but 6 columns. Laid out behind a stand-in as wide, then the stand-in is replaced.
        text = _gettext(USAGE) if prefix is None else prefix
        if cell_width(text) == len(text):
            return super()._format_usage(usage, actions, groups, prefix)
        stand_in = "\0" * cell_width(text)
        return super()._format_usage(usage, actions, groups, stand_in).replace(stand_in, text, 1)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not any(_is_wide(ch) for ch in text):
            return super()._fill_text(text, width, indent)
        lines = wrap(" ".join(text.split()), width - len(indent))
        return "\n".join(indent + line for line in lines)
