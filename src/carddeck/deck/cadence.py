"""No lead goes cold: what comes after a contact (when, by which channel, and why), when
a card has gone cold, and when giving up deserves an "are you sure?".

Most leads answer around the seventh attempt; sellers stop at the third. The cadence
(business days counted from the first unanswered attempt) and its length, the goal,
come from the owner's settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from carddeck.deck import clock
from carddeck.deck.calendar import (
    add_work_days,
    at_usual_hour,
    is_work_day,
    next_work_day,
    next_work_day_call,
)
from carddeck.deck.customers import check_in_date
from carddeck.deck.port import AnyCard, DeckPort, port_of
from carddeck.deck.settings import Settings
from carddeck.store.kinds import Channel, Status

if TYPE_CHECKING:
    from sqlmodel import Session

#: The channels an unanswered attempt is tried again by, in turn. A meeting or "other"
#: is never proposed for an attempt nobody answered.
REMOTE: tuple[Channel, ...] = (Channel.call, Channel.text, Channel.email, Channel.social)
#: How far back the channels the owner uses are read (not every contact, every time).
RECENT = 500


class Reason(StrEnum):
    """Why a next follow-up is proposed where it is."""

    answered = "answered"  # they answered: the next working day
    cadence = "cadence"  # no answer: the cadence's next attempt
    used_up = "used_up"  # no answer, and the cadence is used up: nurture is offered
    check_in = "check_in"  # a customer answered: the next check-in for a repeat sale
    retry = "retry"  # a customer did not answer: try again the next working day


@dataclass(frozen=True)
class Proposal:
    """The next step after a contact: when, by which channel, and why.

    ``attempt`` is the number of the attempt the date is for (None after an answer);
    ``day`` its business day in the cadence; ``nurture_until`` is offered once the
    cadence is used up (the card sleeps until then rather than being dropped)."""

    when: datetime
    channel: Channel
    reason: Reason
    goal: int
    attempt: int | None = None
    day: int | None = None
    nurture_until: datetime | None = None


def streak_start(session: Session | DeckPort, card: AnyCard) -> datetime | None:
    """When the current run of unanswered attempts began (None if there is none)."""
    start = None
    for at, reached, _ in port_of(session).contacts_newest(card.id or 0):
        if reached:
            break
        start = at
    return start


def owner_channels(session: Session | DeckPort) -> list[Channel]:
    """The remote channels the owner has used lately (the last 500 contacts logged), in the
    order attempts rotate through them: call, text, email, social."""
    used = port_of(session).channels_lately(RECENT)
    return [channel for channel in REMOTE if channel.value in used]


def _fallback(settings: Settings) -> Channel:
    default = Channel(settings.default_channel)
    return default if default in REMOTE else Channel.call


def _after(session: Session | DeckPort, last: Channel | None, settings: Settings) -> Channel:
    """The channel after ``last`` in turn among the ones the owner uses (``last`` counts
    as used: it may be the contact being logged now)."""
    used = owner_channels(session)
    if last in REMOTE and last not in used:
        used = [channel for channel in REMOTE if channel in used or channel == last]
    if len(used) < 2:
        return _fallback(settings)
    if last is None or last not in used:
        return used[0]
    return used[(used.index(last) + 1) % len(used)]


def _last_unanswered(session: Session | DeckPort, card: AnyCard) -> Channel | None:
    for _, reached, channel in port_of(session).contacts_newest(card.id or 0):
        return None if reached else channel
    return None


def reachable(card: AnyCard, channel: Channel) -> Channel:
    """``channel``, or, when the card holds nothing to reach them that way (a call or a
    text and no phone, an email and no address), the way it does hold."""
    phone = (Channel.call, Channel.text)
    if channel in phone and not card.phone and card.email:
        return Channel.email
    if channel == Channel.email and not card.email and card.phone:
        return Channel.call
    return channel


def turn_channel(session: Session | DeckPort, card: AnyCard, settings: Settings) -> Channel:
    """The channel whose turn it is for the contact being made now: after an unanswered
    attempt, the next one in turn; otherwise the owner's default (each as the card can
    be reached: an email-only lead is emailed)."""
    last = _last_unanswered(session, card)
    if last is None:
        return reachable(card, Channel(settings.default_channel))
    return reachable(card, _after(session, last, settings))


def propose_next(
    session: Session | DeckPort,
    card: AnyCard,
    *,
    reached: bool,
    channel: Channel | None = None,
    now: datetime,
    settings: Settings,
) -> Proposal:
    """What comes after the contact being logged now (``reached`` or not, by
    ``channel``, the channel whose turn it is when None): the date, the channel and the
    reason. Both faces show it and save through ``log_contact``, which applies it when
    no date is given; it is decided here and nowhere else."""
    channel = channel or turn_channel(session, card, settings)
    goal = settings.goal
    next_day = clock.aware(next_work_day_call(clock.wall(now), settings))
    if card.status == Status.won:  # a customer: no cadence, no nurture; the next check-in
        follow = reachable(card, channel if channel in REMOTE else _fallback(settings))
        if reached:
            return Proposal(check_in_date(now, settings), follow, Reason.check_in, goal)
        return Proposal(next_day, follow, Reason.retry, goal)
    if reached:
        follow = channel if channel in REMOTE else _fallback(settings)
        return Proposal(next_day, reachable(card, follow), Reason.answered, goal)
    following = reachable(card, _after(session, channel, settings))
    attempts = card.attempts + 1  # counting the one being logged
    if attempts >= goal:
        until = nurture_date(now, settings)
        return Proposal(next_day, following, Reason.used_up, goal, attempts + 1,
                        nurture_until=until)  # fmt: skip
    first = streak_start(session, card) or now
    start = clock.wall(first).date()
    if not is_work_day(start, settings):
        start = next_work_day(start, settings)
    day = settings.cadence[attempts]
    when = at_usual_hour(add_work_days(start, day - 1, settings), settings)
    if when <= clock.wall(now):  # the cadence has fallen behind: the next working day
        when = clock.wall(next_day)
    return Proposal(clock.aware(when), following, Reason.cadence, goal, attempts + 1, day)


def nurture_date(now: datetime, settings: Settings) -> datetime:
    """Where a card that never answered is offered to sleep: about three months on."""
    day = add_work_days(clock.wall(now).date(), 60, settings)
    return clock.aware(at_usual_hour(day, settings))


@dataclass(frozen=True)
class Doubt:
    """Why marking a card lost deserves an "are you sure?": it has had only ``attempts``
    of the ``goal`` attempts and never answered (or has not lately)."""

    attempts: int
    goal: int


def needs_confirming_lost(card: AnyCard, settings: Settings) -> Doubt | None:
    """A doubt when the card never answered (or has not lately) and the cadence is not
    used up; None when they answered and said no, or every attempt was made."""
    goal = settings.goal
    never_answered = card.attempts > 0 or card.first_contacted_at is None
    if never_answered and card.attempts < goal:
        return Doubt(card.attempts, goal)
    return None
