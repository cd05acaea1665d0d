"""The board's entries in the command palette (ctrl+p), scoped to the board screen."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS = [
    ("New iteration", "Plan the next iteration (or start one)", "new_iteration"),
    (
        "Close iteration",
        "Close the current one; unfinished cards to next or backlog",
        "close_iteration",
    ),
    ("New card", "Add a card to the focused column", "new_card"),
    ("Set WIP limit", "Limit how many cards the focused column holds", "wip_limit"),
    ("My cards", "Show only my cards (again: all)", "toggle_mine"),
    ("Search cards", "Text in titles, descriptions and labels", "search"),
    ("Filter cards", "By assignee, label or priority", "filter"),
    ("Show all cards", "Clear search and filters", "clear_filter"),
    ("Board keys", "Every key of the board", "help"),
]


class BoardCommands(Provider):
    def _run(self, action: str) -> None:
        # The board's own action (e.g. "close_iteration"), once the palette has closed.
        self.screen.call_later(self.screen.run_action, action)

    async def discover(self) -> Hits:
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self._run, action), help=help_text
                )
