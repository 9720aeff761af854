"""Logging a contact the way the method asks: rate, their interest, one notch up, rate again."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from carddeck.deck import clock, order
from carddeck.deck.cadence import nurture_date, suggest
from carddeck.deck.calendar import next_work_day_call
from carddeck.deck.cards import Outcome
from carddeck.deck.fields import check_rating, choice, clean
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import InvalidInput
from carddeck.store.models import OPEN_STATUSES, Card, Channel, Contact, Status

#: Most leads answer only around the seventh attempt; sellers tend to stop at three.
ATTEMPTS_GOAL = 7


def default_follow_up(now: datetime, settings: Settings) -> datetime:
    """The next working day at the owner's usual hour."""
    return clock.aware(next_work_day_call(clock.wall(now), settings))


def ensure_open(card: Card, doing: str) -> None:
    if card.status not in OPEN_STATUSES:
        shown = card.status.value.replace("_", " ")
        raise InvalidInput(f"#{card.id} {card.name} is {shown}; reopen it before {doing}")


def log_contact(
    session: Session,
    card: Card,
    *,
    reached: bool = True,
    channel: Channel | str = Channel.call,
    rating: int | None = None,
    interest: int | None = None,
    notch: str | None = None,
    rating_after: int | None = None,
    summary: str | None = None,
    next_follow_up: datetime | None = None,
    place: order.Place | None = None,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Record one touch and carry its answers onto the card; the card keeps a next date."""
    ensure_open(card, "logging a contact")
    now = now or clock.now()
    contact = Contact(
        card_id=card.id or 0,
        at=now,
        channel=choice(Channel, channel, "channel"),
        reached=reached,
        summary=clean(summary),
    )
    if reached:
        contact.rating = check_rating(rating, "my rating of the contact")
        contact.interest = check_rating(interest, "their interest")
        contact.notch = clean(notch)
        if contact.notch is None and contact.interest < 10:
            raise InvalidInput(
                f"what would it take to get them to {contact.interest + 1}? the notch-up answer "
                "is needed"
            )
        if rating_after is not None:
            contact.rating_after = check_rating(rating_after, "my rating after")
        card.rating = contact.rating_after or contact.rating
        card.interest = contact.interest
        card.notch = contact.notch
        card.attempts = 0
    else:
        if any(v is not None for v in (rating, interest, rating_after)) or clean(notch):
            raise InvalidInput("nobody answered, so there is nothing to rate: drop the ratings")
        card.attempts += 1
    outcome = Outcome(card, contact=contact)
    if next_follow_up is None and not reached:
        session.add(contact)
        session.flush()
        suggestion = suggest(session, card, now=now, settings=settings)
        if suggestion is not None:
            next_follow_up = suggestion.at
            when = clock.wall(next_follow_up).strftime("%a %d %b %H:%M")
            by = f" by {suggestion.channel}" if suggestion.channel else ""
            outcome.notes.append(
                f"next attempt {suggestion.attempt}{by}: {when} "
                f"(cadence: business day {suggestion.day})"
            )
    if next_follow_up is None:
        next_follow_up = default_follow_up(now, settings)
        when = clock.wall(next_follow_up).strftime("%a %d %b %H:%M")
        outcome.notes.append(f"no next date given: follow up {when} (next working day)")
    elif next_follow_up < now:
        raise InvalidInput("the next follow-up must be ahead, not in the past")
    card.next_follow_up = contact.next_follow_up = next_follow_up
    if card.first_contacted_at is None:
        card.first_contacted_at = now
    card.status = Status.active
    card.updated_at = now
    card.version += 1
    if not reached and card.attempts >= len(settings.cadence):
        until = clock.wall(nurture_date(now, settings)).strftime("%Y-%m-%d")
        outcome.notes.append(
            f"{card.attempts} attempts without an answer: nurture it rather than drop it "
            f"(carddeck nurture {card.id} --until {until})"
        )
    session.add(contact)
    session.add(card)
    if place is not None:
        order.move(session, card, place)
    session.flush()
    return outcome
