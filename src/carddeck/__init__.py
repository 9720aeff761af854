"""carddeck: work sales leads like a deck of 3x5 index cards."""

__version__ = "0.1.0"
