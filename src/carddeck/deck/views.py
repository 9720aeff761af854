"""The views a screen pages through: the deck, today (in its sections), cold, closed, the
inbox, customers, and search results.

Each view is a filter and an order over the card table, said once here as parts
(``store.reading.Part``: plain data) and read through the read port (``deck/reads.py``):
the ORM's on every backend, plain sqlite3 for the screen's first card on an SQLite file.
A view is counted and read a page at a time, so a screen shows 100,000 cards as cheaply
as 10. Nothing here loads the ORM.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from carddeck.deck import clock
from carddeck.deck.reads import reads_of
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.viewkinds import Query, Row, View
from carddeck.deck.windows import bounds, hours_left
from carddeck.store.kinds import CLOSED_STATUSES, OPEN_STATUSES, Status
from carddeck.store.reading import SECTIONS, Filter, Line, Order, Part, Section
from carddeck.words import without_controls

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.deck.port import AnyCard
    from carddeck.deck.reads import ReadPort

    Deck = Session | ReadPort


def parts(query: Query, now: datetime) -> list[Part]:
    """The view as parts, read one after the other: each view's filter and order."""
    mine = Filter(owner=query.owner, search=query.search)
    if query.view == View.today:
        lines = bounds(now, query.settings)
        return [Part(mine, section, lines) for section in SECTIONS]
    if query.view == View.cold:
        return [Part(mine, Section.cold, bounds(now, query.settings))]
    if query.view == View.inbox:  # nobody's: the filter step, oldest first
        waiting = Filter(OPEN_STATUSES, nobody=True, search=query.search)
        return [Part(waiting, order=Order.created)]
    if query.view == View.customers:  # won: the soonest check-in first, none planned last
        return [Part(mine._replace(statuses=(Status.won,)), order=Order.check_in)]
    statuses = OPEN_STATUSES if query.view == View.deck else CLOSED_STATUSES
    # Paging a view kept in deck order, SQLite should walk the position index and filter,
    # not sort every matching card first, so the first page of 100,000 cards costs what it
    # costs in an empty deck.
    return [Part(mine._replace(statuses=statuses), in_order=True)]


def sections(deck: Deck, query: Query, *, now: datetime | None = None) -> list[tuple[Section, int]]:
    """How many cards each section of the today view holds (empty for other views)."""
    if query.view != View.today:
        return []
    reads = reads_of(deck)
    return [(p.section, reads.size(p)) for p in parts(query, now or clock.now()) if p.section]


def count(deck: Deck, query: Query, *, now: datetime | None = None) -> int:
    reads = reads_of(deck)
    return sum(reads.size(part) for part in parts(query, now or clock.now()))


def _row(line: Line, section: Section | None, now: datetime, settings: Settings) -> Row:
    card_id, name, company, phone, status, nxt, created = line
    left = hours_left(created, nxt, now, settings)[1] if section == Section.new else None
    company = without_controls(company) if company else company
    return Row(card_id, without_controls(name), company, phone, status, nxt, section, left)


def page(
    deck: Deck, query: Query, offset: int, limit: int, *, now: datetime | None = None
) -> list[Row]:
    """``limit`` rows of the view from ``offset`` (0 is the first)."""
    now = now or clock.now()
    reads = reads_of(deck)
    rows: list[Row] = []
    found = parts(query, now)
    for part in found:
        if len(rows) >= limit:
            break
        # a later part is reached past the earlier ones' cards: counted only to skip them
        # (from the first card on, each is read until the page is full)
        if len(found) > 1 and offset > 0:
            size = reads.size(part)
            if offset >= size:
                offset -= size
                continue
        shown = part.section if query.view == View.today else None
        rows += [_row(line, shown, now, query.settings)
                 for line in reads.lines(part, offset, limit - len(rows))]  # fmt: skip
        offset = 0
    return rows


def index_of(deck: Deck, query: Query, card_id: int, *, now: datetime | None = None) -> int | None:
    """Where the card stands in the view (0 is the first), or None if it is not in it."""
    reads = reads_of(deck)
    ahead = 0
    for part in parts(query, now or clock.now()):
        found = reads.place(part, card_id)
        if found is not None:
            return ahead + found
        ahead += reads.size(part)
    return None


def anything_due(deck: Deck, *, now: datetime | None = None,
                 settings: Settings = DEFAULT_SETTINGS) -> bool:  # fmt: skip
    """Whether today's view holds any card (asked once, to choose where the screen opens)."""
    reads = reads_of(deck)
    today = Query(View.today, settings=settings)
    return any(reads.lines(part, 0, 1) for part in parts(today, now or clock.now()))


def start_view(deck: Deck, settings: Settings, *, now: datetime | None = None) -> View:
    """The view the screen opens on: the setting's, or today when anything is due."""
    if settings.start_view != "auto":
        return View(settings.start_view)
    return View.today if anything_due(deck, now=now, settings=settings) else View.deck


def opening(reads: ReadPort, query: Query, *, started: bool, limit: int,
            now: datetime) -> tuple[Query, list[Row], AnyCard | None]:  # fmt: skip
    """The view the screen opens on (``query``'s when ``started``, else as ``start_view``
    chooses), its first page and its first card, whole. Choosing on its own, today's first
    page is read first: found, today it is (each read once)."""
    chosen = _opened(reads, query, started=started, limit=limit, now=now)
    first = page(reads, chosen[0], 0, limit, now=now) if chosen[1] is None else chosen[1]
    card = reads.card(first[0].id) if first else None
    return chosen[0], first, card


def _opened(reads: ReadPort, query: Query, *, started: bool, limit: int,
            now: datetime) -> tuple[Query, list[Row] | None]:  # fmt: skip
    settings = query.settings
    if started or settings.start_view != "auto":
        return query._replace(view=query.view if started else View(settings.start_view)), None
    today = query._replace(view=View.today)
    found = page(reads, today, 0, limit, now=now)
    if found:
        return today, found
    if query.owner is not None and anything_due(reads, now=now, settings=settings):
        return today, found  # something is due, of other sellers only
    return query._replace(view=View.deck), None


__all__ = [
    "Query",
    "Row",
    "View",
    "anything_due",
    "count",
    "index_of",
    "opening",
    "page",
    "parts",
    "sections",
    "start_view",
]
