"""Load a library's part the program seldom uses on its first use, not at start.

pendulum imports dateutil's parser (and with it dateutil's time zones and ctypes) when it is
imported, and calls it only to read a date that is not ISO 8601 (``pendulum.parse(text,
strict=False)``: a due date typed as "Dec 3"). That import was 10 ms of every command's and
screen's start (measured: ``import pendulum`` 24 ms, 14 ms with the parser deferred). Until
something uses it, ``dateutil.parser`` is a stand-in module; the first attribute asked of it
imports the real one (under a lock, so two threads asking at once get the same module).
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

_LOCK = threading.Lock()


class DeferredModule(types.ModuleType):
    """Stands in for a module until one of its attributes is asked for."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # the import system's own questions: not a use
            raise AttributeError(attr)
        return getattr(self.real_module(), attr)

    def real_module(self) -> types.ModuleType:
        name = self.__name__
        with _LOCK:
            module = sys.modules.get(name)
            if module is None or module is self:
                sys.modules.pop(name, None)
                module = importlib.import_module(name)
        return module


def defer(package: str, submodule: str) -> None:
    """Make ``package.submodule`` a :class:`DeferredModule` unless it is already imported."""
    name = f"{package}.{submodule}"
    if name in sys.modules:
        return
    try:
        parent = importlib.import_module(package)
    except ImportError:  # not installed: whoever needs it says so when they import it
        return
    stand_in = DeferredModule(name)
    sys.modules[name] = stand_in
    setattr(parent, submodule, stand_in)


def defer_rarely_used() -> None:
    """Before pendulum is imported: its dateutil parser waits for a date that is not ISO."""
    defer("dateutil", "parser")
