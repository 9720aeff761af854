"""The method: the deck's order, logging contacts, follow-up rules, today's calls, export.

Nothing here imports textual, typer or rich: the CLI and the TUI both call these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carddeck.lazy import exports

if TYPE_CHECKING:
    from carddeck.deck.agenda import Agenda, NewLead, Section, today
    from carddeck.deck.cadence import Proposal, Reason, propose_next, turn_channel
    from carddeck.deck.cards import (
        Duplicate,
        Outcome,
        add_card,
        contacts_of,
        edit_card,
        get_card,
        list_cards,
        resolve_card,
        shuffle,
    )
    from carddeck.deck.contacts import log_contact
    from carddeck.deck.dates import parse_follow_up, parse_when, read_follow_up
    from carddeck.deck.journal import ChangeKind, Undone, undo_last
    from carddeck.deck.order import move, move_to, rank_of
    from carddeck.deck.records import CardChanges, CardDraft, LogEntry, Place
    from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
    from carddeck.deck.status import mark_do_not_contact, mark_lost, mark_won, nurture, reopen

#: Where each name lives: imported on first use, so importing one light module of the
#: package (settings, records, kinds) does not load the ORM.
_WHERE = {
    "Agenda": "agenda",
    "NewLead": "agenda",
    "Section": "agenda",
    "today": "agenda",
    "Proposal": "cadence",
    "Reason": "cadence",
    "propose_next": "cadence",
    "turn_channel": "cadence",
    "Duplicate": "cards",
    "Outcome": "cards",
    "add_card": "cards",
    "contacts_of": "cards",
    "edit_card": "cards",
    "get_card": "cards",
    "list_cards": "cards",
    "resolve_card": "cards",
    "shuffle": "cards",
    "log_contact": "contacts",
    "parse_follow_up": "dates",
    "parse_when": "dates",
    "read_follow_up": "dates",
    "ChangeKind": "journal",
    "Undone": "journal",
    "undo_last": "journal",
    "move": "order",
    "move_to": "order",
    "rank_of": "order",
    "CardChanges": "records",
    "CardDraft": "records",
    "LogEntry": "records",
    "Place": "records",
    "DEFAULT_SETTINGS": "settings",
    "Settings": "settings",
    "mark_do_not_contact": "status",
    "mark_lost": "status",
    "mark_won": "status",
    "nurture": "status",
    "reopen": "status",
}


__getattr__ = exports(__name__, _WHERE)


__all__ = [
    "DEFAULT_SETTINGS",
    "Agenda",
    "CardChanges",
    "CardDraft",
    "ChangeKind",
    "Duplicate",
    "LogEntry",
    "NewLead",
    "Outcome",
    "Place",
    "Proposal",
    "Reason",
    "Section",
    "Settings",
    "Undone",
    "add_card",
    "contacts_of",
    "edit_card",
    "get_card",
    "list_cards",
    "log_contact",
    "mark_do_not_contact",
    "mark_lost",
    "mark_won",
    "move",
    "move_to",
    "nurture",
    "parse_follow_up",
    "parse_when",
    "propose_next",
    "rank_of",
    "read_follow_up",
    "reopen",
    "resolve_card",
    "shuffle",
    "today",
    "turn_channel",
    "undo_last",
]
