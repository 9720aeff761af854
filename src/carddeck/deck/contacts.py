"""Logging a contact the way the method asks: rate it, their interest, one notch up, rate
again, and what comes next (the method's proposal unless the owner says otherwise)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING

from carddeck.deck import clock, order
from carddeck.deck.cadence import propose_next, turn_channel
from carddeck.deck.calendar import next_work_day_call
from carddeck.deck.cards import Outcome
from carddeck.deck.fields import check_rating, choice, clean
from carddeck.deck.journal import ChangeKind, record, snapshot
from carddeck.deck.port import AnyCard, DeckPort, port_of
from carddeck.deck.records import LogEntry
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import InvalidInput
from carddeck.store.kinds import OPEN_STATUSES, Channel, Status

if TYPE_CHECKING:
    from sqlmodel import Session


def default_follow_up(now: datetime, settings: Settings) -> datetime:
    """The next working day at the owner's usual hour."""
    return clock.aware(next_work_day_call(clock.wall(now), settings))


def ensure_open(card: AnyCard, doing: str) -> None:
    """Refuse to work a closed card (won, lost, do not contact)."""
    if card.status not in OPEN_STATUSES:
        shown = card.status.value.replace("_", " ")
        raise InvalidInput(f"#{card.id} {card.name} is {shown}; reopen it before {doing}")


def missing_answers(entry: LogEntry) -> list[str]:
    """The method's answers a contact still lacks before it can be logged, in the order
    they are asked: for one who answered, my rating, their interest and (below 10) what it
    would take to get one notch up; nothing for a call nobody answered."""
    if not entry.reached:
        return []
    missing = [name for name, value in (("rating", entry.rating), ("interest", entry.interest))
               if value is None]  # fmt: skip
    if entry.interest != 10 and clean(entry.notch) is None:
        missing.append("notch")
    return missing


#: A contact's three scores, by their field's name, in the method's words for each.
SCORES = {"rating": "my rating of the contact", "interest": "their interest",
          "rating_after": "my rating after"}  # fmt: skip


_WHOLE = re.compile(r"[+-]?\d{1,30}")


def read_scores(typed: Mapping[str, str | None]
                ) -> tuple[dict[str, int | None], list[InvalidInput]]:  # fmt: skip
    """Scores typed as text (on a command line), read as whole numbers: each one's number
    (None: not given, or not a whole number) and a fault for each that is not a whole
    number; whether a number lies in 1-10 is ``entry_faults``'s to say."""
    scores: dict[str, int | None] = {}
    faults: list[InvalidInput] = []
    for name, text in typed.items():
        scores[name] = None
        if text is None:
            continue
        digits = text.strip()
        if digits.isascii() and _WHOLE.fullmatch(digits):
            scores[name] = int(digits)
            continue
        shown = text if len(text) <= 30 else text[:29] + "\u2026"
        faults.append(InvalidInput(f"{SCORES[name]} must be a whole number from 1 to 10, "
                                   f"not {shown!r}", field=name))  # fmt: skip
    return scores, faults


def read_score(typed: str, *, optional: bool = False) -> int | None:
    """A rating or their interest answered at a prompt: a whole number from 1 to 10 (an
    empty answer is None where the score may be left out, as the rating after)."""
    digits = typed.strip()
    if optional and not digits:
        return None
    if digits.isascii() and digits.isdigit():
        with suppress(InvalidInput):  # outside the method's range of a score: said below
            return check_rating(int(digits), "")
    raise InvalidInput("a whole number from 1 to 10, please")


def entry_faults(entry: LogEntry) -> list[InvalidInput]:
    """What is wrong in a contact's values as given so far, each cause on its own, before
    any card is read: a rating or interest outside 1-10, or ratings for a call nobody
    answered (``log_contact`` refuses the same, and a face can say all of them at once)."""
    faults: list[InvalidInput] = []
    rated = [(SCORES[name], getattr(entry, name)) for name in SCORES]
    if not entry.reached:
        if any(value is not None for _, value in rated) or clean(entry.notch):
            faults.append(InvalidInput(NOTHING_TO_RATE))
        return faults
    for what, value in rated:
        if value is not None:
            try:
                check_rating(value, what)
            except InvalidInput as err:
                faults.append(err)
    return faults


NOTHING_TO_RATE = "nobody answered, so there is nothing to rate: drop the ratings"


def log_contact(
    session: Session | DeckPort,
    card: AnyCard,
    entry: LogEntry,
    *,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Record one touch and carry its answers onto the card; the card keeps a next date:
    the entry's own, else the method's proposal, or nurture when the entry says so. A won
    customer is logged the same way and stays won; its proposal is the next check-in."""
    customer = card.status == Status.won
    if not customer:
        ensure_open(card, "logging a contact")
    now = now or clock.now()
    port = port_of(session)
    before = snapshot(card)
    if entry.channel is not None:
        channel = choice(Channel, entry.channel, "channel")
    else:
        channel = turn_channel(port, card, settings)
    proposal = propose_next(
        port, card, reached=entry.reached, channel=channel, now=now, settings=settings
    )
    contact = port.new_contact(
        card_id=card.id or 0,
        at=now,
        channel=channel,
        reached=entry.reached,
        summary=clean(entry.summary, multiline=True),
        seller=entry.seller,
    )
    if entry.reached:
        contact.rating = check_rating(entry.rating, SCORES["rating"])
        contact.interest = check_rating(entry.interest, SCORES["interest"])
        contact.notch = clean(entry.notch)
        if contact.notch is None and contact.interest < 10:
            raise InvalidInput(
                f"what would it take to get them to {contact.interest + 1}? the notch-up answer "
                "is needed"
            )
        if entry.rating_after is not None:
            contact.rating_after = check_rating(entry.rating_after, SCORES["rating_after"])
        card.rating = contact.rating_after or contact.rating
        card.interest = contact.interest
        card.notch = contact.notch
        card.attempts = 0
    else:
        given = (entry.rating, entry.interest, entry.rating_after)
        if any(v is not None for v in given) or clean(entry.notch):
            raise InvalidInput(NOTHING_TO_RATE)
        card.attempts += 1
    outcome = Outcome(card, contact=contact, proposal=proposal)
    if entry.nurture_until is not None and customer:
        raise InvalidInput(f"#{card.id} {card.name} is a customer: give a next check-in, "
                           "not nurture")  # fmt: skip
    if entry.nurture_until is not None:
        if entry.nurture_until <= now:
            raise InvalidInput("nurture needs a date ahead")
        card.status = Status.nurture
        card.next_follow_up = entry.nurture_until
    else:
        card.status = Status.won if customer else Status.active
        if entry.next_follow_up is None:
            card.next_follow_up = proposal.when
            outcome.took_proposal = True
        elif entry.next_follow_up < now:
            raise InvalidInput("the next follow-up must be ahead, not in the past")
        else:
            card.next_follow_up = entry.next_follow_up
    contact.next_follow_up = card.next_follow_up
    if card.first_contacted_at is None:
        card.first_contacted_at = now
    card.updated_at = now
    card.version += 1
    port.add(contact)
    port.save(card)
    if entry.place is not None:
        order.move(port, card, entry.place)
    record(port, ChangeKind.log, card, before, now=now, contact=contact)
    return outcome
