"""ritual: the rituals that keep product managers and engineers working together."""

__version__ = "0.1.0"

# pendulum's date parser for text that is not ISO 8601 loads on first use (10 ms of every
# start): see ritual/deferred_imports.py. Every ritual module imports this package first.
from ritual.deferred_imports import defer_rarely_used as _defer  # noqa: E402

_defer()
