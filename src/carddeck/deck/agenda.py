"""Today's calls, in five sections: overdue, due today, new leads in their first-contact
window, cold cards (open with no next date, or overdue by more than the cold threshold
in business days), and customers to check in (won, their check-in by the end of today).
Each card falls in at most one section; the CLI's ``today`` and the screen's today view
both read these definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, not_, or_
from sqlmodel import Session, col, select

from carddeck.deck import clock
from carddeck.deck.cadence import cold_before
from carddeck.deck.calendar import add_work_hours, work_hours_between
from carddeck.deck.cards import first_contact_due
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.store.models import OPEN_STATUSES, Card, Status


class Section(StrEnum):
    """The parts of today's calls, in the order they are worked."""

    overdue = "overdue"
    due_today = "due_today"
    new = "new"
    cold = "cold"
    customers = "customers"  # won cards whose check-in for a repeat sale has come


SECTIONS: tuple[Section, ...] = tuple(Section)


def whose(owner: str | None) -> list[Any]:
    """The condition for the cards ``owner`` works (None: everyone's: no condition)."""
    return [] if owner is None else [col(Card.owner) == owner]


def _bounds(now: datetime, settings: Settings) -> tuple[datetime, datetime, datetime]:
    """Midnight this morning, midnight tonight, and the cold line."""
    day = clock.wall(now).date()
    start = clock.aware(datetime.combine(day, time()))
    tonight = clock.aware(datetime.combine(day + timedelta(days=1), time()))
    return start, tonight, cold_before(now, settings)


def section_filter(section: Section, now: datetime, settings: Settings) -> list[Any]:
    """The SQL conditions for one section. New leads are those not yet called whose date
    falls within a first-contact window from now (the window they were given when added,
    or a date of the owner's own that has come that close); one scheduled further ahead
    is not today's call yet."""
    start, tonight, cold = _bounds(now, settings)
    new_lead = and_(col(Card.status) == Status.new, col(Card.first_contacted_at).is_(None))
    if section == Section.customers:
        return [col(Card.status) == Status.won, col(Card.next_follow_up) < tonight]
    if section == Section.new:
        horizon = clock.aware(add_work_hours(clock.wall(now), settings.first_contact_hours,
                                             settings))  # fmt: skip
        nxt = col(Card.next_follow_up)
        return [new_lead, or_(nxt.is_(None), nxt <= horizon)]
    worked = [col(Card.status).in_(OPEN_STATUSES), not_(new_lead)]
    nxt = col(Card.next_follow_up)
    if section == Section.cold:
        return [*worked, or_(nxt.is_(None), nxt < cold)]
    if section == Section.overdue:
        return [*worked, nxt >= cold, nxt < start]
    return [*worked, nxt >= start, nxt < tonight]


def section_order(section: Section) -> list[Any]:
    """Each section's order: new leads by how little of their window is left (the oldest
    first), the rest by when they were due, then deck order."""
    if section == Section.new:
        return [col(Card.created_at), col(Card.id)]
    return [col(Card.next_follow_up), col(Card.position), col(Card.id)]


def hours_left(
    created: datetime, due: datetime | None, now: datetime, settings: Settings
) -> tuple[datetime, float]:
    """A new lead's first-contact deadline (its date, else its window's end) and the
    working hours left until it (negative: late), to one decimal."""
    due = due or first_contact_due(created, settings)
    hours = work_hours_between(clock.wall(now), clock.wall(due), settings)
    return due, round(hours, 1)


@dataclass
class NewLead:
    """A lead not yet contacted, and the working hours left in its window (negative: late)."""

    card: Card
    due: datetime
    hours_left: float


@dataclass
class Agenda:
    overdue: list[Card] = field(default_factory=list)
    due_today: list[Card] = field(default_factory=list)
    new: list[NewLead] = field(default_factory=list)
    cold: list[Card] = field(default_factory=list)
    customers: list[Card] = field(default_factory=list)

    def __len__(self) -> int:
        return (len(self.overdue) + len(self.due_today) + len(self.new) + len(self.cold)
                + len(self.customers))  # fmt: skip


def today(
    session: Session,
    *,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    owner: str | None = None,
) -> Agenda:
    """Who to call today, in the order to call them (of ``owner``'s cards, if given)."""
    now = now or clock.now()
    agenda = Agenda()
    worked = {Section.overdue: agenda.overdue, Section.due_today: agenda.due_today,
              Section.cold: agenda.cold, Section.customers: agenda.customers}  # fmt: skip
    for section in SECTIONS:
        query = (
            select(Card)
            .where(*section_filter(section, now, settings), *whose(owner))
            .order_by(*section_order(section))
        )
        cards = list(session.exec(query))
        if section == Section.new:
            for card in cards:
                due, left = hours_left(card.created_at, card.next_follow_up, now, settings)
                agenda.new.append(NewLead(card, due, left))
        else:
            worked[section].extend(cards)
    return agenda
