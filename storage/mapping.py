"""Documents to domain objects and back: the only place that knows both shapes.

The team file is shared with other ritual versions, scripts and hand edits, so a document may
hold a value this version does not know (a column "archived"), a wrong type (points "eight",
a title null, labels null) or an unreadable date. Reading never fails on one: each field is
coerced here, once, to a value the domain can use (the field's default when nothing better can
be made of it), and what was coerced is reported as one short sentence per field, which
``ritual doctor`` shows (storage/health.py). Screens and exports get only clean objects.

Fields this version does not know are left out of the object; writes patch only the fields
they change, so those fields stay in the file.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any, TypeVar

from ritual.i18n import N_, _
from ritual.iteration import PRIORITIES, Card, Column, Iteration
from ritual.record import RECORD_FIELDS
from ritual.team import Member, Team, known_timezone

T = TypeVar("T")

# Stored texts of instants and of calendar days, by field name across every record type.
INSTANT_FIELDS = frozenset(
    {"created_at", "updated_at", "done_at", "when", "started_at", "ended_at", "since"}
    | {"heartbeat", "at", "paused_at"}
)
DATE_FIELDS = frozenset({"due", "start", "end", "date"})
# Numbers that divide or count down: 0 or less is no timebox at all.
POSITIVE_FIELDS = frozenset(
    {"speaker_seconds", "meeting_seconds", "timebox_seconds", "member_id", "n"}
)
MAX_INT = 2**53  # what every JSON reader keeps exactly
PLACEHOLDERS = {"title": "(no title)", "text": "(no text)", "name": "(no name)"}

Choice = tuple[str, frozenset[str], str | None]  # (field, allowed values, fallback)


@lru_cache(maxsize=32)
def choices(cls: type) -> tuple[Choice, ...]:
    """``cls``'s fields with a fixed set of values: (name, allowed, fallback). A fallback of
    None keeps the value as written (it is shown as it is); otherwise the value becomes the
    fallback, because the rules that follow (a stand-up's, a speaker's) cannot work with one
    they do not know. The review's and the stand-up's modules are imported for their own
    records only: reading a board loads neither (start-up time, benchmarks/board.py)."""
    if cls is Card:
        return (("priority", frozenset(PRIORITIES), None),)
    if cls is Iteration:
        return (("state", frozenset({"planned", "current", "closed"}), None),)
    if cls.__module__ == "ritual.review":
        from ritual.review import Decision, Review, ReviewItem, Status

        if cls is Review:
            return (("status", frozenset(s.value for s in Status), None),)
        if cls is ReviewItem:
            return (("decision", frozenset({"", *(d.value for d in Decision)}), None),)
    if cls.__module__ == "ritual.standup":
        from ritual import standup

        if cls is standup.Standup:
            states = {standup.NOT_STARTED, standup.RUNNING, standup.PAUSED, standup.ENDED}
            return (("state", frozenset(states), standup.PAUSED),)
        if cls is standup.Speaker:
            statuses = {
                standup.WAITING,
                standup.SPEAKING,
                standup.DONE,
                standup.ABSENT,
                standup.SKIPPED,
            }
            return (("status", frozenset(statuses), standup.WAITING),)
    return ()


def shown(value: Any) -> str:
    """A stored value as a problem sentence quotes it: short, JSON-like, one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@lru_cache(maxsize=16384)
def readable_instant(text: str) -> bool:
    """True for an ISO-8601 date or date and time (what ritual stores)."""
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_int(value: Any) -> bool:
    return type(value) is int and -MAX_INT <= value <= MAX_INT


def _as_int(value: Any) -> int | None:
    """An int from a stored value if one is plainly meant ("8", 8.0), else None."""
    if _is_int(value):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_INT:
        return int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        digits = value.strip()
        if len(digits) <= 15:
            return int(digits)
    return None


def as_id(value: Any) -> int | None:
    """A stored reference to another record (``iteration_id``, ``review_id``) as reading
    coerces it: 3 and "3" are 3; anything else is no reference."""
    if type(value) is int:
        return value
    number = _as_int(value)
    return number if number is not None and number > 0 else None


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def missing_field(problem: str) -> bool:
    """Whether a read problem is a missing field ("has no title"), which reads after its
    record's name without a colon ("card 3 has no title")."""
    return problem.startswith(_("has no {name}").split("{", 1)[0])


class Coercer:
    """Coerces one document's fields for one dataclass, noting each change as a sentence."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def note(self, name: str, value: Any, what: str) -> None:
        # what: marked with N_ by the caller; field names stay as stored (they are keys)
        self.problems.append(
            _("{name} is {value}, {what}").format(name=name, value=shown(value), what=_(what))
        )

    def value(self, name: str, kind: str, value: Any, default: Any) -> Any:
        """``value`` as ``kind`` wants it, or ``default`` (noted) when it cannot be."""
        if kind == "str":
            if type(value) is str:
                if value and name in _DATED and not readable_instant(value):
                    self.note(name, value, N_("not a date this version can read"))
                    return default
                return value
            text = _as_text(value)
            if text is None:
                self.note(name, value, N_("not text"))
                return default
            if name in _DATED:
                self.note(name, value, N_("not a date this version can read"))
                return default
            self.note(name, value, N_("not text (shown as text)"))
            return text
        if kind in ("int", "int?"):
            if value is None and kind == "int?":
                return None
            number = _as_int(value)
            if number is None or (name in POSITIVE_FIELDS and number <= 0):
                self.note(name, value, N_("not a number") if number is None else N_("not above 0"))
                return default
            if not _is_int(value):
                self.note(name, value, N_("not a number (read as one)"))
            return number
        if kind == "float":
            if type(value) in (int, float) and math.isfinite(value) and abs(value) <= MAX_INT:
                return float(value)
            self.note(name, value, N_("not a number"))
            return default
        if kind == "bool":
            if type(value) is bool:
                return value
            if value in (0, 1) and type(value) is int:
                self.note(name, value, N_("not true or false (read as one)"))
                return bool(value)
            self.note(name, value, N_("not true or false"))
            return default
        if kind == "list[str]":
            if type(value) is not list:
                self.note(name, value, N_("not a list"))
                return list(default)
            items = [_as_text(v) for v in value]
            if any(t is None or type(v) is not str for t, v in zip(items, value, strict=True)):
                self.note(name, value, N_("not a list of texts"))
            return [t for t in items if t is not None]
        if kind == "list[dict]":  # conflict copies: {field, text, by, at}
            if type(value) is not list:
                self.note(name, value, N_("not a list"))
                return []
            out = []
            for v in value:
                if type(v) is not dict:
                    self.note(
                        _("{name} entry").format(name=name), v, N_("not a conflict copy (left out)")
                    )
                    continue
                copy = dict(v)
                for key in ("field", "text", "by", "at"):
                    text = _as_text(copy.get(key, ""))
                    copy[key] = text if text is not None else ""
                out.append(copy)
            return out
        if kind == "list[list[str]]":  # time segments [start, end]
            return self.segments(name, value)
        if kind == "dict[str, int]":  # WIP limits by column, days off by member
            if type(value) is not dict:
                self.note(name, value, N_("not a table of numbers"))
                return {}
            out_limits: dict[str, int] = {}
            for k, v in value.items():
                number = _as_int(v)
                if number is None or number < 0:
                    self.note(f"{name}[{k}]", v, N_("not a number"))
                elif name == "wip_limits" and k not in _COLUMN_VALUES:
                    self.note(_("{name} key").format(name=name), k, N_("not a column"))
                elif type(k) is not str:
                    self.note(_("{name} key").format(name=name), k, N_("not a name"))
                else:
                    out_limits[k] = number
            return out_limits
        if kind == "Column":
            column = _COLUMN_VALUES.get(value) if isinstance(value, str) else None
            if column is None or column is Column.OTHER:
                self.note(name, value, N_("not a column this version knows (shown under Other)"))
                return Column.OTHER
            return column
        return value  # nested lists (stand-up speakers, items) are coerced by their repos

    def segments(self, name: str, value: Any) -> list[list[str]]:
        """[[start, end], ...] with readable instants; an open segment's end may be ""."""
        if type(value) is not list:
            self.note(name, value, N_("not a list of times"))
            return []
        out = []
        for seg in value:
            ok = (
                type(seg) is list
                and len(seg) == 2
                and all(type(t) is str for t in seg)
                and readable_instant(seg[0])
                and (seg[1] == "" or readable_instant(seg[1]))
            )
            if ok:
                out.append(list(seg))
            else:
                self.note(name, seg, N_("not a [start, end] pair of times (left out)"))
        return out


_COLUMN_VALUES = {c.value: c for c in Column}
_KINDS = {
    "str": "str",
    "int": "int",
    "int | None": "int?",
    "bool": "bool",
    "float": "float",
    "list[str]": "list[str]",
    "list[dict]": "list[dict]",
    "list[list[str]]": "list[list[str]]",
    "dict[str, int]": "dict[str, int]",
    "Column": "Column",
}


@lru_cache(maxsize=64)
def spec(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """(name, kind, default, required) of each stored field of ``cls``."""
    out = []
    for f in dataclasses.fields(cls):
        if f.name == "id" or not f.metadata.get("stored", True):
            continue
        kind = _KINDS.get(str(f.type), "other")
        if f.default is not dataclasses.MISSING:
            default, required = f.default, False
        elif f.default_factory is not dataclasses.MISSING:
            default, required = f.default_factory(), False
        else:
            default, required = _REQUIRED_DEFAULTS.get(kind, ""), True
        out.append((f.name, kind, default, required))
    return tuple(out)


_REQUIRED_DEFAULTS = {"str": "", "int": 0, "int?": None}
_DATED = INSTANT_FIELDS | DATE_FIELDS


def coerce(cls: type, values: dict[str, Any]) -> list[str]:
    """Make ``values`` (field name -> stored value) fit ``cls`` in place; the problems found.

    A field the document lacks takes its default (older writers), which is no problem unless
    the field has none (a card's title, a member's name). The board builds 2,000 cards when
    it opens, so a value of the right type costs one or two checks."""
    c: Coercer | None = None
    for name, kind, default, required in spec(cls):
        value = values.get(name, _ABSENT)
        if value is _ABSENT and not required and kind != "other":  # left out: its default
            values[name] = _copy_default(default)
            continue
        t = type(value)
        if t is str:
            if kind == "str" and (not value or name not in _DATED or readable_instant(value)):
                continue
            if kind == "Column":
                column = _COLUMN_VALUES.get(value)
                if column is not None and column is not Column.OTHER:
                    values[name] = column
                    continue
        elif t is int:
            fits = kind in _INTS and -MAX_INT <= value <= MAX_INT
            if fits and (value > 0 or name not in POSITIVE_FIELDS):
                continue
        elif t is bool:
            if kind == "bool":
                continue
        elif t is float:
            if kind == "float" and math.isfinite(value) and abs(value) <= MAX_INT:
                continue
        elif value is None:
            if kind == "int?":
                continue
        elif t is list and kind == "list[str]" and all(type(v) is str for v in value):
            continue
        if kind == "other":
            continue
        if c is None:
            c = Coercer()
        if value is _ABSENT:
            if required:
                c.problems.append(_("has no {name}").format(name=name))
                values[name] = PLACEHOLDERS.get(name, default)
            else:
                values[name] = _copy_default(default)
            continue
        fixed = c.value(name, kind, value, default)
        if required and fixed == "" and name in PLACEHOLDERS:
            fixed = PLACEHOLDERS[name]
        values[name] = _copy_default(fixed) if fixed is default else fixed
    return c.problems if c is not None else []


_ABSENT = object()
_INTS = frozenset({"int", "int?"})


@lru_cache(maxsize=64)
def _plan(cls: type) -> tuple[dict[str, str], dict[str, Any], tuple[str, ...], frozenset[str]]:
    """For :func:`quick_values`: each stored field's kind, the defaults of those a document
    may leave out, which of those defaults are lists or dicts (each value gets its own
    copy), and the names of the required fields."""
    fields_ = spec(cls)
    defaults = {name: d for name, kind, d, required in fields_ if not required and kind != "other"}
    shared = tuple(name for name, d in defaults.items() if isinstance(d, (list, dict)))
    required = frozenset(name for name, _kind, _d, req in fields_ if req)
    return {name: kind for name, kind, _d, _r in fields_}, defaults, shared, required


def quick_values(cls: type, doc: Mapping[str, Any]) -> dict[str, Any] | None:
    """The values of ``cls``'s stored fields in ``doc`` when every one it holds is already of
    the right type (the usual document), lists copied and the fields it leaves out at their
    defaults; None when any needs :func:`coerce`. Fields ``cls`` does not have are left out.

    One pass over the document, for the board's 2,000 cards at every open and change; it
    accepts exactly what :func:`coerce` leaves as it is (tests/test_mapping_quick.py)."""
    kinds, defaults, shared, required = _plan(cls)
    values = defaults.copy()  # then what the document holds over them
    for name, value in doc.items():
        kind = kinds.get(name)
        if kind is None:
            continue
        t = type(value)
        if t is str:
            if kind == "str":
                if value and name in _DATED and not readable_instant(value):
                    return None
            elif kind == "Column":
                value = _COLUMN_VALUES.get(value)
                if value is None or value is Column.OTHER:
                    return None
            else:
                return None
        elif t is int:
            if kind not in _INTS or not -MAX_INT <= value <= MAX_INT:
                return None
            if value <= 0 and name in POSITIVE_FIELDS:
                return None
        elif t is bool:
            if kind != "bool":
                return None
        elif value is None:
            if kind != "int?":
                return None
        elif t is list and kind == "list[str]":
            if not all(type(v) is str for v in value):
                return None
            value = list(value)
        else:
            return None
        values[name] = value
    if not required <= values.keys():
        return None
    for name in shared:
        if values[name] is defaults[name]:  # left out: a list or dict of its own
            values[name] = _copy_default(defaults[name])
    return values


def _copy_default(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if type(value) is dict else value


def read(cls: type[T], doc: Any) -> tuple[T, list[str]]:
    """A dataclass from a stored document, and what had to be coerced to build it."""
    if not isinstance(doc, dict):
        values: dict[str, Any] = {}
        problems = [_("is {value}, not a record").format(value=shown(doc))]
    else:
        values = {k: v for k, v in doc.items() if k != "id"}
        problems = []
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    extra = {k: values.pop(k) for k in list(values) if k not in names}
    problems += coerce(cls, values)
    for name, allowed, fallback in choices(cls):  # type: ignore[arg-type]
        if values.get(name) not in allowed:
            value = shown(values[name])
            if fallback is None:
                line = _("{name} is {value}, not one this version knows (shown as written)")
            else:
                line = _("{name} is {value}, not one this version knows ({fallback} used)")
            problems.append(line.format(name=name, value=value, fallback=fallback))
            if fallback is not None:
                values[name] = fallback
    if "id" in names:
        doc_id = doc.get("id", 0) if isinstance(doc, dict) else 0
        values["id"] = doc_id if _is_int(doc_id) else 0
    obj = cls(**values)
    if isinstance(obj, Card) and obj.column is Column.OTHER:
        stored = doc.get("column") if isinstance(doc, dict) else None
        obj.unknown_column = stored if isinstance(stored, str) else shown(stored)
    if isinstance(obj, Member) and obj.name in ("", PLACEHOLDERS["name"]):
        obj.name = _("(member {id})").format(id=obj.id)
    if isinstance(obj, Team) and not known_timezone(obj.timezone):
        problems.append(
            _("timezone is {value}, not one this machine knows (UTC used)").format(
                value=shown(obj.timezone)
            )
        )
        obj.unknown_timezone, obj.timezone = obj.timezone, "UTC"
    del extra  # kept in the file: writes patch only the fields they change
    return obj, problems


def to_obj(cls: type[T], doc: dict[str, Any]) -> T:
    """A dataclass from a document: fields it does not know ignored, odd values coerced."""
    return read(cls, doc)[0]


# New documents of these tables leave out a field that holds its default: reading fills it in
# (``coerce``; every ritual of schema 2 reads a missing field as its default), and a card
# whose optional fields are empty takes 40 % fewer bytes and objects to parse and write
# (issue 17: a 50,000-card file). The title and the column stay in every card: they have no
# default a reader could assume (raw readers look at the column); nor do the record's own
# fields (revision, who and when, conflict copies).
SPARSE_TABLES: dict[str, type] = {"cards": Card}
ALWAYS_STORED = frozenset({"title", "column"})


@lru_cache(maxsize=16)
def _omitted_defaults(cls: type) -> MappingProxyType[str, Any]:
    return MappingProxyType(
        {
            name: default
            for name, _kind, default, required in spec(cls)
            if not required and name not in ALWAYS_STORED and name not in RECORD_FIELDS
        }
        if cls in SPARSE_TABLES.values()
        else {}
    )


def absent_defaults(table: str) -> Mapping[str, Any]:
    """The fields a document of ``table`` may leave out, with the value a missing one means
    (patches compare with it, so writing a default over a missing field changes nothing)."""
    cls = SPARSE_TABLES.get(table)
    return _omitted_defaults(cls) if cls is not None else _NOTHING


_NOTHING: Mapping[str, Any] = MappingProxyType({})


def is_default(value: Any, default: Any) -> bool:
    """Whether a stored value is the field's default (same type: 0 is not False)."""
    return type(value) is type(default) and value == default


def without_defaults(table: str, fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """A new document's fields as stored: those holding their default left out when the
    table's documents may leave them out (``SPARSE_TABLES``)."""
    omit = absent_defaults(table)
    if not omit:
        return fields
    return {k: v for k, v in fields.items() if k not in omit or not is_default(v, omit[k])}


def to_doc(obj: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The stored fields of a domain object (not its id, the store's record fields, nor what
    it only learnt when it was read); all of them (the store leaves defaults out of a new
    document, ``without_defaults``)."""
    skip = {"id", *RECORD_FIELDS}
    skip.update(exclude)
    out = {}
    for f in dataclasses.fields(obj):
        if f.name in skip or not f.metadata.get("stored", True):
            continue
        value = getattr(obj, f.name)
        if isinstance(value, Column):
            value = value.value
        out[f.name] = value
    return out
