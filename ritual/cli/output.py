"""Printing for the command line: user text is printed literally, never as terminal control."""

from __future__ import annotations

import json
import sys
from typing import Any

from ritual.text import clean, pad


def emit_json(value: Any) -> None:
    # json.dumps escapes every control character, so JSON output is safe as it is.
    print(json.dumps(value, ensure_ascii=False, indent=2))


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
    print(f"ritual: {' '.join(clean(message).split()) or 'error'}", file=sys.stderr)
    return 2
