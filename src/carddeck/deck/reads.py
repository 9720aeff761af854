"""What the reading commands and the screen's views ask of the deck (the read port): a
section of today's calls, a page of a list in deck order with each card's place, a page of
a view's part (``deck/views.py`` says which parts a view is), a card and its contacts.
Answered by ``store/ormreads.py`` (a session, every backend) and ``store/litereads.py``
(plain sqlite3, for ``show``, ``today``, ``list`` and the screen's first card on an SQLite
file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from carddeck.store.reading import Filter, Line, Listing, Part

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel import Session

    from carddeck.deck.port import AnyCard, AnyContact, DeckPort
    from carddeck.deck.settings import Settings
    from carddeck.store.reading import Bounds, Section


class ReadPort(Protocol):
    """The reads; each adapter answers them its way."""

    def section(self, section: Section, bounds: Bounds, *, owner: str | None,
                limit: int | None) -> tuple[int, Sequence[AnyCard]]:  # fmt: skip
        """How many cards the section holds, and its first ``limit`` (all: None) in the
        section's order."""

    def listing(self, wanted: Filter, limit: int | None) -> Listing:
        """The list's first ``limit`` cards (all: None) in deck order with their places,
        and how many it holds."""

    def lines(self, part: Part, offset: int, limit: int) -> Sequence[Line]:
        """``limit`` cards of a view's part from ``offset`` (0 is the first), in its order:
        only what the view's list shows of each."""

    def size(self, part: Part) -> int:
        """How many cards a view's part holds."""

    def place(self, part: Part, card_id: int) -> int | None:
        """Where the card stands in a view's part (0 is the first; None: not in it)."""

    def card(self, card_id: int) -> AnyCard | None:
        """The card with this id, whole (None: not in the deck)."""

    def contacts(self, card_id: int) -> Sequence[AnyContact]:
        """The card's contact history, newest first."""


def reads_of(deck: Session | DeckPort | ReadPort) -> ReadPort:
    """The read port over ``deck``: itself, the one a deck port offers over its own
    transaction (plain SQL on the light path, the ORM's otherwise), or the ORM's over a
    session."""
    if hasattr(deck, "listing"):
        return deck  # type: ignore[return-value]
    if hasattr(deck, "reads"):
        return deck.reads()
    from carddeck.store.ormreads import OrmReads

    return OrmReads(deck)


def listing(deck: Session | DeckPort | ReadPort, wanted: Filter,
            limit: int | None = None) -> Listing:  # fmt: skip
    """The cards ``wanted`` in deck order, the first ``limit`` of them (None: all)."""
    found = reads_of(deck).listing(wanted, limit)
    found.limit = limit
    return found


def contacts_of(deck: Session | DeckPort | ReadPort, card: AnyCard) -> list[AnyContact]:
    """The card's contact history, newest first."""
    return list(reads_of(deck).contacts(card.id or 0))


__all__ = ["Filter", "Line", "Listing", "Part", "ReadPort", "contacts_of", "listing", "reads_of"]


def shown(limit: int | None, settings: Settings, *, day: bool = True) -> int | None:
    """How many cards a list shows (None: all): the number asked for (0: all), else a
    day's list (today, ``list --due``) its ``daily_limit`` and any other list the lot."""
    if limit is None:
        limit = settings.daily_limit if day else 0
    return limit or None


def end_of_today(now: datetime) -> datetime:
    """The last second of today on the owner's wall clock: what "due today" runs to."""
    from datetime import datetime as moment
    from datetime import time, timedelta

    from carddeck.deck import clock

    tomorrow = clock.wall(now).date() + timedelta(days=1)
    return clock.aware(moment.combine(tomorrow, time()) - timedelta(seconds=1))
