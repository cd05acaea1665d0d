"""A footer that takes a second line when its keys do not fit on one (80 columns)."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class WrappingFooter(Footer):
    """Every key stays visible: on a narrow terminal the keys wrap onto two rows of a grid."""

    DEFAULT_CSS = """
    WrappingFooter {
        layout: grid;
        height: 1;
        grid-columns: auto;
        grid-gutter: 0 1;
    }
    WrappingFooter.-compact FooterKey {
        margin-right: 0;
    }
    WrappingFooter.-two-rows {
        height: 2;
    }
    """

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        keys = [
            w for w in items if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]
        needed = sum(len(k.key_display) + len(k.description) + 3 for k in keys) + 14
        width = self.app.size.width
        rows = 1 if needed <= width or not keys else 2
        self.set_class(rows == 2, "-two-rows")
        self.styles.grid_size_columns = max(1, math.ceil(len(keys) / rows))
        yield from items

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.recompose)
