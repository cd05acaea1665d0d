"""What the shared file keeps on every document, whatever it holds."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(kw_only=True)
class Record:
    """Who made the document and who changed it last, when (UTC ISO-8601), its revision, and
    the texts of others that a change replaced (conflict copies, kept until cleared)."""

    created_by: str = ""
    created_at: str = ""
    updated_by: str = ""
    updated_at: str = ""
    rev: int = 0
    conflicts: list[dict] = field(default_factory=list)


RECORD_FIELDS = tuple(f.name for f in fields(Record))

# Field metadata of what a domain object learns when it is read but the file never keeps
# (a column or time zone this version does not know): storage/mapping.py leaves it out.
NOT_STORED = {"stored": False}
