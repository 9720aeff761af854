"""The errors carddeck raises for bad input and store trouble; each reads as one line."""

from __future__ import annotations


class CarddeckError(Exception):
    """Anything the user can fix: the message is the whole story, shown as one line."""


class InvalidInput(CarddeckError):
    """A value the method or the store refuses (a rating of 11, an empty name, ...);
    ``field`` names the card field it was for, when it was for one (a form goes there)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class CardNotFound(CarddeckError):
    """No card matches what was asked for."""


class AmbiguousCard(CarddeckError):
    """Several cards match a name prefix; the message lists them."""

    def __init__(self, ref: str, candidates: list[tuple[int, str]]) -> None:
        self.candidates = candidates
        shown = ", ".join(f"#{cid} {name}" for cid, name in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        super().__init__(f"'{ref}' matches several cards: {shown}{more}; use the id")


class Conflict(CarddeckError):
    """The card was changed elsewhere since it was read (its version moved on)."""


class StoreError(CarddeckError):
    """The database cannot be opened, read or written."""


class DeckBusy(StoreError):
    """Another program (or seller) held the deck's write lock for too long: try again."""


class NotADeck(StoreError):
    """The file exists but is not a carddeck database."""
