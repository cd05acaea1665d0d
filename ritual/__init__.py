"""ritual: the rituals that keep product managers and engineers working together."""

__version__ = "0.1.0"
