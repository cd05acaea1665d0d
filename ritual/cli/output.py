"""Printing for the command line: user text is printed literally, never as terminal control."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from ritual.i18n import _
from ritual.text import UNSAFE_CHARS, clean, pad

_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


def json_text(value: Any) -> str:
    """``value`` as JSON that no terminal acts on: json.dumps escapes C0 controls itself; C1,
    bidirectional and invisible characters (the display rule's others) become \\u escapes too.
    They can only stand inside strings, so the JSON stays valid and reads back the same."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_json(value: Any) -> None:
    print(json_text(value))


def emit_line(text: str) -> None:
    print(clean(text))


def emit_table(headers: list[str], rows: list[list[str]]) -> None:
    """Columns aligned by terminal width, so Chinese names line up."""
    from ritual.text import cell_width, one_line

    cells = [[one_line(str(c)) for c in row] for row in rows]
    widths = [cell_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], cell_width(c))
    print("  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in cells:
        print("  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())


def fail(message: str) -> int:
    """One line on stderr; the caller exits 2."""
    text = " ".join(clean(message).split()) or _("error")
    print(f"ritual: {text}", file=sys.stderr)  # i18n: literal (the command's name)
    return 2


def warn(message: str) -> None:
    """One warning line on stderr; the command goes on."""
    print(_("ritual: warning: {message}").format(message=clean(message)), file=sys.stderr)
