"""What the reads of today's calls and of lists in deck order pass between the method
(``deck/agenda.py``, ``deck/reads.py``) and the two stores that answer them
(``store/ormreads.py``, ``store/litereads.py``): plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

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


@dataclass(frozen=True)
class Bounds:
    """The moments the sections are drawn by: midnight this morning, midnight tonight, the
    cold line (older follow-ups are cold), and the horizon of a new lead's window (a new
    lead dated past it is not today's call yet)."""

    start: datetime
    tonight: datetime
    cold: datetime
    horizon: datetime


@dataclass(frozen=True)
class Filter:
    """Which cards a list shows: of these statuses (None: any), due by a moment (open ones
    only), from one import, of one seller."""

    statuses: tuple[Status, ...] | None = None
    due_by: datetime | None = None
    batch: int | None = None
    owner: str | None = None


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
