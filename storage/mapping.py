"""Documents to domain objects and back: the only place that knows both shapes."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from ritual.iteration import Card, Column
from ritual.record import RECORD_FIELDS

T = TypeVar("T")


def to_obj(cls: type[T], doc: dict[str, Any]) -> T:
    """Build a dataclass from a document, ignoring fields it does not know (newer writers)."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    obj = cls(**{k: v for k, v in doc.items() if k in names})
    if isinstance(obj, Card):
        obj.column = Column(obj.column)
    return obj


def to_doc(obj: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The stored fields of a domain object (not its id nor the store's record fields)."""
    skip = {"id", *RECORD_FIELDS}
    skip.update(exclude)
    out = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        if isinstance(value, Column):
            value = value.value
        out[f.name] = value
    return out
