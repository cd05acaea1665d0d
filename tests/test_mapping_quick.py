"""The quick read of a stored card (storage.mapping.quick_values) builds exactly the card the
full coercion builds, for documents of every shape: right types, wrong types, left-out fields,
odd numbers and dates, unknown fields."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ritual.iteration import Card, Column
from storage.board_repo import _card_from_stored, coerced_card_values
from storage.mapping import quick_values, spec

ODD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    3,
    2**53,
    2**53 + 1,
    1.5,
    float("nan"),
    "",
    "  ",
    "8",
    "todo",
    "doing",
    "archived",
    "other",
    "2026-12-02",
    "2026-12-02T09:00:00Z",
    "2026-12-02T09:00:00+00:00",
    "not a date",
    "P1",
    "王芳",
    [],
    ["a", "b"],
    ["a", 1],
    [{"x": 1}],
    {},
    {"a": 1},
]
NAMES = [name for name, *_ in spec(Card)] + ["id", "unknown", "iteration"]
USUAL = {
    "title": "Fix login",
    "column": "doing",
    "iteration_id": 3,
    "assignee": "Ann",
    "points": 5,
    "priority": "P1",
    "labels": ["auth"],
    "blocked": False,
    "done_at": "2026-12-02T09:00:00+00:00",
    "rev": 2,
    "updated_at": "2026-12-02T09:00:00Z",
}


@st.composite
def documents(draw: st.DrawFn) -> dict:
    """A usual document with a few fields left out and one to three values changed: most
    take the quick read, the rest show where it must give way to the full one."""
    doc = {k: v for k, v in USUAL.items() if not draw(st.booleans()) or k == "title"}
    changes = draw(st.dictionaries(st.sampled_from(NAMES), st.sampled_from(ODD_VALUES), max_size=3))
    doc.update(changes)
    if draw(st.booleans()):
        doc.pop("title", None)
    return doc


@settings(max_examples=400, deadline=None)
@given(documents())
@example({**USUAL, "labels": ["a", 1]})
@example({**USUAL, "labels": [{"x": 1}]})
@example({**USUAL, "points": True})
@example({**USUAL, "points": "8"})
@example({**USUAL, "iteration_id": 2**53 + 1})
@example({**USUAL, "done_at": "not a date"})
@example({**USUAL, "column": "archived"})
@example({**USUAL, "blocked": 1})
def test_the_quick_read_builds_the_card_the_full_coercion_builds(doc: dict) -> None:
    quick = quick_values(Card, doc)
    full = coerced_card_values(doc)
    if quick is not None:  # what it accepts, it reads exactly as the full pass does
        assert {k: repr(v) for k, v in quick.items()} == {k: repr(v) for k, v in full.items()}
    card = _card_from_stored(7, doc)  # and the card is built from one or the other
    assert {k: repr(getattr(card, k)) for k in full} == {k: repr(v) for k, v in full.items()}


def test_the_usual_document_takes_the_quick_read_and_owns_its_lists() -> None:
    doc = {
        "title": "Fix login",
        "column": "doing",
        "iteration_id": 3,
        "labels": ["auth"],
        "done_at": "2026-12-02T09:00:00+00:00",
        "rev": 2,
        "extra": {"kept": "in the file"},
    }
    values = quick_values(Card, doc)
    assert values is not None
    assert values["column"] is Column.DOING and values["priority"] == "P2"
    assert "extra" not in values
    values["labels"].append("changed")
    assert doc["labels"] == ["auth"]  # the stored document is not touched


def test_a_value_that_needs_fixing_leaves_the_quick_read() -> None:
    for odd in (
        {"title": "x", "points": "8"},
        {"title": "x", "column": "archived"},
        {"title": "x", "done_at": "yesterday"},
        {"column": "todo"},
        {"title": "x", "conflicts": [{"field": "title"}]},
    ):
        assert quick_values(Card, odd) is None, odd
