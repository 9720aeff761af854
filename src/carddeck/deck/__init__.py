"""The method: the deck's order, logging contacts, follow-up rules, today's calls, export.

Nothing here imports textual, typer or rich: the CLI and the TUI both call these.
"""

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
