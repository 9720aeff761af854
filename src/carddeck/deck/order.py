"""The deck's order: sparse integer keys, so a move writes one row whatever the deck's size.

Cards sort by ``(position, id)``. Keys start ``GAP`` apart; a card moved between two
neighbours takes the midpoint. Only when two neighbours' keys touch (after about
twenty moves into the same slot) is the whole deck renumbered, in one statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carddeck.deck.port import AnyCard, DeckPort, port_of
from carddeck.deck.records import Place

if TYPE_CHECKING:
    from sqlmodel import Session

GAP = 1 << 20
_LIMIT = 1 << 60  # keys stay well inside SQLite's 64-bit integers


def key_for(session: Session | DeckPort, place: Place, *, exclude: int | None = None) -> int:
    """A key that sorts before (top) or after (back) every other card."""
    edge = port_of(session).edge(top=place == "top", exclude=exclude)
    if edge is None:
        return 0
    key = edge - GAP if place == "top" else edge + GAP
    if abs(key) >= _LIMIT:
        rebalance(session)
        return key_for(session, place, exclude=exclude)
    return key


def move(session: Session | DeckPort, card: AnyCard, place: Place) -> None:
    """Shuffle ``card`` to the top or the back of the deck (one row written)."""
    card.position = key_for(session, place, exclude=card.id)
    port_of(session).save(card)


def count(session: Session | DeckPort) -> int:
    return port_of(session).count()


def move_to(session: Session | DeckPort, card: AnyCard, number: int) -> None:
    """Put ``card`` at place ``number`` (1 is the top) among all the cards of the deck."""
    others = count(session) - 1
    if number <= 1:
        return move(session, card, "top")
    if number > others:
        return move(session, card, "back")
    port = port_of(session)
    for _ in range(2):
        rows = port.keys_at(card.id or 0, number - 2)
        before, after = rows[0], rows[1]
        if after - before >= 2:
            card.position = (before + after) // 2
            port.save(card)
            return None
        rebalance(session)
    raise AssertionError("rebalance left no room between two cards")  # pragma: no cover


def rebalance(session: Session | DeckPort) -> None:
    """Spread every key ``GAP`` apart again, keeping the order (rarely needed)."""
    port_of(session).rebalance(GAP)


def rank_of(session: Session | DeckPort, card: AnyCard) -> int:
    """The card's place in the deck, 1 being the top."""
    return port_of(session).ahead(card.position, card.id or 0) + 1


def ranked(session: Session | DeckPort, ids: list[int]) -> list[tuple[int, AnyCard]]:
    """The cards of ``ids`` that are in the deck, in that order, each with its place (1 is
    the top); an id no longer in the deck is left out."""
    port = port_of(session)
    if len(ids) > _ONE_BY_ONE:  # many (an import's): one pass over the deck in order
        wanted = set(ids)
        found = {c.id: (n, c) for n, c in enumerate(port.in_order(), 1) if c.id in wanted}
        return [found[i] for i in ids if i in found]
    cards = [port.card(i) for i in ids]
    return [(rank_of(port, card), card) for card in cards if card is not None]


_ONE_BY_ONE = 50  # up to this many cards, a count for each is quicker than reading the deck


def landing(view: str, index: int, count: int, place: Place) -> int | None:
    """Where the card at ``index`` of a view of ``count`` cards stands once shuffled to
    ``place``, for a view kept in deck order (the deck and the closed cards): its top or its
    back. None for a view in another order (by date, in sections): it must be read again."""
    from carddeck.deck.viewkinds import View

    if view not in (View.deck, View.closed) or not 0 <= index < count:
        return None
    return 0 if place == "top" else count - 1
