"""The method: the deck's order, logging contacts, follow-up rules, today's calls, export.

Nothing here imports textual, typer or rich: the CLI and the TUI both call these.
"""

from carddeck.deck.agenda import Agenda, NewLead, today
from carddeck.deck.cards import (
    EDITABLE,
    Outcome,
    add_card,
    contacts_of,
    edit_card,
    get_card,
    list_cards,
    resolve_card,
)
from carddeck.deck.contacts import ATTEMPTS_GOAL, log_contact
from carddeck.deck.dates import parse_follow_up, parse_when
from carddeck.deck.order import move, move_to, rank_of
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.status import mark_do_not_contact, mark_lost, mark_won, nurture, reopen

__all__ = [
    "ATTEMPTS_GOAL",
    "DEFAULT_SETTINGS",
    "EDITABLE",
    "Agenda",
    "NewLead",
    "Outcome",
    "Settings",
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
    "rank_of",
    "reopen",
    "resolve_card",
    "today",
]
