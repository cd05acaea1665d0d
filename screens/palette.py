"""The command palette's entries for a screen, generated from the keys it has right now.

Every action a ritual has a key for is in the palette (ctrl+p) under its footer name and
tooltip, so the palette never restates a screen's keys by hand and cannot go stale.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from ritual.i18n import _

# Bindings the palette itself already covers, or that make no sense as a command.
_SKIP_ACTIONS = {"command_palette", "app.command_palette", "quit", "app.quit"}


def command_title(binding: Binding) -> str:
    """The footer's word and the tooltip: "Close iter.: Close the current iteration", in the
    language in use (a modal screen's keys are not translated on their way here)."""
    description = _(binding.description)
    tooltip = _(binding.tooltip) if binding.tooltip else ""
    if tooltip and tooltip != description:
        return _("{key_name}: {what}").format(key_name=description, what=tooltip)
    return description


def binding_commands(screen: Screen) -> Iterator[SystemCommand]:
    """One command per enabled, described binding ritual defines on ``screen`` (the screen,
    its own widgets, the app), running the binding's action where it is defined."""
    seen: set[tuple[int, str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not type(node).__module__.startswith("screens."):
            continue  # Textual's widgets' own keys (cursor moves, copy): not ritual actions
        if not binding.id or not active.enabled or not binding.description:
            continue  # every ritual key has an id; Textual's inherited ones (copy) do not
        if binding.action in _SKIP_ACTIONS:
            continue
        if binding.action.startswith("app.switch_mode"):
            continue  # the rituals are listed by the app already
        # one entry per action and name: two keys for one command ("up,k") are listed once
        if (id(node), binding.action, binding.description) in seen:
            continue
        seen.add((id(node), binding.action, binding.description))
        keys = screen.app.get_key_display(binding) or key
        yield SystemCommand(
            command_title(binding),
            _("key {keys}").format(keys=keys),
            _runner(node, binding.action),
            discover=True,
        )


def _runner(node: DOMNode, action: str):  # -> Callable[[], None]
    def run() -> None:
        # After the palette has closed, so the action acts on the screen under it.
        node.call_later(node.app.run_action, action, node)

    return run
