"""Who works a lead, on a deck shared by several sellers: each card has an owner, each
contact the seller who logged it, and new leads with no owner wait in the inbox, where
one person filters them (the method's filter step): takes one, assigns it to a seller,
or junks it (kept, out of the deck, counted by source).

A deck with one seller never has to think about it: until the first lead is taken or
assigned, nothing is filtered by owner and every lead is everyone's. From then on the
deck is shared (on a PostgreSQL server, or a file two people take turns at): each
seller's views show their own cards, and a lead nobody works waits in the inbox, its 24
working hours to first contact still running.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from carddeck.deck import clock
from carddeck.deck.cards import Outcome
from carddeck.deck.contacts import ensure_open
from carddeck.deck.fields import SELLER_NAME_MOST, clean, seller_name
from carddeck.deck.journal import ChangeKind, record, snapshot
from carddeck.deck.port import AnyCard, DeckPort, port_of
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.status import close
from carddeck.errors import InvalidInput
from carddeck.store.kinds import OPEN_STATUSES, Status

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.store.models import Card

#: Who you are, whatever the settings file says (for a shell shared by two sellers).
SELLER_ENV = "CARDDECK_SELLER"


def who_am_i(settings: Settings) -> tuple[str, str]:
    """(your name, where it came from): ``CARDDECK_SELLER``, the ``seller`` setting, or
    your login name."""
    given = clean(os.environ.get(SELLER_ENV, ""))
    if given:
        return given[:SELLER_NAME_MOST], f"${SELLER_ENV}"
    if settings.seller:
        return settings.seller, "the seller setting"
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name for this uid (a container)
        login = "me"
    return clean(login) or "me", "your login name"


def is_shared(session: Session | DeckPort) -> bool:
    """Whether sellers share the deck: some lead has been taken or assigned."""
    return port_of(session).shared()


def in_inbox() -> list[Any]:
    """The condition for a lead waiting in the inbox: open, and nobody's."""
    from sqlmodel import col

    from carddeck.store.models import Card

    return [col(Card.owner).is_(None), col(Card.status).in_(OPEN_STATUSES)]


def _seller(name: str) -> str:
    return seller_name(name)


def seller_meant(given: str, settings: Settings) -> str:
    """The seller a face was given: "me" is you (whatever the case), else the name."""
    if given.strip().casefold() == "me":
        return who_am_i(settings)[0]
    return seller_name(given)


def owner_of_added(me: str | None, *, in_the_inbox: bool) -> str | None:
    """Whose a lead added on the screen is: on a shared deck yours, unless added while
    looking at the inbox (where it waits with the others); nobody's on a deck of one."""
    return None if in_the_inbox else me


def _set_owner(session: Session | DeckPort, card: AnyCard, owner: str, kind: ChangeKind,
               now: datetime | None) -> Outcome:  # fmt: skip
    now = now or clock.now()
    before = snapshot(card)
    card.owner = owner
    card.updated_at = now
    card.version += 1
    record(session, kind, card, before, now=now)
    return Outcome(card)


def known_as(session: Session, name: str) -> str:
    """A seller's name as the deck already knows it ("ann" is "Ann"), else as given."""
    from sqlmodel import col, select

    from carddeck.store.models import Card

    wanted = _seller(name)
    owners = select(Card.owner).where(col(Card.owner).is_not(None)).distinct()
    for known in session.exec(owners):
        if known is not None and known.casefold() == wanted.casefold():
            return known
    return wanted


def take(session: Session, card: Card, *, me: str, now: datetime | None = None) -> Outcome:
    """Take a lead from the inbox: it is yours to work."""
    ensure_open(card, "taking it")
    if card.owner is not None and card.owner.casefold() == me.casefold():
        raise InvalidInput(f"#{card.id} {card.name} is yours already")
    if card.owner is not None:
        raise InvalidInput(
            f"#{card.id} {card.name} is {card.owner}'s already; carddeck assign moves it"
        )
    return _set_owner(session, card, _seller(me), ChangeKind.take, now)


def assign(session: Session, card: Card, *, seller: str, now: datetime | None = None) -> Outcome:
    """Give a lead (from the inbox, or from another seller) to ``seller``."""
    from sqlmodel import select

    from carddeck.store.models import Card

    ensure_open(card, "assigning it")
    name = known_as(session, seller)
    if card.owner == name:
        raise InvalidInput(f"#{card.id} {card.name} is {name}'s already")
    new = session.exec(select(Card.id).where(Card.owner == name).limit(1)).first() is None
    outcome = _set_owner(session, card, name, ChangeKind.assign, now)
    if new:  # a typo would hide the lead from everyone: said
        outcome.warnings.append(f"{name} is a seller new to this deck (check the spelling)")
    return outcome


def junk(session: Session, card: Card, *, now: datetime | None = None) -> Outcome:
    """Junk a lead from the inbox (spam, a test, not a buyer): kept, out of the deck, and
    counted against its source."""
    if card.owner is not None or card.status not in OPEN_STATUSES:
        raise InvalidInput(
            f"#{card.id} {card.name} is not in the inbox; only a new lead nobody works yet "
            "is junked (a lead who said no is marked lost)"
        )
    return close(session, card, Status.junk, ChangeKind.junk, now)


@dataclass(frozen=True)
class Waiting:
    """A lead in the inbox, and (a new one) when its first contact is due and the working
    hours left until then."""

    card: Card
    due: datetime | None
    hours_left: float | None


def inbox(
    session: Session, *, now: datetime | None = None, settings: Settings = DEFAULT_SETTINGS
) -> list[Waiting]:
    """The leads waiting for someone to filter them, oldest first."""
    from sqlmodel import col, select

    from carddeck.deck.agenda import hours_left
    from carddeck.store.models import Card

    now = now or clock.now()
    cards = session.exec(
        select(Card).where(*in_inbox()).order_by(col(Card.created_at), col(Card.id))
    ).all()
    waiting = []
    for card in cards:
        due, left = (hours_left(card.created_at, card.next_follow_up, now, settings)
                     if card.status == Status.new else (card.next_follow_up, None))  # fmt: skip
        waiting.append(Waiting(card, due, left))
    return waiting


@dataclass
class SellerLine:
    """One seller's part of the deck."""

    seller: str
    open: int = 0
    contacts: int = 0
    won: int = 0
    lost: int = 0


@dataclass
class Sellers:
    """Who works what: a line per seller, what waits in the inbox, junk by source."""

    lines: list[SellerLine] = field(default_factory=list)
    inbox: int = 0
    junk_by_source: dict[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        """Whether there is anything of sellers to show (sellers, an inbox, junk)."""
        return bool(self.lines or self.inbox or self.junk_by_source)

    def as_dict(self) -> dict[str, object]:
        return {
            "by_seller": [vars(line) for line in self.lines],
            "inbox": self.inbox,
            "junk_by_source": self.junk_by_source,
        }


def by_seller(session: Session, *, since: datetime | None = None) -> Sellers:
    """The per-seller breakdown of the scoreboard (empty on a deck with one seller)."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from carddeck.store.models import Card, Contact

    lines: dict[str, SellerLine] = {}
    owned = select(Card.owner, Card.status, func.count()).where(col(Card.owner).is_not(None))
    for owner, status, n in session.exec(owned.group_by(Card.owner, Card.status)):
        line = lines.setdefault(str(owner), SellerLine(str(owner)))
        if status in OPEN_STATUSES:
            line.open += n
        elif status == Status.won:
            line.won += n
        elif status == Status.lost:
            line.lost += n
    logged = select(Contact.seller, func.count()).where(col(Contact.seller).is_not(None))
    if since is not None:
        logged = logged.where(col(Contact.at) >= since)
    for seller, n in session.exec(logged.group_by(Contact.seller)):
        lines.setdefault(str(seller), SellerLine(str(seller))).contacts += n
    waiting = 0  # an inbox is kept from the first lead with a seller on
    if is_shared(session):
        waiting = session.exec(select(func.count()).select_from(Card).where(*in_inbox())).one()
    junked: Counter[str] = Counter()
    for source, n in session.exec(
        select(Card.source, func.count()).where(Card.status == Status.junk).group_by(Card.source)
    ):
        junked[source or "(no source)"] += n
    junk = dict(sorted(junked.items(), key=lambda item: (-item[1], item[0])))
    return Sellers(sorted(lines.values(), key=lambda line: line.seller.lower()), int(waiting),
                   junk)  # fmt: skip
