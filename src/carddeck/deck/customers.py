"""A won customer is never closed: each sale is a Sale row, the card keeps a next check-in
for the next sale (``check_in_days`` after it, on a working day at the usual hour), and
customers due a check-in are among today's calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from carddeck.deck import clock
from carddeck.deck.calendar import at_usual_hour, is_work_day, next_work_day
from carddeck.deck.port import AnyCard, DeckPort, port_of
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.store.kinds import Status

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.store.models import Card, Sale


def check_in_date(now: datetime, settings: Settings = DEFAULT_SETTINGS) -> datetime:
    """When to check in with a customer after a sale (or a talk) now: ``check_in_days``
    later, moved on to a working day, at the owner's usual hour."""
    day = clock.wall(now).date() + timedelta(days=settings.check_in_days)
    if not is_work_day(day, settings):
        day = next_work_day(day, settings)
    return clock.aware(at_usual_hour(day, settings))


def sale_count(session: Session | DeckPort, card: AnyCard) -> int:
    """How many sales the card has had."""
    return port_of(session).sales_count(card.id or 0)


def sales_of(session: Session, card: Card) -> list[Sale]:
    """The card's sales, oldest first."""
    from sqlmodel import col, select

    from carddeck.store.models import Sale

    query = select(Sale).where(Sale.card_id == card.id).order_by(col(Sale.at), col(Sale.id))
    return list(session.exec(query))


@dataclass(frozen=True)
class Customer:
    """A won card, with how many sales it has had and what they came to (hundredths;
    None when no sale had a value)."""

    card: Card
    sales: int
    total: int | None


def customers(session: Session, *, owner: str | None = None) -> list[Customer]:
    """Every won card, the soonest check-in first (those without one last), with its
    sales counted and summed."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from carddeck.store.models import Card, Sale

    counted = (
        select(
            col(Sale.card_id).label("cid"),
            func.count(col(Sale.id)).label("n"),
            func.sum(col(Sale.value)).label("total"),
        )
        .group_by(col(Sale.card_id))
        .subquery()
    )
    query = (
        select(Card, counted.c.n, counted.c.total)
        .outerjoin(counted, counted.c.cid == Card.id)
        .where(col(Card.status) == Status.won)
        .order_by(
            col(Card.next_follow_up).is_(None),
            col(Card.next_follow_up),
            col(Card.position),
            col(Card.id),
        )  # fmt: skip
    )
    if owner is not None:
        query = query.where(col(Card.owner) == owner)
    return [
        Customer(card, int(n or 0), None if total is None else int(total))
        for card, n, total in session.exec(query)
    ]
