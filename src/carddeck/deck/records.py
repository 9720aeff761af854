"""What the faces hand to the method: a new card, a card's changes, a logged contact.

Frozen, typed records: the command line and the screen build the same record from what
the owner typed, and ``deck/`` decides everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Literal

from carddeck.store.kinds import Channel, Kind, Stage

Place = Literal["top", "back"]

#: The card's free-text fields, in the order a form shows them.
TEXT_FIELDS = ("company", "title", "website", "source", "referred_by", "need", "known", "notes",
               "address")  # fmt: skip


@dataclass(frozen=True)
class CardDraft:
    """A new lead. Without ``next_follow_up`` it is due within its first-contact window."""

    name: str
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    source: str | None = None
    referred_by: str | None = None
    kind: Kind | str | None = None  # None: a referral when someone referred them
    stage: Stage | str | None = None  # None: rapport, the first step
    need: str | None = None
    known: str | None = None
    notes: str | None = None
    address: str | None = None  # its lines joined by "\n"
    next_follow_up: datetime | None = None
    place: Place = "top"
    #: Add them even though they asked not to be contacted (or to be erased): only ever
    #: set by an explicit ``--force`` or a yes on screen.
    override_dnc: bool = False
    #: The seller who works it, on a shared deck (None: it waits in the inbox there).
    owner: str | None = None
    #: What the deal is worth, as typed ("1200", "$1,200.50"); read in the deck's currency.
    value: str | None = None


@dataclass(frozen=True)
class CardChanges:
    """Changes to a card's fields: None leaves a field alone, "" clears a text field."""

    name: str | None = None
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    source: str | None = None
    referred_by: str | None = None
    kind: Kind | str | None = None
    stage: Stage | str | None = None
    need: str | None = None
    known: str | None = None
    notes: str | None = None
    address: str | None = None
    next_follow_up: datetime | None = None
    value: str | None = None  # as typed; "" clears it

    def named(self) -> tuple[str, ...]:
        """The fields this changes, in the order they are declared."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name) is not None)


@dataclass(frozen=True)
class LogEntry:
    """One contact, as the method asks for it: did they answer, how, my rating, their
    interest, what would get them one notch up, my rating again, a summary, what next.

    ``channel`` None is the channel whose turn it is; ``next_follow_up`` None takes the
    method's proposal (``propose_next``); ``nurture_until`` puts the card to nurture
    instead (offered once the cadence is used up)."""

    reached: bool = True
    channel: Channel | str | None = None
    rating: int | None = None
    interest: int | None = None
    notch: str | None = None
    rating_after: int | None = None
    summary: str | None = None
    next_follow_up: datetime | None = None
    nurture_until: datetime | None = None
    place: Place | None = None
    seller: str | None = None  # who logged it, on a shared deck
