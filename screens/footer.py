"""Textual's footer, its keys set closer together when they would not all fit on one line.

At 80 columns the board's keys overflowed the footer and the last one was cut in half: a lone
"^" where "^q Quit" (or "^q 退出") should be. When the keys, at their usual spacing, would not
fit but would fit compact (one space apart), this footer shows them compact: the board's keys
all fit 80 columns then. The plan's and the home screen's fit at the usual spacing; the
retro's fit neither way and keep it. Wider terminals keep the usual spacing.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer

# Measured on Textual 8's footer: n keys of c cells (key and description) take c + 3n - 1
# cells at the usual spacing, c + 2n - 1 compact; the palette's "▏^p palette" takes 12.
PALETTE_CELLS = 12


def shown_keys(footer: Footer) -> list[str]:
    """The keys a footer shows, "key description" each, one per action: from Textual's public
    API (the screen's active bindings, the app's key display), not the footer's private key
    widgets."""
    shown: dict[str, str] = {}
    for active in footer.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.action not in shown:
            shown[binding.action] = footer.app.get_key_display(binding) + binding.description
    return list(shown.values())


class FittingFooter(Footer):
    def _wanted_compact(self) -> bool:
        """Compact when the keys overflow at the usual spacing but fit compact; a screen
        whose keys fit neither way keeps the usual spacing (its last keys are scrolled off,
        as before)."""
        shown = shown_keys(self)
        # cells, not characters: a Chinese description is twice as wide as its length
        cells = sum(cell_len(text) for text in shown) + PALETTE_CELLS - 1
        width, n = self.app.size.width, len(shown)
        return cells + 3 * n > width >= cells + 2 * n

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            compact = self._wanted_compact()
            if compact != self.compact:  # set before the keys are made: they bind to it
                self.set_reactive(Footer.compact, compact)
                self.set_class(compact, "-compact")
        yield from super().compose()

    def on_resize(self, _event: Resize) -> None:
        if self._bindings_ready and self.compact != self._wanted_compact():
            self.call_after_refresh(self.recompose)
