"""Today's calls: overdue, due today, new leads in their 24-hour window, and cold cards
(open with no next date, or overdue by more than the cold threshold in business days)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import and_, not_
from sqlmodel import Session, col, select

from carddeck.deck import clock
from carddeck.deck.cadence import cold_before
from carddeck.deck.calendar import work_hours_between
from carddeck.deck.cards import first_contact_due
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.store.models import OPEN_STATUSES, Card, Status


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

    def __len__(self) -> int:
        return len(self.overdue) + len(self.due_today) + len(self.new) + len(self.cold)


def today(
    session: Session, *, now: datetime | None = None, settings: Settings = DEFAULT_SETTINGS
) -> Agenda:
    """Who to call today, in the order to call them."""
    now = now or clock.now()
    start = clock.aware(datetime.combine(clock.wall(now).date(), time()))
    tomorrow = clock.aware(datetime.combine(clock.wall(now).date() + timedelta(days=1), time()))
    agenda = Agenda()
    new = session.exec(
        select(Card).where(Card.status == Status.new, col(Card.first_contacted_at).is_(None))
    )
    for card in new:
        due = first_contact_due(card.created_at, settings)
        hours = work_hours_between(clock.wall(now), clock.wall(due), settings)
        agenda.new.append(NewLead(card, due, round(hours, 1)))
    agenda.new.sort(key=lambda lead: (lead.hours_left, lead.card.id or 0))
    rest = session.exec(
        select(Card)
        .where(
            col(Card.status).in_(OPEN_STATUSES),
            not_(and_(col(Card.status) == Status.new, col(Card.first_contacted_at).is_(None))),
            (col(Card.next_follow_up) < tomorrow) | col(Card.next_follow_up).is_(None),
        )
        .order_by(col(Card.next_follow_up), col(Card.position), col(Card.id))
    )
    cold = cold_before(now, settings)
    for card in rest:
        if card.next_follow_up is None or card.next_follow_up < cold:
            agenda.cold.append(card)
        elif card.next_follow_up < start:
            agenda.overdue.append(card)
        else:
            agenda.due_today.append(card)
    return agenda
