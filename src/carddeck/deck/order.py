"""The deck's order: sparse integer keys, so a move writes one row whatever the deck's size.

Cards sort by ``(position, id)``. Keys start ``GAP`` apart; a card moved between two
neighbours takes the midpoint. Only when two neighbours' keys touch (after about
twenty moves into the same slot) is the whole deck renumbered, in one statement.
"""

from __future__ import annotations

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from carddeck.deck.records import Place
from carddeck.store.models import Card

GAP = 1 << 20
_LIMIT = 1 << 60  # keys stay well inside SQLite's 64-bit integers


def _edge(session: Session, *, top: bool, exclude: int | None) -> int | None:
    agg = func.min(Card.position) if top else func.max(Card.position)
    query = select(agg)
    if exclude is not None:
        query = query.where(col(Card.id) != exclude)
    value: int | None = session.exec(query).one()
    return value


def key_for(session: Session, place: Place, *, exclude: int | None = None) -> int:
    """A key that sorts before (top) or after (back) every other card."""
    edge = _edge(session, top=place == "top", exclude=exclude)
    if edge is None:
        return 0
    key = edge - GAP if place == "top" else edge + GAP
    if abs(key) >= _LIMIT:
        rebalance(session)
        return key_for(session, place, exclude=exclude)
    return key


def move(session: Session, card: Card, place: Place) -> None:
    """Shuffle ``card`` to the top or the back of the deck (one row written)."""
    card.position = key_for(session, place, exclude=card.id)
    session.add(card)
    session.flush()


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Card)).one()


def move_to(session: Session, card: Card, number: int) -> None:
    """Put ``card`` at place ``number`` (1 is the top) among all the cards of the deck."""
    others = count(session) - 1
    if number <= 1:
        return move(session, card, "top")
    if number > others:
        return move(session, card, "back")
    for _ in range(2):
        rows = session.exec(
            select(Card.position)
            .where(col(Card.id) != card.id)
            .order_by(col(Card.position), col(Card.id))
            .offset(number - 2)
            .limit(2)
        ).all()
        before, after = rows[0], rows[1]
        if after - before >= 2:
            card.position = (before + after) // 2
            session.add(card)
            session.flush()
            return None
        rebalance(session)
    raise AssertionError("rebalance left no room between two cards")  # pragma: no cover


def rebalance(session: Session) -> None:
    """Spread every key ``GAP`` apart again, keeping the order (rarely needed)."""
    session.flush()
    session.execute(
        text(
            "WITH ranked AS (SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) AS n FROM card) "
            "UPDATE card SET position = (SELECT n FROM ranked WHERE ranked.id = card.id) * :gap"
        ),
        {"gap": GAP},
    )
    session.expire_all()


def rank_of(session: Session, card: Card) -> int:
    """The card's place in the deck, 1 being the top."""
    ahead = session.exec(
        select(func.count())
        .select_from(Card)
        .where(
            (col(Card.position) < card.position)
            | ((col(Card.position) == card.position) & (col(Card.id) < card.id))
        )
    ).one()
    return int(ahead) + 1


def ranked(session: Session, ids: list[int]) -> list[tuple[int, Card]]:
    """The cards of ``ids`` that are in the deck, in that order, each with its place (1 is
    the top); an id no longer in the deck is left out."""
    if len(ids) > _ONE_BY_ONE:  # many (an import's): one pass over the deck in order
        wanted = set(ids)
        query = select(Card).order_by(col(Card.position), col(Card.id))
        found = {c.id: (n, c) for n, c in enumerate(session.exec(query), 1) if c.id in wanted}
        return [found[i] for i in ids if i in found]
    cards = [session.get(Card, i) for i in ids]
    return [(rank_of(session, card), card) for card in cards if card is not None]


_ONE_BY_ONE = 50  # up to this many cards, a count for each is quicker than reading the deck
