"""The views a screen pages through: the deck, today (in its sections), cold, closed, the
inbox, customers, and search results.

Each view is a filter and an order over the card table, counted and read a page at a
time, so a screen shows 100,000 cards as cheaply as 10.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from carddeck.deck import clock
from carddeck.deck.agenda import (
    SECTIONS,
    Section,
    hours_left,
    section_filter,
    section_order,
    whose,
)
from carddeck.deck.cards import matching
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.viewkinds import Query, Row, View
from carddeck.store.models import CLOSED_STATUSES, OPEN_STATUSES, Card, Status
from carddeck.words import without_controls

_COLUMNS = (
    col(Card.id), col(Card.name), col(Card.company), col(Card.phone), col(Card.status),
    col(Card.next_follow_up), col(Card.created_at),
)  # fmt: skip


def _search(query: Query) -> list[Any]:
    return matching(query.search)


def _where(query: Query, now: datetime, *, in_deck_order: bool = False) -> list[Any]:
    """The conditions of a view that is not split in sections."""
    # Paging a view kept in deck order, SQLite should walk the position index and filter,
    # not sort every matching card first: an expression (status || '') keeps it off the
    # status index, so the first page of 100,000 cards costs what it costs in an empty deck.
    status: Any = literal_column("(card.status || '')") if in_deck_order else col(Card.status)
    if query.view == View.deck:
        conditions = [status.in_(OPEN_STATUSES)]
    elif query.view == View.cold:
        conditions = section_filter(Section.cold, now, query.settings)
    else:
        conditions = [status.in_(CLOSED_STATUSES)]
    return conditions + _search(query)


def _parts(query: Query, now: datetime) -> list[tuple[Section | None, list[Any], list[Any]]]:
    """The view as (section, conditions, order) parts, read one after the other."""
    if query.view == View.today:
        return [
            (s, section_filter(s, now, query.settings) + _search(query) + whose(query.owner),
             section_order(s))
            for s in SECTIONS
        ]  # fmt: skip
    if query.view == View.inbox:  # nobody's: the filter step, oldest first
        waiting = [col(Card.owner).is_(None), col(Card.status).in_(OPEN_STATUSES)]
        return [(None, waiting + _search(query), [col(Card.created_at), col(Card.id)])]
    if query.view == View.customers:  # won: the soonest check-in first, none planned last
        nxt = col(Card.next_follow_up)
        won = [col(Card.status) == Status.won, *_search(query), *whose(query.owner)]
        return [(None, won, [nxt.is_(None), nxt, col(Card.position), col(Card.id)])]
    in_order = query.view in (View.deck, View.closed)
    order = [col(Card.position), col(Card.id)]
    if query.view == View.cold:
        order = section_order(Section.cold)
    return [(None, _where(query, now, in_deck_order=in_order) + whose(query.owner), order)]


def _count(session: Session, conditions: list[Any]) -> int:
    return int(session.exec(select(func.count()).select_from(Card).where(*conditions)).one())


def sections(
    session: Session, query: Query, *, now: datetime | None = None
) -> list[tuple[Section, int]]:
    """How many cards each section of the today view holds (empty for other views)."""
    now = now or clock.now()
    if query.view != View.today:
        return []
    return [(s, _count(session, where)) for s, where, _ in _parts(query, now) if s is not None]


def count(session: Session, query: Query, *, now: datetime | None = None) -> int:
    now = now or clock.now()
    return sum(_count(session, where) for _, where, _ in _parts(query, now))


def _row(values: Any, section: Section | None, now: datetime, settings: Settings) -> Row:
    card_id, name, company, phone, status, nxt, created = values
    left = hours_left(created, nxt, now, settings)[1] if section == Section.new else None
    company = without_controls(company) if company else company
    return Row(card_id, without_controls(name), company, phone, status, nxt, section, left)


def page(
    session: Session, query: Query, offset: int, limit: int, *, now: datetime | None = None
) -> list[Row]:
    """``limit`` rows of the view from ``offset`` (0 is the first)."""
    now = now or clock.now()
    rows: list[Row] = []
    parts = _parts(query, now)
    for section, where, order in parts:
        if len(rows) >= limit:
            break
        # a later section is reached past the earlier ones' cards: counted only to skip
        # them (from the first card on, each is read until the page is full)
        size = _count(session, where) if len(parts) > 1 and offset > 0 else None
        if size is not None and offset >= size:
            offset -= size
            continue
        statement = (
            sa_select(*_COLUMNS).where(*where).order_by(*order)
            .offset(offset).limit(limit - len(rows))
        )  # fmt: skip
        rows += [_row(v, section, now, query.settings) for v in session.execute(statement)]
        offset = 0
    return rows


def index_of(
    session: Session, query: Query, card_id: int, *, now: datetime | None = None
) -> int | None:
    """Where the card stands in the view (0 is the first), or None if it is not in it."""
    now = now or clock.now()
    ahead = 0
    for _, where, order in _parts(query, now):
        ranked = (
            select(col(Card.id).label("cid"), func.row_number().over(order_by=order).label("n"))
            .where(*where)
            .subquery()
        )
        found = session.exec(select(ranked.c.n).where(ranked.c.cid == card_id)).first()
        if found is not None:
            return ahead + int(found) - 1
        ahead += _count(session, where)
    return None


def anything_due(session: Session, *, now: datetime | None = None,
                 settings: Settings = DEFAULT_SETTINGS) -> bool:  # fmt: skip
    """Whether today's view holds any card (asked once, to choose where the screen opens)."""
    now = now or clock.now()
    for section in SECTIONS:
        where = section_filter(section, now, settings)
        if session.exec(select(Card.id).where(*where).limit(1)).first() is not None:
            return True
    return False


def start_view(session: Session, settings: Settings, *, now: datetime | None = None) -> View:
    """The view the screen opens on: the setting's, or today when anything is due."""
    if settings.start_view != "auto":
        return View(settings.start_view)
    return View.today if anything_due(session, now=now, settings=settings) else View.deck


__all__ = [
    "Query",
    "Row",
    "View",
    "anything_due",
    "count",
    "index_of",
    "page",
    "sections",
    "start_view",
]
