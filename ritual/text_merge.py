"""Three-way merge of a multi-line text two people edited from the same starting text.

Two people writing an item's notes at once both started from the text they saw (``base``).
Merging each one's change against that base keeps every line once: a line both left alone
stays, a change only one of them made is taken, lines both added at the same place are kept
(lines they both typed alike once), and only where both changed the same base lines
differently is there a real conflict. Then ``mine`` (the text being saved) wins in the merged
text and the other side is reported as a :class:`Clash`, so a person can decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Clash:
    """Where both changed the same lines differently: each side's lines there."""

    mine: str
    theirs: str


@dataclass
class Merged:
    text: str
    clashes: list[Clash] = field(default_factory=list)


@dataclass(frozen=True)
class _Change:
    start: int  # base lines [start, end) replaced by ``lines``
    end: int
    lines: tuple[str, ...]


def _changes(base: list[str], other: list[str]) -> list[_Change]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [
        _Change(i1, i2, tuple(other[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _touch(a: _Change, b: _Change) -> bool:
    """Two changes that replace overlapping base lines, or insert at the same place."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return (a.start < b.end and b.start < a.end) or a.start == b.start


def _union(mine: tuple[str, ...], theirs: tuple[str, ...]) -> list[str]:
    """Lines both added at one place: theirs that mine lacks come after mine, each once."""
    out = list(mine)
    out += [line for line in theirs if line not in mine]
    return out


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def merge3(base: str, mine: str, theirs: str) -> Merged:
    """Merge ``mine`` and ``theirs``, both edited from ``base`` (line by line)."""
    if mine == theirs or theirs == base:
        return Merged(mine)
    if mine == base:
        return Merged(theirs)
    b = _lines(base)
    ours, others = _changes(b, _lines(mine)), _changes(b, _lines(theirs))
    out: list[str] = []
    clashes: list[Clash] = []
    pos = 0
    i = j = 0
    while i < len(ours) or j < len(others):
        # The next group of changes that touch each other, from either side.
        heads = [c for c in (ours[i : i + 1] + others[j : j + 1])]
        first = min(heads, key=lambda c: (c.start, c.end))
        span = _Change(first.start, first.end, ())
        group_mine: list[_Change] = []
        group_theirs: list[_Change] = []
        grew = True
        while grew:
            grew = False
            if i < len(ours) and _touch(ours[i], span):
                span = _Change(min(span.start, ours[i].start), max(span.end, ours[i].end), ())
                group_mine.append(ours[i])
                i += 1
                grew = True
            if j < len(others) and _touch(others[j], span):
                span = _Change(min(span.start, others[j].start), max(span.end, others[j].end), ())
                group_theirs.append(others[j])
                j += 1
                grew = True
        start, end = span.start, span.end
        out += b[pos:start]
        pos = end
        mine_lines = _apply(b, start, end, group_mine)
        theirs_lines = _apply(b, start, end, group_theirs)
        if not group_theirs or mine_lines == theirs_lines:
            out += mine_lines
        elif not group_mine:
            out += theirs_lines
        elif start == end:  # both only added lines here: nothing contradicts
            out += _union(tuple(mine_lines), tuple(theirs_lines))
        else:
            out += mine_lines
            clashes.append(Clash("\n".join(mine_lines), "\n".join(theirs_lines)))
    out += b[pos:]
    return Merged("\n".join(out), clashes)


def _apply(base: list[str], start: int, end: int, changes: list[_Change]) -> list[str]:
    """Base lines [start, end) with one side's changes inside that span applied."""
    out: list[str] = []
    pos = start
    for c in changes:
        out += base[pos : c.start]
        out += c.lines
        pos = c.end
    out += base[pos:end]
    return out
