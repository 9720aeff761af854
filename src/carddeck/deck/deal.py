"""Dealing the day: today's due cards to the top of the deck, in an order the owner can read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlmodel import Session, col, select

from carddeck.deck import clock, order
from carddeck.deck.agenda import whose
from carddeck.deck.calendar import work_hours_between
from carddeck.deck.journal import ChangeKind, record, snapshot
from carddeck.deck.settings import Settings
from carddeck.store.models import OPEN_STATUSES, Card

OVERDUE_WEIGHT = 3


@dataclass(frozen=True)
class Dealt:
    """A due card, its score, and the parts the score is made of."""

    card: Card
    overdue_days: int
    interest: int
    rating: int
    attempts_left: int

    @property
    def score(self) -> int:
        return OVERDUE_WEIGHT * self.overdue_days + self.interest + self.rating + self.attempts_left


def deal(session: Session, *, now: datetime | None = None, settings: Settings,
         owner: str | None = None) -> list[Dealt]:  # fmt: skip
    """Move today's due cards (overdue or due by tonight) to the top, highest score first;
    the rest of the deck keeps the owner's order. Returns them in their new order."""
    now = now or clock.now()
    tonight = clock.aware(datetime.combine(clock.wall(now).date() + timedelta(days=1), time()))
    due = session.exec(
        select(Card).where(
            col(Card.status).in_(OPEN_STATUSES), col(Card.next_follow_up) < tonight, *whose(owner)
        )  # fmt: skip
    ).all()
    goal = settings.goal
    dealt = []
    for card in due:
        assert card.next_follow_up is not None
        late = work_hours_between(clock.wall(card.next_follow_up), clock.wall(now), settings)
        dealt.append(
            Dealt(
                card,
                max(0, int(late // 24)),
                card.interest or 0,
                card.rating or 0,
                max(0, goal - card.attempts),
            )  # fmt: skip
        )
    dealt.sort(key=lambda d: (-d.score, d.card.position, d.card.id or 0))
    op: int | None = None
    for item in reversed(dealt):  # the lowest first, so the highest ends on top
        before = snapshot(item.card)
        order.move(session, item.card, "top")
        op = record(session, ChangeKind.deal, item.card, before, now=now, op=op).op
    return dealt
