"""User text inside Markdown: escaped so it prints as typed and never becomes markup.

Control characters are stripped, and every character that could start markup (emphasis, links,
HTML, headings, lists, table pipes) is backslash-escaped, so a note reading "[click](http://x)"
prints as those characters and never becomes a link.
"""

from __future__ import annotations

import re

from ritual.text import clean, one_line

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")  # markup anywhere in a line
_LINE_START = re.compile(r"^([#+=-])")  # a heading, list or rule only at a line's start
_NUMBERED = re.compile(r"^(\d+)([.)])")  # "1." would start an ordered list


def md_text(text: str) -> str:
    """One line of user text, safe inside Markdown (also inside a table cell)."""
    out = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    out = _LINE_START.sub(r"\\\1", out)
    return _NUMBERED.sub(r"\1\\\2", out)


def md_block(text: str) -> str:
    """Several lines of user text: each escaped, kept as separate lines (hard breaks)."""
    lines = [md_text(line) for line in clean(text).strip().splitlines()]
    return "  \n".join(line if line else "" for line in lines)
