"""A requirement's history: every change kept as a revision, a baseline frozen at approval.

Product managers keep requirement documents current as they change; engineers need to see what
changed after they agreed to build it. Each edit of a requirement's fields adds a revision
(who, when, which fields, old and new text) to the item; an Approved decision freezes the
fields as the baseline; any later difference from it marks the item "changed since approved"
and :func:`requirement_diff` shows it line by line.
"""

from __future__ import annotations

import difflib
from typing import Any

from ritual.clock import parse_instant
from ritual.i18n import N_, _
from ritual.review import REQUIREMENT_PARTS, ReviewItem

# The requirement itself: what a revision and the baseline cover (not notes nor decision).
TRACKED_FIELDS = ("title", "presenter", "link", *(k for k, _ in REQUIREMENT_PARTS))
# English, marked for the catalog: shown through _().
LABELS = {
    "title": N_("Title"),
    "presenter": N_("Presenter"),
    "link": N_("Link"),
    **dict(REQUIREMENT_PARTS),
}


def record_revision(item: ReviewItem, old: dict[str, Any], by: str, at: str) -> dict | None:
    """Add a revision for the tracked fields that differ between ``old`` and the item now."""
    changed = {
        k: [str(old[k]), str(getattr(item, k))]
        for k in TRACKED_FIELDS
        if k in old and old[k] != getattr(item, k)
    }
    if not changed:
        return None
    revision = {"by": by, "at": at, "fields": changed}
    item.revisions = [*item.revisions, revision]
    return revision


def freeze_baseline(item: ReviewItem, by: str, at: str) -> None:
    """The requirement as approved: later changes are measured against it."""
    item.baseline = {k: getattr(item, k) for k in TRACKED_FIELDS}
    item.baseline_at, item.baseline_by = at, by


def changed_fields(item: ReviewItem) -> list[str]:
    """The tracked fields that differ from the approved baseline (none without one)."""
    if not item.baseline:
        return []
    return [
        k for k in TRACKED_FIELDS if k in item.baseline and item.baseline[k] != getattr(item, k)
    ]


def changed_since_approved(item: ReviewItem) -> bool:
    return bool(changed_fields(item))


def requirement_diff(item: ReviewItem) -> str:
    """What changed since approval, per field as a unified diff ("" when nothing did)."""
    out: list[str] = []
    for k in changed_fields(item):
        before = str(item.baseline[k]).splitlines()
        after = str(getattr(item, k)).splitlines()
        out.append(f"== {_(LABELS[k])} ==")
        out += list(difflib.unified_diff(before, after, "approved", "now", n=1, lineterm=""))[2:]
    return "\n".join(out)


def history_lines(item: ReviewItem, timezone: str = "UTC") -> list[str]:
    """One line per revision: when (in the team's time zone), who, which fields."""
    out = []
    for r in item.revisions:
        at = r.get("at", "")
        when = parse_instant(at).in_timezone(timezone).format("YYYY-MM-DD HH:mm") if at else ""
        fields = ", ".join(_(LABELS[k]) if k in LABELS else k for k in r.get("fields", {}))
        out.append(f"{when} {r.get('by', '')}: {fields}")
    return out


def offers_rereview(item: ReviewItem) -> bool:
    """The last change touched the acceptance criteria of an approved requirement: the app
    offers to put it on the next review."""
    if not item.baseline or not item.revisions:
        return False
    return "acceptance" in item.revisions[-1].get("fields", {}) and changed_since_approved(item)
