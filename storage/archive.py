"""Years of records moved out of the team file, and back.

A team that uses ritual for years keeps every closed iteration's cards and every stand-up and
review in the one file every command parses. ``ritual archive --before DATE`` moves what is
over and older than DATE to an archive file beside it (``team.archive.json`` for
``team.json``): a ritual file of the same format, readable with ``--db`` and read-only there
(its meta record names its team file, ``archive_of``: the app opens it read-only, CLI writes
are refused, and only this module's two commands change it). Each record keeps
its id, revision and who/when (ids are never handed out twice, so moving back never
collides). What later work reads of the past stays in the team file, in its meta record:

- each archived iteration's name, dates, cards and points done (velocity);
- the last ``KEEP_STANDUPS`` ended stand-ups are never archived (the history's averages);
- a review with an open action item, or with items still to carry over and not carried into a
  later review, is never archived (carry-over).

Moving is safe against a crash at any moment: the archive file is written (and fsynced) first,
then the team file; a record found in both is the same record, and archiving or restoring again
finishes the job without duplicates.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ritual.i18n import _
from ritual.review import ReviewItem, carry_candidates
from storage.errors import StoreError
from storage.mapping import to_obj
from storage.schema import ARCHIVE_OF
from storage.sharedfile import real_path
from storage.store import Store, Transaction

KEEP_STANDUPS = 10  # ritual.standup_summary.averages' window: averages stay as they were
SUMMARY_KEY = "archive"
CARDS, ITERATIONS = "cards", "iterations"
STANDUPS, NOTES = "standups", "standup_notes"
REVIEWS, ITEMS, ACTIONS = "reviews", "review_items", "review_actions"
TABLES = (ITERATIONS, CARDS, STANDUPS, NOTES, REVIEWS, ITEMS, ACTIONS)

Moves = dict[str, dict[int, dict[str, Any]]]


def archive_path(team_file: Path) -> Path:
    """``team.json`` -> ``team.archive.json``, beside the real file (symlinks followed)."""
    target = real_path(team_file)
    return target.with_name(f"{target.stem}.archive{target.suffix or '.json'}")


@dataclass
class Moved:
    """How many records of each table moved (to the archive, or back)."""

    counts: dict[str, int] = field(default_factory=dict)
    path: Path = Path()

    def __bool__(self) -> bool:
        return any(self.counts.values())

    def text(self) -> str:
        c = self.counts
        return _(
            "{iterations} iteration(s) with {cards} card(s), {standups} stand-up(s), "
            "{reviews} review(s) with {items} item(s) and {actions} action(s)"
        ).format(
            iterations=c.get(ITERATIONS, 0),
            cards=c.get(CARDS, 0),
            standups=c.get(STANDUPS, 0),
            reviews=c.get(REVIEWS, 0),
            items=c.get(ITEMS, 0),
            actions=c.get(ACTIONS, 0),
        )


def _older(value: Any, before: str) -> bool:
    """Whether an ISO date or instant lies before ``before`` (an ISO date); ISO text sorts
    as time does, so its date part is compared as text."""
    return isinstance(value, str) and bool(value) and value[:10] < before


def _select(tx: Store | Transaction, before: str) -> Moves:
    """What may move: over, older than ``before``, and not needed by what is still live."""
    moves: Moves = {table: {} for table in TABLES}
    for it in tx.all(ITERATIONS):
        if it.get("state") == "closed" and _older(it.get("end"), before):
            moves[ITERATIONS][it["id"]] = it
    for card in tx.all(CARDS):
        if card.get("iteration_id") in moves[ITERATIONS]:
            moves[CARDS][card["id"]] = card

    ended = sorted(
        (s for s in tx.all(STANDUPS) if s.get("state") == "ended"),
        key=lambda s: str(s.get("date", "")),
    )
    kept = {s["id"] for s in ended[-KEEP_STANDUPS:]}
    dates = set()
    for s in ended:
        if s["id"] not in kept and _older(s.get("date"), before):
            moves[STANDUPS][s["id"]] = s
            dates.add(s.get("date"))
    for note in tx.all(NOTES):
        if note.get("date") in dates:
            moves[NOTES][note["id"]] = note

    items, actions = tx.all(ITEMS), tx.all(ACTIONS)
    carried = {str(i.get("carried_key", "")) for i in items if i.get("carried_key")}
    for review in tx.all(REVIEWS):
        rid = review["id"]
        if review.get("status") != "done" or not _older(review.get("when"), before):
            continue
        own = [i for i in items if i.get("review_id") == rid]
        if any(a.get("review_id") == rid and not a.get("done") for a in actions):
            continue  # an open action item: still followed up
        objs = [to_obj(ReviewItem, i) for i in own]
        if any(f"review:{rid}:item:{i.id}" not in carried for i in carry_candidates(objs)):
            continue  # still to be carried over
        moves[REVIEWS][rid] = review
        for i in own:
            moves[ITEMS][i["id"]] = i
        for a in actions:
            if a.get("review_id") == rid:
                moves[ACTIONS][a["id"]] = a
    return moves


def _summary(moves: Moves, old: dict[str, Any]) -> dict[str, Any]:
    iterations = dict(old.get("iterations", {}))
    for iid, it in moves[ITERATIONS].items():
        cards = [c for c in moves[CARDS].values() if c.get("iteration_id") == iid]
        done = [c for c in cards if c.get("column") == "done"]
        iterations[str(iid)] = {
            "name": it.get("name", ""),
            "start": it.get("start", ""),
            "end": it.get("end", ""),
            "cards": len(cards),
            "cards_done": len(done),
            "points_done": sum(c.get("points") or 0 for c in done),
        }
    counts = dict(old.get("counts", {}))
    for table, docs in moves.items():
        counts[table] = counts.get(table, 0) + len(docs)
    return {"iterations": iterations, "counts": counts}


def _match_mode(path: Path, like: Path) -> None:
    """A new archive file gets the team file's group and permission bits: teammates who can
    read (or restore) the team file can read (or restore) its archive."""
    with contextlib.suppress(OSError):
        st = os.stat(like)
        os.chown(path, -1, st.st_gid)
        os.chmod(path, st.st_mode & 0o7777)


def _refuse_an_archive(store: Store) -> None:
    """``ritual archive`` run on an archive file: refused before anything is read or made."""
    if store.archive_of() is not None:
        raise StoreError(store.write_refusal())


def archive(store: Store, before: str) -> Moved:
    """Move what is over and older than ``before`` (ISO date) to the archive file.

    Every team file in a directory shares one lock, so the two files are written one after
    the other: the archive first, then the team file, where a record is removed only if it is
    still exactly what was copied (one changed meanwhile stays, and its stale copy in the
    archive is never restored over it).
    """
    _refuse_an_archive(store)
    target = archive_path(store.path)
    existed = target.exists()
    moved = Moved(path=target)
    store.refresh()
    moves = _select(store, before)
    if not any(moves.values()):
        moved.counts = {table: 0 for table in moves}
        return moved
    shelf = Store(target, store.user, store.clock).writes_archive().open(create=True)
    with shelf.transaction() as atx:
        atx.set_meta(ARCHIVE_OF, real_path(store.path).name)  # read-only to everything else
        for table, docs in moves.items():
            for doc_id, doc in docs.items():
                atx.put_as_is(table, doc_id, doc)
    if not existed:
        _match_mode(target, real_path(store.path))
    with store.transaction() as tx:
        gone: Moves = {table: {} for table in TABLES}
        for table, docs in moves.items():
            for doc_id, doc in docs.items():
                if tx.get(table, doc_id) == doc:
                    tx.delete(table, doc_id)
                    gone[table][doc_id] = doc
        tx.set_meta(SUMMARY_KEY, _summary(gone, tx.get_meta(SUMMARY_KEY) or {}))
    moved.counts = {table: len(docs) for table, docs in gone.items()}
    return moved


def restore(store: Store) -> Moved:
    """Move everything in the archive file back into the team file; the archive file is left
    empty (its records are back where they were, ids and history unchanged)."""
    _refuse_an_archive(store)
    target = archive_path(store.path)
    moved = Moved(path=target)
    if not target.exists():
        return moved
    shelf = Store(target, store.user, store.clock).writes_archive().open()  # read, then lock
    with store.transaction() as tx:
        counts = {}
        for table in TABLES:
            docs = shelf.all(table)
            for doc in docs:
                if tx.get(table, doc["id"]) is None:
                    tx.put_as_is(table, doc["id"], doc)
            counts[table] = len(docs)
        moved.counts = counts
        tx.set_meta(SUMMARY_KEY, None)
    with shelf.transaction() as atx:
        for table in TABLES:
            for doc in atx.all(table):
                atx.delete(table, doc["id"])
    return moved


def archived_iterations(store: Store) -> list[dict[str, Any]]:
    """Each archived iteration's summary (name, start, end, cards, cards_done, points_done),
    oldest first: what a velocity chart needs of iterations no longer in the team file."""
    summary = store.meta().get(SUMMARY_KEY) or {}
    rows = [dict(v, id=int(k)) for k, v in summary.get("iterations", {}).items()]
    return sorted(rows, key=lambda r: (r.get("end", ""), r["id"]))
