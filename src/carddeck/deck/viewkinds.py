"""What names a view of the deck and a row of it (``deck/views.py`` pages through them):
plain data, loaded without the ORM so the screen can draw its first card before it (named
tuples: see ``store/reading.py``)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.store.kinds import Status
from carddeck.store.reading import Section


class View(StrEnum):
    deck = "deck"
    today = "today"
    cold = "cold"
    closed = "closed"
    inbox = "inbox"  # a shared deck's new leads nobody works yet
    customers = "customers"  # won cards, the soonest check-in first


class Query(NamedTuple):
    """Which cards to show: a view, optionally narrowed by a search."""

    view: View = View.deck
    search: str = ""
    settings: Settings = DEFAULT_SETTINGS
    #: On a shared deck, the seller whose cards the views show (None: everyone's).
    owner: str | None = None


class Row(NamedTuple):
    """What the deck list shows of a card, without loading all of it. In the today view,
    each row knows its section, and a new lead the working hours left in its window."""

    id: int
    name: str
    company: str | None
    phone: str | None
    status: Status
    next_follow_up: datetime | None
    section: Section | None = None
    hours_left: float | None = None
