"""What the method's decisions ask of the deck (the port), so each is written once and runs
over either store: the SQLModel session (``store/orm_port.py``, every backend) or plain
sqlite3 (``store/lite_port.py``, the hot commands on an SQLite file)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

from carddeck.store.kinds import Channel
from carddeck.store.rows import CardRow, ChangeRow, ContactRow, SaleRow

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.deck.reads import ReadPort
    from carddeck.store.models import Card, Change, Contact, Sale

#: A card, contact, sale or journal row of either store.
AnyCard: TypeAlias = "Card | CardRow"
AnyContact: TypeAlias = "Contact | ContactRow"
AnySale: TypeAlias = "Sale | SaleRow"
AnyChange: TypeAlias = "Change | ChangeRow"


@runtime_checkable
class DeckPort(Protocol):
    """The queries and writes the decisions make; each adapter answers them its way."""

    # -- cards
    def card(self, card_id: int) -> AnyCard | None:
        """The card with this id (None: not in the deck)."""

    def cards_named(self, name: str, limit: int) -> Sequence[AnyCard]:
        """Cards whose name is ``name`` whatever the case, in deck order."""

    def cards_like(self, pattern: str, limit: int) -> Sequence[AnyCard]:
        """Cards whose name matches the LIKE ``pattern`` (escape ``\\``, any case), in
        deck order."""

    def same_reach(self, email: str | None, phone: str | None, *, exclude: int | None,
                   do_not_contact: bool, limit: int) -> Sequence[AnyCard]:  # fmt: skip
        """Cards with this email or phone (only those marked do not contact, if asked)."""

    def in_order(self) -> Iterable[AnyCard]:
        """Every card, in deck order."""

    def shared(self) -> bool:
        """Whether some card has an owner (sellers share the deck)."""

    def reads(self) -> ReadPort:
        """The read port over the same transaction (``deck/reads.py``)."""

    # -- the deck's order
    def edge(self, *, top: bool, exclude: int | None) -> int | None:
        """The smallest (top) or largest key in the deck, leaving out card ``exclude``."""

    def count(self) -> int:
        """How many cards the deck holds."""

    def keys_at(self, exclude: int, offset: int) -> list[int]:
        """The two keys at ``offset`` (0-based) in deck order, leaving out ``exclude``."""

    def ahead(self, position: int, card_id: int) -> int:
        """How many cards sort before ``(position, card_id)``."""

    def rebalance(self, gap: int) -> None:
        """Spread every key ``gap`` apart again, keeping the order."""

    # -- contacts, sales, erasures
    def contacts_newest(self, card_id: int) -> Iterable[tuple[datetime, bool, Channel]]:
        """The card's contacts as (at, reached, channel), newest first."""

    def channels_lately(self, recent: int) -> set[str]:
        """The channels of the last ``recent`` contacts logged."""

    def sales_count(self, card_id: int) -> int:
        """How many sales the card has had."""

    def any_erased(self) -> bool:
        """Whether anyone was ever erased from the deck."""

    def erasure_key(self) -> bytes:
        """The deck's key for erasure hashes (made the first time it is needed)."""

    def erased(self, column: str, digest: str) -> bool:
        """Whether an erasure's ``email_hash`` or ``phone_hash`` is ``digest``."""

    # -- writes
    def new_card(self, **values: Any) -> AnyCard:
        """A card not in the deck yet (``add`` puts it there)."""

    def new_contact(self, **values: Any) -> AnyContact: ...

    def new_sale(self, **values: Any) -> AnySale: ...

    def new_change(self, **values: Any) -> AnyChange: ...

    def add(self, row: AnyCard | AnyContact | AnySale | AnyChange) -> None:
        """Put a new row in the deck; it has its id after."""

    def save(self, row: AnyCard | AnyContact | AnySale | AnyChange) -> None:
        """Write a changed row back."""


def port_of(deck: Session | DeckPort) -> DeckPort:
    """The port over ``deck``: itself, or the ORM adapter over a session (one per
    session, kept in its ``info``)."""
    if isinstance(deck, DeckPort):
        return deck
    from carddeck.store.orm_port import OrmDeck

    found = deck.info.get(OrmDeck.KEY)
    if not isinstance(found, OrmDeck):
        found = deck.info[OrmDeck.KEY] = OrmDeck(deck)
    return found


__all__ = [
    "AnyCard",
    "AnyChange",
    "AnyContact",
    "AnySale",
    "CardRow",
    "ChangeRow",
    "ContactRow",
    "DeckPort",
    "SaleRow",
    "port_of",
]
