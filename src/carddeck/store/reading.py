"""What the reads of today's calls and of lists in deck order pass between the method
(``deck/agenda.py``, ``deck/reads.py``) and the two stores that answer them
(``store/ormreads.py``, ``store/litereads.py``): plain data, no database. The records the
screen's first card is read with are named tuples, frozen as a frozen dataclass is and
made in a tenth of its time (a dataclass's methods are compiled as each process starts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from carddeck.store.kinds import Status

if TYPE_CHECKING:
    from carddeck.store.models import Card
    from carddeck.store.rows import CardRow


class Section(StrEnum):
    """The parts of today's calls, in the order they are worked."""

    overdue = "overdue"
    due_today = "due_today"
    new = "new"
    cold = "cold"
    customers = "customers"  # won cards whose check-in for a repeat sale has come


SECTIONS: tuple[Section, ...] = tuple(Section)


class Bounds(NamedTuple):
    """The moments the sections are drawn by: midnight this morning, midnight tonight, the
    cold line (older follow-ups are cold), and the horizon of a new lead's window (a new
    lead dated past it is not today's call yet)."""

    start: datetime
    tonight: datetime
    cold: datetime
    horizon: datetime


class Filter(NamedTuple):
    """Which cards a list shows: of these statuses (None: any), due by a moment (open ones
    only), from one import, of one seller (or of nobody yet), holding a searched text in
    a name, company, email or phone (any case; a phone also by its digits, from three)."""

    statuses: tuple[Status, ...] | None = None
    due_by: datetime | None = None
    batch: int | None = None
    owner: str | None = None
    nobody: bool = False
    search: str = ""


class Order(StrEnum):
    """The orders a view's part is read in."""

    deck = "deck"  # the deck's order: position, then id
    created = "created"  # the oldest first
    check_in = "check_in"  # the soonest date first, none last, then the deck's order


class Part(NamedTuple):
    """One part of a view of the deck, read in its order: a section of today's calls
    (``section`` and the ``bounds`` it is drawn by, in the section's own order) or a
    list (``order``), narrowed by ``wanted``."""

    wanted: Filter
    section: Section | None = None
    bounds: Bounds | None = None
    order: Order = Order.deck
    #: Read in the deck's order past the status index (an expression keeps it off), so
    #: a page walks the order's index rather than sorting every card of a big view.
    in_order: bool = False


class Line(NamedTuple):
    """What a view's list shows of a card, as the store reads it."""

    id: int
    name: str
    company: str | None
    phone: str | None
    status: Status
    next_follow_up: datetime | None
    created_at: datetime


@dataclass
class Listing:
    """The first cards of a list, each with its place in the whole deck (1 is the top),
    and how many the list holds in all."""

    rows: list[tuple[int, Card | CardRow]]
    total: int
    limit: int | None = None

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    @property
    def cut(self) -> bool:
        return self.more > 0
