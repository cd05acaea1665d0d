"""Textual's stylesheet, each source parsed once while the theme's variables stay the same.

Opening a screen, Textual sets the stylesheet's variables again (to the same values) and parses
every source anew, which also drops what it had parsed: a second and a third full parse of
some twenty sources at every start (a fresh ``ritual board`` spent 15 ms parsing CSS before
its first frame, 8.7 ms now; benchmarks/README.md). Here setting equal variables keeps what
was parsed, and a re-parse reuses it for every source whose text is unchanged; new variables
(another theme) or a changed file are parsed as before. tests/test_startup.py counts the
parses.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class RitualStylesheet(Stylesheet):
    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables:  # the same values parse to the same rules
            super().set_variables(variables)

    def reparse(self) -> None:
        """Textual's re-parse, through the cache of what was parsed with these variables
        (on an error the rules in use are kept, as Textual's own re-parse keeps them)."""
        self.parse()
