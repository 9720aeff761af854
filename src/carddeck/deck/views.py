"""The views a screen pages through: the deck, today, cold, closed, and search results.

Each view is a filter and an order over the card table, counted and read a page at a
time, so a screen shows 100,000 cards as cheaply as 10.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, literal_column, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from carddeck.deck import clock
from carddeck.deck.cadence import cold_before
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.store.models import CLOSED_STATUSES, OPEN_STATUSES, Card, Status


class View(StrEnum):
    deck = "deck"
    today = "today"
    cold = "cold"
    closed = "closed"


@dataclass(frozen=True)
class Query:
    """Which cards to show: a view, optionally narrowed by a search."""

    view: View = View.deck
    search: str = ""
    settings: Settings = DEFAULT_SETTINGS


@dataclass(frozen=True)
class Row:
    """What the deck list shows of a card, without loading all of it."""

    id: int
    name: str
    company: str | None
    status: Status
    next_follow_up: datetime | None


def _end_of_today(now: datetime) -> datetime:
    tomorrow = clock.wall(now).date() + timedelta(days=1)
    return clock.aware(datetime.combine(tomorrow, time()))


def _where(query: Query, now: datetime, *, in_deck_order: bool = False) -> list[Any]:
    # Paging a view kept in deck order, SQLite should walk the position index and filter,
    # not sort every matching card first: the unary + keeps it off the status index, so
    # the first page of 100,000 cards costs what it costs in an empty deck.
    status: Any = literal_column("+card.status") if in_deck_order else col(Card.status)
    conditions: list[Any] = []
    if query.view == View.deck:
        conditions.append(status.in_(OPEN_STATUSES))
    elif query.view == View.today:
        new_lead = and_(col(Card.status) == Status.new, col(Card.first_contacted_at).is_(None))
        conditions.append(col(Card.status).in_(OPEN_STATUSES))
        conditions.append(or_(col(Card.next_follow_up) < _end_of_today(now), new_lead))
    elif query.view == View.cold:
        conditions.append(status.in_(OPEN_STATUSES))
        cold = cold_before(now, query.settings)
        conditions.append(or_(col(Card.next_follow_up).is_(None), col(Card.next_follow_up) < cold))
    else:
        conditions.append(status.in_(CLOSED_STATUSES))
    text = query.search.strip()
    if text:
        like = f"%{text}%"
        fields = [col(Card.name), col(Card.company), col(Card.email), col(Card.phone)]
        terms = [field.ilike(like) for field in fields]
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 3:
            terms.append(col(Card.phone).like(f"%{digits}%"))
        conditions.append(or_(*terms))
    return conditions


def _order(query: Query) -> list[Any]:
    if query.view == View.today:
        return [col(Card.next_follow_up), col(Card.position), col(Card.id)]
    return [col(Card.position), col(Card.id)]


def count(session: Session, query: Query, *, now: datetime | None = None) -> int:
    now = now or clock.now()
    return session.exec(select(func.count()).select_from(Card).where(*_where(query, now))).one()


def page(
    session: Session, query: Query, offset: int, limit: int, *, now: datetime | None = None
) -> list[Row]:
    """``limit`` rows of the view from ``offset`` (0 is the first)."""
    now = now or clock.now()
    statement = (
        sa_select(
            col(Card.id),
            col(Card.name),
            col(Card.company),
            col(Card.status),
            col(Card.next_follow_up),
        )
        .where(*_where(query, now, in_deck_order=query.view in (View.deck, View.closed)))
        .order_by(*_order(query))
        .offset(offset)
        .limit(limit)
    )
    return [Row(*values) for values in session.execute(statement)]


def index_of(
    session: Session, query: Query, card_id: int, *, now: datetime | None = None
) -> int | None:
    """Where the card stands in the view (0 is the first), or None if it is not in it."""
    now = now or clock.now()
    ranked = (
        select(
            col(Card.id).label("cid"),
            func.row_number().over(order_by=_order(query)).label("n"),
        )
        .where(*_where(query, now))
        .subquery()
    )
    found = session.exec(select(ranked.c.n).where(ranked.c.cid == card_id)).first()
    return None if found is None else int(found) - 1
