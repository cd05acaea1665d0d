"""A footer that takes a second line when its keys do not fit on one (80 columns)."""

from __future__ import annotations

import math

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer

from screens.footer import shown_keys


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
        shown = shown_keys(self)
        # cells, not characters: a Chinese description is twice as wide as its length
        needed = sum(cell_len(text) + 3 for text in shown) + 14
        width = self.app.size.width
        rows = 1 if needed <= width or not shown else 2
        self.set_class(rows == 2, "-two-rows")
        items = list(super().compose())
        self.styles.grid_size_columns = max(1, math.ceil(len(shown) / rows))
        yield from items

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.recompose)
