"""Persistence of ritual's one shared team file, on TinyDB.

Several ``ritual`` processes (facilitator, note-taker, engineers over SSH) use one JSON file at
once. Every change is a whole read-modify-write under an inter-process lock; the file is replaced
atomically so readers never need the lock and never see a torn file.
"""

from storage.errors import ConflictNote, StoreBusy, StoreError
from storage.store import PatchResult, Store

__all__ = ["ConflictNote", "PatchResult", "Store", "StoreBusy", "StoreError"]
