"""argparse's own words ("usage:", "options", "invalid choice ...") in the language in use.

argparse translates its texts with the standard library's gettext, through two names of its
module, ``argparse._`` and ``argparse.ngettext`` (``from gettext import gettext as _,
ngettext``), looked up at each call. :func:`install` points those two names at ritual's
catalog, falling back to gettext for a text the catalog lacks, so ritual's .po file is the one
place the translations live and nothing has to be compiled. The texts a person can meet are
listed below with ``N_`` so the extractor (scripts/i18n.py) puts them in the catalog; the
others are argparse telling a programmer about a broken parser.

It is installed when the parser is built (ritual/cli/parser.py), after the language is chosen.
"""

from __future__ import annotations

import argparse
import gettext

from ritual.i18n import N_, _

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
