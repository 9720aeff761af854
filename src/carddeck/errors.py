"""The errors carddeck raises for bad input and store trouble; each reads as one line, and
each kind ends a command with its own exit code (the README's "Exit codes" table).

The codes, in one place (each class below carries its own):

- 0 done; 1 bad input or a refusal (``CarddeckError``, ``InvalidInput``, ``AmbiguousCard``);
- 2 a usage mistake: an unknown option, a missing argument (Click's own code);
- 3 not found (``NotFound``, ``CardNotFound``);
- 4 a conflict: changed elsewhere since it was read (``Conflict``);
- 5 the deck cannot be used just now: busy, locked, read-only, a full disk, a server away
  (``StoreError``);
- 6 the deck itself is wrong: not a deck, damaged (``NotADeck``, ``DamagedDeck``);
- 70 carddeck's own fault (``crash.EXIT_CODE``); 130 stopped (Ctrl-C).
"""

from __future__ import annotations

from typing import ClassVar


class CarddeckError(Exception):
    """Anything the user can fix: the message is the whole story, shown as one line."""

    #: What a command that ends on this error exits with.
    exit_code: ClassVar[int] = 1


class InvalidInput(CarddeckError):
    """A value the method or the store refuses (a rating of 11, an empty name, ...);
    ``field`` names the card field it was for, when it was for one (a form goes there)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(CarddeckError):
    """What was named is not in the deck (a card, an import)."""

    exit_code = 3


class CardNotFound(NotFound):
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

    exit_code = 4


class StoreError(CarddeckError):
    """The database cannot be opened, read or written."""

    exit_code = 5


class DeckBusy(StoreError):
    """Another program (or seller) held the deck's write lock for too long: try again."""


class NotADeck(StoreError):
    """The file exists but is not a carddeck database."""

    exit_code = 6


class DamagedDeck(StoreError):
    """The deck is damaged: its file is broken, or it holds what carddeck never writes."""

    exit_code = 6
