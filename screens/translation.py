"""The app's side of translation (ritual/i18n.py): keys described in the language in use.

Bindings are class attributes, written before the language is chosen, so their descriptions and
tooltips are marked with ``N_`` and translated here, where the footer, the `?` screen and the
command palette read them (``Screen.active_bindings``)."""

from __future__ import annotations

import dataclasses
import functools
import string

from rich.text import Text
from textual.binding import ActiveBinding, Binding

from ritual.i18n import _, language


def translate_bindings(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """``active`` with every description and tooltip in the language in use."""
    lang = language()
    if lang == "en":
        return active
    return {
        key: ActiveBinding(
            entry.node,
            _translated(entry.binding, lang),
            entry.enabled,
            _(entry.tooltip) if entry.tooltip else entry.tooltip,
        )
        for key, entry in active.items()
    }


@functools.lru_cache(maxsize=2048)
def _translated(binding: Binding, lang: str) -> Binding:
    # `lang` is part of the cache key: a test may switch language within one process.
    return dataclasses.replace(
        binding,
        description=_(binding.description),
        tooltip=_(binding.tooltip) if binding.tooltip else binding.tooltip,
    )


def styled(template: str, **parts: str | Text | tuple[str, str]) -> Text:
    """A translated ``template`` with its ``{name}`` fields filled by ``parts``, each plain
    text, a rich Text, or ``(text, style)``: the words around a bold name can move with the
    language ("Delete card {id}?" → "删除卡片 {id}？"). No markup is read from anything."""
    out = Text()
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            out.append(literal)
        if name is None:
            continue
        part = parts[name]
        if isinstance(part, tuple):
            out.append(part[0], part[1])
        else:
            out.append(part)
    return out
