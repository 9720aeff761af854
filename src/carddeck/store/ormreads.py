"""The read port (``deck/reads.py``) over a SQLModel session, for every backend: today's
sections as SQLAlchemy conditions, lists in deck order with each card's place, the parts
of the screen's views a page at a time, a card and its contacts. ``store/litereads.py``
holds the same reads in plain SQL; tests/store/test_reads.py and
tests/deck/test_firstpage.py hold the two equal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, literal_column, not_, or_, tuple_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from carddeck.store.kinds import OPEN_STATUSES, Status
from carddeck.store.models import Card, Contact
from carddeck.store.reading import Bounds, Filter, Line, Listing, Order, Part, Section


def whose(owner: str | None) -> list[Any]:
    """The condition for the cards ``owner`` works (None: everyone's: no condition)."""
    return [] if owner is None else [col(Card.owner) == owner]


def section_filter(section: Section, bounds: Bounds) -> list[Any]:
    """The conditions for one section. New leads are those not yet called whose date falls
    within a first-contact window from now (the window they were given when added, or a
    date of the owner's own that has come that close); one scheduled further ahead is
    not today's call yet."""
    new_lead = and_(col(Card.status) == Status.new, col(Card.first_contacted_at).is_(None))
    nxt = col(Card.next_follow_up)
    if section == Section.customers:
        return [col(Card.status) == Status.won, nxt < bounds.tonight]
    if section == Section.new:
        return [new_lead, or_(nxt.is_(None), nxt <= bounds.horizon)]
    return [col(Card.status).in_(OPEN_STATUSES), not_(new_lead), *_dates(section, bounds)]


def _dates(section: Section, bounds: Bounds) -> list[Any]:
    """The dates of a section of worked cards (overdue, due today, cold)."""
    nxt = col(Card.next_follow_up)
    if section == Section.cold:
        return [or_(nxt.is_(None), nxt < bounds.cold)]
    if section == Section.overdue:
        return [nxt >= bounds.cold, nxt < bounds.start]
    return [nxt >= bounds.start, nxt < bounds.tonight]


_WORKED = (Section.overdue, Section.due_today, Section.cold)
#: A worked section read in two parts, merged: the statuses past new (the status-and-date
#: index), and the new cards called already (few: a range of the new-leads index), so the
#: never-called new leads, most of the new, are not walked for them.
_PARTS: tuple[list[Any], ...] = (
    [col(Card.status).in_([s for s in OPEN_STATUSES if s != Status.new])],
    [col(Card.status) == Status.new, col(Card.first_contacted_at).is_not(None)],
)


def section_order(section: Section) -> list[Any]:
    """New leads by how little of their window is left (the oldest first), the rest by
    when they were due, then deck order."""
    if section == Section.new:
        return [col(Card.created_at), col(Card.id)]
    return [col(Card.next_follow_up), col(Card.position), col(Card.id)]


def search_filter(text: str) -> list[Any]:
    """The search of the screen and of ``carddeck search``: cards whose name, company, email
    or phone (or a further email or phone) holds ``text`` (any case; a phone also by its
    digits alone, from three)."""
    text = text.strip()
    if not text:
        return []
    like = f"%{text}%"
    phones = [col(Card.phone), col(Card.other_phones)]
    fields = [col(Card.name), col(Card.company), col(Card.email), col(Card.other_emails), *phones]
    terms = [field.ilike(like) for field in fields]
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 3:
        terms += [phone.like(f"%{digits}%") for phone in phones]
    return [or_(*terms)]


def list_filter(wanted: Filter, *, in_order: bool = False) -> list[Any]:
    """The conditions of a list (``carddeck list``, a view's part); ``in_order`` keeps the
    status off its index (an expression), so a page walks the deck's order instead of
    sorting every match."""
    status: Any = literal_column("(card.status || '')") if in_order else col(Card.status)
    where: list[Any] = []
    if wanted.statuses:
        where.append(status.in_(wanted.statuses))
    if wanted.batch is not None:
        where.append(col(Card.batch_id) == wanted.batch)
    where += whose(wanted.owner)
    if wanted.nobody:
        where.append(col(Card.owner).is_(None))
    if wanted.due_by is not None:
        where += [col(Card.status).in_(OPEN_STATUSES), col(Card.next_follow_up) <= wanted.due_by]
    return where + search_filter(wanted.search)


def part_filter(part: Part, *, in_order: bool | None = None) -> list[Any]:
    """The conditions of a view's part."""
    where = list_filter(part.wanted, in_order=part.in_order if in_order is None else in_order)
    if part.section is not None:
        assert part.bounds is not None
        where = section_filter(part.section, part.bounds) + where
    return where


def part_order(part: Part) -> list[Any]:
    """The order of a view's part: its section's, else its own."""
    if part.section is not None:
        return section_order(part.section)
    if part.order == Order.created:
        return [col(Card.created_at), col(Card.id)]
    if part.order == Order.check_in:
        nxt = col(Card.next_follow_up)
        return [nxt.is_(None), nxt, col(Card.position), col(Card.id)]
    return [col(Card.position), col(Card.id)]


_LINE = (
    col(Card.id), col(Card.name), col(Card.company), col(Card.phone), col(Card.status),
    col(Card.next_follow_up), col(Card.created_at),
)  # fmt: skip
#: A page near the top of a worked section read a status at a time (each walks the
#: status-and-date index in date order and stops at the page's end), then the new cards
#: called already (few); past this many cards, one query sorts the section.
_SPLIT_AT_MOST = 4096
#: The parts a worked section is read in, near its top.
_SPLIT: tuple[list[Any], ...] = (
    *([col(Card.status) == s] for s in OPEN_STATUSES if s != Status.new),
    _PARTS[1],
)


_ORDERED = (col(Card.position), col(Card.id))
_NEVER = datetime.min


class OrmReads:
    """The read port over one session, inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _count(self, where: list[Any]) -> int:
        query = select(func.count()).select_from(Card).where(*where)
        return int(self.session.exec(query).one())

    def section(self, section: Section, bounds: Bounds, *, owner: str | None,
                limit: int | None) -> tuple[int, list[Card]]:  # fmt: skip
        if section not in _WORKED:
            return self._page(section_filter(section, bounds) + whose(owner), section, limit)
        total, found = 0, list[Card]()
        for part in _PARTS:
            count, cards = self._page([*part, *_dates(section, bounds), *whose(owner)],
                                      section, limit)  # fmt: skip
            total, found = total + count, found + cards
        # in the database's own order of dates: SQLite puts no date first, PostgreSQL last
        last = self.session.get_bind().dialect.name != "sqlite"
        found.sort(key=lambda c: (
            (c.next_follow_up is None) == last, c.next_follow_up or _NEVER, c.position, c.id or 0
        ))  # fmt: skip
        return total, found[:limit]

    def _page(self, where: list[Any], section: Section,
              limit: int | None) -> tuple[int, list[Card]]:  # fmt: skip
        query = select(Card).where(*where).order_by(*section_order(section)).limit(limit)
        cards = list(self.session.exec(query))
        if limit is None or len(cards) < limit:
            return len(cards), cards
        return self._count(where), cards

    def listing(self, wanted: Filter, limit: int | None) -> Listing:
        where = list_filter(wanted)
        cards = list(self.session.exec(select(Card).where(*where).order_by(*_ORDERED)
                                       .limit(limit)))  # fmt: skip
        total = len(cards) if limit is None or len(cards) < limit else self._count(where)
        return Listing(list(zip(self._places(cards), cards, strict=True)), total)

    def _places(self, cards: Sequence[Card]) -> list[int]:
        """The cards' places (they are in deck order): one count of the cards ahead of the
        first, then one walk of the order's index from the first to the last."""
        if not cards:
            return []
        first, last = cards[0], cards[-1]
        key = tuple_(*_ORDERED)
        ahead = self._count([key < tuple_(first.position, first.id)])
        between = select(col(Card.id)).where(
            key >= tuple_(first.position, first.id), key <= tuple_(last.position, last.id)
        ).order_by(*_ORDERED)  # fmt: skip
        place = {cid: ahead + n for n, cid in enumerate(self.session.exec(between), 1)}
        return [place[card.id] for card in cards if card.id is not None]

    def lines(self, part: Part, offset: int, limit: int) -> list[Line]:
        if part.section in _WORKED and offset + limit <= _SPLIT_AT_MOST:
            return self._near_lines(part, offset, limit)
        query = (sa_select(*_LINE).where(*part_filter(part)).order_by(*part_order(part))
                 .offset(offset).limit(limit))  # fmt: skip
        return [Line(*values) for values in self.session.execute(query)]

    def _near_lines(self, part: Part, offset: int, limit: int) -> list[Line]:
        """A page near the top of a worked section, merged from its statuses' (``_SPLIT``)
        first ``offset + limit`` cards."""
        assert part.section is not None and part.bounds is not None
        end = offset + limit
        order = section_order(part.section)
        found = []
        for split in _SPLIT:
            where = [*split, *_dates(part.section, part.bounds), *list_filter(part.wanted)]
            query = sa_select(*_LINE, col(Card.position)).where(*where).order_by(*order)
            found += list(self.session.execute(query.limit(end)))
        # in the database's own order of dates: SQLite puts no date first, PostgreSQL last
        last = self.session.get_bind().dialect.name != "sqlite"
        found.sort(key=lambda r: ((r[5] is None) == last, r[5] or _NEVER, r[7], r[0]))
        return [Line(*values[:7]) for values in found[offset:end]]

    def size(self, part: Part) -> int:
        if part.section in _WORKED:
            assert part.section is not None and part.bounds is not None
            dates = _dates(part.section, part.bounds)
            return sum(self._count([*split, *dates, *list_filter(part.wanted)])
                       for split in _SPLIT)  # fmt: skip
        return self._count(part_filter(part, in_order=False))

    def place(self, part: Part, card_id: int) -> int | None:
        if part.section is None and part.order == Order.deck:
            return self._in_order(part, card_id)
        ranked = (
            select(col(Card.id).label("cid"),
                   func.row_number().over(order_by=part_order(part)).label("n"))
            .where(*part_filter(part))
            .subquery()
        )  # fmt: skip
        found = self.session.exec(select(ranked.c.n).where(ranked.c.cid == card_id)).first()
        return None if found is None else int(found) - 1

    def _in_order(self, part: Part, card_id: int) -> int | None:
        """A card's place in a part in deck order (``LiteReads._in_order``'s way)."""
        where = part_filter(part, in_order=False)
        found = self.session.exec(select(col(Card.position)).where(col(Card.id) == card_id,
                                                                   *where)).first()  # fmt: skip
        if found is None:
            return None
        key, mark = tuple_(*_ORDERED), tuple_(found, card_id)
        ahead = self._count([key < mark])
        walked = list_filter(part.wanted, in_order=True)
        if ahead <= self._count([]) // 2:
            return self._count([*walked, key < mark])
        return self._count(where) - 1 - self._count([*walked, key > mark])

    def card(self, card_id: int) -> Card | None:
        return self.session.get(Card, card_id)

    def contacts(self, card_id: int) -> list[Contact]:
        query = (
            select(Contact)
            .where(Contact.card_id == card_id)
            .order_by(col(Contact.at).desc(), col(Contact.id).desc())
        )
        return list(self.session.exec(query))
