"""Which cards to print, in what order: named cards, today's calls, a status, or the deck."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlmodel import Session

from carddeck.deck.agenda import today as agenda_for
from carddeck.deck.cards import contacts_of, list_cards, resolve_card
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import InvalidInput
from carddeck.store.models import OPEN_STATUSES, Card, Contact, Status


@dataclass(frozen=True)
class ToPrint:
    """A card to print and its contact history, newest first."""

    card: Card
    contacts: list[Contact]


def cards_to_print(
    session: Session,
    *,
    refs: Sequence[str] = (),
    today: bool = False,
    statuses: tuple[Status, ...] = (),
    owner: str | None = None,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> list[ToPrint]:
    """The cards named (each once, in the order given), else today's calls in the order
    they are worked, else the cards of ``statuses``, else the open cards; the last three
    in deck order within each part and, on a shared deck, ``owner``'s only (None: all)."""
    if sum((bool(refs), today, bool(statuses))) > 1:
        raise InvalidInput("print named cards, --today or --status: one of them at a time")
    chosen: list[Card]
    if refs:
        chosen = []
        seen: set[int | None] = set()
        for ref in refs:
            card = resolve_card(session, ref)
            if card.id not in seen:
                seen.add(card.id)
                chosen.append(card)
    elif today:
        agenda = agenda_for(session, now=now, settings=settings, owner=owner)
        new = [lead.card for lead in agenda.new]
        # over a session, the agenda's cards are the session's own
        chosen = cast("list[Card]", [*agenda.overdue, *agenda.due_today, *new, *agenda.cold])
    else:
        rows = list_cards(session, statuses=statuses or OPEN_STATUSES, owner=owner)
        chosen = [card for _, card in rows]
    return [ToPrint(card, contacts_of(session, card)) for card in chosen]
