"""Closing or not: won (and each repeat sale after), lost (with a reason), nurture until a
date, do not contact, reopen. Each is one change in the journal, so it can be undone."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from carddeck.deck import clock
from carddeck.deck.cards import Outcome
from carddeck.deck.contacts import default_follow_up, ensure_open
from carddeck.deck.customers import check_in_date
from carddeck.deck.fields import clean
from carddeck.deck.journal import ChangeKind, record, snapshot
from carddeck.deck.money import check_hundredths
from carddeck.deck.port import AnyCard, DeckPort, port_of
from carddeck.deck.privacy import Block, DoNotContact
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import InvalidInput
from carddeck.store.kinds import OPEN_STATUSES, Status

if TYPE_CHECKING:
    from sqlmodel import Session


def close(session: Session | DeckPort, card: AnyCard, status: Status, kind: ChangeKind,
           now: datetime | None, reason: str | None = None) -> Outcome:  # fmt: skip
    """Close the card as ``status``: never due again; one change in the journal."""
    now = now or clock.now()
    before = snapshot(card)
    card.status = status
    card.next_follow_up = None
    card.closed_at = now
    card.updated_at = now
    if reason is not None:
        card.lost_reason = reason
    card.version += 1
    record(session, kind, card, before, now=now)
    return Outcome(card)


def mark_won(
    session: Session | DeckPort,
    card: AnyCard,
    *,
    now: datetime | None = None,
    check_in: datetime | None = None,
    no_check_in: bool = False,
    value: int | None = None,
    seller: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Credit card in hand: a sale (worth ``value`` in hundredths, else the card's own
    value). An open card becomes a won customer; a won one makes a repeat sale. Either
    way the card is due again at its next check-in (``check_in``, else ``check_in_days``
    from now; none with ``no_check_in``): a customer is never closed."""
    if card.status != Status.won:
        ensure_open(card, "marking it won")
    now = now or clock.now()
    worth = check_hundredths(value) if value is not None else card.value
    if check_in is not None and no_check_in:
        raise InvalidInput("give a check-in date or no check-in, not both")
    if check_in is not None and check_in < now:
        raise InvalidInput("the check-in must be ahead, not in the past")
    before = snapshot(card)
    if card.status != Status.won:
        card.status = Status.won
        card.closed_at = now
    card.next_follow_up = None if no_check_in else check_in or check_in_date(now, settings)
    card.updated_at = now
    card.version += 1
    port = port_of(session)
    port.save(card)
    sale = port.new_sale(card_id=card.id or 0, at=now, value=worth, seller=seller)
    port.add(sale)
    record(port, ChangeKind.won, card, before, now=now, sale=sale)
    return Outcome(card, sale=sale)


def mark_lost(
    session: Session | DeckPort, card: AnyCard, *, reason: str, now: datetime | None = None
) -> Outcome:
    """They said no; the reason is kept so the owner can learn from it."""
    why = lost_reason(reason)
    ensure_open(card, "marking it lost")
    return close(session, card, Status.lost, ChangeKind.lost, now, reason=why)


def lost_reason(reason: str | None) -> str:
    """Why they said no, as kept; nothing at all is refused."""
    why = clean(reason)
    if why is None:
        raise InvalidInput("a lost card needs a reason")
    return why


def mark_do_not_contact(
    session: Session | DeckPort, card: AnyCard, *, now: datetime | None = None
) -> Outcome:
    """They asked us to stop: never due again, and warned about if they turn up again."""
    if card.status == Status.do_not_contact:
        raise InvalidInput(f"#{card.id} {card.name} is already marked do not contact")
    return close(session, card, Status.do_not_contact, ChangeKind.dnc, now)


def nurture(
    session: Session | DeckPort, card: AnyCard, *, until: datetime, now: datetime | None = None
) -> Outcome:
    """Not now, but later: the card sleeps until ``until``, then comes due again."""
    ensure_open(card, "nurturing it")
    now = now or clock.now()
    if until <= now:
        raise InvalidInput("nurture needs a date ahead")
    before = snapshot(card)
    card.status = Status.nurture
    card.next_follow_up = until
    card.updated_at = now
    card.version += 1
    record(session, ChangeKind.nurture, card, before, now=now)
    return Outcome(card)


def reopen(
    session: Session | DeckPort,
    card: AnyCard,
    *,
    next_follow_up: datetime | None = None,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    override_dnc: bool = False,
) -> Outcome:
    """Back into play, with a next follow-up (the next working day unless told). Someone
    who asked not to be contacted stays that way unless ``override_dnc`` (an explicit
    ``--force`` or a yes on screen)."""
    if card.status in OPEN_STATUSES:
        raise InvalidInput(f"#{card.id} {card.name} is already open ({card.status.value})")
    if card.status == Status.do_not_contact and not override_dnc:
        raise DoNotContact(Block("", card.id, card.name), "reopened")
    now = now or clock.now()
    before = snapshot(card)
    card.status = Status.active if card.first_contacted_at else Status.new
    card.next_follow_up = next_follow_up or default_follow_up(now, settings)
    card.closed_at = None
    card.lost_reason = None
    card.updated_at = now
    card.version += 1
    record(session, ChangeKind.reopen, card, before, now=now)
    return Outcome(card)
