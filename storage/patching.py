"""The pure part of a field-level change: which fields to write, and whose text to keep.

Both backends (the shared file, :mod:`storage.store`, and the database, :mod:`storage.pg_store`)
apply a patch the same way, so the rule that no teammate's text is ever lost lives here once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Any

from ritual.record import RECORD_FIELDS
from storage.errors import ConflictNote
from storage.mapping import is_default

_MISSING = object()
_NO_DEFAULTS: Mapping[str, Any] = MappingProxyType({})


def copy_value(value: Any) -> Any:
    """A deep copy of a JSON value: shares no list or dict with what it was copied from."""
    if isinstance(value, dict):
        return {k: copy_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_value(v) for v in value]
    return value


def plan_patch(
    current: Mapping[str, Any],
    changes: Mapping[str, Any],
    base: Mapping[str, Any] | None,
    text_fields: Collection[str],
    defaults: Mapping[str, Any] = _NO_DEFAULTS,
) -> tuple[dict[str, Any] | None, list[ConflictNote]]:
    """The fields to write over ``current`` (None when the patch changes nothing) and the
    conflict notes for the caller.

    ``base`` holds the values the caller saw before editing. A text field (in ``text_fields``)
    that someone else changed since then keeps their text as a conflict copy on the record
    (the ``conflicts`` field in the result); other fields simply take the new value.
    ``defaults``: what a field the document leaves out holds (storage.mapping.absent_defaults);
    writing that value over it changes nothing and is not written.
    """
    writes = {
        k: copy_value(v)
        for k, v in changes.items()
        if k != "id"
        and k not in RECORD_FIELDS
        and (k in current or k not in defaults or not is_default(v, defaults[k]))
    }
    notes: list[ConflictNote] = []
    for name, new in writes.items():
        now_value = current.get(name, defaults.get(name))
        if (
            base is not None
            and name in base
            and name in text_fields
            and now_value != base[name]
            and now_value != new
            and isinstance(now_value, str)
            and now_value.strip()
        ):
            notes.append(
                ConflictNote(
                    field=name,
                    text=now_value,
                    by=str(current.get("updated_by", "")),
                    at=str(current.get("updated_at", "")),
                )
            )
    if not notes and all(current.get(k, _MISSING) == v for k, v in writes.items()):
        return None, []
    if notes:
        # Kept until a person clears them: capping the list would lose someone's text.
        kept = copy_value(current.get("conflicts", []))
        if not isinstance(kept, list):  # a damaged record: start a proper list
            kept = []
        for n in notes:
            if not any(
                isinstance(c, dict) and c.get("field") == n.field and c.get("text") == n.text
                for c in kept
            ):
                kept.append({"field": n.field, "text": n.text, "by": n.by, "at": n.at})
        writes["conflicts"] = kept
    return writes, notes


def without_conflicts(conflicts: list[Any], field_name: str | None) -> list[Any]:
    """The conflict copies left once a person cleared those of ``field_name`` (None: all);
    an entry that is not a conflict copy at all (a damaged record) goes too."""
    return [
        c
        for c in conflicts
        if field_name is not None and isinstance(c, dict) and c.get("field") != field_name
    ]


def next_rev(doc: Mapping[str, Any]) -> int:
    """The revision after ``doc``'s; 1 when a damaged record holds no whole-number rev."""
    rev = doc.get("rev", 0)
    return rev + 1 if type(rev) is int else 1
