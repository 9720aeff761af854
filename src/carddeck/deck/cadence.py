"""No lead goes cold: when to try again after no answer, by which channel, and when a card
has gone cold. Most leads answer around the seventh attempt; sellers stop at the third."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from carddeck.deck import clock
from carddeck.deck.calendar import add_work_days, at_usual_hour, is_work_day, next_work_day
from carddeck.deck.settings import Settings
from carddeck.store.models import Card, Contact


@dataclass(frozen=True)
class Suggestion:
    """The next attempt the cadence proposes, and why."""

    at: datetime
    attempt: int  # the number of the attempt it proposes (2 after a first unanswered one)
    day: int  # its business day in the cadence, the first attempt being day 1
    channel: str | None  # rotated across the channels the owner uses, if several


def streak_start(session: Session, card: Card) -> datetime | None:
    """When the current run of unanswered attempts began (None if there is none)."""
    start = None
    query = (
        select(Contact.at, Contact.reached)
        .where(Contact.card_id == card.id)
        .order_by(col(Contact.at).desc(), col(Contact.id).desc())
    )
    for at, reached in session.exec(query):
        if reached:
            break
        start = at
    return start


RECENT = 500


def owner_channels(session: Session) -> list[str]:
    """The channels the owner uses lately (the last 500 contacts), most used first: not a
    count over every contact ever, each time a contact is logged."""
    recent = select(Contact.channel).order_by(col(Contact.id).desc()).limit(RECENT).subquery()
    query = (
        select(recent.c.channel, func.count())
        .group_by(recent.c.channel)
        .order_by(func.count().desc(), recent.c.channel)
    )
    return [str(channel) for channel, _ in session.exec(query)]


def next_channel(session: Session, card: Card, default: str) -> str:
    """The channel for the card's next attempt: the one after its last attempt's, in turn
    through the channels the owner uses (or the default when there is only one)."""
    used = owner_channels(session)
    if len(used) < 2:
        return default
    last = session.exec(
        select(Contact.channel)
        .where(Contact.card_id == card.id, col(Contact.reached).is_(False))
        .order_by(col(Contact.at).desc(), col(Contact.id).desc())
        .limit(1)
    ).first()
    if last is None or str(last) not in used:
        return used[0]
    return used[(used.index(str(last)) + 1) % len(used)]


def suggest(
    session: Session, card: Card, *, now: datetime, settings: Settings, after: int | None = None
) -> Suggestion | None:
    """After the card's unanswered attempts so far (or ``after`` of them), the next one
    from the cadence; None once it is used up (then offer nurture, don't drop the card)."""
    attempts = card.attempts if after is None else after
    if attempts >= len(settings.cadence):
        return None
    first = streak_start(session, card) or now
    start = clock.wall(first).date()
    if not is_work_day(start, settings):
        start = next_work_day(start, settings)
    day = settings.cadence[attempts]
    when = at_usual_hour(add_work_days(start, day - 1, settings), settings)
    today = clock.wall(now)
    if when <= today:  # the cadence has fallen behind: the next working day, not the past
        when = at_usual_hour(next_work_day(today.date(), settings), settings)
    channel = next_channel(session, card, settings.default_channel)
    return Suggestion(clock.aware(when), attempts + 1, day, channel)


def nurture_date(now: datetime, settings: Settings) -> datetime:
    """Where a card that never answered is offered to sleep: about three months on."""
    day = add_work_days(clock.wall(now).date(), 60, settings)
    return clock.aware(at_usual_hour(day, settings))


def cold_before(now: datetime, settings: Settings) -> datetime:
    """Open cards due before this moment are cold (overdue by more than the threshold)."""
    day = clock.wall(now).date()
    for _ in range(settings.cold_after_days):
        day -= timedelta(days=1)
        while not is_work_day(day, settings):
            day -= timedelta(days=1)
    return clock.aware(datetime.combine(day, datetime.min.time()))


def needs_confirming_lost(card: Card, settings: Settings) -> str | None:
    """Why marking the card lost deserves an "are you sure?", if it does: it was never
    answered (or has not answered lately) and the cadence is not used up."""
    goal = len(settings.cadence)
    never_answered = card.attempts > 0 or card.first_contacted_at is None
    if never_answered and card.attempts < goal:
        return (
            f"only {card.attempts} of {goal} attempts so far, and most leads answer around "
            f"the {goal}th"
        )
    return None
