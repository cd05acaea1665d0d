"""Refusals a person can fix: the message is one sentence naming the value and what to do."""


class RitualError(ValueError):
    """Bad input for a domain operation. Nothing was changed."""
